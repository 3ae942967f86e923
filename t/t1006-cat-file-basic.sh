#!/usr/bin/env bash
# cat-file on single objects: -t, -s, -e, -p, <type> <object>, and the
# option errors, each compared with git (stdout, stderr, exit status).
. "$(dirname "$0")/lib/test-lib.sh"

test_setup 'repository with history, branches and annotated tags' '
	make_history repo 6 &&
	cd repo &&
	git branch side HEAD~2 &&
	git tag -a -m "release one" v1 HEAD~1 &&
	git tag -a -m "tag of a tag" v1-again v1 &&
	git tag lightweight HEAD~3 &&
	git tag -a -m "a tree" tree-tag HEAD^{tree} &&
	git tag -a -m "a blob" blob-tag HEAD:docs/readme.txt &&
	printf "odd\tname\n" >"tab	file" &&
	printf "x\n" >"quote\"d" &&
	printf "y\n" >"$(printf "caf\303\251")" &&
	git add -A && git commit -q -m "odd names"
'

test_expect_success '-h prints git'"'"'s usage byte for byte' '
	parity cat-file -h
'

test_expect_success '-t and -s on every kind of object' '
	parity_each "cat-file -t HEAD" "cat-file -s HEAD" "cat-file -t v1" "cat-file -s v1" \
		"cat-file -t HEAD^{tree}" "cat-file -s HEAD^{tree}" "cat-file -t HEAD:docs/readme.txt" \
		"cat-file -s HEAD:src/file.c" "cat-file -t side~1" "cat-file -s lightweight" \
		"cat-file -t tree-tag" "cat-file -t blob-tag" "cat-file -t $(git rev-parse HEAD)" \
		"cat-file -s $(git rev-parse --short HEAD)" "cat-file -t HEAD:" "cat-file -t HEAD:src"
'

test_expect_success '-e: existing, missing and invalid names' '
	parity_each "cat-file -e HEAD" "cat-file -e v1" "cat-file -e HEAD:src/file.c" \
		"cat-file -e 0000000000000000000000000000000000000001" "cat-file -e nosuchref" \
		"cat-file -e HEAD:nosuchpath" "cat-file -e HEAD~100"
'

test_expect_success '-p: commits, tags, blobs and trees (with quoted names)' '
	parity_each "cat-file -p HEAD" "cat-file -p v1" "cat-file -p v1-again" "cat-file -p HEAD^{tree}" \
		"cat-file -p HEAD:src" "cat-file -p HEAD:src/file.c" "cat-file -p HEAD" "cat-file -p tree-tag" &&
	parity -c core.quotepath=false cat-file -p HEAD^{tree}
'

test_expect_success '<type> <object>, with git'"'"'s peeling rules' '
	parity_each "cat-file commit HEAD" "cat-file commit v1" "cat-file commit v1-again" \
		"cat-file tree HEAD" "cat-file tree v1" "cat-file tree v1-again" "cat-file blob HEAD:docs/readme.txt" \
		"cat-file blob blob-tag" "cat-file tag v1" "cat-file tag v1-again" "cat-file tree tree-tag" \
		"cat-file commit HEAD^{tree}" "cat-file blob HEAD" "cat-file tag HEAD" "cat-file commit blob-tag" \
		"cat-file bogus HEAD" "cat-file blob 0000000000000000000000000000000000000001"
'

test_expect_success 'missing objects and invalid names' '
	parity_each "cat-file -t 0000000000000000000000000000000000000001" \
		"cat-file -s 0000000000000000000000000000000000000001" \
		"cat-file -p 0000000000000000000000000000000000000001" \
		"cat-file -p nosuchref" "cat-file -t HEAD:nosuchpath" "cat-file -p HEAD~100" \
		"cat-file commit nosuchref" "cat-file -t HEAD^{blob}"
'

test_expect_success 'running from a subdirectory' '
	parity_in src cat-file -p HEAD:src/file.c &&
	parity_in src cat-file -t HEAD:./file.c &&
	parity_in src/sub cat-file -p HEAD:../file.c &&
	parity_in src cat-file -p HEAD^{tree}
