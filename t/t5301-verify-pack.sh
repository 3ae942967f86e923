#!/usr/bin/env bash
# git verify-pack: verbose listings and delta chain statistics on packs git
# made (small, deep chains, ref deltas, SHA-256, index version 1, 64-bit
# offsets), and git's messages for damaged packs and indexes.
. "$(dirname "$0")/lib/test-lib.sh"

# scratch <name> <pack>: a writable copy of a pack and its index as <name>.pack/.idx
scratch() {
	cp "$2" "$1.pack" && cp "${2%.pack}.idx" "$1.idx" && chmod u+w "$1.pack" "$1.idx"
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
	(cd sha256 && for i in 1 2 3 4 5; do seq 1 $((i * 20)) >f && git add f && git commit -qm $i; done &&
	 git repack -adfq) &&
	sha256=$(ls "$TRASH"/sha256/.git/objects/pack/*.pack) &&
	scratch v1 "$deep" && git index-pack --index-version=1 -o v1.idx v1.pack >/dev/null &&
	scratch large "$deep" && rm -f large.idx &&
	git index-pack --index-version=2,0x100 -o large.idx large.pack >/dev/null
'

test_expect_success 'quiet verification of a good pack' 'parity verify-pack "$small"'
test_expect_success 'named by its .idx' 'parity verify-pack "${small%.pack}.idx"'
test_expect_success 'named without extension' 'parity verify-pack "${small%.pack}"'
test_expect_success '-v on a small pack' 'parity verify-pack -v "$small"'
test_expect_success '--verbose on deep delta chains' 'parity verify-pack --verbose "$deep"'
test_expect_success '-s on deep delta chains' 'parity verify-pack -s "$deep"'
test_expect_success '--stat-only with --verbose shows statistics only' 'parity verify-pack -v --stat-only "$deep"'
test_expect_success '-v on ref deltas' 'parity verify-pack -v "$refdelta"'
test_expect_success '-v with a version 1 index' 'parity verify-pack -v v1.idx'
test_expect_success '-v with 64-bit offsets in the index' 'parity verify-pack -v large.pack'
test_expect_success 'several packs' 'parity verify-pack -v "$small" "$deep" v1.pack'
test_expect_success 'SHA-256 pack with --object-format' 'parity verify-pack -v --object-format=sha256 "$sha256"'
test_expect_success 'SHA-256 pack inside its repository' 'parity_in sha256 verify-pack -v "$sha256"'
test_expect_success 'SHA-256 pack read as SHA-1' 'parity verify-pack -v "$sha256"'
test_expect_success 'SHA-1 pack read as SHA-256' 'parity verify-pack -v --object-format sha256 "$small"'
test_expect_success 'unknown --object-format' 'parity verify-pack -v --object-format=md5 "$small" "$deep"'
test_expect_success 'empty --object-format' 'parity verify-pack --object-format= "$small"'
test_expect_success '--object-format without a value' 'parity verify-pack "$small" --object-format'
test_expect_success 'no pack named' 'parity verify-pack -v'
test_expect_success '-h' 'parity verify-pack -h'
test_expect_success 'unknown option' 'parity verify-pack --bogus "$small"'
test_expect_success '-- ends the options' 'parity verify-pack -v -- "$small"'

test_expect_success 'missing pack and missing index' '
	scratch nopack "$small" && rm nopack.pack &&
	scratch noidx "$small" && rm noidx.idx &&
	parity verify-pack -v nopack.pack "$small" &&
	parity verify-pack -v noidx.pack &&
	parity verify-pack -s does-not-exist.idx &&
	mkdir dir.pack && parity verify-pack dir.pack
'

test_expect_success 'a flipped byte anywhere in the pack' '
	size=$(wc -c <"$deep") &&
	for at in 0 5 8 9 10 11 12 13 14 15 16 20 40 $(seq 97 331 $((size - 1))) $((size - 20)) $((size - 1)); do
		scratch flip "$deep" && flip_byte flip.pack $at &&
		parity verify-pack -v flip.pack || { echo "at $at"; return 1; }
	done
'

test_expect_success 'a flipped byte in a ref-delta pack' '
	size=$(wc -c <"$refdelta") &&
	for at in $(seq 33 257 $((size - 21))); do
		scratch flip "$refdelta" && flip_byte flip.pack $at &&
		parity verify-pack flip.pack || { echo "at $at"; return 1; }
	done
'

test_expect_success 'a truncated pack' '
	size=$(wc -c <"$deep") &&
	for len in 0 4 11 12 13 100 $((size / 2)) $((size - 21)) $((size - 20)) $((size - 1)); do
		scratch cut "$deep" && truncate -s $len cut.pack &&
		parity verify-pack -v cut.pack || { echo "at $len"; return 1; }
	done
'

test_expect_success 'pack signature, version and junk at the end' '
	scratch sig "$small" && patch_bytes sig.pack 0 5041434c && parity verify-pack -v sig.pack &&
	scratch ver "$small" && patch_bytes ver.pack 4 00000004 && parity verify-pack -v ver.pack &&
	scratch junk "$small" && echo junk >>junk.pack && parity verify-pack -v junk.pack
'

test_expect_success 'an index that belongs to another pack' '
	scratch other "$small" && cp "${deep%.pack}.idx" other.idx &&
	parity verify-pack -v other.pack &&
	parity verify-pack -s other.pack
'

test_expect_success 'a flipped byte anywhere in the index' '
	size=$(wc -c <"${deep%.pack}.idx") &&
	for at in 3 7 8 600 1031 1032 $(seq 1100 419 $((size - 1))) $((size - 40)) $((size - 1)); do
		scratch flip "$deep" && flip_byte flip.idx $at &&
		parity verify-pack -v flip.idx || { echo "at $at"; return 1; }
	done
'

test_expect_success 'a flipped byte in a version 1 index and in 64-bit offsets' '
	for at in 40 1030 2000; do
		cp v1.pack f1.pack && cp v1.idx f1.idx && chmod u+w f1.* && flip_byte f1.idx $at &&
		parity verify-pack -v f1.pack || { echo "v1 at $at"; return 1; }
	done &&
	size=$(wc -c <large.idx) &&
	for at in $((size - 41)) $((size - 48)); do
		cp large.pack f2.pack && cp large.idx f2.idx && chmod u+w f2.* && flip_byte f2.idx $at &&
		parity verify-pack -v f2.pack || { echo "large at $at"; return 1; }
	done
'

test_expect_success 'a truncated index, and one with trailing bytes' '
	size=$(wc -c <"${deep%.pack}.idx") &&
	for len in 0 500 1032 $((size - 1)); do
		scratch cut "$deep" && truncate -s $len cut.idx &&
		parity verify-pack -v cut.pack || { echo "at $len"; return 1; }
	done &&
	scratch tail "$deep" && printf "0123456789abcdef" >>tail.idx && parity verify-pack -v tail.pack
'

test_expect_success 'a bad pack among good ones' '
	scratch bad "$small" && truncate -s 100 bad.pack &&
	parity verify-pack -v "$deep" bad.pack "$small" &&
	parity verify-pack "$deep" bad.pack "$small"
'

test_setup 'a pack with a .rev' '
	(cd small && git -c pack.writeReverseIndex=true repack -adq) &&
	withrev=$(ls "$TRASH"/small/.git/objects/pack/*.pack) &&
	test -f "${withrev%.pack}.rev"
'

test_expect_success 'pack.writeReverseIndex: the .rev is checked too' '
	parity -c pack.writeReverseIndex=true verify-pack -v "$withrev" &&
	(cd small && parity -c pack.writeReverseIndex=true verify-pack -s "$withrev")
'

test_expect_success 'a damaged .rev fails only when pack.writeReverseIndex is set' '
	scratch rev "$withrev" && cp "${withrev%.pack}.rev" rev.rev && chmod u+w rev.rev &&
	flip_byte rev.rev 13 &&
	parity -c pack.writeReverseIndex=true verify-pack -v rev.pack &&
	parity verify-pack -v rev.pack &&
	truncate -s 20 rev.rev && parity -c pack.writeReverseIndex=true verify-pack rev.pack &&
	cp "${withrev%.pack}.rev" rev.rev && chmod u+w rev.rev && echo x >>rev.rev &&
	parity -c pack.writeReverseIndex=yes verify-pack rev.pack &&
	rm rev.rev && parity -c pack.writeReverseIndex=true verify-pack -v rev.pack
'

test_done
