#!/usr/bin/env bash
# -Z (git 2.42: NUL-delimited input and output) and %(objectmode) (git 2.45),
# checked against git's documentation since git 2.39 does not have them, and
# answering each request of a pipe at once, as libraries driving
# `cat-file --batch` expect.
. "$(dirname "$0")/lib/test-lib.sh"

test_setup 'repository' '
	git init -q repo && cd repo &&
	printf "one" >a && printf "two\nlines" >"with
newline" && git add -A && git commit -q -m one &&
	head=$(git rev-parse HEAD) && a=$(git rev-parse HEAD:a) &&
	nl=$(git rev-parse "HEAD:with
newline")
'

test_expect_success '-Z: --batch-check records and failures end in NUL' '
	printf "HEAD\0nosuch\0HEAD:with\nnewline\0" | "$GRIT" cat-file --batch-check -Z >actual &&
	printf "%s commit %s\0nosuch missing\0%s blob 9\0" $head $(git cat-file -s HEAD) $nl >expect &&
	cmp expect actual
'

test_expect_success '-Z: --batch contents end in NUL too' '
	printf "HEAD:a\0HEAD:with\nnewline\0" | "$GRIT" cat-file --batch -Z >actual &&
	printf "%s blob 3\0one\0%s blob 9\0two\nlines\0" $a $nl >expect &&
	cmp expect actual
'

test_expect_success '-Z: --batch-command reads NUL-terminated commands' '
	printf "info HEAD:a\0contents HEAD:a\0info nosuch\0" | "$GRIT" cat-file --batch-command -Z >actual &&
	printf "%s blob 3\0%s blob 3\0one\0nosuch missing\0" $a $a >expect &&
	cmp expect actual
'

test_expect_success '-Z: follow-symlinks records' '
	ln -s nowhere dangle && git add dangle && git commit -q -m link &&
	printf "HEAD:dangle\0" | "$GRIT" cat-file --batch-check -Z --follow-symlinks >actual &&
	printf "dangling 11\0HEAD:dangle\0" >expect &&
	cmp expect actual
'

test_expect_success '-Z without a batch mode is a usage error' '
	{ "$GRIT" cat-file -Z -t HEAD 2>err; test $? -eq 129; } &&
	grep -q "^fatal: '"'"'-Z'"'"' requires a batch mode" err
'

test_expect_success '%(objectmode) (newer git): the tree entry mode, empty otherwise' '
	mkdir -p d && echo x >d/x && git add d && git commit -q -m d &&
	printf "HEAD:a\nHEAD:dangle\nHEAD:d\nHEAD\n" | "$GRIT" cat-file --batch-check="%(objectmode)|%(objecttype)" >actual &&
	printf "100644|blob\n120000|blob\n040000|tree\n|commit\n" >expect &&
	test_cmp expect actual
'

# ask <request>: writes one request to the running cat-file and reads one
# line of answer, failing if none comes within 5 seconds.
ask() {
	printf "%s\n" "$1" >&"${CATFILE[1]}" &&
	IFS= read -r -t 5 answer <&"${CATFILE[0]}" &&
	echo "$answer"
}

test_expect_success 'each --batch-check request is answered before the next is sent' '
	coproc CATFILE { "$GRIT" cat-file --batch-check; } &&
	test "$(ask HEAD)" = "$(git rev-parse HEAD) commit $(git cat-file -s HEAD)" &&
	test "$(ask nosuch)" = "nosuch missing" &&
	test "$(ask HEAD:a)" = "$a blob 3" &&
	exec {CATFILE[1]}>&- && wait
'

test_expect_success '--batch-command answers at once, or at flush with --buffer' '
	coproc CATFILE { "$GRIT" cat-file --batch-command; } &&
	test "$(ask "info HEAD:a")" = "$a blob 3" &&
	exec {CATFILE[1]}>&- && wait &&
	coproc CATFILE { "$GRIT" cat-file --batch-command --buffer; } &&
	printf "info HEAD:a\n" >&"${CATFILE[1]}" &&
	! IFS= read -r -t 1 answer <&"${CATFILE[0]}" &&
	test "$(ask flush)" = "$a blob 3" &&
	exec {CATFILE[1]}>&- && wait
'

test_done
