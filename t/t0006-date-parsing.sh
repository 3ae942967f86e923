#!/usr/bin/env bash
# Dates given to options (--since, --until, --expire…): git's strict formats
# and its approximate reading, compared through rev-parse --since/--until,
# which print the moment as rev-list's --max-age/--min-age, at fixed "now"s
# (GIT_TEST_DATE_NOW) and in several time zones.
. "$(dirname "$0")/lib/test-lib.sh"

test_setup 'repository' '
	make_history repo 1 && cd repo
'

dates=(
	"now" "never" "yesterday" "2.weeks.ago" "5.minutes.ago" "3 days 2 hours ago" "1 month ago"
	"2 years ago" "one week ago" "last friday" "last monday" "noon yesterday" "midnight" "tea"
	"5pm" "yesterday 3am" "12:30" "2 weeks 3 days ago" "december" "Nov 3" "3 Nov 2022"
	"2005-04-07 22:13:13 +0200" "2005-04-07T22:13:13Z" "2023-11-01T10:00:00" "2023-11-10 12:30"
	"Thu, 7 Apr 2005 22:13:13 +0200" "Thu Apr 7 22:13:13 2005 -0700" "@1700000000 +0100" "@1234"
	"1700000000 +0100" "1112911993" "2023-01-05" "20231110" "10/11/2023" "11.10.2023" "1.5.2023"
	"05/01/23" "1969" "2100-01-01" "garbage" "" "3 PM" "7 Apr 2005 PST" "Apr 7 2005 10am EST"
	"1 hour ago" "10 seconds ago" "last week" "2 mondays ago" "sunday" "ten days ago"
)

test_expect_success 'rev-parse --since and --until read every date as git does' '
	for tz in UTC America/New_York Europe/Berlin Asia/Kolkata; do
		for now in 1700000000 1690000000 1112911993; do
			args=()
			for d in "${dates[@]}"; do args+=("--since=$d" "--until=$d"); done
			TZ=$tz GIT_TEST_DATE_NOW=$now parity rev-parse "${args[@]}" ||
			{ echo "^ TZ=$tz now=$now"; return 1; }
		done
	done
'

test_expect_success '--after and --before are the same options, shown only with flags and revisions' '
	GIT_TEST_DATE_NOW=1700000000 parity rev-parse --after=yesterday --before=2.weeks.ago &&
	GIT_TEST_DATE_NOW=1700000000 parity rev-parse --revs-only --since=yesterday HEAD &&
	GIT_TEST_DATE_NOW=1700000000 parity rev-parse --no-flags --since=yesterday HEAD
'

test_done
