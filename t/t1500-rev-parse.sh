#!/bin/bash
# rev-parse: revision expressions (gitrevisions(7)) and the options that
# shape how rev-parse prints them, compared with the real git.
. "$(dirname "$0")/lib/test-lib.sh"

# parity_revs <prefix args...> -- <rev>...: one parity run per revision.
parity_revs() {
	local pre=() rev failed=0
	while test "$1" != "--"; do pre+=("$1"); shift; done
	shift
	for rev in "$@"; do
		parity "${pre[@]}" "$rev" || { echo "  ... for: ${pre[*]} $rev"; failed=1; }
	done
	return $failed
}

test_setup 'history with branches, a merge, tags of every kind, packed and loose refs' '
	make_history repo 6 &&
	cd repo &&
	git branch side HEAD~3 &&
	git checkout -q side &&
	echo side >side.txt && git add side.txt && git commit -qm "side work" &&
	echo more >>side.txt && git commit -qam "side more" &&
	git checkout -q main &&
	git merge -q --no-edit side &&
	git tag -a -m "annotated v1" v1 HEAD~2 &&
	git tag light HEAD~1 &&
	git tag -a -m "tag of a tag" v1-outer v1 &&
	git tag -a -m "a tree" tree-tag "HEAD^{tree}" &&
	git tag -a -m "a blob" blob-tag HEAD:docs/readme.txt &&
	git branch feature/x HEAD~4 &&
	git update-ref refs/remotes/origin/main HEAD~1 &&
	git symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/main &&
	git tag dup HEAD~1 &&
	git branch dup HEAD~2 &&
	git pack-refs --all &&
	git repack -adq &&
	git commit-graph write --reachable &&
	git branch loose HEAD~2 &&
	git tag v2 HEAD &&
	echo untracked >untracked.txt
'

test_expect_success 'ref names in DWIM order' '
	parity_revs rev-parse -- HEAD @ main refs/heads/main heads/main side v1 v1-outer light \
		tree-tag blob-tag origin origin/main remotes/origin/main loose v2 feature/x dup
'

test_expect_success 'full and abbreviated hex ids' '
	full=$(git rev-parse HEAD) &&
	short=$(echo $full | cut -c1-7) &&
	upper=$(echo $full | cut -c1-10 | tr a-f A-F) &&
	parity_revs rev-parse -- $full $short $upper $(echo $full | cut -c1-4) \
		0000000000000000000000000000000000000000 abcdef123 abc
'

test_expect_success 'parent and ancestor suffixes' '
	parity_revs rev-parse -- "HEAD^" "HEAD^1" "HEAD^2" "HEAD^0" "HEAD~" "HEAD~2" "HEAD~0" \
		"HEAD^2~1" "HEAD~1^^" "HEAD^^^" "main~3" "v1~1" "v1^" "v1-outer~1" "HEAD^3" "HEAD~100" \
		"HEAD~99999999999" "HEAD^{tree}~1" "tree-tag~1" "blob-tag^"
'

test_expect_success 'many ancestors of the same starts in one invocation' '
	parity rev-parse HEAD~3 HEAD~1 HEAD~5 HEAD~2 HEAD~0 side~1 HEAD~4 side~2 HEAD~3 v1~1 HEAD~2^2 &&
	parity -c core.commitGraph=false rev-parse HEAD~4 HEAD~1 HEAD~5 HEAD~4 side~2 side~1 &&
	parity -c core.commitGraph=false rev-parse HEAD~2 HEAD~1 HEAD~50 HEAD~3
'

test_expect_success 'peeling suffixes' '
	parity_revs rev-parse -- "v1^{}" "v1^{commit}" "v1^{tree}" "v1^{tag}" "v1^{object}" \
		"v1-outer^{}" "v1-outer^{tag}" "v1-outer^{commit}" "tree-tag^{}" "tree-tag^{tree}" \
		"blob-tag^{}" "blob-tag^{blob}" "HEAD^{tree}" "HEAD^{commit}" "HEAD^{}" "HEAD^{blob}" \
		"HEAD^{tag}" "tree-tag^{commit}" "blob-tag^{tree}" "light^{tag}" "HEAD^{frob}" \
		"v1^{}^{tree}" "HEAD~1^{tree}"
'

