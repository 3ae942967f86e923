#!/usr/bin/env bash
# cmake --install: the binary, libexec/grit links (git and git-<cmd> for each
# command), manual pages shown by `grit help`, and bash completion.
. "$(dirname "$0")/lib/test-lib.sh"

INST=$TRASH/inst
test_setup 'install into a private prefix' '
	cmake --install "$GRIT_BUILD_DIR" --prefix "$INST" >install.log &&
	make_history repo 2
'

test_expect_success 'bin/grit and one libexec link per command' '
	test -x "$INST/bin/grit" &&
	"$INST/bin/grit" --list-cmds=builtins >commands &&
	grep -qx cat-file commands && grep -qx fsck commands &&
	sed "s/^/git-/" commands >expect && echo git >>expect &&
	(cd "$INST/libexec/grit" && ls) | sort >actual &&
	sort expect | cmp - actual &&
	test "$(readlink "$INST/libexec/grit/git-cat-file")" = ../../bin/grit
'

test_expect_success 'a libexec link runs its command' '
	(cd repo && "$INST/libexec/grit/git-cat-file" -t HEAD) >out &&
	echo commit >expect && cmp expect out
'

test_expect_success 'libexec/grit first on PATH: grit serves its commands, git the rest' '
	(cd repo && PATH="$INST/libexec/grit:$PATH" GRIT_TRACE="$TRASH/trace.log" GRIT_REAL_GIT= \
		sh -c "git rev-parse HEAD && git log --format=%s -1") >out &&
	{ git -C repo rev-parse HEAD && echo "commit 2"; } >expect && cmp expect out &&
	grep -q "| cmd | rev-parse$" trace.log &&
	grep -q "exec $REAL_GIT" trace.log
'

if test -n "$(sed -n "s/^PANDOC:FILEPATH=\(.*pandoc\)$/\1/p" "$GRIT_BUILD_DIR/CMakeCache.txt")"; then
	test_expect_success 'a manual page for every command, shown by grit help' '
		while read -r c; do
			test -s "$INST/share/man/man1/grit-$c.1" || { echo "no page for $c"; return 1; }
		done <commands &&
		MANPATH="$INST/share/man" MANPAGER=cat MANWIDTH=80 "$INST/bin/grit" help cat-file >page &&
		grep -q "GRIT-CAT-FILE(1)" page && grep -q -- "--batch-all-objects" page
	'
else
	echo "# pandoc not found when grit was configured: manual pages not checked"
fi

test_expect_success 'grit help without an installed page prints the usage' '
	MANPATH="$TRASH/nowhere" "$GRIT" help cat-file >out &&
	grep -q "^usage: git cat-file" out
'

test_expect_success 'bash completion: commands, options with =, help topics' '
	cat >complete.sh <<-EOS &&
	source "$INST/share/bash-completion/completions/grit"
	complete_words() { COMP_WORDS=("\$@"); COMP_CWORD=\$((\$# - 1)); COMPREPLY=(); _grit; printf "%s\n" "\${COMPREPLY[@]}"; }
	complete_words "$INST/bin/grit" rev-
	echo --
	complete_words "$INST/bin/grit" -C repo cat-file --batch-c
	echo --
	complete_words "$INST/bin/grit" help fs
	EOS
	bash complete.sh >out &&
	printf "%s\n" rev-list rev-parse -- --batch-check= --batch-command= -- fsck >expect &&
	cmp expect out
'

test_done
