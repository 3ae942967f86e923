#!/usr/bin/env bash
# git rev-list --objects: traversal order and names, edges, tags/trees/blobs
# named directly, --in-commit-order, --no-object-names, filters with
# --filter-print-omitted, loose and packed, and missing objects with each
# --missing mode.
. "$(dirname "$0")/lib/test-lib.sh"

commit_at() {
	GIT_COMMITTER_DATE="@$1 +0000" GIT_AUTHOR_DATE="@$1 +0000" git commit -q -m "$2"
}

test_setup 'history with branches, merges, tags, odd names' '
	make_history repo 5 && cd repo &&
	git checkout -q -b side HEAD~2 &&
	mkdir -p "dir with space" deep/a/b &&
	echo s >"dir with space/f" && echo d >deep/a/b/leaf &&
	printf "nl" >"$(printf "new\nline")" &&
	git add -A && commit_at 1112912100 "side 1" &&
	echo more >>deep/a/b/leaf && git add -A && commit_at 1112900000 "side 2 (skewed)" &&
	git checkout -q main &&
	GIT_COMMITTER_DATE="@1112950000 +0000" git merge -q -m "merge side" side &&
	echo big >big && seq 1 2000 >>big && git add big && commit_at 1112960000 "big file" &&
	git tag -a -m annotated v1 main~1 &&
	git tag -a -m "tag of a tag" v1-outer v1 &&
	git tag -a -m "blob tag" blobtag main:big &&
	git tag -a -m "tree tag" treetag "main^{tree}" &&
	git tag light side
'

check_objects() {
	for set in "main" "--all" "side..main" "main..side" "main...side" "^side main" "main~2..main" \
		"v1" "v1-outer" "blobtag" "treetag" "light" "main^{tree}" "main:big" "main:deep" "main:deep/a/" ":big" "main ^main^{tree}" \
		"--tags" "--branches" "side ^main~3"; do
		for opts in --objects "--objects --no-object-names" --objects-edge "--objects --in-commit-order" \
			"--objects --reverse" "--objects --topo-order" "--objects -n 2" "--objects --count" \
			"--objects --filter=blob:none --filter-print-omitted" "--objects --filter=blob:limit=10" \
			"--objects --filter=blob:limit=1k --filter-print-omitted" "--objects-edge --parents"; do
			parity rev-list $opts $set || { echo "in: rev-list $opts $set"; return 1; }
		done
	done
}

test_expect_success 'loose objects' 'check_objects'

test_expect_success 'packed objects' 'git repack -adq && check_objects'

test_expect_success 'bad filters' '
	parity rev-list --filter=blob:none main &&
	parity rev-list --objects --filter=blob:nothing main &&
	parity rev-list --objects --filter=blob:limit=x main &&
	parity rev-list --objects --missing=bogus main
'

test_expect_success 'missing blob: each --missing mode' '
	git init -q ../miss && cd ../miss &&
	echo one >one && echo two >two && mkdir d && echo three >d/three &&
	git add -A && commit_at 1112912000 first &&
	echo four >d/four && git add -A && commit_at 1112913000 second &&
	blob=$(git rev-parse HEAD:d/three) &&
	rm .git/objects/$(echo $blob | cut -c1-2)/$(echo $blob | cut -c3-) &&
	parity rev-list --objects HEAD &&
	parity rev-list --objects --missing=error HEAD &&
	parity rev-list --objects --missing=allow-any HEAD &&
	parity rev-list --objects --missing=print HEAD &&
	parity rev-list --objects --missing=print --no-object-names HEAD &&
	parity rev-list HEAD
'

test_expect_success 'missing tree: each --missing mode' '
	cd ../miss &&
	tree=$(git rev-parse HEAD:d) &&
	rm .git/objects/$(echo $tree | cut -c1-2)/$(echo $tree | cut -c3-) &&
	parity rev-list --objects HEAD &&
	parity rev-list --objects --missing=allow-any HEAD &&
	parity rev-list --objects --missing=print HEAD &&
	parity rev-list --objects --missing=print --filter=blob:none --filter-print-omitted HEAD
'

test_expect_success 'many missing blobs print in git'"'"'s set order' '
	git init -q ../many && cd ../many &&
	for i in $(seq 1 40); do echo $i >f$i; done &&
	git add -A && commit_at 1112912000 many &&
	for i in $(seq 1 40); do
		b=$(git rev-parse HEAD:f$i) && rm .git/objects/$(echo $b | cut -c1-2)/$(echo $b | cut -c3-) || return 1
	done &&
	parity rev-list --objects --missing=print HEAD &&
	parity rev-list --objects --filter=blob:none --filter-print-omitted HEAD
'

test_done