test_expect_success 'message searches' '
	parity_revs rev-parse -- "HEAD^{/commit 3}" "HEAD^{/^side}" "HEAD^{/nomatch}" "HEAD^{/}" \
		":/commit 2" ":/side" ":/!-commit" ":/nomatch" "v1^{/commit [0-9]}"
'

test_expect_success 'tree paths' '
	parity_revs rev-parse -- HEAD:src/file.c HEAD:src HEAD:src/ HEAD: "HEAD^{tree}:docs" \
		HEAD~2:docs/readme.txt v1:docs tree-tag:src HEAD:src//file.c HEAD:src/file.c/ \
		HEAD:nope HEAD:src/nope HEAD:untracked.txt nope:x blob-tag:x "HEAD:./src" HEAD:src/sub/1.txt
'

test_expect_success 'index paths' '
	parity_revs rev-parse -- :src/file.c :0:src/file.c :1:src/file.c :docs :nope :untracked.txt \
		":./src/file.c" ":/" ":(top)src" ":0:nope" &&
	git update-index --index-version 4 &&
	parity_revs rev-parse -- :src/file.c :docs/readme.txt :side.txt &&
	git update-index --index-version 2
'

test_expect_success 'index stages of a conflicted merge' '
	cp -R ../repo ../conflict &&
	(
		cd ../conflict &&
		git checkout -q -b c1 HEAD~1 && echo one >src/file.c && git commit -qam one &&
		git checkout -q -b c2 HEAD~1 && echo two >src/file.c && git commit -qam two &&
		! git merge -q c1 >/dev/null 2>&1 &&
		parity_revs rev-parse -- :1:src/file.c :2:src/file.c :3:src/file.c :src/file.c :0:src/file.c \
			:3:docs/readme.txt :0:docs/readme.txt &&
		cd src &&
		parity_revs rev-parse -- :file.c :2:file.c ":2:./file.c"
	)
'

test_expect_success 'describe output names a commit' '
	parity rev-parse "$(git describe HEAD~1)" &&
	parity rev-parse "v1-2-g$(git rev-parse --short HEAD)" &&
	parity rev-parse "nope-2-g$(git rev-parse --short HEAD)" &&
	parity rev-parse "v1-g$(git rev-parse --short HEAD)"
'

test_expect_success '--verify and --quiet' '
	parity rev-parse --verify HEAD &&
	parity rev-parse --verify v1 &&
	parity rev-parse --verify "^v1" &&
	parity rev-parse --verify nope &&
	parity rev-parse --verify -q nope &&
	parity rev-parse -q --verify HEAD:nope &&
	parity rev-parse --quiet --verify "HEAD^{blob}" &&
	parity rev-parse --verify HEAD main &&
	parity rev-parse --verify &&
	parity rev-parse --verify --default HEAD &&
	parity rev-parse --verify --default nope &&
	parity rev-parse --verify HEAD~2..HEAD &&
	parity rev-parse --verify --foo HEAD
'

test_expect_success '--short' '
	parity rev-parse --short HEAD &&
	parity rev-parse --short=4 HEAD &&
	parity rev-parse --short=12 HEAD v1 &&
	parity rev-parse --short=100 HEAD &&
	parity rev-parse --short=0 HEAD &&
	parity rev-parse --short=x HEAD &&
	parity rev-parse --short nope &&
	parity -c core.abbrev=10 rev-parse --short HEAD &&
	parity -c core.abbrev=auto rev-parse --short HEAD &&
	parity -c core.abbrev=no rev-parse --short HEAD &&
	parity rev-parse --short=7 --symbolic HEAD
'

test_expect_success '--symbolic, --symbolic-full-name and --abbrev-ref' '
	parity rev-parse --symbolic HEAD main "^v1" HEAD~1 &&
	parity rev-parse --symbolic-full-name HEAD @ main heads/main v1 HEAD~1 origin origin/main &&
	parity rev-parse --symbolic-full-name dup &&
	parity rev-parse --symbolic-full-name "^main" &&
	parity rev-parse --abbrev-ref HEAD refs/heads/main origin/main refs/remotes/origin/HEAD v1 &&
	parity rev-parse --abbrev-ref=strict HEAD refs/heads/main refs/heads/dup &&
	parity rev-parse --abbrev-ref=loose refs/heads/main refs/heads/dup refs/tags/dup &&
	parity rev-parse --abbrev-ref=bogus HEAD &&
	parity -c core.warnAmbiguousRefs=false rev-parse --abbrev-ref refs/heads/dup
