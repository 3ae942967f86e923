#!/usr/bin/env bash
# git pack-objects: packs written from object lists, revisions and packs, to
# standard output or to files. Every pack is checked by git (index-pack,
# verify-pack -v, fsck), holds the same objects as git's pack for the same
# input, and its .idx/.rev are byte-identical to the ones git index-pack
# writes for it; options, progress and git's messages for bad input match.
. "$(dirname "$0")/lib/test-lib.sh"

# ids <idx>: the sorted object ids of a pack index.
ids() { git show-index <"$1" | cut -d" " -f2 | sort; }

# stdout_both <input> <args...>: packs to stdout with git and grit; compares
# stderr and exit status, indexes both packs with git and compares their
# object sets; verifies grit's pack.
stdout_both() {
	local in=$1
	shift
	git pack-objects "$@" <"$in" >git.pack 2>git.err
	echo $? >git.rc
	"$GRIT" pack-objects "$@" <"$in" >grit.pack 2>grit.err
	echo $? >grit.rc
	test_cmp git.rc grit.rc && test_cmp git.err grit.err || return 1
	rm -f git.idx grit.idx &&
	git index-pack -o git.idx git.pack >/dev/null &&
	git index-pack -o grit.idx grit.pack >/dev/null &&
	git verify-pack -v grit.idx >/dev/null &&
	ids git.idx >git.ids && ids grit.idx >grit.ids &&
	test_cmp git.ids grit.ids
}

