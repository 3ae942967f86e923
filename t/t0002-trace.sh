#!/usr/bin/env bash
# GRIT_TRACE: phase timings on stderr or in a file, never on stdout, and
# nothing at all when unset or off.
. "$(dirname "$0")/lib/test-lib.sh"

test_setup 'repository' '
	make_history repo 3 && cd repo
'

test_expect_success 'GRIT_TRACE=1 logs start, the command region and the exit code on stderr' '
	GRIT_TRACE=1 "$GRIT" rev-parse HEAD >out 2>err &&
	git rev-parse HEAD >expect && cmp expect out &&
	grep -E "\| start +\| +[0-9.]+ \| +\| main \| .*grit rev-parse HEAD$" err &&
	grep -E "\| region_enter \| +[0-9.]+ \| +\| cmd \| rev-parse$" err &&
	grep -E "\| region_leave \| +[0-9.]+ \| +[0-9.]+ \| cmd \| rev-parse$" err &&
	grep -E "\| exit +\| +[0-9.]+ \| +\| main \| code:0$" err &&
	test $(wc -l <err) -eq 4
'

test_expect_success 'the exit code of a failing command is logged' '
	GRIT_TRACE=true "$GRIT" rev-parse --verify no-such-rev >out 2>err
	test $? -eq 128 &&
	grep -q "^fatal: Needed a single revision" err &&
	grep -qE "\| exit +\| .* \| main \| code:128$" err
'

test_expect_success 'an absolute path appends to that file and leaves stderr alone' '
	GRIT_TRACE="$TRASH/trace.log" "$GRIT" cat-file -t HEAD >out 2>err &&
	GRIT_TRACE="$TRASH/trace.log" "$GRIT" cat-file -t HEAD >>out 2>>err &&
	test ! -s err && printf "commit\ncommit\n" >expect && cmp expect out &&
	test $(grep -c "| start " "$TRASH/trace.log") -eq 2
'

test_expect_success 'unset, empty, 0 and false trace nothing' '
	for v in "" 0 false; do
		GRIT_TRACE=$v "$GRIT" cat-file -t HEAD 2>err >/dev/null && test ! -s err || return 1
	done
'

test_expect_success 'a trace file that cannot be opened is a warning, not a failure' '
	GRIT_TRACE=/nonexistent-dir/trace.log "$GRIT" cat-file -t HEAD >out 2>err &&
	echo commit >expect && cmp expect out &&
	grep -q "^warning: could not open ./nonexistent-dir/trace.log. for tracing" err
'

test_done
