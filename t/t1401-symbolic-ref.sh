#!/usr/bin/env bash
# symbolic-ref: reading, writing (with reflogs), deleting, git's refusals.
. "$(dirname "$0")/lib/test-lib.sh"
. "$GRIT_SOURCE_DIR/t/lib/refs-fixture.sh"

test_setup 'repository with symbolic refs' '
	make_refs_repo repo && cd repo &&
	git symbolic-ref refs/heads/chain1 refs/heads/chain2 &&
	git symbolic-ref refs/heads/chain2 refs/heads/main &&
	git symbolic-ref refs/heads/loop1 refs/heads/loop2 &&
	git symbolic-ref refs/heads/loop2 refs/heads/loop1 &&
	git symbolic-ref refs/heads/dangle refs/heads/nowhere
'

test_expect_success 'read' '
	parity symbolic-ref HEAD &&
	parity symbolic-ref --short HEAD &&
	parity symbolic-ref refs/remotes/origin/HEAD &&
	parity symbolic-ref --short refs/remotes/origin/HEAD &&
	parity symbolic-ref refs/heads/chain1 &&
	parity symbolic-ref --no-recurse refs/heads/chain1 &&
	parity symbolic-ref --short refs/heads/chain1 &&
	parity symbolic-ref refs/heads/dangle &&
	parity symbolic-ref -q HEAD
'

test_expect_success 'read: not symbolic, missing, loops' '
	parity symbolic-ref refs/heads/main &&
	parity symbolic-ref -q refs/heads/main &&
	parity symbolic-ref nope &&
	parity symbolic-ref refs/heads/loop1 &&
	parity symbolic-ref --no-recurse refs/heads/loop1 &&
	parity symbolic-ref "bad..name" &&
	git checkout -q --detach HEAD &&
	parity symbolic-ref HEAD &&
	parity symbolic-ref -q HEAD &&
	git checkout -q main
'

test_expect_success 'usage and refusals' '
	parity symbolic-ref &&
	parity symbolic-ref -h &&
	parity symbolic-ref --bogus &&
	parity symbolic-ref a b c &&
	parity symbolic-ref -d &&
	parity symbolic-ref -m &&
	parity symbolic-ref -m "" HEAD refs/heads/main &&
	parity symbolic-ref HEAD main &&
	parity symbolic-ref HEAD refs/heads/../x &&
	parity symbolic-ref -d HEAD &&
	parity symbolic-ref -d refs/heads/main &&
	parity symbolic-ref -d -q refs/heads/nope &&
	parity symbolic-ref -d refs/heads/main extra
'

# Runs the same writes with git in one copy and grit in another, then
# compares the two git directories byte for byte (refs and reflogs).
write_check() {
	rm -rf "$TRASH/w-git" "$TRASH/w-grit" &&
	cp -r . "$TRASH/w-git" && cp -r . "$TRASH/w-grit" &&
	(cd "$TRASH/w-git" && eval "$(echo "$1" | sed "s/TOOL/git/g")") &&
	(cd "$TRASH/w-grit" && eval "$(echo "$1" | sed "s|TOOL|\"\$GRIT\"|g")") &&
	diff -r "$TRASH/w-git/.git" "$TRASH/w-grit/.git"
}

test_expect_success 'write and delete, with reflogs' '
	write_check "TOOL symbolic-ref -m \"msg   here
x\" HEAD refs/heads/topic &&
		TOOL symbolic-ref refs/heads/new/sym refs/heads/main &&
		TOOL symbolic-ref -m x refs/tags/symtag refs/heads/main &&
		TOOL symbolic-ref -m y HEAD refs/heads/unborn &&
		TOOL symbolic-ref -d refs/heads/chain1 &&
		TOOL symbolic-ref HEAD refs/heads/main &&
		TOOL symbolic-ref -mz refs/heads/dangle refs/heads/side &&
		TOOL symbolic-ref -d refs/heads/loop1"
'

test_expect_success 'write with core.logAllRefUpdates settings' '
	write_check "git config core.logAllRefUpdates false && TOOL symbolic-ref -m a HEAD refs/heads/topic &&
		TOOL symbolic-ref -m b refs/heads/s refs/heads/main" &&
	write_check "git config core.logAllRefUpdates always && TOOL symbolic-ref -m a refs/tags/s refs/heads/main"
'

test_expect_success 'write refused while locked' '
	touch .git/HEAD.lock &&
	"$GRIT" symbolic-ref HEAD refs/heads/topic 2>err; test $? -eq 128 &&
	grep "Unable to create" err &&
	rm .git/HEAD.lock &&
	parity symbolic-ref HEAD
'

test_done
