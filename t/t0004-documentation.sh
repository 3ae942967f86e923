#!/usr/bin/env bash
# Every command grit implements has its manual page, Documentation/grit-<cmd>.md:
# the man-page sections in order, git's one-line description in NAME, every
# long option of `grit <cmd> -h` in OPTIONS, and a link from README.md.
# A command added without a page fails here by name ("grit-<cmd>.md: ...").
. "$(dirname "$0")/lib/test-lib.sh"

DOC=$GRIT_SOURCE_DIR/Documentation
SECTIONS='NAME SYNOPSIS DESCRIPTION OPTIONS EXAMPLES DIFFERENCES_FROM_GIT SEE_ALSO'

test_setup 'the commands grit implements' '
	"$GRIT" --list-cmds=builtins >commands &&
	test -s commands &&
	git help -a >git-help &&
	git init -q repo
'
# How groff spells the en and em dashes pandoc makes of "--" and "---".
printf '%s\n' '\[en]' '\[em]' >"$TRASH/dashes"

# The long options a usage text names: "--name", "--name=<v>", "--name[=<v>]",
# and "--[no-]name" (printed as "[no-]name").
long_options() {
	grep -o -e "--\(\[no-\]\)\?[a-z0-9][a-z0-9-]*" | sed "s/^--//" | sort -u
}

# The text of one level-1 section of a page.
section() {
	awk -v want="# $2" '/^# / { on = ($0 == want); next } on' "$1"
}

test_expect_success 'every command has a page' '
	missing= &&
	while read -r c; do
		test -f "$DOC/grit-$c.md" || missing="$missing grit-$c.md"
	done <commands &&
	test -z "$missing" || { echo "missing pages:$missing"; return 1; }
'

test_expect_success 'each page has the man-page sections, in order' '
	rc=0 &&
	while read -r c; do
		page=$DOC/grit-$c.md &&
		test -f "$page" || continue
		sed -n "s/^# //p" "$page" | tr " " _ | tr "\n" " " | sed "s/ $//" >found &&
		test "$(cat found)" = "$SECTIONS" ||
			{ echo "grit-$c.md: sections \"$(cat found)\", want \"$SECTIONS\""; rc=1; }
	done <commands &&
	return $rc
'

test_expect_success 'NAME is grit-<cmd> and git'"'"'s one-line description' '
	rc=0 &&
	while read -r c; do
		page=$DOC/grit-$c.md &&
		test -f "$page" || continue
		name=$(section "$page" NAME | sed "/^$/d") &&
		case "$name" in
		"grit-$c - "?*) ;;
		*) echo "grit-$c.md: NAME is \"$name\""; rc=1; continue ;;
		esac
		desc=$(sed -n "s/^   $c  *//p" git-help) &&
		if test -n "$desc" && test "$name" != "grit-$c - $desc"; then
			echo "grit-$c.md: NAME \"$name\", git says \"$desc\""; rc=1
		fi
	done <commands &&
	return $rc
'

test_expect_success 'OPTIONS names every long option of grit <cmd> -h' '
	rc=0 &&
	while read -r c; do
		page=$DOC/grit-$c.md &&
		test -f "$page" || continue
		(cd repo && "$GRIT" "$c" -h) >usage 2>&1
		grep -q "^usage: git $c" usage || { echo "grit $c -h printed no usage:"; cat usage; rc=1; continue; }
		section "$page" OPTIONS >options &&
		for opt in $(long_options <usage); do
			case "$opt" in
			"[no-]"*) name=${opt#\[no-\]}; pattern="--$name\|--\[no-\]$name" ;;
			no-*) name=${opt#no-}; pattern="--no-$name\|--\[no-\]$name" ;;
			*) pattern="--$opt\|--\[no-\]$opt" ;;
			esac
			grep -q -e "\($pattern\)\([^a-z0-9-]\|$\)" options ||
				{ echo "grit-$c.md: OPTIONS does not mention --$opt"; rc=1; }
		done
	done <commands &&
	return $rc
'

test_expect_success 'README.md links every page from its command table' '
	rc=0 &&
	while read -r c; do
		grep -q "](Documentation/grit-$c.md)" "$GRIT_SOURCE_DIR/README.md" ||
			{ echo "README.md does not link Documentation/grit-$c.md"; rc=1; }
	done <commands &&
	return $rc
'

test_expect_success 'README.md links the documents it names' '
	rc=0 &&
	for target in $(grep -o "](Documentation/[^)]*)" "$GRIT_SOURCE_DIR/README.md" | sed "s/^](//; s/)$//"); do
		test -f "$GRIT_SOURCE_DIR/$target" || { echo "README.md links missing $target"; rc=1; }
	done &&
	return $rc
'

if command -v pandoc >/dev/null; then
	test_expect_success 'pandoc (as CMake runs it) makes a manual page with its sections and options intact' '
		rc=0 &&
		while read -r c; do
			page=$DOC/grit-$c.md &&
			test -f "$page" || continue
			pandoc --from markdown-smart --standalone --to man --metadata title="GRIT-$c" \
				--metadata section=1 "$page" -o page.1 2>pandoc.err &&
			test ! -s pandoc.err &&
			grep -q "^\.SH OPTIONS" page.1 && grep -q "^\.SH \"\?DIFFERENCES FROM GIT" page.1 ||
				{ echo "grit-$c.md: pandoc failed or lost sections"; cat pandoc.err; rc=1; }
			# Options must survive as typed: no "--" turned into a dash.
			! grep -n -F -f "$TRASH/dashes" page.1 || { echo "grit-$c.md: a dash in the manual page"; rc=1; }
		done <commands &&
		return $rc
	'
fi

test_done
