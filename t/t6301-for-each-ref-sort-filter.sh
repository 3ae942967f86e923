#!/usr/bin/env bash
# for-each-ref: --sort, --count, --points-at, --merged/--no-merged,
# --contains/--no-contains, and the newer --exclude, --stdin, --omit-empty.
. "$(dirname "$0")/lib/test-lib.sh"
. "$GRIT_SOURCE_DIR/t/lib/refs-fixture.sh"

test_setup 'repository with packed and loose refs' '
	make_refs_repo repo && cd repo
'

test_expect_success 'sort keys' '
	parity for-each-ref --sort=-refname &&
	parity for-each-ref --sort=objecttype --sort=-objectsize &&
	parity for-each-ref --sort=committerdate &&
	parity for-each-ref --sort=-committerdate --format="%(refname) %(objectname) %(*objectname)" refs/tags &&
	parity for-each-ref --sort=creatordate --sort=authordate &&
	parity for-each-ref --sort=-taggerdate --sort=authorname &&
	parity for-each-ref --sort=v:refname refs/tags &&
	parity for-each-ref --sort=-version:refname refs/tags &&
	parity for-each-ref --sort=numparent --sort=-*objectname &&
	parity for-each-ref --sort=upstream --sort=HEAD --sort=objectname:short &&
	parity for-each-ref --sort=subject --sort=-*authordate &&
	parity for-each-ref --ignore-case --sort=subject:sanitize
'

test_expect_success 'count' '
	parity for-each-ref --count=3 --sort=-refname &&
	parity for-each-ref --count 1 refs/tags &&
	parity for-each-ref --count=0
'

test_expect_success 'points-at' '
	parity for-each-ref --points-at HEAD &&
	parity for-each-ref --points-at v1.0 &&
	parity for-each-ref --points-at HEAD~4 &&
	parity for-each-ref --points-at HEAD~2 --points-at "HEAD^{tree}"
'

test_expect_success 'merged and no-merged' '
	parity for-each-ref --merged HEAD~1 &&
	parity for-each-ref --no-merged HEAD~1 &&
	parity for-each-ref --merged &&
	parity for-each-ref --merged side --merged topic &&
	parity for-each-ref --merged main --no-merged side refs/heads refs/tags
'

test_expect_success 'contains and no-contains' '
	parity for-each-ref --contains HEAD~3 &&
	parity for-each-ref --no-contains HEAD~1 &&
	parity for-each-ref --contains &&
	parity for-each-ref --contains side --contains old &&
	parity for-each-ref --contains HEAD~4 --no-contains HEAD --merged HEAD~1
'

# --exclude is newer than the git under test: it must give the unfiltered
# list minus the excluded refs. exclude_check <regex of excluded lines>
# <exclude options...> [-- <patterns...>]
exclude_check() {
	local filter=$1 excludes=() patterns=()
	shift
	while test $# -gt 0 && test "$1" != "--"; do excludes+=("$1"); shift; done
	test $# -gt 0 && shift
	patterns=("$@")
	git for-each-ref "${patterns[@]}" | grep -v -E "$filter" >expect
	"$GRIT" for-each-ref "${excludes[@]}" "${patterns[@]}" >actual &&
	test_cmp expect actual
}

test_expect_success 'exclude: hierarchies, exact names, globs' '
	exclude_check "	refs/tags/" --exclude=refs/tags &&
	exclude_check "	refs/tags/" --exclude=refs/tags/ &&
	exclude_check "	refs/tags/v1\.0(/|$)" --exclude=refs/tags/v1.0 &&
	exclude_check "	refs/tags/v1" --exclude="refs/tags/v1*" &&
	exclude_check "	refs/(heads|remotes/origin)/" --exclude=refs/heads --exclude refs/remotes/origin &&
	exclude_check "	refs/heads/" --exclude=refs/heads -- refs/heads refs/tags &&
	exclude_check "	refs/tags/v" --exclude="refs/tags/V*" --ignore-case -- refs/tags &&
	exclude_check "	refs/tags/v1" --exclude=refs/tags/v1 --exclude="refs/tags/v1.*" --exclude=refs/tags/v1.10-rc1 &&
	exclude_check "	refs/heads/(loose-one|main)$" --exclude=refs/heads/loose-one --exclude=refs/heads/main
'

test_expect_success 'exclude with loose and packed copies of the same hierarchy' '
	git update-ref refs/tags/v1.9 HEAD &&
	exclude_check "	refs/tags/" --exclude=refs/tags &&
	exclude_check "	refs/notes/" --exclude=refs/notes
'

test_expect_success 'stdin patterns' '
	printf "refs/heads\nrefs/tags/v1*\n" >patterns &&
	git for-each-ref refs/heads "refs/tags/v1*" >expect &&
	"$GRIT" for-each-ref --stdin <patterns >actual &&
	test_cmp expect actual &&
	"$GRIT" for-each-ref --stdin <&- </dev/null >actual && git for-each-ref >expect && test_cmp expect actual &&
	test_expect_code() { "$@"; test $? -eq 128; } &&
	"$GRIT" for-each-ref --stdin refs/heads </dev/null 2>err; test $? -eq 128 &&
	echo "fatal: unknown arguments supplied with --stdin" >expect && test_cmp expect err
'

test_expect_success 'omit-empty' '
	git for-each-ref --format="%(if)%(symref)%(then)%(refname)%(end)" | grep -v "^$" >expect &&
	"$GRIT" for-each-ref --omit-empty --format="%(if)%(symref)%(then)%(refname)%(end)" >actual &&
	test_cmp expect actual
'

# %(ahead-behind:X) is newer than the git under test: it must agree with
# rev-list --left-right --count for every ref that is a commit.
test_expect_success 'ahead-behind' '
	for base in HEAD~1 topic side v1.0; do
		for r in $(git for-each-ref --format="%(refname)"); do
			if c=$(git rev-parse -q --verify "$r^{commit}"); then
				echo "$r $(git rev-list --count --left-right "$c...$base" | tr "\t" " ")"
			else
				echo "$r "
			fi
		done >expect &&
		"$GRIT" for-each-ref --format="%(refname) %(ahead-behind:$base)" >actual &&
		test_cmp expect actual || return 1
	done &&
	{ "$GRIT" for-each-ref --format="%(ahead-behind)" 2>err; test $? -eq 128; } &&
	echo "fatal: expected format: %(ahead-behind:<committish>)" >expect && test_cmp expect err &&
	{ "$GRIT" for-each-ref --format="%(ahead-behind:nope)" 2>err; test $? -eq 128; } &&
	echo "fatal: failed to find '"'"'nope'"'"'" >expect && test_cmp expect err
'

test_done
