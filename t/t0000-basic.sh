#!/usr/bin/env bash
# The multi-call binary: version, help, unknown commands, links named
# git-<cmd> and git, and hand-off of unimplemented commands to the real git.
. "$(dirname "$0")/lib/test-lib.sh"

test_setup 'repository and links' '
	make_history repo 3 &&
	mkdir bin &&
	ln -s "$GRIT" bin/git &&
	ln -s "$GRIT" bin/git-cat-file &&
	cat >fake-git <<-EOS &&
	#!/bin/sh
	echo "real git: \$*" >>"$TRASH/real-git.log"
	exec "$REAL_GIT" "\$@"
	EOS
	chmod +x fake-git
'

test_expect_success 'grit --version names grit' '
	"$GRIT" --version | grep -q "^grit version [0-9]"
'

test_expect_success 'an unknown command is refused with exit 1' '
	"$GRIT" no-such-command 2>err; rc=$?
	test $rc -eq 1 && grep -q "no-such-command" err
'

test_expect_success 'help <cmd> prints the usage of that command' '
	"$GRIT" help cat-file >out &&
	grep -q "^usage: git cat-file" out
'

test_expect_success '<cmd> -h prints usage and exits 129 like git' '
	cd repo && parity cat-file -h
'

test_expect_success 'a link named git-cat-file runs cat-file' '
	cd repo &&
	"$TRASH/bin/git-cat-file" -t HEAD >out &&
	echo commit >expect &&
	test_cmp expect out
'

test_expect_success 'a link named git passes unimplemented commands to the real git' '
	cd repo &&
	rm -f "$TRASH/real-git.log" &&
	echo new >new.txt &&
	GRIT_REAL_GIT="$TRASH/fake-git" "$TRASH/bin/git" add new.txt &&
	GRIT_REAL_GIT="$TRASH/fake-git" "$TRASH/bin/git" commit -q -m "through the link" &&
	GRIT_REAL_GIT="$TRASH/fake-git" "$TRASH/bin/git" status --porcelain --untracked-files=no >status &&
	test ! -s status &&
	grep -q "^real git: add new.txt" "$TRASH/real-git.log" &&
	grep -q "^real git: commit -q -m through the link" "$TRASH/real-git.log" &&
	grep -q "^real git: status --porcelain --untracked-files=no" "$TRASH/real-git.log" &&
	test "$(git log -1 --format=%s)" = "through the link"
'

test_expect_success 'a link named git serves cat-file itself' '
	cd repo &&
	rm -f "$TRASH/real-git.log" &&
	GRIT_REAL_GIT="$TRASH/fake-git" "$TRASH/bin/git" cat-file -p HEAD >out &&
	git cat-file -p HEAD >expect &&
	test_cmp expect out &&
	test ! -e "$TRASH/real-git.log"
'

test_expect_success 'the git link finds the real git on PATH, skipping itself' '
	cd repo &&
	PATH="$TRASH/bin:$PATH" git rev-list --count HEAD >out &&
	echo 4 >expect &&
	test_cmp expect out
'

test_expect_success 'global options: -C, -c and --git-dir' '
	parity -C repo cat-file -t HEAD &&
	parity --git-dir=repo/.git cat-file -t HEAD &&
	parity -C repo -c core.abbrev=12 cat-file -t HEAD
'

test_done
