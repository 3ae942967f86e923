#!/usr/bin/env bash
# update-ref --stdin killed (SIGKILL) at random points of a transaction that
# updates, creates and deletes loose and packed refs: afterwards every ref
# holds its old or its new value (a deleted ref: its old value or nothing),
# no ref is broken, and once leftover .lock files are removed git fsck is
# clean.
. "$(dirname "$0")/lib/test-lib.sh"

ROUNDS=${GRIT_CRASH_ROUNDS:-50}

test_setup 'repository with loose and packed refs' '
	git init -q repo && cd repo &&
	git commit -q --allow-empty -m old && OLD=$(git rev-parse HEAD) &&
	git commit -q --allow-empty -m new && NEW=$(git rev-parse HEAD) &&
	for i in $(seq 100 119); do echo "create refs/heads/packed/b$i $OLD"; done | git update-ref --stdin &&
	git pack-refs --all &&
	for i in $(seq 100 139); do echo "create refs/heads/loose/b$i $OLD"; done | git update-ref --stdin &&
	# The transaction: move every loose branch, delete every packed one,
	# create new branches (and nested ones, for the directories).
	{
		echo start &&
		for i in $(seq 100 139); do echo "update refs/heads/loose/b$i $NEW $OLD"; done &&
		for i in $(seq 100 119); do echo "delete refs/heads/packed/b$i $OLD"; done &&
		for i in $(seq 100 119); do echo "create refs/heads/new/n$i/x $NEW"; done &&
		echo prepare && echo commit
	} >transaction &&
	mkdir "$TRASH/pristine" && cp -a .git/refs .git/logs .git/packed-refs "$TRASH/pristine"
'

# Feeds the transaction slowly, so that a kill may land while it is read,
# while it is prepared or while it is committed.
feed() {
	local n=0 line
	while IFS= read -r line; do
		printf "%s\n" "$line"
		n=$((n + 1))
		test $((n % 10)) -eq 0 && sleep 0.005
	done <transaction
}

# Puts refs, reflogs and packed-refs back as they were before the transaction.
restore() {
	rm -rf .git/refs .git/logs .git/packed-refs && cp -a "$TRASH"/pristine/* .git/
}

# How many refs the transaction moved or created.
count_new() {
	grep -c "^refs/heads/\(loose\|new\)/.* $NEW\$" refs.out
}

# Kills grit at a random moment while the transaction is fed in.
kill_anywhere() {
	local delay pid
	delay=$(printf "0.%03d" $((RANDOM % 200)))
	echo "killed after ${delay}s" >killed-when
	feed 2>/dev/null | "$GRIT" update-ref --stdin >/dev/null 2>&1 &
	pid=$!  # grit, the last command of the pipeline; the feeder dies of SIGPIPE
	sleep $delay
	kill -KILL $pid 2>/dev/null
	wait
}

# Kills grit shortly after it is told to commit a prepared transaction.
kill_while_committing() {
	local delay pid i
	delay=$(printf "0.%03d" $((RANDOM % 40)))
	echo "killed ${delay}s after commit" >killed-when
	rm -f in.fifo answers
	mkfifo in.fifo || return 1
	"$GRIT" update-ref --stdin <in.fifo >answers 2>/dev/null &
	pid=$!
	exec 9<>in.fifo  # read-write: never blocks, whatever grit does
	sed "/^commit/d" transaction >&9
	for i in $(seq 200); do grep -q "prepare: ok" answers && break; sleep 0.01; done
	echo commit >&9
	sleep $delay
	kill -KILL $pid 2>/dev/null
	exec 9>&-
	wait
	rm -f in.fifo answers
}

# What for-each-ref must show: each ref at its old or its new value.
check_refs() {
	git for-each-ref --format="%(refname) %(objectname)" >refs.out 2>refs.err || return 1
	test -s refs.err && { cat refs.err; return 1; }
	awk -v old=$OLD -v new=$NEW '
		$1 ~ /^refs\/heads\/loose\// { loose++; if ($2 != old && $2 != new) bad = bad " " $0 }
		$1 ~ /^refs\/heads\/packed\// { if ($2 != old) bad = bad " " $0 }
		$1 ~ /^refs\/heads\/new\// { if ($2 != new) bad = bad " " $0 }
		END { if (loose != 40) bad = bad " loose refs: " loose; if (bad != "") { print "bad:" bad; exit 1 } }
	' refs.out
}

test_expect_success "SIGKILL at random points, $ROUNDS times" '
	mixed=0 &&
	for round in $(seq $ROUNDS); do
		restore || return 1
		if test $((round % 2)) -eq 0; then
			kill_anywhere
		else
			kill_while_committing
		fi
		check_refs || { echo "round $round: $(cat killed-when)"; return 1; }
		moved=$(count_new)
		test $moved -gt 0 && test $moved -lt 60 && mixed=$((mixed + 1))
		find .git -name "*.lock" -delete &&
		git fsck --no-dangling >fsck.out 2>&1 || { cat fsck.out; echo "round $round"; return 1; }
	done &&
	echo $mixed >mixed-rounds
'
say "# rounds killed between the first and the last rename: $(cat mixed-rounds 2>/dev/null)"

test_expect_success 'an uninterrupted run moves everything' '
	restore &&
	"$GRIT" update-ref --stdin <transaction >answers &&
	printf "start: ok\nprepare: ok\ncommit: ok\n" >expect && test_cmp expect answers &&
	check_refs && test $(count_new) -eq 60 &&
	! grep packed/ refs.out && ! grep -q packed/ .git/packed-refs &&
	test -z "$(find .git -name "*.lock")" && git fsck --no-dangling
'

test_done
