#!/usr/bin/env bash
# show-ref: listing, filtering, --verify, --exclude-existing, --exists.
. "$(dirname "$0")/lib/test-lib.sh"
. "$GRIT_SOURCE_DIR/t/lib/refs-fixture.sh"

test_setup 'repository with packed and loose refs' '
	make_refs_repo repo && cd repo
'

test_expect_success 'listing' '
	parity show-ref &&
	parity show-ref --heads &&
	parity show-ref --tags &&
	parity show-ref --heads --tags &&
	parity show-ref --head &&
	parity show-ref --head main --tags &&
	parity show-ref -q
'

test_expect_success 'dereference, hash, abbrev' '
	parity show-ref -d &&
	parity show-ref --dereference --tags v1.0 v1.0-wrap treetag blobtag &&
	parity show-ref -s &&
	parity show-ref --hash=9 -d &&
	parity show-ref --hash=2 &&
	parity show-ref --abbrev &&
	parity show-ref --abbrev=5 -d &&
	parity show-ref --abbrev=2 &&
	parity show-ref --abbrev=99 &&
	parity -c core.abbrev=12 show-ref --abbrev
'

test_expect_success 'patterns match whole trailing components' '
	parity show-ref main &&
	parity show-ref origin/main &&
	parity show-ref ain &&
	parity show-ref heads/main tags/v1.0 &&
	parity show-ref refs/heads/main &&
	parity show-ref nope &&
	parity show-ref --tags main
'

test_expect_success 'verify' '
	parity show-ref --verify refs/heads/main HEAD &&
	parity show-ref --verify -d refs/tags/v1.0-wrap &&
	parity show-ref --verify -s refs/tags/v1.0 &&
	parity show-ref --verify main &&
	parity show-ref --verify -q main &&
	parity show-ref --verify &&
	parity show-ref --verify refs/heads/main refs/heads/nope &&
	parity show-ref --verify -q refs/heads/main refs/heads/nope &&
	parity show-ref --verify refs/remotes/origin/HEAD
'

test_expect_success 'exclude-existing' '
	printf "x refs/heads/main\nx refs/heads/new\nrefs/tags/v1.0^{}\nrefs/tags/new^{}\nbad..ref\n" >input &&
	parity_stdin input show-ref --exclude-existing &&
	parity_stdin input show-ref --exclude-existing=refs/heads/n &&
	parity_stdin input show-ref --exclude-existing=refs/tags
'

# --exists is newer than the git under test (2.43): documented behaviour.
test_expect_success 'exists' '
	"$GRIT" show-ref --exists refs/heads/main &&
	"$GRIT" show-ref --exists refs/remotes/origin/HEAD &&
	"$GRIT" show-ref --exists HEAD &&
	{ "$GRIT" show-ref --exists refs/heads/nope 2>err; test $? -eq 2; } &&
	echo "error: reference does not exist" >expect && test_cmp expect err &&
	{ "$GRIT" show-ref --exists 2>err; test $? -eq 129; } &&
	git symbolic-ref refs/heads/dangling refs/heads/nowhere &&
	"$GRIT" show-ref --exists refs/heads/dangling &&
	rm .git/refs/heads/dangling
'

test_expect_success 'options' '
	parity show-ref -h &&
	parity show-ref --bogus &&
	parity show-ref --abbrev=x &&
	parity show-ref --hash=x
'

test_expect_success 'broken refs' '
	echo garbage >.git/refs/heads/garbage &&
	parity show-ref &&
	parity show-ref --verify refs/heads/garbage &&
	rm .git/refs/heads/garbage &&
	echo 0123456789012345678901234567890123456789 >.git/refs/heads/missing &&
	parity show-ref &&
	parity show-ref --verify refs/heads/missing &&
	rm .git/refs/heads/missing &&
	git symbolic-ref refs/heads/loop1 refs/heads/loop2 &&
	git symbolic-ref refs/heads/loop2 refs/heads/loop1 &&
	parity show-ref &&
	parity show-ref --verify refs/heads/loop1 &&
	rm .git/refs/heads/loop1 .git/refs/heads/loop2 &&
	cp .git/packed-refs packed-refs.good &&
	echo "bogus line" >>.git/packed-refs &&
	parity show-ref &&
	cp packed-refs.good .git/packed-refs
'

test_done
