#!/usr/bin/env bash
# cat-file on damaged repositories and objects of unknown type: git's
# messages and exit codes, single-object and batch modes.
. "$(dirname "$0")/lib/test-lib.sh"

# stdout_parity <input> <args...>: the same standard output and exit status.
stdout_parity() {
	local in=$1 d=$TRASH/.parity
	shift
	mkdir -p "$d"
	"$REAL_GIT" "$@" <"$in" >"$d/git.out" 2>/dev/null
	echo $? >>"$d/git.out"
	"$GRIT" "$@" <"$in" >"$d/grit.out" 2>/dev/null
	echo $? >>"$d/grit.out"
	test_cmp "$d/git.out" "$d/grit.out"
}

# write_loose <id> <python bytes expression>: replaces a loose object file.
write_loose() {
	local path=.git/objects/$(echo "$1" | cut -c1-2)/$(echo "$1" | cut -c3-)
	chmod u+w "$path" &&
	python3 -c "import sys, zlib; sys.stdout.buffer.write($2)" >"$path"
}

test_setup 'loose objects: good, garbage, bad header, wrong size, unknown type' '
	git init -q repo && cd repo &&
	echo base >base && git add base && git commit -q -m base &&
	good=$(echo good | git hash-object -w --stdin) &&
	garbage=$(echo garbage | git hash-object -w --stdin) &&
	noheader=$(echo noheader | git hash-object -w --stdin) &&
	bigger=$(echo bigger | git hash-object -w --stdin) &&
	smaller=$(echo smaller | git hash-object -w --stdin) &&
	trailing=$(echo trailing | git hash-object -w --stdin) &&
	bogus=$(echo bogus-data | git hash-object --literally -t bogus -w --stdin) &&
	longtype=$(echo data | git hash-object --literally -t aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa -w --stdin) &&
	echo "this is not zlib" >garbage-bytes &&
	path=.git/objects/$(echo $garbage | cut -c1-2)/$(echo $garbage | cut -c3-) &&
	chmod u+w $path && cp garbage-bytes $path &&
	write_loose $noheader "zlib.compress(b\"blob 9\")" &&
	write_loose $bigger "zlib.compress(b\"blob 3\\0bigger than announced\\n\")" &&
	write_loose $smaller "zlib.compress(b\"blob 40\\0smaller\\n\")" &&
	write_loose $trailing "zlib.compress(b\"blob 9\\0trailing\\n\") + b\"junk\"" &&
	printf "%s\n" $good $garbage $noheader $bigger $smaller $trailing >../names
'

test_expect_success 'single-object modes on damaged loose objects' '
	for id in $garbage $noheader $bigger $smaller $trailing; do
		parity_each "cat-file -t $id" "cat-file -s $id" "cat-file -e $id" || return 1
	done &&
	for id in $garbage $noheader; do
		parity_each "cat-file -p $id" && parity cat-file blob $id && parity cat-file commit $id ||
			return 1
	done
'

test_expect_success 'batch modes report damaged objects as missing after git'"'"'s errors' '
	parity_stdin ../names cat-file --batch-check &&
	parity_stdin ../names cat-file --batch-check="%(objectname)" &&
	parity_stdin ../names cat-file --batch-check="%(objectname) %(objectsize:disk)" &&
	parity_stdin ../names cat-file --batch-check="%(objecttype)"
'

test_expect_success 'batch contents of a damaged object is fatal' '
	printf "%s\n" $good $garbage $good >../garbage-names &&
	parity_stdin ../garbage-names cat-file --batch-check &&
	PARITY_STDIN=../garbage-names parity cat-file --batch
'

test_expect_success 'objects of unknown type' '
	parity_each "cat-file -t $bogus" "cat-file -s $bogus" "cat-file -t --allow-unknown-type $bogus" \
		"cat-file -s --allow-unknown-type $bogus" "cat-file -p $bogus" "cat-file -e $bogus" \
		"cat-file blob $bogus" "cat-file --allow-unknown-type -p $bogus" \
		"cat-file -t --allow-unknown-type $longtype" "cat-file -s --allow-unknown-type $longtype" \
		"cat-file -t $longtype" &&
	echo $bogus >../bogus-names &&
	parity_stdin ../bogus-names cat-file --batch-check &&
	parity_stdin ../bogus-names cat-file --batch-check="%(objectname)"
'

test_expect_success '--batch-all-objects over an unknown type dies as git does' '
	parity cat-file --batch-check --batch-all-objects &&
	parity cat-file --batch-check="%(objectname)" --batch-all-objects
'

test_expect_success 'truncated pack (stdout and exit status)' '
	make_history ../packed 4 &&
	(
		cd ../packed && git repack -qad &&
		git rev-list --objects --all | sed "s/ .*//" >../packed-names &&
		pack=$(ls .git/objects/pack/*.pack) &&
		size=$(wc -c <"$pack") &&
		chmod u+w "$pack" &&
		head -c $((size / 2)) "$pack" >truncated && cat truncated >"$pack" &&
		stdout_parity ../packed-names cat-file --batch-check &&
		stdout_parity ../packed-names cat-file --batch-check="%(objectname) %(objecttype)" &&
		stdout_parity /dev/null cat-file -t HEAD &&
		stdout_parity /dev/null cat-file -p HEAD
	)
'

test_done
