#!/usr/bin/env bash
# pack-refs killed (SIGKILL) at random points, 50 times: afterwards every ref
# still resolves to the value it had, whether the kill came before, during
# or after packed-refs was replaced, or while loose refs were being pruned.
. "$(dirname "$0")/lib/test-lib.sh"

test_setup 'repository with 1500 refs, 500 of them loose' '
	make_history repo 4 && cd repo &&
	git rev-list HEAD >"$TRASH/commits" &&
	for i in $(seq 1000 1999); do echo "create refs/heads/c$i HEAD"; done | git update-ref --stdin &&
	git tag -a -m annotated v1 HEAD~1 &&
	git pack-refs --all &&
	for i in $(seq 1000 1499); do echo "update refs/tags/t$i HEAD~2"; done | git update-ref --stdin &&
	git for-each-ref --format="%(refname) %(objectname)" >"$TRASH/expected"
'

# Rewrites a rotating window of 200 refs as loose refs with a new value, so
# that every round has loose refs to pack and some of them shadow packed ones.
rewrite_window() {
	local round=$1 new
	new=$(sed -n "$((round % 4 + 1))p" "$TRASH/commits")
	awk -v new="$new" -v lo=$((round * 200 % 1500)) \
		'NR > lo && NR <= lo + 200 && $1 ~ /^refs\/heads\// { print "update " $1 " " new }' "$TRASH/expected" |
		git update-ref --stdin &&
	git for-each-ref --format="%(refname) %(objectname)" >"$TRASH/expected"
}

test_expect_success 'SIGKILL at random points never loses a ref' '
	"$GRIT" pack-refs --all && rewrite_window 0 &&
	start=$(date +%s%N) && "$GRIT" pack-refs --all && took_ms=$(( ($(date +%s%N) - start) / 1000000 + 5 )) &&
	git for-each-ref --format="%(refname) %(objectname)" >"$TRASH/actual" &&
	test_cmp "$TRASH/expected" "$TRASH/actual" &&
	RANDOM=3211 midway=0 &&
	for round in $(seq 1 50); do
		rewrite_window $round || return 1
		"$GRIT" pack-refs --all 2>/dev/null &
		pid=$!
		delay_ms=$((RANDOM % took_ms))
		sleep "$((delay_ms / 1000)).$(printf %03d $((delay_ms % 1000)))"
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		git for-each-ref --format="%(refname) %(objectname)" >"$TRASH/actual" 2>&1 &&
		test_cmp "$TRASH/expected" "$TRASH/actual" || { echo "round $round, killed after $delay_ms ms"; return 1; }
		loose=$(find .git/refs -type f ! -name "*.lock" | wc -l)
		locks=$(find .git -name "*.lock" | wc -l)
		if test $locks -gt 0 || { test $loose -gt 0 && test $loose -lt 200; }; then midway=$((midway + 1)); fi
		# What a user does after a crash, as git'\''s lock message says.
		find .git -name "*.lock" -delete
	done &&
	echo "$midway of 50 kills landed while pack-refs was working (a run took ~$took_ms ms)" &&
	test $midway -ge 10 &&
	"$GRIT" pack-refs --all &&
	git for-each-ref --format="%(refname) %(objectname)" >"$TRASH/actual" &&
	test_cmp "$TRASH/expected" "$TRASH/actual" &&
	test -z "$(find .git/refs -type f)" &&
	git fsck --no-progress
'

test_done
