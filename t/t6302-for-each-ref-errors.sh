#!/usr/bin/env bash
# for-each-ref: bad options, bad formats and broken repositories.
. "$(dirname "$0")/lib/test-lib.sh"
. "$GRIT_SOURCE_DIR/t/lib/refs-fixture.sh"

test_setup 'repository with packed and loose refs' '
	make_refs_repo repo && cd repo
'

test_expect_success 'bad options' '
	parity for-each-ref -h &&
	parity for-each-ref --bogus &&
	parity for-each-ref --count=x &&
	parity for-each-ref --count=-1 &&
	parity for-each-ref -s -p &&
	parity for-each-ref --python --tcl &&
	parity for-each-ref --color=bad &&
	parity for-each-ref --format &&
	parity for-each-ref --sort=foo &&
	parity for-each-ref --sort=-authordate:bad
'

test_expect_success 'bad revisions' '
	parity for-each-ref --merged nope &&
	parity for-each-ref --merged "HEAD^{tree}" &&
	parity for-each-ref --no-merged nope &&
	parity for-each-ref --contains nope &&
	parity for-each-ref --contains "HEAD^{tree}" &&
	parity for-each-ref --no-contains "HEAD:f" &&
	parity for-each-ref --points-at nope
'

test_expect_success 'bad formats' '
	for f in "%(foo)" "%(foo:x)" "%()" "%(*bar)" "%(refname" "x%(refname:foo)" "%(refname:lstrip=x)" \
		"%(objectname:short=0)" "%(objectname:short=x)" "%(objectname:bar)" "%(objecttype:x)" "%(deltabase:x)" \
		"%(objectsize:x)" "%(authoremail:x)" "%(authordate:x)" "%(upstream:x)" "%(upstream:track,x)" "%(push:foo)" \
		"%(symref:x)" "%(tree:x)" "%(parent:x)" "%(contents:x)" "%(contents:lines=-1)" "%(subject:x)" "%(body:x)" \
		"%(raw:x)" "%(rest)" "%(align)" "%(align:x)" "%(align:-3)" "%(align:width=x)" "%(align:left)" \
		"%(align:position=x,5)" "%(align:5,x)" "%(align:0)" "%(if:x)" "%(if:equals)" "%(color)" "%(color:foo)" \
		"%(color:red blue green)" "%(end)" "%(if)x" "%(if)%(else)" "%(if)%(then)%(then)%(end)" \
		"%(if)%(then)%(else)%(else)%(end)" "%(if)%(else)%(then)%(end)" "%(then)" "%(else)" "%(then:x)" \
		"%(numparent:x)%(tag:x)%(HEAD:x)%(creator:x)"; do
		parity for-each-ref --format="$f" || return 1
	done
'

test_expect_success 'format errors need a ref to show up' '
	parity for-each-ref --format="%(end)" refs/nothing
'

test_expect_success 'ref with garbage, ref with a bad name' '
	echo garbage >.git/refs/heads/garbage &&
	parity for-each-ref &&
	parity for-each-ref --format="%(refname)" &&
	rm .git/refs/heads/garbage &&
	cp .git/refs/heads/loose-one ".git/refs/heads/bad..name" &&
	parity for-each-ref &&
	rm ".git/refs/heads/bad..name"
'

test_expect_success 'ref pointing at a missing object' '
	echo 0123456789012345678901234567890123456789 >.git/refs/heads/missing &&
	parity for-each-ref --format="%(refname)" &&
	parity for-each-ref &&
	parity for-each-ref --sort=objectsize --format="%(refname)" &&
	parity for-each-ref --contains HEAD &&
	rm .git/refs/heads/missing &&
	echo 0123456789012345678901234567890123456789 >.git/refs/tags/zzz &&
	parity for-each-ref &&
	rm .git/refs/tags/zzz
'

test_expect_success 'symbolic ref loops and dangling symbolic refs' '
	git symbolic-ref refs/heads/loop1 refs/heads/loop2 &&
	git symbolic-ref refs/heads/loop2 refs/heads/loop1 &&
	git symbolic-ref refs/heads/dangling refs/heads/nowhere &&
	parity for-each-ref &&
	parity for-each-ref --format="%(refname) %(symref)" &&
	rm .git/refs/heads/loop1 .git/refs/heads/loop2 .git/refs/heads/dangling
'

test_expect_success 'malformed packed-refs' '
	cp .git/packed-refs packed-refs.good &&
	echo "bogus line" >>.git/packed-refs &&
	parity for-each-ref &&
	cp packed-refs.good .git/packed-refs &&
	printf "%s" "$(git rev-parse HEAD) refs/heads/unterminated" >>.git/packed-refs &&
	parity for-each-ref &&
	cp packed-refs.good .git/packed-refs
'

test_expect_success 'outside a repository' '
	(cd "$TRASH" && GIT_CEILING_DIRECTORIES="$TRASH" parity for-each-ref)
'

test_done
