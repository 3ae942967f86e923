#!/usr/bin/env bash
# git index-pack on packs git made: the .idx and .rev byte-identical to
# git's (SHA-1 and SHA-256, index versions 1 and 2, 64-bit offsets), -o,
# --keep, --rev-index, --threads, --stdin into a repository, thin packs
# completed with --fix-thin, collisions with existing objects, usage errors.
. "$(dirname "$0")/lib/test-lib.sh"

# listing <dir>: mode, size and name of each file, temporary names normalized.
listing() {
	(cd "$1" && for f in $(ls -A | sort); do
		printf '%s %s %s\n' "$(stat -c %a "$f")" "$(stat -c %s "$f")" "$f"
	done) | sed 's/tmp_\([a-z]*\)_[A-Za-z0-9]\{6\}/tmp_\1_XXXXXX/'
}

# same_files <dir-a> <dir-b>: the same files with the same modes and bytes.
same_files() {
	listing "$1" >"$TRASH/.list.a" && listing "$2" >"$TRASH/.list.b" &&
	test_cmp "$TRASH/.list.a" "$TRASH/.list.b" || return 1
	local f
	for f in $(cd "$1" && ls -A); do
		case $f in tmp_*) continue ;; esac
		cmp "$1/$f" "$2/$f" || return 1
	done
}

# both <pack> <args...>: `index-pack <args> x.pack` by git in g/ and by grit
# in r/ on copies of <pack>; output and the files left must be identical.
both() {
	local pack=$1
	shift
	rm -rf g r && mkdir g r &&
	cp "$pack" g/x.pack && cp "$pack" r/x.pack &&
	(cd g && "$REAL_GIT" index-pack "$@" x.pack >../g.out 2>../g.err; echo $? >../g.rc) &&
	(cd r && "$GRIT" index-pack "$@" x.pack >../r.out 2>../r.err; echo $? >../r.rc) &&
	test_cmp g.rc r.rc && test_cmp g.out r.out && test_cmp g.err r.err && same_files g r
}

