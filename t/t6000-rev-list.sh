#!/usr/bin/env bash
# git rev-list: the commit walk (ranges, --not, ref selections, --reflog, ordering
# with merges and clock skew, --max-count, --count, --parents, --reverse),
# loose and packed, and bad revisions and usage.
. "$(dirname "$0")/lib/test-lib.sh"

# commit_at <epoch> <message>: a commit with both dates at <epoch>.
commit_at() {
	GIT_COMMITTER_DATE="@$1 +0000" GIT_AUTHOR_DATE="@$1 +0000" git commit -q --allow-empty -m "$2"
}

test_setup 'history with branches, merges, tags and clock skew' '
	make_history repo 6 && cd repo &&
	git checkout -q -b side HEAD~3 &&
	echo s >s && git add s && commit_at 1112912100 "side 1" &&
	commit_at 1112900000 "side 2 (skewed into the past)" &&
	git checkout -q -b topic main~1 &&
	echo t >t && git add t && commit_at 1112999999 "topic (skewed into the future)" &&
	git checkout -q main &&
	GIT_COMMITTER_DATE="@1112950000 +0000" git merge -q -m "merge side" side &&
	GIT_COMMITTER_DATE="@1112950000 +0000" git merge -q -m "merge topic" topic &&
	commit_at 1112950000 "same date as the merges" &&
	commit_at 1112940000 "after, but dated earlier" &&
	git checkout -q -b octo main~5 &&
	commit_at 1112960000 "octo a" && git branch oa &&
	git checkout -q main~5 && commit_at 1112960001 "octo b" && git branch ob &&
	git checkout -q main &&
	git merge -q -m octopus oa ob &&
	git tag -a -m annotated v1 main~2 &&
	git tag light side &&
	git update-ref refs/remotes/origin/main main~4
'


check_all() {
	local order opts
	for order in "" --topo-order --date-order; do
		for opts in "" "--reverse -n 2" "--parents --count" "--max-count=4 --parents"; do
			for set in "HEAD" "main side topic" "^side main" "side..main" "main..side" "main...side" \
				"side...main" "^main~3 main" "--not side topic --not main" "main~2..topic" "v1" "light" \
				"v1..main" "--all" "--branches" "--tags" "--remotes" "--branches=s*" \
				"--glob=refs/heads/o*" "--exclude=side --branches" "--exclude=refs/tags/v* --all" \
				"oa ob ^main~5" "main ^oa" "topic ^side"; do
				parity rev-list $order $opts $set || { echo "in: rev-list $order $opts $set"; return 1; }
			done
		done
	done
}

test_expect_success 'every ordering and output option on loose objects' 'check_all'

test_expect_success 'the same after packing, with a commit-graph' '
	git repack -adq && git commit-graph write --reachable 2>/dev/null && check_all
'

test_expect_success 'the same with core.commitGraph=false' '
	git config core.commitGraph false && check_all && git config --unset core.commitGraph
'

test_expect_success 'many commits with the same date' '
	git checkout -q -b flat main~6 &&
	for i in 1 2 3 4 5 6; do commit_at 1112911993 "flat $i" || return 1; done &&
	git checkout -q main &&
	parity rev-list flat main &&
	parity rev-list main flat &&
	parity rev-list --topo-order flat main &&
	parity rev-list --date-order main flat &&
	parity rev-list main..flat &&
	parity rev-list --all
'

test_expect_success 'long range with skewed uninteresting side (SLOP)' '
	git checkout -q -b skew main~6 &&
	for i in 1 2 3 4 5 6 7 8; do commit_at $((1112000000 + i * 1000)) "old $i" || return 1; done &&
	git checkout -q main &&
	parity rev-list main..skew &&
	parity rev-list skew..main &&
	parity rev-list --count skew...main &&
	parity rev-list --topo-order skew..main
'

test_expect_success 'revisions from --stdin' '
	printf "main\n^side\n" >in1 &&
	parity_stdin in1 rev-list --stdin &&
	printf "side\n\nmain~2..topic\n" >in2 &&
	parity_stdin in2 rev-list --stdin topic &&
	# git 2.42 takes --not on stdin for the lines after it only (2.39 refuses it).
	printf "side\n--not\nmain~2\n" >in4 &&
	git rev-list side ^main~2 topic >expect &&
	"$GRIT" rev-list --stdin topic <in4 >actual && test_cmp expect actual &&
	printf "main\n--\n" >in3 &&
	parity_stdin in3 rev-list --stdin
'

test_expect_success 'options spelled in other ways' '
	parity rev-list -3 main &&
	parity rev-list -n 2 main &&
	parity rev-list -n2 main &&
	parity rev-list --max-count 2 main &&
	parity rev-list --max-count=-1 main &&
	parity rev-list --reverse --count main &&
	parity rev-list main --
'

test_expect_success '--reflog' '
	parity rev-list --reflog &&
	parity rev-list --reflog --count &&
	parity rev-list --topo-order --reflog &&
	parity rev-list main --not --reflog &&
	parity rev-list --reflog ^side &&
	parity rev-list --objects --reflog
'

test_expect_success 'bad revisions and usage' '
	parity rev-list nosuch &&
	parity rev-list main nosuch &&
	parity rev-list main..nosuch &&
	parity rev-list ^nosuch main &&
	parity rev-list 0000000000000000000000000000000000000001 &&
	parity rev-list &&
	parity rev-list -h &&
	parity rev-list --bogus main &&
	parity rev-list -- main &&
	parity rev-list main -- &&
	parity rev-list main..side~99
'

test_done
