#!/usr/bin/env bash
# cat-file --batch, --batch-check and --batch-command: formats, missing and
# ambiguous names, -z, --buffer, the command protocol and --batch-all-objects,
# on loose, packed and mixed repositories, compared with git.
. "$(dirname "$0")/lib/test-lib.sh"

# batch_parity <input text (printf format)> <args...>
batch_parity() {
	local input=$1
	shift
	printf "$input" >"$TRASH/.batch-input"
	parity_stdin "$TRASH/.batch-input" "$@"
}

all_names() {
	git rev-list --objects --all | sed "s/ .*//"
	echo HEAD; echo HEAD~2; echo v1; echo HEAD^{tree}; echo HEAD:src/file.c; echo "HEAD:docs"
	echo nosuchref; echo 0000000000000000000000000000000000000001; echo "HEAD:no such path"
	echo b2749; echo b27498; echo HEAD~100; echo dup; echo dup:src/file.c
	git rev-parse HEAD~3
}

test_setup 'repository with history, tags and two blobs sharing a prefix' '
	make_history repo 8 &&
	cd repo &&
	git tag -a -m "release one" v1 HEAD~1 &&
	git tag -a -m "tag of a tag" v1-again v1 &&
	git branch side HEAD~3 &&
	printf "x143\n" | git hash-object -w --stdin >/dev/null &&
	printf "x1929\n" | git hash-object -w --stdin >/dev/null &&
	git tag dup HEAD~1 && git branch dup HEAD~2 &&
	git branch $(git rev-parse HEAD~3) HEAD &&
	all_names >../names
'

formats='%(objectname) %(objecttype) %(objectsize)
%(objectname)
%(objecttype)
%(objectsize:disk) %(objectsize)
%(deltabase) %(objectname)
%(objectname) %(rest)
%(rest)
literal %% text %x % and %(objecttype)

'

run_all_formats() {
	local fmt rc=0
	while IFS= read -r fmt; do
		parity_stdin ../names cat-file --batch-check="$fmt" || { echo "  ^ format [$fmt]"; rc=1; }
		parity_stdin ../names cat-file --batch="$fmt" || { echo "  ^ --batch format [$fmt]"; rc=1; }
	done <<<"$formats"
	parity_stdin ../names cat-file --batch-check || rc=1
	parity_stdin ../names cat-file --batch || rc=1
	parity cat-file --batch-check --batch-all-objects || rc=1
	parity cat-file --batch --batch-all-objects || rc=1
	parity cat-file --batch-check="%(objectname) %(objectsize:disk) %(deltabase)" --batch-all-objects || rc=1
	parity cat-file --batch-check="%(objectname)" --batch-all-objects --unordered || rc=1
	parity cat-file --batch-check --batch-all-objects --unordered || rc=1
	parity cat-file --batch-check="%(objecttype) %(objectsize) %(objectsize:disk) %(deltabase)" \
		--batch-all-objects --unordered || rc=1
	parity cat-file --batch --batch-all-objects --unordered || rc=1
	return $rc
}

test_expect_success 'loose objects: every format, names, missing and ambiguous' '
	run_all_formats
'

test_expect_success 'packed objects (repack -ad)' '
	git repack -qad && run_all_formats
'

test_expect_success 'mixed: packs and loose objects, an object in both' '
	make_history ../mixed 5 &&
	(
		cd ../mixed && git repack -qad &&
		for i in 6 7 8; do echo "new $i" >new$i && git add new$i && git commit -q -m "loose $i"; done &&
		git cat-file blob HEAD~4:docs/readme.txt >dup && git hash-object -w --literally dup >/dev/null &&
		git repack -q &&
		echo "loose again" >again && git add again && git commit -q -m again &&
		git rev-list --objects --all | sed "s/ .*//" >../mixed-names &&
		parity_stdin ../mixed-names cat-file --batch-check="%(objectname) %(objecttype) %(objectsize) %(objectsize:disk) %(deltabase)" &&
		parity_stdin ../mixed-names cat-file --batch &&
		parity cat-file --batch-check --batch-all-objects &&
		parity cat-file --batch-check --batch-all-objects --unordered &&
		parity cat-file --batch-check="%(objectname) %(objectsize:disk)" --batch-all-objects --unordered
	)
'

test_expect_success 'alternates (clone -s)' '
	git clone -q -s . ../shared &&
	(
		cd ../shared && echo extra >extra && git add extra && git commit -q -m extra &&
		git rev-list --objects --all | sed "s/ .*//" >../shared-names &&
		parity_stdin ../shared-names cat-file --batch-check &&
		parity_stdin ../shared-names cat-file --batch &&
		parity cat-file --batch-check --batch-all-objects &&
		parity cat-file --batch-check --batch-all-objects --unordered
	)
'

test_expect_success 'input lines: CRLF, empty lines, spaces, a last line without newline' '
	batch_parity "HEAD\r\n\nHEAD \n HEAD\nv1\tx y\nHEAD" cat-file --batch-check &&
	batch_parity "HEAD\r\n\nHEAD \n HEAD\nv1\tx y\nHEAD" cat-file --batch-check="%(objectname)|%(rest)|" &&
	batch_parity "v1  \t two words \n" cat-file --batch="%(rest)|%(objecttype)"