# receive <init-args> <pack> <args...>: `index-pack --stdin <args>` into two
# fresh repositories; output and objects/pack must be identical and the
# receiving repository must pass git fsck.
receive() {
	local init=$1 pack=$2
	shift 2
	rm -rf gs rs && git init -q $init gs && git init -q $init rs &&
	(cd gs && "$REAL_GIT" index-pack --stdin "$@" <"$pack" >../g.out 2>../g.err; echo $? >../g.rc) &&
	(cd rs && "$GRIT" index-pack --stdin "$@" <"$pack" >../r.out 2>../r.err; echo $? >../r.rc) &&
	test_cmp g.rc r.rc && test_cmp g.out r.out && test_cmp g.err r.err &&
	same_files gs/.git/objects/pack rs/.git/objects/pack &&
	(cd rs && git fsck --no-dangling 2>&1) &&
	for p in "$TRASH"/rs/.git/objects/pack/*.pack; do git -C rs verify-pack "$p" || return 1; done
}

test_setup 'packs made by git' '
	make_history small 3 &&
	(cd small && git repack -adq) &&
	small=$(ls "$TRASH"/small/.git/objects/pack/*.pack) &&
	make_history deep 40 &&
	(cd deep && git repack -adfq --depth=50 --window=50) &&
	deep=$(ls "$TRASH"/deep/.git/objects/pack/*.pack) &&
	make_history refdelta 8 &&
	(cd refdelta && git -c repack.useDeltaBaseOffset=false repack -adfq) &&
	refdelta=$(ls "$TRASH"/refdelta/.git/objects/pack/*.pack) &&
	git init -q --object-format=sha256 sha256 &&
	(cd sha256 && for i in $(seq 1 12); do seq 1 $((i * 20)) >f && echo $i >g$((i % 3)) &&
	 git add . && git commit -qm $i; done && git repack -adfq) &&
	sha256=$(ls "$TRASH"/sha256/.git/objects/pack/*.pack) &&
	git -C deep pack-objects -q --stdout </dev/null >empty.pack
'

test_expect_success 'a small pack: same .idx and output' 'both "$small"'
test_expect_success 'deep delta chains' 'both "$deep"'
test_expect_success 'ref deltas' 'both "$refdelta"'
test_expect_success 'an empty pack' 'both "$TRASH/empty.pack"'
test_expect_success 'SHA-256 pack, with --object-format outside a repository' '
	both "$sha256" --object-format=sha256
'
test_expect_success 'SHA-256 pack inside a SHA-256 repository' '
	rm -rf in256 && cp -r sha256 in256 && cp "$sha256" in256/x.pack && cp "$sha256" in256/y.pack &&
	(cd in256 && git index-pack x.pack >../g.out && "$GRIT" index-pack y.pack >../r.out) &&
	test_cmp g.out r.out && cmp in256/x.idx in256/y.idx
'
test_expect_success '-o names the index' 'both "$deep" -o other.idx'
test_expect_success '--index-version=1' 'both "$deep" --index-version=1'
test_expect_success '--index-version=2 with 64-bit offsets above 0x100' 'both "$deep" --index-version=2,0x100'
test_expect_success '--index-version=1,<offset> becomes version 2' 'both "$small" --index-version=1,0x200'
test_expect_success 'pack.indexVersion=1' 'both "$deep" -c pack.indexVersion=1 2>/dev/null ||
	{ both "$small" --index-version=1; }'
test_expect_success '--rev-index writes the .rev' 'both "$deep" --rev-index'
test_expect_success '--rev-index on SHA-256' 'both "$sha256" --object-format=sha256 --rev-index'
test_expect_success '--rev-index with -o' 'both "$deep" --rev-index -o y.idx'
test_expect_success 'pack.writeReverseIndex, and --no-rev-index over it' '
	git config --global pack.writeReverseIndex true &&
	both "$deep" && both "$small" --no-rev-index &&
	git config --global --unset pack.writeReverseIndex
'
test_expect_success '--keep and --keep=<msg>' 'both "$small" --keep && both "$small" "--keep=held by test"'
test_expect_success '--threads=1 and --threads=2 give the same index' '
	both "$deep" --threads=1 && both "$deep" --threads=2 && both "$deep" --threads=0
'
test_expect_success '-v shows git'"'"'s progress' '
	both "$deep" -v --threads=1 &&
	both "$deep" -v 2>/dev/null; tr "\r" "\n" <g.err | grep done >g.done &&
	tr "\r" "\n" <r.err | grep done >r.done && test_cmp g.done r.done && same_files g r
'

test_expect_success '--progress-title' 'both "$small" -v --threads=1 --progress-title "Copying objects"'

test_expect_success '--stdin into a repository' 'receive "" "$deep"'
test_expect_success '--stdin of ref deltas' 'receive "" "$refdelta"'
test_expect_success '--stdin into a SHA-256 repository, with its .rev' '
	receive --object-format=sha256 "$sha256" --rev-index
'
test_expect_success '--stdin --keep=<msg> reports keep' 'receive "" "$small" "--keep=fetched"'
test_expect_success '--stdin with a pack name and -o' '
	rm -rf gs rs && git init -q gs && git init -q rs &&
	(cd gs && git index-pack --stdin -o ../g.idx ../g.pack <"$deep" >../g.out) &&
	(cd rs && "$GRIT" index-pack --stdin -o ../r.idx ../r.pack <"$deep" >../r.out) &&
	test_cmp g.out r.out && cmp g.idx r.idx && cmp g.pack r.pack &&
	test "$(stat -c %a g.pack g.idx)" = "$(stat -c %a r.pack r.idx)" &&
	same_files gs/.git/objects/pack rs/.git/objects/pack
'
test_expect_success '--stdin with -o only' '
	rm -rf gs rs && git init -q gs && git init -q rs &&
	(cd gs && git index-pack --stdin -o ../g.idx <"$deep" >../g.out) &&
	(cd rs && "$GRIT" index-pack --stdin -o ../r.idx <"$deep" >../r.out) &&
	test_cmp g.out r.out && cmp g.idx r.idx && same_files gs/.git/objects/pack rs/.git/objects/pack
'
test_expect_success '--stdin passes what follows the pack to stdout' '
	{ cat "$small"; echo trailing; } >with-tail &&
	cat with-tail | (cd small && git index-pack --stdin >../g.out) &&
	rm -rf rs && git init -q rs &&
	cat with-tail | (cd rs && "$GRIT" index-pack --stdin >../r.out) &&
	test_cmp g.out r.out
'
test_expect_success 'objects already in the repository are compared, not rewritten' '
	rm -rf g2 r2 && cp -r deep g2 && cp -r deep r2 &&
	(cd g2 && git index-pack --stdin <"$deep" >../g.out 2>../g.err) &&
	(cd r2 && "$GRIT" index-pack --stdin <"$deep" >../r.out 2>../r.err) &&
	test_cmp g.out r.out && test_cmp g.err r.err &&
	same_files g2/.git/objects/pack r2/.git/objects/pack
'

test_setup 'a thin pack' '
	make_history thin 12 &&
	(cd thin && git pack-objects -q --thin --stdout --revs >../thin.pack <<-IN
	HEAD
	^HEAD~3
	IN
	) &&
	git clone -q --no-local --bare thin base && git -C base update-ref refs/heads/main $(git -C thin rev-parse HEAD~3) &&
	git -C base repack -adq && git -C base prune --expire=now
'
receive_thin() {
	rm -rf gs rs && cp -r base gs && cp -r base rs &&
	(cd gs && "$REAL_GIT" index-pack --stdin "$@" <../thin.pack >../g.out 2>../g.err; echo $? >../g.rc) &&
	(cd rs && "$GRIT" index-pack --stdin "$@" <../thin.pack >../r.out 2>../r.err; echo $? >../r.rc) &&
	test_cmp g.rc r.rc && test_cmp g.out r.out && test_cmp g.err r.err &&
	same_files gs/objects/pack rs/objects/pack
}
test_expect_success '--fix-thin completes a thin pack as git does' '
	receive_thin --fix-thin && git -C rs fsck --no-dangling &&
	for p in "$TRASH"/rs/objects/pack/*.pack; do git -C rs verify-pack "$p" || exit 1; done
'
test_expect_success '--fix-thin with -v says how many local objects completed it' 'receive_thin --fix-thin -v'
test_expect_success 'a thin pack without --fix-thin has unresolved deltas' 'receive_thin'
test_expect_success '--fix-thin --rev-index' 'receive_thin --fix-thin --rev-index'

test_expect_success 'an existing object with other bytes is a collision' '
	blob=$(git -C small rev-parse HEAD:docs/readme.txt) &&
	rm -rf gc rc && git init -q gc &&
	other=$(echo other | git -C gc hash-object -w --stdin) &&
	dir=gc/.git/objects/$(echo $blob | cut -c1-2) && mkdir -p $dir &&
	cp gc/.git/objects/$(echo $other | cut -c1-2)/$(echo $other | cut -c3-) $dir/$(echo $blob | cut -c3-) &&
	cp -r gc rc &&
	(cd gc && "$REAL_GIT" index-pack --stdin <"$small" >../g.out 2>../g.err; echo $? >../g.rc) &&
	(cd rc && "$GRIT" index-pack --stdin <"$small" >../r.out 2>../r.err; echo $? >../r.rc) &&
	test_cmp g.rc r.rc && test_cmp g.err r.err && grep "COLLISION FOUND WITH $blob" r.err &&
	same_files gc/.git/objects/pack rc/.git/objects/pack
'

test_setup 'objects fsck refuses' '
	git init -q bad && (
		cd bad &&
		blob=$(echo hi | git hash-object -w --stdin) &&
		python3 -c "import sys; b = bytes.fromhex(sys.argv[1]); open(\"dup\", \"wb\").write(2 * (b\"100644 a\\0\" + b))" $blob &&
		dup=$(git hash-object -w --literally -t tree dup) &&
		printf "%s\n%s\n" $dup $blob | git pack-objects -q --stdout >../duptree.pack &&
		printf "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@b> 01 +0000\ncommitter A <a@b> 1 +0000\n\nm\n" >zc &&
		git hash-object -t commit --literally -w zc | git pack-objects -q --stdout >../zeropad.pack &&
		tree=$(printf "100644 blob %s\tf\n" $blob | git mktree) &&
		git commit-tree -m x $tree | git pack-objects -q --stdout >../notree.pack &&
		echo $blob | git pack-objects -q --stdout >one.pack &&
		python3 -c "
import hashlib
p = open(\"one.pack\", \"rb\").read()[:-20]
entry = p[12:]
data = p[:8] + (2).to_bytes(4, \"big\") + entry + entry
open(\"../twice.pack\", \"wb\").write(data + hashlib.sha1(data).digest())"
	)
'
strict() {
	rm -rf gs rs && git init -q gs && git init -q rs &&
	(cd gs && "$REAL_GIT" index-pack --stdin --strict <"$1" >../g.out 2>../g.err; echo $? >../g.rc) &&
	(cd rs && "$GRIT" index-pack --stdin --strict <"$1" >../r.out 2>../r.err; echo $? >../r.rc) &&
	test_cmp g.rc r.rc && test_cmp g.out r.out && test_cmp g.err r.err &&
	same_files gs/.git/objects/pack rs/.git/objects/pack
}
test_expect_success '--strict accepts a good pack' 'strict "$deep" && git -C rs fsck --no-dangling'
test_expect_success '--strict refuses a tree with duplicate entries' 'strict "$TRASH/duptree.pack"'
test_expect_success '--strict makes fsck warnings errors' 'strict "$TRASH/zeropad.pack"'
test_expect_success '--strict wants the objects a commit names' 'strict "$TRASH/notree.pack"'
test_expect_success 'an object twice in the pack: accepted, but not with --strict' '
	both "$TRASH/twice.pack" && both "$TRASH/twice.pack" --strict
'

test_expect_success 'usage and argument errors' '
	cp "$small" plain.pack && cp "$small" named &&
	parity index-pack &&
	parity index-pack -h &&
	parity index-pack --bogus plain.pack &&
	parity index-pack plain.pack other.pack &&
	parity index-pack -o &&
	parity index-pack --threads=x plain.pack &&
	parity index-pack named &&
	parity index-pack --fix-thin plain.pack &&
	parity index-pack --stdin &&
	parity index-pack --index-version=3 plain.pack &&
	parity index-pack --index-version=2,0x80000000 plain.pack &&
	parity index-pack --object-format=md5 plain.pack &&
	parity index-pack missing.pack &&
	parity index-pack --rev-index -o idx-without-suffix plain.pack
'
test_expect_success '--stdin with a pack name that exists' '
	cd small && parity_stdin "$small" index-pack --stdin ../plain.pack
'

test_done
