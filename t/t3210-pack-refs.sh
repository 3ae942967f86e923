#!/usr/bin/env bash
# pack-refs: the packed-refs file and the loose refs left behind are those of
# git, byte for byte; --include/--exclude (git 2.42) against their documented
# meaning; git's refusals; no update-ref racing with it is ever lost.
. "$(dirname "$0")/lib/test-lib.sh"
. "$GRIT_SOURCE_DIR/t/lib/refs-fixture.sh"

# pack_parity <repo> <args...>: runs `git pack-refs <args>` and `grit
# pack-refs <args>` on two copies of <repo>; compares output, exit status,
# packed-refs bytes and the files left under refs/, then fscks grit's copy.
pack_parity() {
	local src=$1
	shift
	rm -rf "$TRASH/by-git" "$TRASH/by-grit" &&
	cp -a "$src" "$TRASH/by-git" && cp -a "$src" "$TRASH/by-grit" &&
	(cd "$TRASH/by-git" && parity_git_only pack-refs "$@") &&
	(cd "$TRASH/by-grit" && "$GRIT" pack-refs "$@" >"$TRASH/grit.out" 2>"$TRASH/grit.err"; echo $? >"$TRASH/grit.rc") &&
	same_result "$TRASH/by-git" "$TRASH/by-grit"
}

parity_git_only() {
	"$REAL_GIT" "$@" >"$TRASH/git.out" 2>"$TRASH/git.err"
	echo $? >"$TRASH/git.rc"
}

# same_result <git copy> <grit copy>: same outputs and the same refs on disk.
same_result() {
	test_cmp "$TRASH/git.rc" "$TRASH/grit.rc" &&
	test_cmp "$TRASH/git.out" "$TRASH/grit.out" &&
	test_cmp "$TRASH/git.err" "$TRASH/grit.err" &&
	if test -e "$1/.git/packed-refs"; then cmp "$1/.git/packed-refs" "$2/.git/packed-refs"; else ! test -e "$2/.git/packed-refs"; fi &&
	(cd "$1" && find .git/refs | sort) >"$TRASH/git.files" &&
	(cd "$2" && find .git/refs | sort) >"$TRASH/grit.files" &&
	test_cmp "$TRASH/git.files" "$TRASH/grit.files" &&
	(cd "$1" && git for-each-ref --format="%(refname) %(objectname)") >"$TRASH/git.refs" 2>&1 &&
	(cd "$2" && git for-each-ref --format="%(refname) %(objectname)") >"$TRASH/grit.refs" 2>&1 &&
	test_cmp "$TRASH/git.refs" "$TRASH/grit.refs" &&
	fsck_refs "$1" >"$TRASH/git.fsck" && fsck_refs "$2" >"$TRASH/grit.fsck" &&
	test_cmp "$TRASH/git.fsck" "$TRASH/grit.fsck"
}

# git fsck of a repository whose test refs may be broken on purpose: what it
# says must be what it says of git's own result.
fsck_refs() {
	(cd "$1" && git fsck --no-progress 2>&1; true)
}

# git_pack_hiding <repo> <find args>: git pack-refs --all with the loose
# files matching <find args> moved out of the way and put back afterwards,
# which is what --exclude/--include promise to leave loose.
git_pack_hiding() {
	local repo=$1 f
	shift
	rm -rf "$TRASH/hidden" && mkdir "$TRASH/hidden" &&
	(cd "$repo" && find .git/refs -type f "$@") >"$TRASH/hidden.list" &&
	while read -r f; do
		mkdir -p "$TRASH/hidden/$(dirname "$f")" && mv "$repo/$f" "$TRASH/hidden/$f" || return 1
	done <"$TRASH/hidden.list" &&
	(cd "$repo" && git pack-refs --all) &&
	while read -r f; do
		mkdir -p "$repo/$(dirname "$f")" && mv "$TRASH/hidden/$f" "$repo/$f" || return 1
	done <"$TRASH/hidden.list"
}

