#!/usr/bin/env bash
# git prune-packed: -n lists (in git's order) the loose objects a pack also
# holds; without it they are deleted and emptied fan-out directories removed,
# leaving exactly what git leaves.
. "$(dirname "$0")/lib/test-lib.sh"

# Two identical repositories: one for git, one for grit, compared afterwards.
twins() {
	rm -rf g r && make_history g 5 && (cd g && git repack -dq && echo late >late && git add late &&
		git commit -q -m late && git unpack-objects -r <$(ls .git/objects/pack/*.pack)) &&
	cp -a g r
}

listing() { (cd "$1" && find .git/objects -path "*/pack" -prune -o -print | sort); }

test_setup 'two identical repositories, loose objects partly packed too' 'twins'

test_expect_success '-n lists the duplicates and removes nothing' '
	parity_in g prune-packed -n &&
	parity_in g prune-packed --dry-run -q &&
	listing g >before && listing r >after && test_cmp before after
'

test_expect_success 'prune-packed leaves what git leaves' '
	(cd g && git prune-packed) && (cd r && "$GRIT" prune-packed >../out 2>../err) &&
	test ! -s out && test ! -s err &&
	listing g >expect && listing r >actual && test_cmp expect actual &&
	(cd r && git fsck --no-progress && git count-objects -v) &&
	parity_in r prune-packed -n
'

test_expect_success '-q, nothing to prune, alternates packs count' '
	twins && (cd g && git prune-packed -q) && (cd r && "$GRIT" prune-packed -q) &&
	listing g >expect && listing r >actual && test_cmp expect actual &&
	git init -q alt && (cd alt && echo shared >s && git add s && git commit -q -m s && git repack -adq) &&
	git init -q user && (cd user && echo shared >s && git add s && git commit -q -m s &&
		echo "$(cd ../alt && pwd)/.git/objects" >.git/objects/info/alternates) &&
	parity_in user prune-packed -n && (cd user && "$GRIT" prune-packed && git fsck --no-progress) &&
	parity_in user count-objects -v
'

test_expect_success 'usage errors' '
	parity_in g prune-packed extra && parity_in g prune-packed --bogus && parity_in g prune-packed -h
'

test_done
