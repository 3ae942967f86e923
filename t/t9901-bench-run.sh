#!/usr/bin/env bash
# contrib/bench/run: the table it prints, and how it flags a tool whose output
# or exit status differs from git's. Uses stand-ins for grit so that it does
# not depend on which commands grit implements.

. "$(dirname "$0")/lib/test-lib.sh"

BENCH=$GRIT_SOURCE_DIR/contrib/bench

test_setup 'small repository and stand-ins for grit' '
	"$BENCH/make-repo" repo --size small --seed 3 &&
	printf "#!/bin/sh\nexec \"%s\" \"\$@\"\n" "$REAL_GIT" >same &&
	printf "#!/bin/sh\n\"%s\" \"\$@\"; status=\$?; echo extra; exit \$status\n" "$REAL_GIT" >noisy &&
	printf "#!/bin/sh\nexit 1\n" >broken &&
	chmod +x same noisy broken
'

test_expect_success 'every benchmark gets a row; identical output is "same"' '
	GRIT=$TRASH/same "$BENCH/run" --repo repo --runs 1 >out &&
	# Benchmarks of options newer than git (run by git as a shell
	# equivalent) cannot be run by a stand-in that is git itself.
	for name in $("$BENCH/run" --list | grep -v "(git: " | cut -f1); do
		grep "^| $name | " out | grep -q "| same |" || return 1
	done &&
	grep -q "^| benchmark | git wall | grit wall | ratio | git RSS | grit RSS | ratio | stdout |$" out
'

test_expect_success 'differing output is flagged' '
	GRIT=$TRASH/noisy "$BENCH/run" --repo repo --runs 1 --only ls-tree-r >out &&
	grep "^| ls-tree-r | " out | grep -q "DIFFERS" &&
	test $(grep -c "^| [a-z]" out) = 2
'

test_expect_success 'a failing grit is reported, not timed' '
	GRIT=$TRASH/broken "$BENCH/run" --repo repo --runs 1 --only rev-parse-1000 >out &&
	grep "^| rev-parse-1000 | " out | grep -q "grit exit 1, git exit 0"
'

test_expect_success 'generated inputs: 1000 revisions, all objects shuffled' '
	inputs=$(ls -d repo/.git/grit-bench/*-seed1-*) &&
	test $(wc -l <"$inputs/revisions") = 1000 &&
	git -C repo cat-file --batch-check="%(objectname)" --batch-all-objects >all &&
	sort "$inputs/random-objects" >shuffled-sorted &&
	test_cmp all shuffled-sorted &&
	! test_cmp all "$inputs/random-objects" >/dev/null
'

test_expect_success 'unknown benchmark name is an error' '
	! "$BENCH/run" --repo repo --only no-such 2>err &&
	grep -q "unknown benchmark" err
'

test_expect_success 'a directory that is not a repository is an error' '
	mkdir empty &&
	! "$BENCH/run" --repo empty 2>err &&
	grep -q "is not a git repository" err
'

test_done
