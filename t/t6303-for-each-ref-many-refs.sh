#!/usr/bin/env bash
# for-each-ref over enough refs that objects are read on several threads
# before sorting, and patterns that narrow the listing to a region of
# packed-refs and refs/: the same output and errors as git.
. "$(dirname "$0")/lib/test-lib.sh"

test_setup 'repository with 2000 tags (800 annotated) and 300 branches' '
	make_history repo 6 && cd repo &&
	git rev-list HEAD >"$TRASH/commits" &&
	i=0 && while read -r c; do
		i=$((i + 1))
		for k in $(seq 1 200); do
			echo "create refs/tags/light/$i-$k $c"
			test $k -gt 50 || echo "create refs/heads/topic/$i-$k $c"
		done
	done <"$TRASH/commits" | git update-ref --stdin &&
	for k in $(seq 1 400); do
		printf "tag ann/%04d\nfrom %s\ntagger T <t@example.com> %d +0000\ndata 4\nann\n" \
			$k "$(sed -n "$((k % 6 + 1))p" "$TRASH/commits")" $((1112911993 + (k * 7919) % 100000))
	done | git fast-import --quiet &&
	git pack-refs --all &&
	for k in $(seq 401 800); do
		git tag -a -m "loose $k" "ann/$k" "$(sed -n "$((k % 6 + 1))p" "$TRASH/commits")" || exit 1
	done
'

test_expect_success 'sorting by object contents over many refs, as git' '
	parity for-each-ref --sort=-committerdate --format="%(refname) %(objectname) %(*objectname)" refs/tags &&
	parity for-each-ref --sort=taggerdate --sort=objecttype --format="%(refname) %(objecttype) %(*subject)" &&
	parity for-each-ref --sort=subject --count=25 refs/tags/ann &&
	parity for-each-ref --sort=-creatordate --format="%(refname:short) %(creatordate:iso)" refs/heads refs/tags/ann
'

test_expect_success 'patterns narrow the listing without changing it' '
	parity for-each-ref --format="%(refname)" refs/tags/ann &&
	parity for-each-ref --format="%(refname)" "refs/tags/ann/0*" refs/heads/topic &&
	parity for-each-ref --format="%(refname)" refs/tag refs/heads/topic/1-1 &&
	parity for-each-ref --format="%(refname)" "refs/*/topic/2-*" &&
	parity for-each-ref --format="%(refname)" --ignore-case REFS/TAGS/ANN/000 &&
	parity for-each-ref --format="%(refname)" "r*" refs/nothing
'

test_expect_success 'a missing object among many refs: git error, no output' '
	mkdir -p .git/refs/tags/light &&
	echo 1234567890123456789012345678901234567890 >.git/refs/tags/light/zz-missing &&
	parity for-each-ref --sort=-committerdate --format="%(refname)" refs/tags &&
	parity for-each-ref --format="%(refname) %(objectname)" refs/tags/light/zz-missing &&
	rm .git/refs/tags/light/zz-missing
'

test_done