# include_exclude_parity <repo> <find args> -- <grit pack-refs args>
include_exclude_parity() {
	local src=$1 find_args=()
	shift
	while test "$1" != "--"; do find_args+=("$1"); shift; done
	shift
	rm -rf "$TRASH/by-git" "$TRASH/by-grit" &&
	cp -a "$src" "$TRASH/by-git" && cp -a "$src" "$TRASH/by-grit" &&
	git_pack_hiding "$TRASH/by-git" "${find_args[@]}" &&
	(cd "$TRASH/by-grit" && "$GRIT" pack-refs "$@") &&
	cmp "$TRASH/by-git/.git/packed-refs" "$TRASH/by-grit/.git/packed-refs" &&
	(cd "$TRASH/by-git" && find .git/refs | sort) >"$TRASH/git.files" &&
	(cd "$TRASH/by-grit" && find .git/refs | sort) >"$TRASH/grit.files" &&
	test_cmp "$TRASH/git.files" "$TRASH/grit.files" &&
	fsck_refs "$TRASH/by-git" >"$TRASH/git.fsck" && fsck_refs "$TRASH/by-grit" >"$TRASH/grit.fsck" &&
	test_cmp "$TRASH/git.fsck" "$TRASH/grit.fsck"
}

test_setup 'repositories: refs packed and loose, nested, symbolic, broken' '
	make_refs_repo plain &&
	make_refs_repo odd && (
		cd odd &&
		git branch -f topic HEAD~2 &&
		git branch deep/x/y/z HEAD~1 &&
		git branch deep/x/w HEAD &&
		git tag nested/a/b HEAD~1 &&
		git symbolic-ref refs/heads/sym refs/heads/main &&
		git symbolic-ref refs/heads/dangle refs/heads/nowhere &&
		echo 1234567890123456789012345678901234567890 >.git/refs/heads/missing &&
		echo 1234567890123456789012345678901234567890 >.git/refs/tags/missing-tag &&
		echo garbage >.git/refs/heads/garb &&
		git rev-parse HEAD >".git/refs/heads/bad..name" &&
		mkdir -p .git/refs/bisect .git/refs/worktree .git/refs/heads/empty/dir &&
		git rev-parse HEAD >.git/refs/bisect/bad &&
		git rev-parse HEAD >.git/refs/worktree/mine &&
		git rev-parse HEAD >.git/refs/heads/.hidden &&
		git rev-parse HEAD >.git/refs/heads/stale.lock &&
		ln -s refs/heads/main .git/refs/heads/symlinked
	) &&
	git init -q empty &&
	git init -q unborn-with-tag && (cd unborn-with-tag && git commit -q --allow-empty -m x && git tag t) &&
	mkdir -p loose-only && (cd loose-only && make_history . 3 && git tag -a -m one v1 HEAD~1 && git tag lw HEAD &&
		git -c advice.nestedTag=false tag -a -m wrap v1w v1 && git tag -a -m tree treetag "HEAD^{tree}")
'

test_expect_success 'default, --all, --no-prune, --prune: same packed-refs and loose files as git' '
	for repo in plain odd empty unborn-with-tag loose-only; do
		for args in "" "--all" "--all --no-prune"; do
			pack_parity "$TRASH/$repo" $args || { echo "^ $repo: pack-refs $args"; return 1; }
		done
	done &&
	pack_parity "$TRASH/odd" --no-prune &&
	pack_parity "$TRASH/odd" --all --prune &&
	pack_parity "$TRASH/odd" --no-prune --prune
'

test_expect_success 'packing twice, and packing after updates, as git' '
	rm -rf twice && cp -a odd twice &&
	(cd twice && git pack-refs --all && git update-ref refs/heads/main HEAD~1 && git tag late HEAD~2 && git branch new HEAD) &&
	pack_parity "$TRASH/twice" --all &&
	pack_parity "$TRASH/twice" &&
	(cd "$TRASH/by-git" && git pack-refs --all) && (cd "$TRASH/by-grit" && "$GRIT" pack-refs --all) &&
	cmp "$TRASH/by-git/.git/packed-refs" "$TRASH/by-grit/.git/packed-refs"
'

test_expect_success 'old packed-refs formats: no header, "peeled" only, unsorted' '
	rm -rf old && cp -a plain old && (cd old && git pack-refs --all) &&
	grep -v "^#" old/.git/packed-refs >"$TRASH/records" &&
	cp "$TRASH/records" old/.git/packed-refs && pack_parity "$TRASH/old" &&
	{ echo "# pack-refs with: peeled "; cat "$TRASH/records"; } >old/.git/packed-refs && pack_parity "$TRASH/old" --all &&
	{ echo "# pack-refs with: peeled "; grep -v "^\^" "$TRASH/records" | sort -r; } >old/.git/packed-refs &&
	pack_parity "$TRASH/old" &&
	grep -v "^\^" "$TRASH/records" >old/.git/packed-refs && pack_parity "$TRASH/old" --all
