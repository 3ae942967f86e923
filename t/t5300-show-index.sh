#!/usr/bin/env bash
# git show-index: pack indexes of both versions and hash functions read from
# standard input, 64-bit offsets, and every way a truncated or damaged index
# stops git.
. "$(dirname "$0")/lib/test-lib.sh"

# truncate_to <src> <bytes> <dst>
truncate_to() { head -c "$2" "$1" >"$3"; }

test_setup 'packs with both index versions, 64-bit offsets and SHA-256' '
	make_history repo 10 &&
	(cd repo && git repack -adq) &&
	pack=$(ls repo/.git/objects/pack/*.pack) &&
	cp "${pack%.pack}.idx" v2.idx &&
	cp "$pack" p.pack &&
	git index-pack --index-version=1 -o v1.idx p.pack >/dev/null &&
	git index-pack --index-version=2,0x100 -o large.idx p.pack >/dev/null &&
	git init -q --object-format=sha256 repo256 &&
	(cd repo256 && echo a >a && git add a && git commit -qm one && echo b >b && git add b &&
	 git commit -qm two && git repack -adq) &&
	cp repo256/.git/objects/pack/*.idx v2-256.idx &&
	git index-pack --object-format=sha256 --index-version=1 -o v1-256.idx \
		repo256/.git/objects/pack/*.pack >/dev/null
'

test_expect_success 'version 2 index' 'parity_stdin v2.idx show-index'
test_expect_success 'version 1 index' 'parity_stdin v1.idx show-index'
test_expect_success 'version 2 index with 64-bit offsets' 'parity_stdin large.idx show-index'
test_expect_success '--object-format=sha1' 'parity_stdin v2.idx show-index --object-format=sha1'
test_expect_success '--object-format sha256 (separate value)' 'parity_stdin v2-256.idx show-index --object-format sha256'
test_expect_success 'SHA-256 version 1 index' 'parity_stdin v1-256.idx show-index --object-format=sha256'
test_expect_success 'SHA-256 is the default inside a SHA-256 repository' '
	(cd repo256 && PARITY_STDIN=../v2-256.idx parity show-index)
'
test_expect_success 'a SHA-256 index read as SHA-1' 'parity_stdin v2-256.idx show-index'
test_expect_success 'a SHA-1 index read as SHA-256' 'parity_stdin v2.idx show-index --object-format=sha256'
test_expect_success 'unknown --object-format' 'parity_stdin v2.idx show-index --object-format=md5'
test_expect_success 'empty --object-format' 'parity_stdin v2.idx show-index --object-format='
test_expect_success '--object-format without a value' 'parity_stdin v2.idx show-index --object-format'
test_expect_success 'extra arguments are ignored' 'parity_stdin v2.idx show-index extra args'
test_expect_success '-h' 'parity show-index -h'
test_expect_success 'unknown option' 'parity_stdin v2.idx show-index --bogus'
test_expect_success 'empty input' 'parity show-index'

test_expect_success 'truncated version 2 index, everywhere' '
	size=$(wc -c <v2.idx) && n=$(( ($(wc -c <v2.idx) - 1072) / 28 )) &&
	for len in 1 7 8 100 1031 1032 1033 $((1032 + 20 * 5 + 3)) $((1032 + 20 * n)) \
		$((1032 + 24 * n - 2)) $((1032 + 24 * n)) $((1032 + 28 * n - 1)) $((1032 + 28 * n)) $((size - 1)); do
		truncate_to v2.idx $len t.idx && parity_stdin t.idx show-index || { echo "at $len"; return 1; }
	done
'

test_expect_success 'truncated version 1 index, everywhere' '
	size=$(wc -c <v1.idx) &&
	for len in 3 8 500 1023 1024 1025 $((1024 + 24 * 3 + 5)) $((size - 41)) $((size - 40)) $((size - 1)); do
		truncate_to v1.idx $len t.idx && parity_stdin t.idx show-index || { echo "at $len"; return 1; }
	done
'

test_expect_success 'truncated 64-bit offset table' '
	size=$(wc -c <large.idx) &&
	for len in $((size - 40 - 1)) $((size - 40 - 8)) $((size - 40 - 8 * 3 - 4)); do
		truncate_to large.idx $len t.idx && parity_stdin t.idx show-index || { echo "at $len"; return 1; }
	done
'

test_expect_success 'inconsistent 64-bit offset index' '
	cp large.idx t.idx && chmod u+w t.idx &&
	n=$(( $(git show-index <large.idx | wc -l) )) &&
	off32=$((1032 + 24 * n)) &&
	first_large=$(od -An -tx1 -j $off32 -N $((4 * n)) -w4 large.idx | grep -n "^ 8" | head -1 | cut -d: -f1) &&
	patch_bytes t.idx $((off32 + 4 * (first_large - 1))) 80000005 &&
	parity_stdin t.idx show-index
'

test_expect_success 'non-monotonic fan-out' '
	cp v2.idx t.idx && chmod u+w t.idx && patch_bytes t.idx $((8 + 4 * 10)) ffffff00 &&
	parity_stdin t.idx show-index &&
	cp v1.idx t.idx && chmod u+w t.idx && patch_bytes t.idx 0 00000100 &&
	parity_stdin t.idx show-index
'

test_expect_success 'unknown index version' '
	cp v2.idx t.idx && chmod u+w t.idx && patch_bytes t.idx 4 00000003 &&
	parity_stdin t.idx show-index &&
	patch_bytes t.idx 4 00000001 &&
	parity_stdin t.idx show-index
'

test_expect_success 'trailing bytes after the entries are ignored' '
	cat v2.idx v2.idx >t.idx && parity_stdin t.idx show-index
'

test_done
