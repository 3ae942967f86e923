#!/usr/bin/env bash
# git fsck: damaged storage. Loose objects stored under the wrong name,
# corrupt, empty or truncated; packs with a bad trailer, a bad index
# checksum, bad CRCs, corrupt entries, truncated. Never a crash.
. "$(dirname "$0")/lib/test-lib.sh"

obj_path() { echo ".git/objects/$(echo "$1" | cut -c1-2)/$(echo "$1" | cut -c3-)"; }

# fresh <dir>: a copy of the loose repository to damage.
fresh() { rm -rf "$TRASH/$1" && cp -r "$TRASH/loose" "$TRASH/$1" && cd "$TRASH/$1"; }

test_setup 'repositories' '
	git init -q loose && (cd loose && echo a >a && echo b >b && mkdir d && echo c >d/c &&
		git add . && git commit -qm one && echo more >>a && git commit -qam two) &&
	make_history packed 15 && (cd packed && git repack -adq && git prune-packed)
'

test_expect_success 'loose object under another name' '
	fresh swapped && a=$(git rev-parse HEAD:a) && b=$(git rev-parse HEAD:b) &&
	chmod u+w "$(obj_path $a)" && cp "$(obj_path $b)" "$(obj_path $a)" &&
	parity fsck && parity fsck --connectivity-only
'

test_expect_success 'loose object that is not zlib' '
	fresh garbage && b=$(git rev-parse HEAD:b) &&
	chmod u+w "$(obj_path $b)" && echo garbage >"$(obj_path $b)" &&
	parity fsck
'

test_expect_success 'empty loose object' '
	fresh empty && b=$(git rev-parse HEAD:d/c) &&
	chmod u+w "$(obj_path $b)" && : >"$(obj_path $b)" &&
	parity fsck
'

test_expect_success 'dangling loose object that is truncated' '
	fresh trunc && x=$(seq 1 1000 | git hash-object -w --stdin) &&
	chmod u+w "$(obj_path $x)" && head -c 30 "$(obj_path $x)" >t && cp t "$(obj_path $x)" &&
	parity fsck
'

test_expect_success 'pack: clean, loose and packed mixed' '
	cd "$TRASH/packed" && parity fsck && parity fsck --unreachable --root --tags
'

test_expect_success 'pack: bad trailer checksum' '
	rm -rf "$TRASH/p1" && cp -r "$TRASH/packed" "$TRASH/p1" && cd "$TRASH/p1" &&
	pack=$(ls .git/objects/pack/*.pack) && chmod u+w "$pack" &&
	size=$(wc -c <"$pack") && flip_byte "$pack" $((size - 1)) &&
	# git repeats "does not match index" at each later lookup; compare the start
	{ git fsck >/dev/null 2>git.err; echo $? >git.rc; } &&
	{ "$GRIT" fsck >/dev/null 2>grit.err; echo $? >grit.rc; } &&
	test_cmp git.rc grit.rc && head -n 2 git.err >expect && head -n 2 grit.err >actual && test_cmp expect actual
'

test_expect_success 'pack: bad index checksum' '
	rm -rf "$TRASH/p2" && cp -r "$TRASH/packed" "$TRASH/p2" && cd "$TRASH/p2" &&
	idx=$(ls .git/objects/pack/*.idx) && chmod u+w "$idx" &&
	size=$(wc -c <"$idx") && flip_byte "$idx" $((size - 1)) &&
	parity fsck
'

test_expect_success 'pack: truncated index, missing index' '
	rm -rf "$TRASH/p6" && cp -r "$TRASH/packed" "$TRASH/p6" && cd "$TRASH/p6" &&
	idx=$(ls .git/objects/pack/*.idx) && chmod u+w "$idx" && head -c 100 "$idx" >t && cp t "$idx" &&
	{ git fsck >/dev/null 2>git.err; echo $? >git.rc; } &&
	{ "$GRIT" fsck >/dev/null 2>grit.err; echo $? >grit.rc; } &&
	test_cmp git.rc grit.rc && head -n 2 git.err >expect && head -n 2 grit.err >actual && test_cmp expect actual &&
	rm "$idx" && parity fsck
'

test_expect_success 'pack: bad CRC in the index' '
	rm -rf "$TRASH/p3" && cp -r "$TRASH/packed" "$TRASH/p3" && cd "$TRASH/p3" &&
	idx=$(ls .git/objects/pack/*.idx) && chmod u+w "$idx" &&
	n=$(od -An -tu4 --endian=big -j 1028 -N4 "$idx" | tr -d " ") &&
	flip_byte "$idx" $((1032 + n * 20 + 4)) &&
	parity fsck
'

test_expect_success 'pack: corrupt entry data' '
	rm -rf "$TRASH/p4" && cp -r "$TRASH/packed" "$TRASH/p4" && cd "$TRASH/p4" &&
	pack=$(ls .git/objects/pack/*.pack) && chmod u+w "$pack" &&
	size=$(wc -c <"$pack") && flip_byte "$pack" $((size / 2)) &&
	parity fsck
'

test_expect_success 'pack: truncated never crashes' '
	rm -rf "$TRASH/p5" && cp -r "$TRASH/packed" "$TRASH/p5" && cd "$TRASH/p5" &&
	pack=$(ls .git/objects/pack/*.pack) && chmod u+w "$pack" &&
	head -c 300 "$pack" >t && cp t "$pack" &&
	"$GRIT" fsck >/dev/null 2>&1; rc=$? && test $rc -ne 0 && test $rc -le 128
'

test_done