'

test_expect_success 'ambiguous ref names' '
	parity rev-parse dup &&
	parity rev-parse -q dup &&
	parity -c core.warnAmbiguousRefs=false rev-parse dup &&
	parity rev-parse refs/heads/dup &&
	git update-ref refs/heads/$(git rev-parse HEAD~1) HEAD &&
	parity rev-parse $(git rev-parse HEAD~1) &&
	parity -c advice.objectNameWarning=false rev-parse $(git rev-parse HEAD~1) &&
	git update-ref -d refs/heads/$(git rev-parse HEAD~1)
'

test_expect_success 'negation and --not' '
	parity rev-parse "^HEAD" "^v1" main &&
	parity rev-parse --not HEAD "^v1" &&
	parity rev-parse --not --not HEAD
'

test_expect_success 'ranges and merge bases' '
	parity rev-parse HEAD~2..HEAD &&
	parity rev-parse HEAD~2.. &&
	parity rev-parse ..HEAD~1 &&
	parity rev-parse v1..side &&
	parity rev-parse main...side &&
	parity rev-parse side...v1 &&
	parity rev-parse HEAD... &&
	parity rev-parse ...side &&
	parity rev-parse side~1...main~2 &&
	parity rev-parse --symbolic main..side &&
	parity rev-parse --symbolic side...main~1 &&
	parity rev-parse nope..HEAD &&
	parity rev-parse "tree-tag...HEAD" &&
	parity rev-parse ..
'

test_expect_success 'criss-cross merges have two merge bases' '
	cp -R ../repo ../crisscross &&
	(
		cd ../crisscross &&
		git checkout -q -b x HEAD~3 && echo x >x && git add x && git commit -qm x1 &&
		git checkout -q -b y HEAD~1 && echo y >y && git add y && git commit -qm y1 &&
		git checkout -q x && git merge -q --no-edit y~0 &&
		git checkout -q y && git merge -q --no-edit x~1 &&
		parity rev-parse x...y &&
		parity rev-parse y...x &&
		parity rev-parse x...main &&
		GIT_COMMITTER_DATE="1112912000 -0700" git commit -q --allow-empty -m later &&
		parity rev-parse x...y
	)
'

test_expect_success 'an octopus merge read from the commit-graph' '
	cp -R ../repo ../octopus &&
	(
		cd ../octopus &&
		for b in o1 o2 o3; do
			git checkout -q -b $b main~2 && echo $b >$b && git add $b && git commit -qm $b || return 1
		done &&
		git checkout -q main && git merge -q --no-edit o1 o2 o3 &&
		git commit-graph write --reachable &&
		parity_revs rev-parse -- "HEAD^1" "HEAD^2" "HEAD^3" "HEAD^4" "HEAD^5" "HEAD~2" "HEAD^4~1" "HEAD^@" "HEAD^-3" &&
		parity rev-parse HEAD^3...HEAD^4 &&
		parity -c core.commitGraph=false rev-parse "HEAD^4"
	)
'

test_expect_success 'parent shorthands' '
	parity rev-parse "HEAD^!" &&
	parity rev-parse "HEAD^@" &&
	parity rev-parse "HEAD^-" &&
	parity rev-parse "HEAD^-2" &&
	parity rev-parse "HEAD^-3" &&
	parity rev-parse "HEAD~1^!" &&
	parity rev-parse --symbolic "HEAD^@" "HEAD^!" &&
	parity rev-parse "v1^!"
'

test_expect_success 'files, "--" and unknown names' '
	parity rev-parse HEAD -- src/file.c &&
	parity rev-parse HEAD -- nope &&
	parity rev-parse -- HEAD &&
	parity rev-parse nope -- &&
	parity rev-parse nope &&
	parity rev-parse src/file.c &&
	parity rev-parse src/file.c HEAD &&
	parity rev-parse src/file.c nope &&
	parity rev-parse "src/*.c" &&
	parity rev-parse src/file.c --foo &&
	parity rev-parse ":(top)src" &&
	parity rev-parse "^nope" &&
	parity rev-parse --end-of-options HEAD &&
	parity rev-parse --end-of-options --foo
'

