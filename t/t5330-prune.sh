#!/usr/bin/env bash
# git prune and prune-packed: what is listed, what is deleted and what stays,
# compared with git on two copies of the same repository; objects that refs,
# reflogs, the index, worktrees, extra heads or recent objects reach survive.
. "$(dirname "$0")/lib/test-lib.sh"

# prune_parity <repo> <command args...>: runs git and grit on copies of
# <repo>; stdout, stderr, exit status and the files left in objects/ must
# match, and git fsck must accept grit's result.
prune_parity() {
	local repo=$1
	shift
	rm -rf "$TRASH/pg" "$TRASH/ps"
	cp -a "$repo" "$TRASH/pg" && cp -a "$repo" "$TRASH/ps" || return 1
	(cd "$TRASH/pg" && "$REAL_GIT" "$@" >../pg.out 2>../pg.err; echo $? >>../pg.out
	 find .git/objects | sort >../pg.files) &&
	(cd "$TRASH/ps" && "$GRIT" "$@" >../ps.out 2>../ps.err; echo $? >>../ps.out
	 find .git/objects | sort >../ps.files) &&
	test_cmp "$TRASH/pg.out" "$TRASH/ps.out" &&
	test_cmp "$TRASH/pg.err" "$TRASH/ps.err" &&
	test_cmp "$TRASH/pg.files" "$TRASH/ps.files" &&
	(cd "$TRASH/ps" && "$REAL_GIT" fsck --no-dangling >/dev/null)
}

old() { touch -d "3 weeks ago" "$@"; }

test_setup 'a repository with unreachable objects of every age' '
	make_history repo 6 &&
	cd repo &&
	git gc -q &&
	b1=$(echo "old unreachable blob" | git hash-object -w --stdin) &&
	b2=$(echo "blob under an old tree" | git hash-object -w --stdin) &&
	t1=$(printf "100644 blob $b2\tfile\n" | git mktree) &&
	b3=$(echo "blob under a recent commit" | git hash-object -w --stdin) &&
	t2=$(printf "100644 blob $b3\tfile\n" | git mktree) &&
	c1=$(echo "recent unreachable commit" | git commit-tree $t2) &&
	b4=$(echo "only in a reflog" | git hash-object -w --stdin) &&
	c2=$(git commit-tree -m "reflog only" $(printf "100644 blob $b4\tr\n" | git mktree)) &&
	git update-ref refs/heads/tmp $c2 && git update-ref -d refs/heads/tmp &&
	git update-ref -m "keep it" refs/heads/reflogged $c2 && git update-ref --no-deref -d refs/heads/reflogged &&
	mkdir -p .git/logs/refs/heads && git reflog exists refs/heads/reflogged || true &&
	echo "in the index only" >staged.txt && git add staged.txt &&
	b5=$(echo "named on the command line" | git hash-object -w --stdin) &&
	for f in .git/objects/??/*; do old "$f"; done &&
	old .git/objects/$(echo $c1 | cut -c1-2)/$(echo $c1 | cut -c3-) &&
	touch .git/objects/$(echo $c1 | cut -c1-2)/$(echo $c1 | cut -c3-) &&
	echo "a recent unreachable blob" | git hash-object -w --stdin >/dev/null &&
	mkdir -p .git/objects/ab && echo junk >.git/objects/ab/not-an-object &&
	touch .git/objects/tmp_obj_recent && touch .git/objects/ab/tmp_obj_recent2 &&
	echo x >.git/objects/pack/tmp_pack_old && old .git/objects/pack/tmp_pack_old &&
	mkdir .git/objects/tmp_dir_old && old .git/objects/tmp_dir_old &&
	echo "$t2 $b3" >../kept-by-recent &&
	cd .. && echo "$b5" >b5
'

test_expect_success 'usage and bad options as git' '
	cd repo &&
	parity prune -h &&
	parity prune --expire &&
	parity prune --expire=garbage &&
	parity prune --expire="not a date" &&
	parity prune no-such-head &&
	parity prune --no-such-option
'

test_expect_success 'dry runs list the same objects and files for each expiry' '
	for e in "" --expire=now --expire=all --expire=never --expire=false --expire=2.weeks.ago \
		--expire=4.weeks.ago --expire=yesterday "--expire=1 hour ago" --no-expire; do
		prune_parity repo prune -n $e || { echo "^ for prune -n $e"; return 1; }
	done
'

test_expect_success 'prune deletes what git deletes, keeps what git keeps' '
	for e in "" --expire=2.weeks.ago --expire=never -v "-v --expire=2.weeks.ago"; do
		prune_parity repo prune $e || { echo "^ for prune $e"; return 1; }
	done
'

test_expect_success 'what a recent unreachable commit reaches survives an expiry' '
	prune_parity repo prune --expire=2.weeks.ago &&
	for id in $(cat kept-by-recent); do git -C ps cat-file -e $id || return 1; done &&
	prune_parity repo prune --expire=now &&
	for id in $(cat kept-by-recent); do ! git -C ps cat-file -e $id 2>/dev/null || return 1; done
'

test_expect_success 'extra heads on the command line are kept' '
	prune_parity repo prune -v $(cat b5) &&
	cd ps && git cat-file -e $(cat ../b5)
'

test_expect_success 'detached HEAD and a linked worktree keep their objects' '
	rm -rf wt-repo && cp -a repo wt-repo && cd wt-repo &&
	git worktree add -q --detach ../wt HEAD~2 &&
	(cd ../wt && echo "staged in the worktree" >w.txt && git add w.txt &&
	 git commit -q -m "worktree commit" && echo "wt index only" >i.txt && git add i.txt) &&
	git checkout -q --detach HEAD~1 && git branch -D -q topic 2>/dev/null; true &&
	for f in .git/objects/??/*; do old "$f"; done &&
	cd .. && prune_parity wt-repo prune -v
'

test_expect_success 'a precious-objects repository is refused' '
	rm -rf precious && cp -a repo precious && cd precious &&
	git config core.repositoryformatversion 1 && git config extensions.preciousObjects true &&
	parity prune -n
'

test_expect_success 'prune-packed: usage, dry run and removal as git' '
	rm -rf pp && cp -a repo pp && (cd pp && git cat-file --batch-all-objects --batch-check="%(objectname)" |
		head -20 >../some && while read -r id; do
			d=.git/objects/$(echo $id | cut -c1-2) && mkdir -p $d &&
			git cat-file $(git cat-file -t $id) $id | git hash-object -w -t $(git cat-file -t $id) --stdin --literally >/dev/null
		done <../some) &&
	(cd pp && parity prune-packed -h && parity prune-packed extra && parity prune-packed -n) &&
	prune_parity pp prune-packed &&
	prune_parity pp prune-packed -q
'

test_expect_success 'a fully packed repository without refs: nothing to list, then loose objects and temporary files as git' '
	rm -rf bare-ish && git clone -q --bare --no-local repo bare-ish && cd bare-ish &&
	rm -rf refs/heads/* refs/tags/* packed-refs && echo "ref: refs/heads/none" >HEAD &&
	"$GRIT" prune -n >out 2>err && test ! -s out && test ! -s err &&
	echo loose | git hash-object -w --stdin >/dev/null && echo x >objects/tmp_obj_1 &&
	parity prune -n
'

test_done
