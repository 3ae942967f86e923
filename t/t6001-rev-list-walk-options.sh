#!/usr/bin/env bash
# git rev-list: --filter=tree:<depth> (with --filter-print-omitted),
# --unpacked, --indexed-objects, negated blobs, --stdin read where it stands
# and, as git 2.42 documents, accepting the pseudo-options that name
# revisions (git 2.39 refuses them: those cases are compared with the same
# arguments given on the command line).
. "$(dirname "$0")/lib/test-lib.sh"

test_setup 'history: some commits packed, some loose, a staged index' '
	git init -q repo && cd repo &&
	for i in 1 2 3 4; do
		mkdir -p d$i/e/g && echo $i >d$i/e/f && echo $i$i >d$i/e/g/h && echo $i >f$i &&
		git add -A && git commit -q -m c$i || return 1
	done &&
	git repack -adq &&
	for i in 5 6; do
		mkdir -p d$i/e && echo $i >d$i/e/f && echo x$i >>d1/e/f &&
		git add -A && git commit -q -m c$i || return 1
	done &&
	mkdir -p deep/x && git mv d2 deep/x/d2 && git commit -q -m "move d2 deeper" &&
	cp -r deep/x/d2 d2copy && git add d2copy && git commit -q -m "d2 again at depth 1" &&
	git tag v1 HEAD~1 &&
	git branch side HEAD~3 &&
	echo new >newfile && echo mod >>f1 && mkdir -p staged/dir && echo s >staged/dir/s &&
	git add newfile f1 staged
'

test_expect_success '--filter=tree:<depth> with and without --filter-print-omitted' '
	for depth in 0 1 2 3 4 1k; do
		for set in --all HEAD "HEAD^{tree} HEAD" "HEAD:deep HEAD" "HEAD~2..HEAD" "v1 side"; do
			parity rev-list --objects --filter=tree:$depth $set &&
			parity rev-list --objects --filter=tree:$depth --filter-print-omitted $set &&
			parity rev-list --objects --no-object-names --filter=tree:$depth --filter-print-omitted --in-commit-order $set ||
			{ echo "in: tree:$depth $set"; return 1; }
		done
	done
'

test_expect_success 'bad tree filters' '
	parity rev-list --objects --filter=tree:x HEAD &&
	parity rev-list --objects --filter=tree: HEAD &&
	parity rev-list --objects --filter=tree:-1 HEAD &&
	parity rev-list --filter=tree:1 HEAD &&
	parity rev-list --objects --filter=blob:limit= HEAD &&
	parity rev-list --objects --filter=blob:limit=1x HEAD
'

test_expect_success '--unpacked: packed commits are walked through, not shown' '
	parity_each "rev-list --unpacked --all" "rev-list --objects --unpacked --all" \
		"rev-list --unpacked -n 2 --all" "rev-list --unpacked --count --all" \
		"rev-list --unpacked --topo-order --parents HEAD" "rev-list --unpacked --reverse side..HEAD" \
		"rev-list --objects --unpacked v1"
'

test_expect_success '--indexed-objects: index blobs, then cache-tree trees' '
	parity_each "rev-list --indexed-objects" "rev-list --objects --indexed-objects" \
		"rev-list --objects --indexed-objects HEAD" "rev-list --objects HEAD --indexed-objects" \
		"rev-list --objects --no-object-names --indexed-objects" \
		"rev-list --objects --indexed-objects --filter=blob:none --filter-print-omitted" \
		"rev-list --objects --indexed-objects --filter=tree:1 --filter-print-omitted" \
		"rev-list --objects --not --indexed-objects --not HEAD" "rev-list --objects --all --not --indexed-objects"
'

test_expect_success '--indexed-objects with a valid cache tree and another worktree' '
	git write-tree >/dev/null &&
	parity rev-list --objects --indexed-objects &&
	git worktree add -q ../wt side &&
	(cd ../wt && echo other >other && git add other) &&
	parity rev-list --objects --indexed-objects &&
	parity_in ../wt rev-list --objects --indexed-objects
'

test_expect_success 'negated blobs and trees are not listed' '
	parity_each "rev-list --objects HEAD ^HEAD:f1" "rev-list --objects HEAD ^HEAD:d1" \
		"rev-list --objects HEAD:d1 ^HEAD:d1/e/f" "rev-list --objects ^HEAD:f3 HEAD:f3 HEAD"
'

