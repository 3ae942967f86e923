#!/usr/bin/env bash
# git index-pack on damaged and hostile packs: truncated, a corrupted byte,
# a wrong trailer checksum, object counts that lie, deltas whose base is not
# in the pack, delta cycles, huge declared sizes, junk after the pack. git's
# message and exit status, and nothing left in objects/pack but what git
# leaves there.
. "$(dirname "$0")/lib/test-lib.sh"

# craft <out> <spec>...: writes a pack by hand. Specs: blob:<text>,
# size:<declared>:<text> (a blob whose header lies about its size),
# ref:<base-hex>:<text> (a ref delta making <text> from a base of the same
# size), ofs:<n>:<text> (based on the n-th entry; -1: before the pack), type:<n>:<text>, count:<n> (the header's count).
craft() {
	python3 - "$@" <<-'PY'
	import hashlib, sys, zlib
	out, specs = sys.argv[1], sys.argv[2:]
	def header(t, size):
	    b = [(t << 4) | (size & 15)]; size >>= 4
	    while size:
	        b[-1] |= 0x80; b.append(size & 0x7f); size >>= 7
	    return bytes(b)
	def varint(n):
	    b = bytearray()
	    while True:
	        c = n & 0x7f; n >>= 7
	        if n: b.append(c | 0x80)
	        else: b.append(c); return bytes(b)
	def ofs(d):
	    b = [d & 127]; d >>= 7
	    while d:
	        d -= 1; b.insert(0, 0x80 | (d & 127)); d >>= 7
	    return bytes(b)
	def delta(base_size, text):
	    return varint(base_size) + varint(len(text)) + bytes([len(text)]) + text
	body, count, offsets = b"", None, []
	for s in specs:
	    kind, _, rest = s.partition(":")
	    if kind == "count": count = int(rest); continue
	    n = len(body) + 12
	    offsets.append(n)
	    if kind == "blob":
	        t = rest.encode(); body += header(3, len(t)) + zlib.compress(t)
	    elif kind == "size":
	        size, _, t = rest.partition(":"); t = t.encode()
	        body += header(3, int(size)) + zlib.compress(t)
	    elif kind == "type":
	        ty, _, t = rest.partition(":"); t = t.encode()
	        body += header(int(ty), len(t)) + zlib.compress(t)
	    elif kind == "ref":
	        base, _, t = rest.partition(":"); t = t.encode(); d = delta(len(t), t)
	        body += header(7, len(d)) + bytes.fromhex(base) + zlib.compress(d)
	    elif kind == "ofs":
	        base, _, t = rest.partition(":"); t = t.encode(); d = delta(len(t), t)
	        dist = n - (offsets[int(base)] if int(base) >= 0 else 0) + 100 * (int(base) < 0)
	        body += header(6, len(d)) + ofs(dist) + zlib.compress(d)
	real = sum(1 for s in specs if not s.startswith("count:"))
	data = b"PACK" + (2).to_bytes(4, "big") + (count if count is not None else real).to_bytes(4, "big") + body
	open(out, "wb").write(data + hashlib.sha1(data).digest())
	PY
}

# listing <dir>: mode, size and name of each file, temporary names normalized.
listing() {
	(cd "$1" && for f in $(ls -A | sort); do
		printf '%s %s %s\n' "$(stat -c %a "$f")" "$(stat -c %s "$f")" "$f"
	done) | sed 's/tmp_\([a-z]*\)_[A-Za-z0-9]\{6\}/tmp_\1_XXXXXX/'
}

# bad_stdin <pack> [args]: `index-pack --stdin` into fresh repositories:
# same stderr, status and leftovers in objects/pack.
bad_stdin() {
	local pack=$TRASH/$1
	shift
	rm -rf gs rs && git init -q gs && git init -q rs &&
	(cd gs && "$REAL_GIT" index-pack --stdin "$@" <"$pack" >../g.out 2>../g.err; echo $? >../g.rc) &&
	(cd rs && "$GRIT" index-pack --stdin "$@" <"$pack" >../r.out 2>../r.err; echo $? >../r.rc) &&
	test_cmp g.rc r.rc && test_cmp g.out r.out && test_cmp g.err r.err &&
	listing gs/.git/objects/pack >g.list && listing rs/.git/objects/pack >r.list && test_cmp g.list r.list
}

# bad_file <pack> [args]: `index-pack <copy of pack>`: same output, and the
# same files beside it afterwards.
bad_file() {
	local pack=$TRASH/$1
	shift
	rm -rf g r && mkdir g r && cp "$pack" g/x.pack && cp "$pack" r/x.pack &&
	(cd g && "$REAL_GIT" index-pack "$@" x.pack >../g.out 2>../g.err; echo $? >../g.rc) &&
	(cd r && "$GRIT" index-pack "$@" x.pack >../r.out 2>../r.err; echo $? >../r.rc) &&
	test_cmp g.rc r.rc && test_cmp g.out r.out && test_cmp g.err r.err &&
	listing g >g.list && listing r >r.list && test_cmp g.list r.list
}