'

test_expect_success '-z: NUL-terminated input' '
	batch_parity "HEAD\0v1\0nosuch\0HEAD\r\0HEAD:src/file.c" cat-file --batch-check -z &&
	batch_parity "HEAD\0v1\0nosuch" cat-file --batch -z &&
	batch_parity "HEAD x\0v1\0" cat-file --batch-check="%(rest)" -z
'

test_expect_success '--buffer and --no-buffer' '
	parity_stdin ../names cat-file --batch --buffer &&
	parity_stdin ../names cat-file --batch-check --buffer &&
	parity cat-file --batch-check --batch-all-objects --no-buffer
'

test_expect_success '--batch-command: info, contents, flush' '
	batch_parity "info HEAD\ncontents HEAD~1\ninfo nosuch\ncontents v1\ninfo b2749\n" cat-file --batch-command &&
	batch_parity "info HEAD\ncontents HEAD~1\nflush\ninfo nosuch\ncontents v1\nflush\ninfo HEAD\n" \
		cat-file --batch-command --buffer &&
	batch_parity "info HEAD\ninfo  HEAD\ninfo HEAD:src/file.c\n" cat-file --batch-command="%(objectname) %(rest)" &&
	batch_parity "info HEAD\0contents v1\0" cat-file --batch-command -z &&
	parity cat-file --batch-command --batch-all-objects
'

test_expect_success '--batch-command: git'"'"'s errors' '
	batch_parity "info HEAD\nflush\n" cat-file --batch-command &&
	batch_parity "info HEAD\n\ninfo HEAD\n" cat-file --batch-command &&
	batch_parity " info HEAD\n" cat-file --batch-command &&
	batch_parity "infoHEAD\n" cat-file --batch-command &&
	batch_parity "info\n" cat-file --batch-command &&
	batch_parity "contents\n" cat-file --batch-command &&
	batch_parity "flushx\n" cat-file --batch-command --buffer &&
	batch_parity "info HEAD\nfoo bar\n" cat-file --batch-command &&
	batch_parity "info HEAD\nfoo bar\n" cat-file --batch-command --buffer
'

test_expect_success 'format errors' '
	batch_parity "HEAD\n" cat-file --batch-check="%(objectname" &&
	batch_parity "HEAD\n" cat-file --batch-check="%(foo)" &&
	batch_parity "HEAD\n" cat-file --batch-check="x %() y" &&
	batch_parity "HEAD\n" cat-file --batch="%(objectname) %(bogus)" &&
	parity cat-file --batch-check="%(objectsize:disks)" --batch-all-objects
'

test_expect_success 'empty format and empty input' '
	batch_parity "HEAD\nnosuch\n" cat-file --batch-check= &&
	batch_parity "" cat-file --batch-check &&
	batch_parity "" cat-file --batch
'

test_expect_success 'subdirectory: relative paths in batch names' '
	(cd src && batch_parity "HEAD:./file.c\nHEAD:file.c\nHEAD:src/file.c\nHEAD:../docs/readme.txt\n" cat-file --batch-check)
'

test_expect_success 'SHA-256 repository, loose and packed' '
	git init -q --object-format=sha256 ../sha256 &&
	(
		cd ../sha256 &&
		for i in 1 2 3 4; do seq 1 $((i * 50)) >f && git add f && git commit -q -m "c$i"; done &&
		git tag -a -m t t1 &&
		git rev-list --objects --all | sed "s/ .*//" >names && echo t1 >>names && echo HEAD:f >>names &&
		parity_stdin names cat-file --batch &&
		parity_stdin names cat-file --batch-check="%(objectname) %(objectsize:disk) %(deltabase)" &&
		git repack -qad &&
		parity_stdin names cat-file --batch &&
		parity_stdin names cat-file --batch-check="%(objectname) %(objectsize:disk) %(deltabase)" &&
		parity cat-file --batch-check --batch-all-objects --unordered
	)
'

test_expect_success 'deep delta chains (hundreds of links)' '
	git init -q ../deep &&
	(
		cd ../deep && mkdir v &&
		awk "BEGIN { for (i = 1; i <= 1100; i++) { f = \"v/\" i;
			for (j = i; j < i + 100; j++) print \"line \" j \" of the sliding window\" > f; close(f) } }" &&
		ls v | sed "s|^|v/|" | git hash-object -w --stdin-paths >../deep-names &&
		git pack-objects -q --depth=1000 --window=1000 .git/objects/pack/pack <../deep-names >/dev/null &&
		git prune-packed &&
		git verify-pack -s .git/objects/pack/*.idx | grep -q "chain length = 3[0-9][0-9]:" &&
		echo HEAD >>../deep-names &&
		parity_stdin ../deep-names cat-file --batch-check="%(objectname) %(objecttype) %(objectsize) %(objectsize:disk) %(deltabase)" &&
		parity_stdin ../deep-names cat-file --batch &&
		parity cat-file --batch-check --batch-all-objects &&
		parity cat-file --batch-check --batch-all-objects --unordered &&
		parity cat-file --batch-check="%(objectsize:disk) %(deltabase)" --batch-all-objects --unordered
	)
'

test_done
