#!/usr/bin/env bash
# multi-pack-index write and verify: files byte-identical to git's (duplicates
# resolved toward the preferred pack, then the newest pack), git's messages
# for damaged files, and git and grit reading objects through the result.
. "$(dirname "$0")/lib/test-lib.sh"

MIDX=.git/objects/pack/multi-pack-index

# midx_same <repo> <args...>: git and grit write from copies of <repo>; the
# files, stdout, stderr and exit status must be identical.
midx_same() {
	local repo=$1
	shift
	rm -rf "$TRASH/mg" "$TRASH/ms"
	cp -a "$repo" "$TRASH/mg" && cp -a "$repo" "$TRASH/ms" || return 1
	(cd "$TRASH/mg" && "$REAL_GIT" multi-pack-index "$@" <"${MIDX_STDIN:-/dev/null}" >../mg.out 2>../mg.err
	 echo $? >>../mg.out) &&
	(cd "$TRASH/ms" && "$GRIT" multi-pack-index "$@" <"${MIDX_STDIN:-/dev/null}" >../ms.out 2>../ms.err
	 echo $? >>../ms.out) &&
	test_cmp "$TRASH/mg.out" "$TRASH/ms.out" && test_cmp "$TRASH/mg.err" "$TRASH/ms.err" || return 1
	if test "$(tail -1 "$TRASH/mg.out")" = 0; then
		cmp "$TRASH/mg/$MIDX" "$TRASH/ms/$MIDX" &&
		(cd "$TRASH/ms" && "$REAL_GIT" multi-pack-index verify && "$REAL_GIT" fsck --no-dangling >/dev/null)
	elif test -f "$TRASH/mg/$MIDX"; then
		cmp "$TRASH/mg/$MIDX" "$TRASH/ms/$MIDX"
	else
		test ! -f "$TRASH/ms/$MIDX"
	fi
}

test_setup 'repositories with several overlapping packs' '
	make_history repo 8 &&
	(
		cd repo &&
		for i in 1 2 3; do
			echo "more $i" >more$i && git add more$i && git commit -q -m "more $i" && git repack -q || exit 1
		done &&
		git repack -aq &&
		n=0 && for p in .git/objects/pack/*.pack; do
			n=$((n + 1)) && touch -d "$n days ago" $p || exit 1
		done
	) &&
	git init -q --object-format=sha256 repo256 && (
		cd repo256 && for i in 1 2 3; do
			echo $i >f$i && git add f$i && git commit -q -m $i && git repack -q || exit 1
		done
	) &&
	git init -q empty
'

test_expect_success 'usage and subcommand errors as git' '
	cd repo &&
	parity multi-pack-index -h &&
	parity multi-pack-index &&
	parity multi-pack-index bogus &&
	parity multi-pack-index write -h &&
	parity multi-pack-index verify -h &&
	parity multi-pack-index write extra-argument &&
	parity multi-pack-index --no-such-option write
'

test_expect_success 'write: the same bytes as git, with duplicates across packs' '
	midx_same repo write &&
	midx_same repo256 write &&
	midx_same repo --object-dir=.git/objects write
'

test_expect_success 'write --preferred-pack by .pack or .idx name, and an unknown one' '
	oldest=$(cd repo/.git/objects/pack && ls -tr *.pack | head -1) &&
	newest=$(cd repo/.git/objects/pack && ls -t *.idx | head -1) &&
	midx_same repo write --preferred-pack=$oldest || { echo "^ oldest $oldest"; return 1; }
	midx_same repo write --preferred-pack=$newest || { echo "^ newest $newest"; return 1; }
	midx_same repo write --preferred-pack=pack-nope.pack
'

test_expect_success 'write --stdin-packs indexes only the packs named' '
	(cd repo/.git/objects/pack && ls *.idx | head -2) >"$TRASH/two" &&
	MIDX_STDIN="$TRASH/two" midx_same repo write --stdin-packs &&
	MIDX_STDIN=/dev/null midx_same repo write --stdin-packs
'

test_expect_success 'rewrite after new packs arrive: the old choice stands, as git keeps it' '
	rm -rf inc && cp -a repo inc && (cd inc && git multi-pack-index write &&
		echo newer >newer && git add newer && git commit -q -m newer && git repack -q &&
		git repack -aq && touch .git/objects/pack/*.pack) &&
	midx_same inc write &&
	(cd inc && git multi-pack-index write) && midx_same inc write
'

# git 2.39 crashes here (it prefers a pack of the old multi-pack-index that
# it never loaded); grit writes a file git accepts.
test_expect_success 'rewrite preferring a pack the old multi-pack-index names' '
	rm -rf inc2 && cp -a repo inc2 && cd inc2 && git multi-pack-index write &&
	echo newer >newer && git add newer && git commit -q -m newer && git repack -q &&
	first=$(cd .git/objects/pack && ls *.pack | head -1) &&
	"$GRIT" multi-pack-index write --preferred-pack=$first &&
	git multi-pack-index verify && git fsck --no-dangling &&
	git cat-file --batch-check --batch-all-objects >expect &&
	"$GRIT" cat-file --batch-check --batch-all-objects >actual && test_cmp expect actual
'

test_expect_success 'write with no packs fails as git' '
	midx_same empty write
'

test_expect_success 'objects read through grit'"'"'s multi-pack-index, by git and grit' '
	rm -rf read && cp -a repo read && cd read && "$GRIT" multi-pack-index write &&
	parity cat-file --batch-check --batch-all-objects &&
	git rev-list --objects --all | cut -d" " -f1 >ids &&
	parity_stdin ids cat-file --batch
'

test_expect_success 'verify: clean, then each kind of damage, as git reports it' '
	rm -rf v && cp -a repo v && cd v && git multi-pack-index write &&
	cp $MIDX ../good.midx &&
	parity multi-pack-index verify &&
	GIT_PROGRESS_DELAY=0 parity multi-pack-index verify --progress &&
	chmod u+w $MIDX &&
	patch_bytes $MIDX 1400 00000000 && parity multi-pack-index verify &&
	cp ../good.midx $MIDX && size=$(wc -c <$MIDX) && patch_bytes $MIDX $((size - 1)) ff &&
	parity multi-pack-index verify &&
	cp ../good.midx $MIDX && patch_bytes $MIDX 3 78 && parity multi-pack-index verify &&
	cp ../good.midx $MIDX && pack=$(ls .git/objects/pack/*.pack | head -1) && mv $pack ../ &&
	parity multi-pack-index verify && mv ../$(basename $pack) .git/objects/pack/
'

test_expect_success 'write over a damaged multi-pack-index as git does' '
	rm -rf d && cp -a repo d && (cd d && git multi-pack-index write && chmod u+w $MIDX &&
		size=$(wc -c <$MIDX) && patch_bytes $MIDX $((size - 1)) ff) &&
	midx_same d write &&
	(cd d && patch_bytes $MIDX 3 78) &&
	midx_same d write
'

test_done
