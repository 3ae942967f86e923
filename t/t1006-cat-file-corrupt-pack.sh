#!/usr/bin/env bash
# cat-file on damaged packs: a flipped byte inside an entry (base or delta),
# a truncated pack, and a pack whose trailer no longer matches its index.
. "$(dirname "$0")/lib/test-lib.sh"

# parity_paths <args...>: parity, except that grit may name the pack by
# absolute path where git writes ".git/objects/...".
parity_paths() {
	local d=$TRASH/.parity
	mkdir -p "$d"
	"$REAL_GIT" "$@" >"$d/git.out" 2>"$d/git.err"
	echo $? >>"$d/git.out"
	"$GRIT" "$@" >"$d/grit.out" 2>"$d/grit.err.raw"
	echo $? >>"$d/grit.out"
	sed "s|$PWD/||g" "$d/grit.err.raw" >"$d/grit.err"
	test_cmp "$d/git.out" "$d/grit.out" && test_cmp "$d/git.err" "$d/grit.err"
}

# flip <offset>: restores the pack, then xors one byte at offset.
flip() {
	cp ../good.pack "$pack" &&
	python3 -c "
import sys
p, at = sys.argv[1], int(sys.argv[2])
d = bytearray(open(p, 'rb').read()); d[at] ^= 0x21; open(p, 'wb').write(d)" "$pack" "$1"
}

test_setup 'a packed history of trees that are deltas of each other' '
	git init -q repo && cd repo &&
	for i in $(seq 1 30); do echo $i >f$i; done &&
	for i in 1 2 3 4 5 6; do echo change $i >f$i && git add . && git commit -q -m c$i; done &&
	git repack -adq &&
	pack=$(ls .git/objects/pack/*.pack) && chmod u+w "$pack" && cp "$pack" ../good.pack &&
	git verify-pack -v "${pack%.pack}.idx" | awk "length(\$1) == 40 && \$2 != \"blob\" { print \$1, \$2, \$4, \$5 }" >../entries
'

test_expect_success 'every non-blob entry damaged in turn' '
	while read id type packed offset; do
		flip $((offset + packed / 2 + 1)) || return 1
		while read other otype _ _; do
			parity_paths cat-file -t $other &&
			parity_paths cat-file -s $other &&
			parity_paths cat-file $otype $other || { echo "  ^ damaged $id, read $other"; return 1; }
		done <../entries
	done <../entries &&
	cp ../good.pack "$pack"
'

# git also prints "error: packfile ... does not match index" (twice); the
# library hands those lines out through ObjectDatabase::take_diagnostics().
test_expect_success 'a truncated pack: objects in it are missing' '
	head -c 300 ../good.pack >"$pack" &&
	id=$(head -n 1 ../entries | cut -d" " -f1) &&
	for args in "-t $id" "-e $id" "commit $id"; do
		"$REAL_GIT" cat-file $args >git.out 2>/dev/null; echo $? >>git.out
		"$GRIT" cat-file $args >grit.out 2>/dev/null; echo $? >>grit.out
		test_cmp git.out grit.out || return 1
	done &&
	cp ../good.pack "$pack"
'

test_done
