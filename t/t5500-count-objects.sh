#!/usr/bin/env bash
# git count-objects: loose counts and sizes, -v (packs, size-pack,
# prune-packable, garbage of every kind, alternates), -H, usage errors.
. "$(dirname "$0")/lib/test-lib.sh"

test_setup 'a repository with loose and packed objects' '
	make_history repo 6 && cd repo
'

test_expect_success 'loose only, then packed, then both' '
	parity_each "count-objects" "count-objects -v" "count-objects -H" "count-objects -vH" "count-objects --verbose --human-readable" &&
	git repack -dq &&
	parity_each "count-objects" "count-objects -v" "count-objects -vH" &&
	git cat-file --batch-all-objects --batch-check="%(objectname)" | head -5 >some &&
	while read id; do git cat-file -p $id >/dev/null; done <some &&
	echo new >new && git add new && git commit -q -m new &&
	git unpack-objects -r <$(ls .git/objects/pack/*.pack) &&
	parity_each "count-objects" "count-objects -v" "count-objects -H -v"
'

test_expect_success 'garbage: stray loose files, unmatched pack files, unknown pack-dir files' '
	mkdir -p .git/objects/12 && echo x >.git/objects/12/zz &&
	echo xyz >.git/objects/12/0123456789012345678901234567890123456789 &&
	mkdir .git/objects/12/$(printf "%038d" 0) &&
	echo y >.git/objects/pack/foo && printf 1 >.git/objects/pack/one &&
	touch .git/objects/pack/pack-123.keep .git/objects/pack/pack-x.pack .git/objects/pack/pack-y.idx &&
	touch .git/objects/pack/pack-z.bitmap &&
	parity_each "count-objects" "count-objects -v" "count-objects -vH"
'

test_expect_success 'alternates, absolute and relative' '
	git init -q --bare ../alt1 && git init -q --bare ../alt2 &&
	(cd ../alt1 && echo blob | git hash-object -w --stdin >/dev/null) &&
	echo "$(cd ../alt1 && pwd)/objects" >.git/objects/info/alternates &&
	echo "../../../alt2/objects" >>.git/objects/info/alternates &&
	parity count-objects -v &&
	mkdir -p sub && parity_in sub count-objects -v
'

test_expect_success 'sizes in every unit with -H' '
	git init -q ../big && cd ../big &&
	head -c 3000000 /dev/urandom >big && git add big && git commit -q -m big &&
	parity count-objects -vH && parity count-objects -H &&
	git repack -adq && parity count-objects -vH
'

test_expect_success 'a loose directory that is a file stops the count' '
	git init -q ../odd && cd ../odd && echo a >a && git add a && git commit -q -m a &&
	echo bla >.git/objects/ab && parity count-objects && parity count-objects -v
'

test_expect_success 'usage errors' '
	parity count-objects extra && parity count-objects --bogus && parity count-objects -h
'

test_done