'

test_expect_success 'linked worktree: packs the common refs, not the per-worktree ones' '
	rm -rf wt-main wt && cp -a plain wt-main && (cd wt-main && git worktree add -q ../wt HEAD~1 &&
		mkdir -p .git/worktrees/wt/refs/bisect && git rev-parse HEAD >.git/worktrees/wt/refs/bisect/good) &&
	(cd wt && "$GRIT" pack-refs --all) &&
	test -e wt-main/.git/worktrees/wt/refs/bisect/good &&
	(cd wt-main && git for-each-ref --format="%(refname)" refs/heads refs/tags) >"$TRASH/listed" &&
	(cd wt-main && find .git/refs -type f | sort) >"$TRASH/left" &&
	! grep refs/heads/ "$TRASH/left" && ! grep refs/tags/ "$TRASH/left" &&
	(cd wt-main && git fsck --no-progress)
'

test_expect_success '--exclude: as --all with that hierarchy left loose (git 2.42)' '
	include_exclude_parity "$TRASH/odd" -path ".git/refs/heads/*" -- --all --exclude="refs/heads/*" &&
	include_exclude_parity "$TRASH/odd" -path ".git/refs/heads/deep/*" -- --all --exclude="refs/heads/deep/*" &&
	include_exclude_parity "$TRASH/plain" -path ".git/refs/tags/v2.0" -- --all --exclude=refs/tags/v2.0 &&
	include_exclude_parity "$TRASH/odd" \( -path ".git/refs/notes/*" -o -path ".git/refs/heads/deep/x/w" \) -- \
		--all --exclude="refs/notes/*" --exclude="*/w"
'

test_expect_success '--include: only the matching loose refs are packed (git 2.42)' '
	include_exclude_parity "$TRASH/odd" ! -path ".git/refs/heads/*" -- --include="refs/heads/*" &&
	include_exclude_parity "$TRASH/odd" ! -path ".git/refs/heads/deep/*" -- --include="refs/heads/deep/*" &&
	include_exclude_parity "$TRASH/odd" ! \( -path ".git/refs/heads/*" -a ! -path ".git/refs/heads/deep/*" \) -- \
		--include="refs/heads/*" --exclude="refs/heads/deep/*" &&
	include_exclude_parity "$TRASH/odd" ! \( -path ".git/refs/tags/*" -o -path ".git/refs/notes/*" \) -- \
		--include="refs/tags/*" --include="refs/notes/*" &&
	include_exclude_parity "$TRASH/odd" -path nothing -- --include=refs/heads/main --all
'

test_expect_success 'usage' '
	cd plain &&
	parity pack-refs -h &&
	parity pack-refs --bogus &&
	parity pack-refs extra &&
	parity pack-refs --al &&
	cd ..
'

test_expect_success 'stale packed-refs.lock: git message, exit 128, nothing changed' '
	rm -rf locked && cp -a odd locked && cd locked &&
	touch .git/packed-refs.lock &&
	find .git -type f | sort | xargs md5sum >"$TRASH/before" &&
	parity pack-refs --all &&
	find .git -type f | sort | xargs md5sum >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after" &&
	cd ..
'

test_expect_success 'stale <ref>.lock: that ref stays loose with git message, the rest is packed' '
	rm -rf reflock && cp -a plain reflock && touch reflock/.git/refs/tags/v2.0.lock &&
	touch reflock/.git/refs/heads/loose-one.lock &&
	rm -rf "$TRASH/by-git" "$TRASH/by-grit" && cp -a reflock "$TRASH/by-git" && cp -a reflock "$TRASH/by-grit" &&
	(cd "$TRASH/by-git" && parity_git_only pack-refs --all) &&
	(cd "$TRASH/by-grit" && "$GRIT" pack-refs --all >"$TRASH/grit.out" 2>"$TRASH/grit.err"; echo $? >"$TRASH/grit.rc") &&
	sed -i "s|/by-grit/|/by-git/|" "$TRASH/grit.err" &&
	same_result "$TRASH/by-git" "$TRASH/by-grit"
'