bad_both() { bad_stdin "$@" && bad_file "$@"; }

test_setup 'a pack made by git' '
	make_history repo 6 &&
	(cd repo && git repack -adq) &&
	cp "$TRASH"/repo/.git/objects/pack/*.pack good.pack && good=good.pack &&
	size=$(stat -c %s "$good")
'

test_expect_success 'truncated in the header' 'head -c 7 "$good" >t1.pack && bad_both t1.pack'
test_expect_success 'truncated after the header' 'head -c 12 "$good" >t2.pack && bad_both t2.pack'
test_expect_success 'truncated inside an entry' 'head -c 200 "$good" >t3.pack && bad_both t3.pack'
test_expect_success 'truncated in the trailer' 'head -c $((size - 5)) "$good" >t4.pack && bad_both t4.pack'
test_expect_success 'trailer missing' 'head -c $((size - 20)) "$good" >t5.pack && bad_both t5.pack'
test_expect_success 'bad signature' 'cp "$good" sig.pack && patch_bytes sig.pack 0 4b434150 && bad_both sig.pack'
test_expect_success 'unsupported version' 'cp "$good" ver.pack && patch_bytes ver.pack 4 00000004 && bad_both ver.pack'
test_expect_success 'a corrupted byte in compressed data' '
	cp "$good" c1.pack && flip_byte c1.pack 40 && bad_both c1.pack
'
test_expect_success 'a corrupted byte further on' '
	cp "$good" c2.pack && flip_byte c2.pack $((size / 2)) && bad_both c2.pack
'
test_expect_success 'wrong trailer checksum' 'cp "$good" sum.pack && flip_byte sum.pack $((size - 1)) && bad_both sum.pack'
test_expect_success 'junk after the pack in a file' '
	{ cat "$good"; echo junk; } >junk.pack && bad_file junk.pack
'
test_expect_success 'the count says one object more' '
	n=$(od -An -tu4 --endian=big -j8 -N4 "$good" | tr -d " ") &&
	cp "$good" more.pack && patch_bytes more.pack 8 $(printf %08x $((n + 1))) && bad_both more.pack
'
test_expect_success 'the count says one object less' '
	cp "$good" less.pack && patch_bytes less.pack 8 $(printf %08x $((n - 1))) && bad_both less.pack
'
test_expect_success 'the count says zero' 'cp "$good" zero.pack && patch_bytes zero.pack 8 00000000 && bad_both zero.pack'
test_expect_success 'the count says 4 billion' '
	cp "$good" huge.pack && patch_bytes huge.pack 8 fffffff0 && bad_both huge.pack
'

test_setup 'crafted packs' '
	missing=1234567890123456789012345678901234567890 &&
	craft thin.pack blob:hello "ref:$missing:hullo" &&
	a=$(printf "blob 5\0aaaaa" | sha1sum | cut -c1-40) && b=$(printf "blob 5\0bbbbb" | sha1sum | cut -c1-40) &&
	craft cycle.pack "ref:$b:aaaaa" "ref:$a:bbbbb" &&
	craft hugeblob.pack "size:1099511627776:tiny" &&
	craft shortblob.pack "size:2:longer text" &&
	craft longblob.pack "size:100:short" &&
	craft type5.pack blob:x type:5:y &&
	craft ofsout.pack blob:x ofs:-1:yy &&
	craft badapply.pack blob:abc ofs:0:abcdefgh &&
	craft lonely.pack "ref:$missing:x"
'
test_expect_success 'a delta whose base is not in the pack' 'bad_both thin.pack'
test_expect_success 'a delta whose base is not in the pack, --fix-thin cannot find it' 'bad_stdin thin.pack --fix-thin'
test_expect_success 'ref deltas based on each other' 'bad_both cycle.pack && bad_stdin cycle.pack --fix-thin'
test_expect_success 'a blob declaring 1 TiB' 'bad_both hugeblob.pack'
test_expect_success 'a blob longer than declared' 'bad_both shortblob.pack'
test_expect_success 'a blob shorter than declared' 'bad_both longblob.pack'
test_expect_success 'an unknown object type' 'bad_both type5.pack'
test_expect_success 'an offset delta reaching before the pack' 'bad_both ofsout.pack'
test_expect_success 'a delta that does not apply to its base' 'bad_both badapply.pack'
test_expect_success 'only a delta with a missing base' 'bad_both lonely.pack'

test_done