# files_both <input> <args...>: packs written beside base names git/p and
# grit/p; the same object sets, each of grit's packs verified and its
# .idx/.rev compared with what git index-pack (with $IDXOPT) makes of the .pack.
files_both() {
	local in=$1 p
	shift
	rm -rf gitout gritout && mkdir gitout gritout &&
	git pack-objects "$@" gitout/p <"$in" >git.out &&
	"$GRIT" pack-objects "$@" gritout/p <"$in" >grit.out &&
	test "$(wc -l <git.out)" = "$(wc -l <grit.out)" &&
	for p in $(cat grit.out); do
		test -f gritout/p-$p.pack && test -f gritout/p-$p.idx || return 1
		test "$(tail -c 20 gritout/p-$p.pack | od -An -tx1 | tr -d " \n")" = "$p" || return 1
		rm -f check.* && cp gritout/p-$p.pack check.pack &&
		git index-pack --rev-index ${IDXOPT-} -o check.idx check.pack >/dev/null &&
		cmp check.idx gritout/p-$p.idx || return 1
		if test -f gritout/p-$p.rev; then cmp check.rev gritout/p-$p.rev || return 1; fi
		git verify-pack -v gritout/p-$p.idx >/dev/null || return 1
	done
	cat gitout/*.idx >/dev/null &&
	for f in gitout/*.idx; do ids $f; done | sort >git.ids &&
	for f in gritout/*.idx; do ids $f; done | sort >grit.ids &&
	test_cmp git.ids grit.ids
}

test_setup 'repository with packed and loose history' '
	make_history repo 30 &&
	cd repo &&
	git tag -a v1 -m "tag one" HEAD~10 &&
	git tag -a v2 -m "tag on a tag" v1 &&
	git tag light HEAD~20 &&
	git branch side HEAD~5 &&
	git repack -adq &&
	for i in 1 2 3; do echo "loose $i" >>src/file.c && git commit -qam "loose $i" || exit 1; done &&
	git rev-list --objects --all >all.list &&
	printf "HEAD\n^HEAD~8\n" >range.revs &&
	printf "side\n--not\nHEAD~12\n" >not.revs &&
	: >empty
'

test_expect_success '--all --stdout' 'stdout_both empty --all --stdout'
test_expect_success 'all reused: the pack is byte-identical to git' '
	git clone -q --no-local . ../packed && (cd ../packed && git repack -adq &&
	git pack-objects --all --stdout </dev/null >git.pack &&
	"$GRIT" pack-objects --all --stdout </dev/null >grit.pack &&
	cmp git.pack grit.pack)
'
test_expect_success 'object list on stdin' 'stdout_both all.list --stdout'
test_expect_success 'object list without names' '
	cut -d" " -f1 all.list >ids.list && stdout_both ids.list --stdout
'
test_expect_success '--revs with a range' 'stdout_both range.revs --revs --stdout'
test_expect_success '--revs with --not' 'stdout_both not.revs --revs --stdout'
test_expect_success '--revs with A..B' 'echo "HEAD~20..side" >dots.revs && stdout_both dots.revs --revs --stdout'
test_expect_success '--revs reads up to an empty line' '
	printf "HEAD~25\n\nHEAD\n" >blank.revs && stdout_both blank.revs --revs --stdout
'
test_expect_success '--all with --revs exclusions' 'echo "^HEAD~4" >neg.revs && stdout_both neg.revs --all --revs --stdout'
test_expect_success '--no-reuse-delta' 'stdout_both empty --all --stdout --no-reuse-delta'
test_expect_success '--no-reuse-object' 'stdout_both empty --all --stdout --no-reuse-object'
test_expect_success '--delta-base-offset' 'stdout_both empty --all --stdout --delta-base-offset'
test_expect_success '--no-reuse-delta --delta-base-offset' 'stdout_both empty --all --stdout --no-reuse-delta --delta-base-offset'
test_expect_success '--window=0 (no deltas)' '
	stdout_both empty --all --stdout --no-reuse-delta --window=0 &&
	! git verify-pack -v grit.idx | grep -q "chain length"
'
test_expect_success '--depth=1 caps chains' '
	stdout_both empty --all --stdout --no-reuse-delta --depth=1 &&
	! git verify-pack -v grit.idx | grep -q "chain length = 2"
'
test_expect_success '--depth=2 cuts reused chains' '
	git repack -adfq --depth=20 &&
	stdout_both empty --all --stdout --depth=2 &&
	! git verify-pack -v grit.idx | grep -q "chain length = 3"
'
test_expect_success '--window, --window-memory, --threads' '
	stdout_both empty --all --stdout --no-reuse-delta --window=3 --window-memory=1k --threads=1
'
test_expect_success '--compression levels' '
	stdout_both empty --all --stdout --no-reuse-object --compression=0 &&
	stdout_both empty --all --stdout --no-reuse-object --compression=9 &&
	git -c pack.compression=1 pack-objects --all --stdout <empty >/dev/null &&
	"$GRIT" -c pack.compression=1 pack-objects --all --stdout --no-reuse-object <empty >grit.pack &&
	git index-pack -o grit1.idx grit.pack >/dev/null
'
test_expect_success 'pack.window and pack.depth' '
	"$GRIT" -c pack.window=0 pack-objects --all --stdout --no-reuse-delta <empty >grit.pack &&
	git index-pack -o w0.idx grit.pack >/dev/null &&
	! git verify-pack -v w0.idx | grep -q "chain length" &&
	"$GRIT" -c pack.depth=1 pack-objects --all --stdout --no-reuse-delta <empty >grit.pack &&
	git index-pack -o d1.idx grit.pack >/dev/null &&
	! git verify-pack -v d1.idx | grep -q "chain length = 2"
'

test_expect_success '<base-name>: .pack, .idx and .rev' 'files_both empty --all && ls gritout/*.rev'
test_expect_success 'pack.writeReverseIndex=false writes no .rev' '
	rm -rf gritout && mkdir gritout &&
	"$GRIT" -c pack.writeReverseIndex=false pack-objects --all gritout/p <empty >grit.out &&
	! ls gritout/*.rev 2>/dev/null && ls gritout/*.idx
'
test_expect_success '--index-version=1' '
	IDXOPT=--index-version=1 files_both empty --all --index-version=1 &&
	test "$(head -c 4 gritout/*.idx | od -An -tx1 | tr -d " ")" != ff744f63
'
test_expect_success '--index-version=2,<offset>' '
	IDXOPT=--index-version=2,0x100 files_both empty --all --no-reuse-delta --index-version=2,0x100
'
test_expect_success 'pack in the repository, then fsck' '
	h=$("$GRIT" pack-objects --all --delta-base-offset .git/objects/pack/pack <empty) &&
	test -f .git/objects/pack/pack-$h.idx &&
	git fsck --no-progress &&
	git count-objects -v | grep -q "^packs: 2"
'
test_expect_success '--incremental leaves packed objects out' '
	git repack -adq && echo new >new.txt && git add new.txt && git commit -qm new &&
	files_both empty --all --incremental &&
	test $(wc -l <grit.ids) = 3
'
test_expect_success '--unpacked' 'files_both empty --all --unpacked'
test_expect_success '--honor-pack-keep and --keep-pack' '
	git repack -dq && p=$(ls .git/objects/pack/*.pack | head -1) &&
	touch "${p%.pack}.keep" &&
	files_both empty --all --honor-pack-keep &&
	rm "${p%.pack}.keep" &&
	files_both empty --all --keep-pack=$(basename "$p")
'
test_expect_success '--local with an alternate' '
	git clone -q --shared . ../borrower &&
	(cd ../borrower && echo mine >mine.txt && git add mine.txt && git commit -qm mine &&
	 : >empty && files_both empty --all --local && test $(wc -l <grit.ids) = 3 &&
	 files_both empty --all)
'
test_expect_success '--include-tag' '
	git rev-list --objects HEAD~10 >tagged.list &&
	stdout_both tagged.list --stdout --include-tag &&
	grep -q "$(git rev-parse v1)" grit.ids &&
	grep -q "$(git rev-parse v2)" grit.ids
'
test_expect_success '--reflog and --indexed-objects' '
	echo staged >staged.txt && git add staged.txt &&
	stdout_both empty --stdout --indexed-objects &&
	stdout_both empty --stdout --reflog &&
	stdout_both empty --stdout --all --reflog --indexed-objects
'
test_expect_success '--stdin-packs' '
	git repack -adq && echo more >>new.txt && git commit -qam more && git repack -dq &&
	set -- $(cd .git/objects/pack && ls -t *.pack) &&
	printf "%s\n" "$1" >packs.in && files_both packs.in --stdin-packs &&
	printf "%s\n^%s\n" "$2" "$1" >packs.in && files_both packs.in --stdin-packs &&
	printf "%s\n%s\n" "$1" "$2" >packs.in && files_both packs.in --stdin-packs
'
test_expect_success '--max-pack-size splits packs' '
	git init -q ../big && (cd ../big &&
	 for i in 1 2 3; do head -c 700000 /dev/urandom >r$i && git add r$i && git commit -qm $i || exit 1; done &&
	 : >empty && files_both empty --all --max-pack-size=1m && test $(wc -l <grit.out) -ge 2 &&
	 files_both empty --all --no-reuse-object --max-pack-size=1m --delta-base-offset)
'
test_expect_success '--thin: deltas against what the receiver has' '
	git branch thinbase HEAD~6 &&
	git clone -q --bare --no-local --single-branch --branch thinbase . ../receiver &&
	printf "HEAD\n^HEAD~6\n" >thin.revs &&
	"$GRIT" pack-objects --thin --stdout --revs <thin.revs >thin.pack &&
	git pack-objects --stdout --revs <thin.revs >full.pack &&
	test $(wc -c <thin.pack) -lt $(wc -c <full.pack) &&
	(cd ../receiver && git index-pack --stdin --fix-thin <../repo/thin.pack >/dev/null &&
	 git update-ref refs/heads/thinbase $(cd ../repo && git rev-parse HEAD) && git fsck --no-progress)
'
test_expect_success 'edges on an object list make preferred bases' '
	(git rev-list --objects HEAD ^HEAD~6 && echo "-$(git rev-parse HEAD~6)") >edge.list &&
	"$GRIT" pack-objects --stdout <edge.list >edge.pack &&
	git index-pack --stdin --fix-thin <edge.pack >/dev/null 2>&1 || true
'
test_expect_success 'SHA-256 repository' '
	git init -q --object-format=sha256 ../sha256 &&
	(cd ../sha256 && for i in 1 2 3 4 5 6; do seq 1 $((i * 30)) >f && git add f && git commit -qm $i || exit 1; done &&
	 git repack -adq && : >empty && stdout_both empty --all --stdout &&
	 stdout_both empty --all --stdout --no-reuse-delta)
'

# Progress lines without the intermediate percentages; delta counts differ
# where the searches chose differently, sizes and rates of the throughput
# with them.
normalize_counts() {
	sed -E "/^[^:]*: +[0-9]+% \([0-9]+\/[0-9]+\)$/d; s/\(delta [0-9]+\)/(delta D)/g; s/reused [0-9]+/reused R/;
		s/, [0-9.]+ [A-Za-z]+ \| [0-9.]+ [A-Za-z]+\/s, done/, SIZE | RATE\/s, done/"
}

test_expect_success 'progress lines' '
	for args in "--all --stdout --progress" "--all --stdout --all-progress" "--all --progress out" \
		"--all --stdout --progress -q" "--all --stdout --all-progress-implied --progress"; do
		rm -f out-*
		git pack-objects $args <empty 2>git.err >/dev/null &&
		"$GRIT" pack-objects $args <empty 2>grit.err >/dev/null &&
		tr "\r" "\n" <git.err | normalize_counts >git.cmp &&
		tr "\r" "\n" <grit.err | normalize_counts >grit.cmp &&
		test_cmp git.cmp grit.cmp || return 1
	done
'

test_expect_success 'bad input: garbage, missing objects, bad revisions' '
	echo garbage >garbage.in && parity_stdin garbage.in pack-objects --stdout &&
	echo "-garbage" >edge.in && parity_stdin edge.in pack-objects --stdout &&
	echo 0123456789012345678901234567890123456789 >missing.in && parity_stdin missing.in pack-objects --stdout &&
	echo --all >opt.in && parity_stdin opt.in pack-objects --revs --stdout &&
	echo nosuch >bad.in && parity_stdin bad.in pack-objects --revs --stdout &&
	echo "^nosuch" >badneg.in && parity_stdin badneg.in pack-objects --revs --stdout &&
	echo pack-nosuch.pack >nopack.in && parity_stdin nopack.in pack-objects --stdout --stdin-packs
'
test_expect_success 'a missing object leaves nothing behind' '
	rm -rf gitout gritout && mkdir gitout gritout &&
	(head -3 all.list && echo 0123456789012345678901234567890123456789) >partial.in &&
	git pack-objects gitout/p <partial.in >git.out 2>git.err; echo $? >git.rc &&
	rm -f .git/objects/pack/tmp_pack_* && # git leaves its temporary pack
	"$GRIT" pack-objects gritout/p <partial.in >grit.out 2>grit.err; echo $? >grit.rc &&
	test_cmp git.rc grit.rc && test_cmp git.err grit.err && test_cmp git.out grit.out &&
	test -z "$(ls gritout)" && test -z "$(ls .git/objects/pack | grep tmp_)"
'
test_expect_success 'options that change nothing in the output' '
	stdout_both empty --all --stdout --sparse --use-bitmap-index --keep-true-parents
'
test_expect_success 'usage and option errors' '
	parity_each "pack-objects -h" "pack-objects" "pack-objects --stdout base" "pack-objects a b" \
		"pack-objects --stdout --max-pack-size=foo" "pack-objects --index-version=3 x" \
		"pack-objects --index-version=foo x" "pack-objects --compression=12 x" \
		"pack-objects --stdout --max-pack-size=1m" "pack-objects --thin x" \
		"pack-objects --stdout --stdin-packs --revs" "pack-objects --stdout --depth=5000" \
		"pack-objects --stdout --window=-3" "pack-objects --nosuch" \
		"-c pack.threads=-1 pack-objects --stdout" "-c pack.indexVersion=3 pack-objects --stdout"
'
test_expect_success 'empty input writes an empty pack; --non-empty writes none' '
	parity pack-objects --stdout &&
	files_both empty &&
	rm -rf gritout && mkdir gritout && "$GRIT" pack-objects --non-empty gritout/p <empty >out &&
	test ! -s out && ! ls gritout/* 2>/dev/null
'
test_expect_success 'a damaged pack entry is not reused (CRC check)' '
	git repack -adfq && p=$(ls .git/objects/pack/*.pack) &&
	id=$(git rev-parse HEAD:src/file.c) &&
	off=$(git show-index <"${p%.pack}.idx" | grep " $id " | cut -d" " -f1) &&
	chmod u+w "$p" && flip_byte "$p" $((off + 10)) &&
	rm -rf gritout && mkdir gritout &&
	echo "$id" >one.in &&
	! "$GRIT" pack-objects gritout/p <one.in >out 2>err &&
	grep "bad packed object CRC for $id" err
'

test_done