test_expect_success 'malformed packed-refs: git message, exit 128, nothing changed' '
	rm -rf bad && cp -a odd bad && cd bad && git pack-refs &&
	cp .git/packed-refs "$TRASH/good-packed" &&
	for bad in "xyz refs/heads/bad" "^$(git rev-parse HEAD)" "$(git rev-parse HEAD)" \
		"$(git rev-parse HEAD)Xrefs/heads/x" "^zz"; do
		{ cat "$TRASH/good-packed"; printf "%s\n" "$bad"; } >.git/packed-refs &&
		find .git -type f | sort | xargs md5sum >"$TRASH/before" &&
		parity pack-refs --all &&
		find .git -type f | sort | xargs md5sum >"$TRASH/after" &&
		test_cmp "$TRASH/before" "$TRASH/after" || return 1
	done &&
	{ cat "$TRASH/good-packed"; printf "%s refs/heads/unterminated" "$(git rev-parse HEAD)"; } >.git/packed-refs &&
	parity pack-refs --all &&
	printf "# pack-refs with: peeled fully-peeled sorted \n" >.git/packed-refs && printf "# bogus header\n" >>.git/packed-refs &&
	parity pack-refs &&
	printf "# bogus header\n" >.git/packed-refs && parity pack-refs &&
	cd ..
'

test_expect_success 'garbage and dangling loose refs stay loose, as git' '
	rm -rf junk && cp -a plain junk && (
		cd junk &&
		printf "ref: refs/heads/main" >.git/refs/heads/no-newline-sym &&
		printf "%s" "$(git rev-parse HEAD)" >.git/refs/heads/no-newline &&
		printf "%s extra\n" "$(git rev-parse HEAD)" >.git/refs/heads/trailing &&
		printf "\n" >.git/refs/heads/empty-line &&
		: >.git/refs/tags/empty-file &&
		printf "%s" "$(git rev-parse HEAD | cut -c1-39)" >.git/refs/tags/short &&
		head -c 100 /dev/urandom >.git/refs/tags/binary &&
		git rev-parse HEAD:f >.git/refs/tags/blob-ref &&
		echo 0000000000000000000000000000000000000000 >.git/refs/tags/null
	) &&
	pack_parity "$TRASH/junk" --all &&
	pack_parity "$TRASH/junk"
'

test_expect_success 'concurrent git update-ref is never lost while pack-refs runs' '
	rm -rf race && make_history race 4 && cd race &&
	git rev-list HEAD >"$TRASH/commits" &&
	for i in $(seq 1000 2499); do echo "create refs/heads/b$i HEAD"; done | git update-ref --stdin &&
	git pack-refs --all &&
	git for-each-ref --format="%(refname) %(objectname)" "refs/heads/b*" >"$TRASH/expected" || return 1
	# The writer: transactions updating the same 75 refs (spread over the
	# 1500) again and again, each update naming the value it replaces, so
	# that a value lost by pack-refs stops it with "is at ... but expected".
	# Lock contention is retried.
	(
		for round in $(seq 1 8); do
			new=$(sed -n "$((round % 4 + 1))p" "$TRASH/commits")
			awk -v new=$new "NR % 20 == 0 { print \"update \" \$1 \" \" new \" \" \$2 }" \
				"$TRASH/expected" >"$TRASH/batch"
			tries=0
			until git update-ref --stdin <"$TRASH/batch" 2>"$TRASH/update.err"; do
				tries=$((tries + 1))
				if grep -q "but expected\|reference is missing" "$TRASH/update.err" || test $tries -gt 100; then
					cat "$TRASH/update.err"; echo LOST >"$TRASH/lost"; exit 1
				fi
			done
			awk -v new=$new "NR % 20 == 0 { \$2 = new } { print }" "$TRASH/expected" >"$TRASH/expected.new" &&
			mv "$TRASH/expected.new" "$TRASH/expected" || exit 1
		done
		echo done >"$TRASH/writer-done"
	) &
	writer=$! runs=0
	while ! test -e "$TRASH/writer-done" && ! test -e "$TRASH/lost"; do
		"$GRIT" pack-refs --all 2>>"$TRASH/pack.err"; runs=$((runs + 1))
	done &&
	wait $writer &&
	echo "pack-refs ran $runs times" &&
	! test -e "$TRASH/lost" &&
	git for-each-ref --format="%(refname) %(objectname)" "refs/heads/b*" >"$TRASH/actual" &&
	test_cmp "$TRASH/expected" "$TRASH/actual" &&
	git fsck --no-progress &&
	cd ..
'

test_done
