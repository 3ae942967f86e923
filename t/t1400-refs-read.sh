#!/usr/bin/env bash
# Reading refs (loose, packed, symbolic, per-worktree) through rev-parse.
. "$(dirname "$0")/lib/test-lib.sh"

REVS="HEAD main topic v1 v1^{} light refs/heads/main heads/topic tags/v1 alias"

test_setup 'repository with branches and tags' '
	make_history repo 3 &&
	cd repo &&
	git branch topic HEAD~1 &&
	git tag -a -m "annotated" v1 HEAD~2 &&
	git tag light HEAD~1 &&
	git symbolic-ref refs/heads/alias refs/heads/topic &&
	git update-ref refs/remotes/origin/main HEAD~1 &&
	git symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/main
'

test_expect_success 'loose refs' '
	parity rev-parse $REVS &&
	parity rev-parse --symbolic-full-name $REVS &&
	parity rev-parse --abbrev-ref HEAD alias origin &&
	parity rev-parse --all &&
	parity rev-parse --branches --tags --remotes
'

test_expect_success 'packed refs with peeled tags' '
	git pack-refs --all &&
	parity rev-parse $REVS &&
	parity rev-parse --symbolic-full-name $REVS &&
	parity rev-parse --all &&
	parity rev-parse --branches=t* --tags=v*
'

test_expect_success 'loose refs override packed ones' '
	git update-ref refs/heads/topic HEAD &&
	git update-ref refs/heads/newer HEAD~2 &&
	parity rev-parse topic newer &&
	parity rev-parse --all
'

test_expect_success 'detached HEAD' '
	git checkout -q --detach HEAD~1 &&
	parity rev-parse HEAD &&
	parity rev-parse --symbolic-full-name HEAD &&
	parity rev-parse --abbrev-ref HEAD &&
	git checkout -q main
'

test_expect_success 'unborn branch' '
	git init -q ../unborn &&
	parity -C ../unborn rev-parse --symbolic-full-name HEAD &&
	parity -C ../unborn rev-parse --verify -q HEAD &&
	parity -C ../unborn rev-parse HEAD
'

test_setup 'broken and dangling refs' '
	echo garbage >.git/refs/heads/broken &&
	git symbolic-ref refs/heads/dangling refs/heads/nowhere &&
	git symbolic-ref refs/heads/to-broken refs/heads/broken &&
	git rev-parse HEAD >.git/refs/heads/a..b &&
	git rev-parse HEAD >.git/refs/heads/main.lock
'
test_expect_success 'broken refs are listed, dangling ones are not' '
	parity rev-parse --all &&
	GIT_REF_PARANOIA=0 parity rev-parse --all &&
	parity rev-parse --branches
'
test_expect_success 'broken and dangling refs by name' '
	parity rev-parse --verify broken &&
	parity rev-parse --verify dangling &&
	parity rev-parse --verify to-broken &&
	parity rev-parse --verify refs/heads/a..b &&
	parity rev-parse broken
'
test_setup 'remove the broken refs' '
	rm .git/refs/heads/broken .git/refs/heads/dangling .git/refs/heads/to-broken \
		.git/refs/heads/a..b .git/refs/heads/main.lock
'

test_expect_success 'malformed packed-refs' '
	cp .git/packed-refs packed.good &&
	echo "garbage line" >>.git/packed-refs &&
	parity rev-parse --verify v1 &&
	parity rev-parse --all &&
	cp packed.good .git/packed-refs && printf abc >>.git/packed-refs &&
	parity rev-parse --verify v1 &&
	cp packed.good .git/packed-refs && sed -i "1s/^# pack-refs with:/# foo/" .git/packed-refs &&
	parity rev-parse --verify v1 &&
	cp packed.good .git/packed-refs
'

test_expect_success 'packed-refs without a header or sorting' '
	grep -v "^#" packed.good | sort -r -k2 >.git/packed-refs.tmp &&
	mv .git/packed-refs.tmp .git/packed-refs &&
	parity rev-parse v1 light refs/heads/main &&
	parity rev-parse --all &&
	cp packed.good .git/packed-refs
'

test_expect_success 'linked worktree HEAD' '
	git worktree add -q ../wt topic &&
	parity -C ../wt rev-parse HEAD main --symbolic-full-name HEAD &&
	parity -C ../wt rev-parse --all
'

test_expect_success 'from a subdirectory and from inside .git' '
	parity -C src rev-parse HEAD v1^{} --all &&
	parity -C .git rev-parse HEAD v1^{} &&
	parity -C .git/refs rev-parse HEAD topic
'

test_done