'

test_expect_success 'option errors and usage' '
	parity_each "cat-file" "cat-file -t" "cat-file -e" "cat-file -p" "cat-file -s" "cat-file blob" \
		"cat-file blob a b" "cat-file -t -p HEAD" "cat-file -p -t HEAD" "cat-file -tp HEAD" \
		"cat-file -e -p HEAD" "cat-file -t HEAD HEAD" "cat-file --batch -t" "cat-file --batch --batch-check" \
		"cat-file --batch=x --batch-command" "cat-file --buffer HEAD" "cat-file --follow-symlinks -t HEAD" \
		"cat-file --batch-all-objects" "cat-file -z -t HEAD" \
		"cat-file --batch-all-objects -t HEAD" "cat-file -t --batch-all-objects" \
		"cat-file --batch foo" "cat-file --allow-unknown-type -p HEAD" "cat-file --path=x -p HEAD" \
		"cat-file --no-batch" "cat-file --bat" "cat-file --batch-c" "cat-file --no" "cat-file --foo" \
		"cat-file --foo=bar" "cat-file -q" "cat-file -batch" "cat-file -no-buffer" "cat-file -tbatch HEAD" \
		"cat-file --path" "cat-file --allow-unknown-type=1 -t HEAD" "cat-file --batch-all-objects=x" \
		"cat-file --textconv" "cat-file --filters" "cat-file --textconv -t" "cat-file -h -t" \
		"cat-file -t -h" "cat-file -- -t HEAD" "cat-file HEAD -t" "cat-file -t -- HEAD" \
		"cat-file -t --end-of-options HEAD" "cat-file --allow -t HEAD" "cat-file --unordered -t HEAD" \
		"cat-file --no-b -t HEAD" "cat-file --no-allow-unknown-type -t HEAD" "cat-file --ma -t HEAD" \
		"cat-file --no-use -t HEAD" "cat-file --no-mailmap -t HEAD" "cat-file --no-follow-symlinks -t HEAD" \
		"cat-file --batch-ch=%(objectname) HEAD" "cat-file --batch-all-objects --batch-all-objects" \
		"cat-file -e -e HEAD" "cat-file --no-z" "cat-file --no-e"
'

test_expect_success 'replace refs: objects are read through their replacements' '
	git replace HEAD~2 HEAD~4 &&
	git replace HEAD:src/file.c HEAD:docs/readme.txt &&
	old=$(git rev-parse HEAD~2) &&
	parity_each "cat-file -t $old" "cat-file -s $old" "cat-file -p $old" "cat-file commit $old" \
		"cat-file tree $old" "cat-file -e $old" "cat-file -p HEAD:src/file.c" "cat-file -s HEAD:src/file.c" \
		"--no-replace-objects cat-file -p $old" &&
	printf "%s\n" $old HEAD:src/file.c HEAD~2 >../replaced &&
	parity_stdin ../replaced cat-file --batch &&
	parity_stdin ../replaced cat-file --batch-check="%(objectname) %(objecttype) %(objectsize) %(objectsize:disk)" &&
	parity cat-file --batch --batch-all-objects &&
	GIT_NO_REPLACE_OBJECTS=1 parity_stdin ../replaced cat-file --batch &&
	parity -c core.useReplaceRefs=false cat-file -p $old &&
	git replace -d $old >/dev/null && git replace -d $(git rev-parse HEAD:src/file.c) >/dev/null
'

test_expect_success 'outside a repository' '
	(cd .. && parity cat-file -t HEAD && parity cat-file -h)
'

test_expect_success 'SHA-256 repository' '
	git init -q --object-format=sha256 ../sha256 &&
	(
		cd ../sha256 &&
		echo content >f && git add f && git commit -q -m one && git tag -a -m t t1 &&
		parity_each "cat-file -t HEAD" "cat-file -s HEAD" "cat-file -p HEAD" "cat-file -p HEAD^{tree}" \
			"cat-file tree t1" "cat-file -p t1" "cat-file -e HEAD:f" "cat-file blob HEAD:f"
	)
'

test_done
