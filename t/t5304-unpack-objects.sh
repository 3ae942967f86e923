#!/usr/bin/env bash
# git unpack-objects: the loose objects written for packs git made (offset
# and ref deltas, SHA-256, a thin pack against the repository), -n, -q, -r,
# --strict, and git's messages and exit status for damaged packs.
. "$(dirname "$0")/lib/test-lib.sh"

# unpack <init-args> <pack> <args...>: unpack-objects into two fresh
# repositories; same output, status and loose objects, and git fsck passes.
unpack() {
	local init=$1 pack=$2
	case $pack in /*) ;; *) pack=$TRASH/$pack ;; esac
	shift 2
	rm -rf gu ru && git init -q $init gu && git init -q $init ru &&
	(cd gu && "$REAL_GIT" unpack-objects "$@" <"$pack" >../g.out 2>../g.err; echo $? >../g.rc) &&
	(cd ru && "$GRIT" unpack-objects "$@" <"$pack" >../r.out 2>../r.err; echo $? >../r.rc) &&
	test_cmp g.rc r.rc && test_cmp g.out r.out && test_cmp g.err r.err &&
	same_objects gu ru
}

# same_objects <repo-a> <repo-b>: the same loose object files, byte for byte.
same_objects() {
	(cd "$1/.git/objects" && find . -path "./??/*" -type f | sort) >objs.a &&
	(cd "$2/.git/objects" && find . -path "./??/*" -type f | sort) >objs.b &&
	test_cmp objs.a objs.b || return 1
	local f
	for f in $(cat objs.a); do cmp "$1/.git/objects/$f" "$2/.git/objects/$f" || return 1; done
}

test_setup 'packs made by git' '
	make_history repo 20 &&
	(cd repo && git repack -adfq) &&
	cp repo/.git/objects/pack/*.pack ofs.pack &&
	make_history refs 8 &&
	(cd refs && git -c repack.useDeltaBaseOffset=false repack -adfq) &&
	cp refs/.git/objects/pack/*.pack ref.pack &&
	git init -q --object-format=sha256 sha256 &&
	(cd sha256 && for i in $(seq 1 8); do seq 1 $((i * 20)) >f && git add f && git commit -qm $i; done &&
	 git repack -adfq) &&
	cp sha256/.git/objects/pack/*.pack sha256.pack &&
	size=$(stat -c %s ofs.pack)
'

test_expect_success 'offset deltas' 'unpack "" ofs.pack && git -C ru fsck --no-dangling'
test_expect_success 'ref deltas' 'unpack "" ref.pack && git -C ru fsck --no-dangling'
test_expect_success 'SHA-256' 'unpack --object-format=sha256 sha256.pack && git -C ru fsck --no-dangling'
test_expect_success '-n writes nothing' 'unpack "" ofs.pack -n'
test_expect_success '-q' 'unpack "" ofs.pack -q'
test_expect_success '--strict on a good pack' 'unpack "" ofs.pack --strict && git -C ru fsck --no-dangling'
test_expect_success 'objects already present are kept' '
	rm -rf gu ru && cp -r repo gu && cp -r repo ru &&
	(cd gu && git unpack-objects <../ofs.pack >../g.out 2>../g.err; echo $? >../g.rc) &&
	(cd ru && "$GRIT" unpack-objects <../ofs.pack >../r.out 2>../r.err; echo $? >../r.rc) &&
	test_cmp g.rc r.rc && test_cmp g.err r.err && same_objects gu ru
'
test_expect_success 'a thin pack resolves against the repository' '
	(cd repo && git pack-objects -q --thin --stdout --revs >../thin.pack <<-IN
	HEAD
	^HEAD~4
	IN
	) &&
	rm -rf gu ru && git clone -q --no-local --bare repo gu.git &&
	git -C gu.git update-ref refs/heads/main $(git -C repo rev-parse HEAD~4) &&
	git -C gu.git repack -adq && git -C gu.git prune --expire=now && cp -r gu.git ru.git &&
	(cd gu.git && git unpack-objects <../thin.pack >../g.out 2>../g.err; echo $? >../g.rc) &&
	(cd ru.git && "$GRIT" unpack-objects <../thin.pack >../r.out 2>../r.err; echo $? >../r.rc) &&
	test_cmp g.rc r.rc && test_cmp g.err r.err &&
	(cd gu.git/objects && find . -path "./??/*" | sort) >a && (cd ru.git/objects && find . -path "./??/*" | sort) >b &&
	test_cmp a b && git -C ru.git update-ref refs/heads/main $(git -C repo rev-parse HEAD) && git -C ru.git fsck
'
test_expect_success 'a thin pack without its bases' '
	unpack "" thin.pack
'
test_expect_success 'what follows the pack goes to stdout' '
	{ cat ofs.pack; echo after; } >tail.pack && cat tail.pack | (rm -rf gu && git init -q gu && cd gu && git unpack-objects >../g.out) &&
	cat tail.pack | (rm -rf ru && git init -q ru && cd ru && "$GRIT" unpack-objects >../r.out) && test_cmp g.out r.out
'
test_expect_success 'usage' '
	parity unpack-objects -h && parity unpack-objects --bogus && parity unpack-objects somefile
'
test_expect_success 'outside a repository' '
	mkdir -p nowhere && (cd nowhere && GIT_CEILING_DIRECTORIES=$TRASH parity_stdin ../ofs.pack unpack-objects)
'

test_expect_success 'truncated' 'head -c $((size / 2)) ofs.pack >t.pack && unpack "" t.pack'
test_expect_success 'truncated in the header' 'head -c 5 ofs.pack >t0.pack && unpack "" t0.pack'
test_expect_success 'bad signature' 'cp ofs.pack sig.pack && patch_bytes sig.pack 0 4b434150 && unpack "" sig.pack'
test_expect_success 'bad version' 'cp ofs.pack ver.pack && patch_bytes ver.pack 4 00000009 && unpack "" ver.pack'
test_expect_success 'wrong trailer checksum' 'cp ofs.pack sum.pack && flip_byte sum.pack $((size - 1)) && unpack "" sum.pack'
test_expect_success 'a corrupted byte' 'cp ofs.pack c.pack && flip_byte c.pack 40 && unpack "" c.pack'
test_expect_success 'a corrupted byte with -r' 'unpack "" c.pack -r'
test_expect_success 'a corrupted byte with -n' 'unpack "" c.pack -n'
test_expect_success 'count says one less' '
	n=$(od -An -tu4 --endian=big -j8 -N4 ofs.pack | tr -d " ") &&
	cp ofs.pack less.pack && patch_bytes less.pack 8 $(printf %08x $((n - 1))) && unpack "" less.pack
'
test_expect_success 'count says one more' '
	cp ofs.pack more.pack && patch_bytes more.pack 8 $(printf %08x $((n + 1))) && unpack "" more.pack
'

test_setup 'a pack fsck refuses' '
	git init -q bad && (
		cd bad &&
		blob=$(echo hi | git hash-object -w --stdin) &&
		python3 -c "import sys; b = bytes.fromhex(sys.argv[1]); open(\"dup\", \"wb\").write(2 * (b\"100644 a\\0\" + b))" $blob &&
		dup=$(git hash-object -w --literally -t tree dup) &&
		printf "%s\n%s\n" $dup $blob | git pack-objects -q --stdout >../duptree.pack &&
		tree=$(printf "100644 blob %s\tf\n" $blob | git mktree) &&
		git commit-tree -m x $tree | git pack-objects -q --stdout >../notree.pack
	)
'
test_expect_success '--strict refuses a tree with duplicate entries' 'unpack "" duptree.pack --strict'
test_expect_success 'without --strict it is written' 'unpack "" duptree.pack'
test_expect_success '--strict wants what a commit names' 'unpack "" notree.pack --strict'

test_done
