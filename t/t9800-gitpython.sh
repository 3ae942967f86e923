#!/usr/bin/env bash
# GitPython (Debian's python3-git) reading a whole repository through its
# cat-file --batch object database, driven once by git and once by grit
# installed as `git`: the two runs must print the same.
. "$(dirname "$0")/lib/test-lib.sh"

PYTHON=/usr/bin/python3
if ! "$PYTHON" -c "import git" 2>/dev/null; then
	echo "Bail out! python3-git is not installed (contrib/setup.sh installs it)"
	exit 1
fi
READ_ALL="$GRIT_SOURCE_DIR/t/lib/gitpython-read-all.py"

test_setup 'repository with packed and loose objects, tags and a merge' '
	make_history repo 12 &&
	(
		cd repo &&
		git tag -a -m "release 1" v1 HEAD~4 &&
		git tag light HEAD~2 &&
		git checkout -q -b topic HEAD~3 &&
		printf "topic\0binary\n" >src/sub/blob.bin && git add -A && git commit -q -m topic &&
		git checkout -q main && git merge -q --no-edit topic &&
		git gc -q &&
		echo loose >loose.txt && git add loose.txt && git commit -q -m "loose commit"
	) &&
	mkdir bin && ln -s "$GRIT" bin/git
'

test_expect_success 'every commit, tree and blob reads the same through grit as through git' '
	GIT_PYTHON_GIT_EXECUTABLE="$REAL_GIT" "$PYTHON" "$READ_ALL" repo >expect &&
	GRIT_TRACE="$TRASH/trace.log" GIT_PYTHON_GIT_EXECUTABLE="$TRASH/bin/git" \
		"$PYTHON" "$READ_ALL" repo >actual &&
	test $(grep -c "^commit " expect) -eq 15 &&
	grep -q "^  blob .* src/sub/blob.bin " expect &&
	cmp expect actual
'

test_expect_success 'grit served the object reads itself' '
	grep -q "| region_enter | .* | cmd | cat-file$" trace.log &&
	grep -q "main | .*cat-file --batch-check$" trace.log &&
	grep -q "main | .*cat-file --batch$" trace.log
'

test_expect_success 'only git version went to the real git' '
	grep -q "main | .*git rev-list --all --$" trace.log &&
	grep -A1 "| start " trace.log | grep "exec " >execs &&
	test $(grep -c "| start .*git version$" trace.log) -eq $(wc -l <execs)
'

test_done