test_expect_success '--stdin is read where it stands; the command line --not does not reach it' '
	git rev-parse HEAD~2 v1 >revs &&
	parity_stdin revs rev-list --objects --no-object-names HEAD~3 --stdin HEAD~1 &&
	parity_stdin revs rev-list --not HEAD~4 --stdin &&
	parity_stdin revs rev-list --stdin --not HEAD~4 &&
	parity_stdin revs rev-list --stdin --stdin
'

# git 2.42 semantics, compared with git 2.39 given the same words as arguments.
stdin_like_args() {
	local lines=$1
	shift
	printf "%b" "$lines" >stdin.in
	"$REAL_GIT" rev-list "$@" $(tr "\n" " " <stdin.in) >expect 2>&1
	echo $? >>expect
	"$GRIT" rev-list "$@" --stdin <stdin.in >actual 2>&1
	echo $? >>actual
	test_cmp expect actual
}

test_expect_success '--stdin accepts pseudo-options as git 2.42 does' '
	stdin_like_args "--all\n" &&
	stdin_like_args "--branches\n--not\nHEAD~2\n" &&
	stdin_like_args "--tags\n" --objects &&
	stdin_like_args "--exclude=side\n--branches\n" &&
	stdin_like_args "--glob=refs/heads/s*\n" &&
	stdin_like_args "HEAD\n--not\nside\n" --topo-order &&
	stdin_like_args "--indexed-objects\n" --objects &&
	stdin_like_args "--reflog\n"
'

test_expect_success '--stdin: --end-of-options, empty line, unknown options, bad revisions' '
	printf -- "--end-of-options\nHEAD~1\n" >in &&
	"$GRIT" rev-list --stdin <in >actual && git rev-list HEAD~1 >expect && test_cmp expect actual &&
	printf "HEAD~5\n\nHEAD\n" >in &&
	"$GRIT" rev-list --stdin <in >actual && git rev-list HEAD~5 >expect && test_cmp expect actual &&
	printf -- "--max-count=1\n" >in &&
	test_expect_code=0 && { "$GRIT" rev-list --stdin <in >actual 2>err; test $? = 128; } &&
	echo "fatal: invalid option '"'"'--max-count=1'"'"' in --stdin mode" >expect && test_cmp expect err &&
	printf "nosuchrev\n" >in &&
	{ "$GRIT" rev-list --stdin <in >actual 2>err; test $? = 128; } &&
	echo "fatal: bad revision '"'"'nosuchrev'"'"'" >expect && test_cmp expect err &&
	parity_stdin in rev-list --stdin
'

# Longer walks (packed and loose, delta chains, missing and malformed trees).
test_expect_success 'long walks: same order, same errors as a short one' '
	make_history ../long 90 && cd ../long &&
	parity_each "rev-list --objects --all" "rev-list --objects --no-object-names HEAD" \
		"rev-list --objects HEAD~80 HEAD~3^{tree} HEAD" "rev-list --objects HEAD~10..HEAD" \
		"rev-list --objects --filter=blob:none --filter-print-omitted --all" &&
	git repack -adq && parity rev-list --objects --all
'

test_expect_success 'long walks: missing and corrupt trees' '
	git init -q ../long2 && cd ../long2 &&
	for i in $(seq 1 70); do mkdir -p a/b$((i % 3)) && echo $i >a/b$((i % 3))/f && git add -A && git commit -q -m $i || return 1; done &&
	tree=$(git rev-parse HEAD~30:a) &&
	mv .git/objects/$(echo $tree | cut -c1-2)/$(echo $tree | cut -c3-) ../saved &&
	parity rev-list --objects HEAD &&
	parity rev-list --objects --missing=allow-any HEAD &&
	parity rev-list --objects --missing=print HEAD &&
	git repack -adq 2>/dev/null; parity rev-list --objects --missing=print HEAD &&
	parity rev-list --objects HEAD
'

test_expect_success 'long walks: a malformed tree' '
	cd ../long && bad=$(printf "100644 f\0abc" | git hash-object -t tree --literally -w --stdin) &&
	root=$( (printf "40000 bad\0"; echo $bad | sed "s/../\\\\x&/g" | xargs -0 printf "%b") |
		git hash-object -t tree --literally -w --stdin) &&
	c=$(echo bad | git commit-tree $root -p HEAD~20) &&
	git update-ref refs/heads/bad $c &&
	parity rev-list --objects --all &&
	parity rev-list --objects --missing=allow-any --all
'

test_done