test_expect_success '--revs-only, --no-revs, --flags, --no-flags' '
	parity rev-parse --revs-only HEAD src/file.c --foo &&
	parity rev-parse --no-revs HEAD src/file.c --foo &&
	parity rev-parse --flags HEAD --foo src/file.c --all &&
	parity rev-parse --no-flags HEAD --foo src/file.c &&
	parity rev-parse --revs-only --no-flags -- HEAD &&
	parity rev-parse -n 3 HEAD &&
	parity rev-parse -n5 --max-count=3 HEAD
'

test_expect_success '--default' '
	parity rev-parse --default HEAD &&
	parity rev-parse --default v1 main &&
	parity rev-parse --default v1 src/file.c &&
	parity rev-parse --default nope
'

test_expect_success '--sq' '
	parity rev-parse --sq HEAD v1 &&
	parity rev-parse --sq --symbolic "it'\''s" -- "it'\''s"
'

test_expect_success 'ref listings' '
	parity rev-parse --all &&
	parity rev-parse --branches &&
	parity rev-parse --tags &&
	parity rev-parse --remotes &&
	parity rev-parse --branches="f*" &&
	parity rev-parse --branches=feature &&
	parity rev-parse --glob="refs/tags/v*" &&
	parity rev-parse --glob=heads &&
	parity rev-parse --exclude="v1*" --tags --tags &&
	parity rev-parse --symbolic --branches --tags &&
	parity rev-parse --symbolic-full-name --branches
'

test_expect_success 'reflog entries and previous checkouts' '
	cp -R ../repo ../reflogs &&
	(
		cd ../reflogs &&
		git checkout -q side && git checkout -q main && git checkout -q --detach HEAD~1 &&
		git checkout -q main &&
		git update-ref refs/heads/empty-log HEAD && : >.git/logs/refs/heads/empty-log &&
		parity_revs rev-parse -- "main@{0}" "main@{1}" "main@{2}" "main@{9}" "@{1}" "@{0}" \
			"HEAD@{1}" "HEAD@{3}" "HEAD@{99}" "@{-1}" "@{-2}" "@{-3}" "@{-9}" "@{-1}~1" \
			"@{-2}@{1}" "@{-1}:src" "side@{1}" "v1@{1}" "nope@{1}" "main@{1}^{tree}" \
			"main@{1}:src/file.c" "main@{}" "main@{-1}" "@{-0}" "@{-x}" "heads/main@{1}" \
			"refs/heads/main@{1}" "empty-log@{1}" "empty-log@{0}" "dup@{0}" &&
		parity rev-parse --verify -q "main@{1}" &&
		parity rev-parse --symbolic "@{-1}" &&
		parity rev-parse "@{-2}..main"
	)
'

test_expect_success 'reflog dates and upstreams are refused' '
	! "$GRIT" rev-parse "HEAD@{yesterday}" >out 2>err &&
	grep "not supported" err &&
	! "$GRIT" rev-parse "@{upstream}" 2>err &&
	grep "not supported" err
'

test_expect_success 'broken and dangling refs, damaged index' '
	cp -R ../repo ../damaged &&
	(
		cd ../damaged &&
		echo garbage >.git/refs/heads/broken &&
		git symbolic-ref refs/heads/dangle refs/heads/nowhere &&
		parity rev-parse broken &&
		parity rev-parse dangle &&
		parity rev-parse --verify -q broken &&
		cp .git/index ../index.good &&
		head -c 20 ../index.good >.git/index &&
		parity rev-parse :src/file.c &&
		cp ../index.good .git/index &&
		printf XXXX | dd of=.git/index bs=1 seek=0 conv=notrunc 2>/dev/null &&
		parity rev-parse :src/file.c &&
		cd src &&
		parity rev-parse :file.c
	)
'

test_expect_success 'from a subdirectory' '
	(
		cd src &&
		parity rev-parse HEAD:./file.c &&
		parity rev-parse HEAD:./sub/ &&
		parity rev-parse HEAD:../docs &&
		parity rev-parse HEAD:./ &&
		parity rev-parse HEAD:../ &&
		parity rev-parse HEAD:file.c &&
		parity rev-parse :file.c &&
		parity rev-parse :./file.c &&
		parity rev-parse :../docs/readme.txt &&
		parity rev-parse :./nope &&
		parity rev-parse HEAD:./nope &&
		parity rev-parse HEAD:../../x &&
		parity rev-parse file.c &&
		parity rev-parse nope &&
		parity rev-parse HEAD -- file.c
	)
'

