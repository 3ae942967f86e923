#!/usr/bin/env bash
# contrib/bench/make-repo: the same size and seed give the same repository,
# a valid one, with both object stores, merges and tags.

. "$(dirname "$0")/lib/test-lib.sh"

MAKE_REPO=$GRIT_SOURCE_DIR/contrib/bench/make-repo

test_setup 'make-repo --size small twice with the same seed' '
	"$MAKE_REPO" one --size small --seed 7 &&
	"$MAKE_REPO" two --size small --seed 7
'

test_expect_success 'same seed gives the same HEAD and refs' '
	test "$(git -C one rev-parse HEAD)" = "$(git -C two rev-parse HEAD)" &&
	git -C one show-ref >one.refs &&
	git -C two show-ref >two.refs &&
	test_cmp one.refs two.refs
'

test_expect_success 'git fsck is clean' '
	git -C one fsck --strict >fsck.out 2>&1 &&
	test_cmp /dev/null fsck.out
'

test_expect_success 'objects are both packed (with deltas) and loose' '
	git -C one count-objects -v >counts &&
	grep -q "^packs: 1$" counts &&
	test "$(sed -n "s/^count: //p" counts)" -gt 0 &&
	test "$(sed -n "s/^in-pack: //p" counts)" -gt 2000 &&
	git verify-pack -v one/.git/objects/pack/*.idx | grep -q "^chain length = 10:"
'

test_expect_success 'history has merges, annotated tags and several branches' '
	test "$(git -C one rev-list --merges --count --all)" -gt 5 &&
	test "$(git -C one for-each-ref --format="%(objecttype)" refs/tags | grep -c tag)" -gt 2 &&
	test "$(git -C one for-each-ref refs/heads | wc -l)" -gt 5
'

test_expect_success 'tree has executables, a symlink, a gitlink and quoted paths' '
	git -C one ls-tree -r HEAD >tree &&
	grep -q "^100755 blob" tree &&
	grep -q "^120000 blob" tree &&
	grep -q "^160000 commit" tree &&
	grep -q "^100644 blob [0-9a-f]*	\"" tree
'

test_expect_success 'another seed gives another history' '
	"$MAKE_REPO" three --size small --seed 8 >/dev/null &&
	test "$(git -C one rev-parse HEAD)" != "$(git -C three rev-parse HEAD)"
'

test_expect_success 'refuses a non-empty directory' '
	mkdir full && echo x >full/file &&
	! "$MAKE_REPO" full 2>err &&
	grep -q "exists and is not empty" err
'

test_done
