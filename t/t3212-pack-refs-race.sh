#!/usr/bin/env bash
# pack-refs running again and again while the real git update-ref rewrites
# the same refs: no update is ever lost (a lost one shows up as git's
# "is at ... but expected ..." on the writer's next old-value check).
. "$(dirname "$0")/lib/test-lib.sh"

test_expect_success 'concurrent git update-ref is never lost while pack-refs runs' '
	rm -rf race && make_history race 4 && cd race &&
	git rev-list HEAD >"$TRASH/commits" &&
	for i in $(seq 1000 2499); do echo "create refs/heads/b$i HEAD"; done | git update-ref --stdin &&
	git pack-refs --all &&
	git for-each-ref --format="%(refname) %(objectname)" "refs/heads/b*" >"$TRASH/expected" || return 1
	# The writer: transactions updating the same 75 refs (spread over the
	# 1500) again and again, each update naming the value it replaces, so
	# that a value lost by pack-refs stops it with "is at ... but expected".
	# Lock contention is retried.
	(
		for round in $(seq 1 8); do
			new=$(sed -n "$((round % 4 + 1))p" "$TRASH/commits")
			awk -v new=$new "NR % 20 == 0 { print \"update \" \$1 \" \" new \" \" \$2 }" \
				"$TRASH/expected" >"$TRASH/batch"
			tries=0
			until git update-ref --stdin <"$TRASH/batch" 2>"$TRASH/update.err"; do
				tries=$((tries + 1))
				if grep -q "but expected\|reference is missing" "$TRASH/update.err" || test $tries -gt 100; then
					cat "$TRASH/update.err"; echo LOST >"$TRASH/lost"; exit 1
				fi
			done
			awk -v new=$new "NR % 20 == 0 { \$2 = new } { print }" "$TRASH/expected" >"$TRASH/expected.new" &&
			mv "$TRASH/expected.new" "$TRASH/expected" || exit 1
		done
		echo done >"$TRASH/writer-done"
	) &
	writer=$! runs=0
	while ! test -e "$TRASH/writer-done" && ! test -e "$TRASH/lost"; do
		"$GRIT" pack-refs --all 2>>"$TRASH/pack.err"; runs=$((runs + 1))
	done &&
	wait $writer &&
	echo "pack-refs ran $runs times" &&
	! test -e "$TRASH/lost" &&
	git for-each-ref --format="%(refname) %(objectname)" "refs/heads/b*" >"$TRASH/actual" &&
	test_cmp "$TRASH/expected" "$TRASH/actual" &&
	git fsck --no-progress &&
	cd ..
'

test_done