test_expect_success 'relative paths need a work tree' '
	(
		cd .git &&
		parity rev-parse HEAD:./src
	)
'

test_expect_success 'detached HEAD' '
	cp -R ../repo ../detached &&
	(
		cd ../detached &&
		git checkout -q --detach HEAD~1 &&
		parity rev-parse HEAD @ &&
		parity rev-parse --symbolic-full-name HEAD &&
		parity rev-parse --abbrev-ref HEAD &&
		parity rev-parse HEAD~1:src/file.c
	)
'

test_expect_success 'an unborn branch' '
	git init -q ../unborn &&
	(
		cd ../unborn &&
		parity_revs rev-parse -- HEAD @ main HEAD:x HEAD~1 "HEAD^{tree}" :x "@{1}" &&
		parity rev-parse --verify -q HEAD &&
		parity rev-parse --symbolic-full-name HEAD &&
		parity rev-parse --abbrev-ref HEAD
	)
'

test_expect_success 'a bare repository' '
	git clone -q --bare . ../bare.git &&
	(
		cd ../bare.git &&
		parity_revs rev-parse -- HEAD main v1 "v1^{}" HEAD:src/file.c "HEAD:./src" "HEAD~1" nope :src/file.c
	)
'

test_expect_success 'a linked worktree has its own HEAD' '
	git worktree add -q ../linked side &&
	(
		cd ../linked &&
		parity_revs rev-parse -- HEAD @ main side "HEAD@{0}" "HEAD@{1}" "side@{1}" :side.txt HEAD:side.txt &&
		parity rev-parse --symbolic-full-name HEAD &&
		cd src &&
		parity rev-parse HEAD:./file.c
	) &&
	git worktree remove ../linked
'

test_setup 'many blobs, so that short ids collide' '
	mkdir ../blobs &&
	for i in $(seq 1 6000); do echo "blob $i" >../blobs/$i; done &&
	ls ../blobs | sed "s|^|../blobs/|" | git hash-object -w --stdin-paths >/dev/null &&
	git cat-file --batch-all-objects --batch-check="%(objectname) %(objecttype)" >../all &&
	cut -c1-4 ../all | sort | uniq -d >../dups &&
	blob_pair=$(head -1 ../dups) &&
	mixed=$(while read p; do
		if grep "^$p" ../all | grep -qv " blob$"; then echo $p; fi
	done <../dups) &&
	test -n "$blob_pair" &&
	echo "blob collision $blob_pair, mixed collisions:" $mixed
'

test_expect_success 'ambiguous short ids' '
	parity rev-parse $blob_pair &&
	parity rev-parse --verify $blob_pair &&
	parity rev-parse --verify -q $blob_pair &&
	parity rev-parse -q $blob_pair &&
	parity rev-parse "$blob_pair^{commit}" &&
	parity rev-parse "$blob_pair~1" &&
	parity rev-parse "$blob_pair:x" &&
	parity rev-parse --disambiguate=$blob_pair
'

test_expect_success 'ambiguity across object types' '
	for p in $mixed; do
		parity rev-parse $p &&
		parity rev-parse "$p^{commit}" &&
		parity rev-parse "$p^{tree}" &&
		parity rev-parse "$p^{tag}" &&
		parity rev-parse "$p~0" &&
		parity rev-parse "$p:" &&
		parity -c core.disambiguate=blob rev-parse $p &&
		parity -c core.disambiguate=commit rev-parse $p &&
		parity -c core.disambiguate=treeish rev-parse $p || return 1
	done
'

test_setup 'a SHA-256 repository' '
	cd .. &&
	git init -q --object-format=sha256 r256 &&
	cd r256 &&
	mkdir d && echo one >d/f && git add d && git commit -qm one &&
	echo two >d/f && git commit -qam two &&
	git tag -a -m v v1 HEAD~1
'

test_expect_success 'SHA-256 revisions' '
	parity_revs rev-parse -- HEAD HEAD~1 "v1^{}" "v1^{tree}" HEAD:d HEAD:d/f \
		$(git rev-parse HEAD) $(git rev-parse HEAD | cut -c1-9) HEAD~5 &&
	parity rev-parse --short HEAD &&
	parity rev-parse --short=40 HEAD &&
	parity rev-parse --short=70 HEAD &&
	parity rev-parse HEAD~1...HEAD &&
	parity rev-parse $(git rev-parse HEAD | cut -c1-40)
'

test_done
