#!/usr/bin/env bash
# git ls-tree: every option and --format atom, path arguments (also from a
# subdirectory), unusual file names, submodules, symlinks, SHA-256, errors.
. "$(dirname "$0")/lib/test-lib.sh"

test_setup 'repository with nested trees, odd names, a symlink and a submodule' '
	git init -q repo && cd repo &&
	mkdir -p a/b c "sp ace" &&
	echo x >a/b/f && echo y >a/g && echo z >c/h && echo top >top &&
	echo s >"sp ace/in side" &&
	printf "tab" >"$(printf "ta\tb")" &&
	printf "nl" >"$(printf "new\nline")" &&
	echo q >"q\"uote" && echo b >"back\\slash" &&
	echo u >"$(printf "\303\251t\303\251")" &&
	echo d >"$(printf "del\177")" &&
	echo star >"a*b" &&
	ln -s top link &&
	git add -A &&
	git update-index --add --cacheinfo 160000,2222222222222222222222222222222222222222,sub &&
	git commit -q -m one &&
	git tag -a -m annotated tagged HEAD &&
	git tag -a -m blobtag blobtag HEAD:top &&
	TREE=$(git rev-parse HEAD^{tree})
'

for opts in "" "-r" "-t" "-r -t" "-d" "-d -r" "-d -t" "-rt" "-l" "-l -r" "--long -r -t" \
	"--name-only" "--name-status" "--name-only -r" "--object-only" "--object-only -r" \
	"-z" "-z -r" "-z --name-only -r" "-z -l" \
	"--abbrev" "--abbrev=4" "--abbrev=0" "--abbrev=99" "--abbrev=-3" "--abbrev=8 -r" "--no-abbrev" \
	"--abbrev=5 --no-abbrev" "--no-abbrev --abbrev=6" "--full-name" "--full-tree" "--no-full-tree" \
	"--no-full-name"; do
	test_expect_success "ls-tree $opts" "parity ls-tree $opts HEAD"
done

test_expect_success 'tree-ish forms: tree id, commit, tag, rev:path, ^{tree}' '
	parity ls-tree $TREE &&
	parity ls-tree tagged &&
	parity ls-tree HEAD:a &&
	parity ls-tree -r HEAD:a &&
	parity ls-tree "HEAD^{tree}" &&
	parity ls-tree main
'

for fmt in "%(objectmode) %(objecttype) %(objectname)%x09%(path)" \
	"%(objectmode) %(objecttype) %(objectname) %(objectsize:padded)%x09%(path)" \
	"%(objectname)" "%(path)" "%(objectsize)" "[%(objectsize:padded)]" "%(objecttype)%%%(objectmode)" \
	"%x41%x7e%x00|%n|%xff" "%(path)%(path) %(objectmode)" "" "100%% literal" "%x4" "%xZZ"; do
	test_expect_success "--format=$fmt" "parity ls-tree -r --format='$fmt' HEAD"
done

test_expect_success '--format with -z, -t, -d, --abbrev, path arguments' '
	parity ls-tree -z -r --format="%(path)" HEAD &&
	parity ls-tree -t -r --format="%(objecttype) %(path)" HEAD &&
	parity ls-tree -d --format="%(path)" HEAD &&
	parity ls-tree --abbrev=6 --format="%(objectname)" HEAD &&
	parity ls-tree --format="%(path)" HEAD a/ c &&
	parity ls-tree --format="%(objectname)" --format="%(path)" HEAD
'

for fmt in "%(foo)" "%(objectsize:pad)" "%q" "%qabc %(path)" "%(path" "abc%" "%(" "%()" "%(path)%"; do
	test_expect_success "bad --format=$fmt" "parity ls-tree --format='$fmt' HEAD"
done

test_expect_success 'bad format on an empty tree is never expanded' '
	empty=$(git mktree </dev/null) &&
	parity ls-tree --format="%(foo)" $empty
'

test_expect_success 'abbreviated and negated long options' '
	parity ls-tree --name-o HEAD &&
	parity ls-tree --nam HEAD &&
	parity ls-tree --n HEAD &&
	parity ls-tree --no-f HEAD &&
	parity ls-tree --full HEAD &&
	parity ls-tree --fo=%\(path\) HEAD &&
	parity ls-tree --fo %\(path\) HEAD &&
	parity ls-tree --abb HEAD &&
	parity ls-tree --abbrev=6 --no-abb HEAD &&
	parity ls-tree --obj HEAD &&
	parity ls-tree --lo HEAD &&
	parity_in a ls-tree --no-full-n HEAD &&
	parity_in a ls-tree --full-t HEAD &&
	parity_in a ls-tree --full-tree --no-full-t HEAD
'

test_expect_success 'output modes exclude each other' '
	parity ls-tree -l --name-only HEAD &&
	parity ls-tree --name-only -l HEAD &&
	parity ls-tree --long --object-only HEAD &&
	parity ls-tree --object-only --name-status HEAD &&
	parity ls-tree --name-only --name-status HEAD &&
	parity ls-tree --name-only --name-only HEAD &&
	parity ls-tree -l -l HEAD &&
	parity ls-tree -l --long HEAD
'

test_expect_success '--format cannot be combined with output modes' '
	parity ls-tree --format=%\(path\) -l HEAD &&
	parity ls-tree --object-only --format=%\(path\) HEAD &&
	parity ls-tree --format=%\(path\) --name-only HEAD &&
	parity ls-tree --format=x -l
'

for paths in "a" "a/" "a/b" "a/b/" "a/b/f" "a/b/f/" "top/" "top" "c a" "a a" "nope" "." "./" "a/." "a//b" \
	"a/./b/" "c/../a/" "a/.." "sub" "sub/" "sub/x" "link" "link/" ":/a" ":(top)a" ":(literal)a" ":(top,literal)c" \
	"::a" "a*b" "a*" "sp" "sp ace" "sp ace/" ":/" ":"; do
	# Several words are several paths; each is quoted for the eval.
	q=$(printf "%q " $paths)  # $paths is never empty
	test_expect_success "paths: $paths" "
		parity ls-tree HEAD $q &&
		parity ls-tree -r HEAD $q &&
		parity ls-tree -t HEAD $q &&
		parity ls-tree -d HEAD $q &&
		parity ls-tree -r -t --name-only HEAD $q
	"
done

test_expect_success 'paths with spaces, tabs and unicode' '
	parity ls-tree HEAD "sp ace/in side" &&
	parity ls-tree -r HEAD "sp ace" &&
	parity ls-tree HEAD "$(printf "ta\tb")" "$(printf "\303\251t\303\251")" &&
	parity ls-tree HEAD "$(printf "new\nline")"
'

test_expect_success 'absolute paths inside and outside the work tree' '
	parity ls-tree HEAD "$PWD/a" &&
	parity ls-tree HEAD "$PWD" &&
	parity ls-tree HEAD "$PWD/" &&
	parity ls-tree HEAD /elsewhere
'

test_expect_success 'bad pathspecs' '
	parity ls-tree HEAD "" &&
	parity ls-tree HEAD a "" &&
	parity ls-tree HEAD ../x &&
	parity ls-tree HEAD ":(glob)a" &&
	parity ls-tree HEAD ":!a" &&
	parity ls-tree HEAD ":^a" &&
	parity ls-tree HEAD ":(icase)a" &&
	parity ls-tree HEAD ":(glob,icase)a" &&
	parity ls-tree HEAD ":(exclude)a" &&
	parity ls-tree HEAD ":(attr:x)a" &&
	parity ls-tree HEAD ":(foo)a" &&
	parity ls-tree HEAD ":(top" &&
	parity ls-tree HEAD ":#a" &&
	parity ls-tree HEAD ":(literal,glob)a" &&
	parity ls-tree HEAD ":(top)../x" &&
	parity ls-tree nope "" &&
	parity ls-tree HEAD:top ../x
'

test_expect_success 'GIT_LITERAL_PATHSPECS turns magic off' '
	GIT_LITERAL_PATHSPECS=1 parity ls-tree HEAD ":(glob)a" ":/a" a
'

# Each case is "<options>|<paths>"; the paths come after the tree-ish.
for dir in a a/b "sp ace" c; do
	for case in "|" "--full-name|" "--full-tree|" "-r|" "-t|" "-r -t|" "|." "|.." "|../.." "|../c" "|b" "|b/f" \
		"-t|b/f" "-t --full-name|b/f" "|:/c" "|:(top)" "-d|" "-l|" "--name-only -r|.." \
		"--format=%(path)|%(objectname)|" "-z -r|.." "--full-tree|c" "--full-name|.." "-r|../g ../../top" \
		"-t|../.. b"; do
		o=${case%|*} p=${case##*|}
		opts= paths=
		test -n "$o" && opts=$(printf "%q " $o)
		test -n "$p" && paths=$(printf "%q " $p)
		test_expect_success "in $dir: ls-tree $case" "parity_in '$dir' ls-tree $opts HEAD $paths"
	done
done

test_expect_success 'subdirectory: path arguments relative to the current directory' '
	parity_in a ls-tree HEAD ../g ../../top &&
	parity_in a/b ls-tree -t -r HEAD ../../c &&
	parity_in a/b ls-tree HEAD ../g ../../top &&
	parity_in a ls-tree -r HEAD .. &&
	parity_in a ls-tree HEAD ../../x
'

test_expect_success 'core.quotePath off keeps UTF-8 but still quotes control bytes' '
	parity -c core.quotePath=false ls-tree -r HEAD &&
	parity -c core.quotepath=false ls-tree --format="%(path)" HEAD &&
	parity -c core.quotePath=false ls-tree -z HEAD &&
	parity_in a -c core.quotePath=false ls-tree HEAD ..
'

test_expect_success 'submodule (gitlink) entries' '
	parity ls-tree HEAD sub &&
	parity ls-tree -l HEAD sub &&
	parity ls-tree --format="%(objecttype) %(objectsize) %(objectsize:padded)" HEAD sub &&
	parity ls-tree -d HEAD &&
	parity ls-tree --abbrev HEAD sub
'

test_expect_success 'core.abbrev applies to --abbrev without a value' '
	parity -c core.abbrev=12 ls-tree --abbrev HEAD &&
	parity -c core.abbrev=12 ls-tree HEAD &&
	parity -c core.abbrev=no ls-tree --abbrev HEAD &&
	parity -c core.abbrev=auto ls-tree --abbrev --format="%(objectname)" HEAD
'

test_expect_success 'outside a repository, and with --git-dir' '
	(cd "$TRASH" && GIT_CEILING_DIRECTORIES="$TRASH" parity ls-tree HEAD) &&
	(cd "$TRASH" && GIT_CEILING_DIRECTORIES="$TRASH" parity ls-tree -h) &&
	(cd "$TRASH" && GIT_CEILING_DIRECTORIES="$TRASH" parity ls-tree --bogus) &&
	(cd "$TRASH" && parity --git-dir=repo/.git ls-tree -r HEAD) &&
	(cd "$TRASH" && parity -C repo/a ls-tree HEAD)
'

test_expect_success 'symlinks are blobs with mode 120000' '
	parity ls-tree -l HEAD link &&
	parity ls-tree --format="%(objectmode) %(objectsize)" HEAD link
'

test_expect_success 'bad object names and non-trees' '
	parity ls-tree nope &&
	parity ls-tree HEAD:top &&
	parity ls-tree blobtag &&
	parity ls-tree HEAD:nope &&
	parity ls-tree 0000000000000000000000000000000000000001 &&
	parity ls-tree -d HEAD:nope
'

test_expect_success 'usage and unknown options' '
	parity ls-tree -h &&
	parity ls-tree &&
	parity ls-tree -r &&
	parity ls-tree --bogus HEAD &&
	parity ls-tree -x HEAD &&
	parity ls-tree --format &&
	parity ls-tree --format HEAD &&
	parity ls-tree --abbrev=x HEAD &&
	parity ls-tree --abbrev= HEAD &&
	parity ls-tree --abbrev=4x HEAD &&
	parity ls-tree --no-name-only HEAD &&
	parity ls-tree --no-format HEAD
'

# raw_oid <hex>: the binary form of an object id, as trees store it.
raw_oid() { printf "$(echo "$1" | sed 's/../\\x&/g')"; }

test_setup 'trees with missing objects, wrong types and odd modes' '
	B=$(git rev-parse HEAD:top) &&
	MISSING=$(printf "100644 blob 1111111111111111111111111111111111111111\tmissing\n040000 tree 3333333333333333333333333333333333333333\tdir\n100644 blob %s\tzz\n" $B | git mktree --missing) &&
	{ printf "100664 aa\0" && raw_oid $B && printf "40000 dir\0" && raw_oid $B &&
	  printf "100755 x\0" && raw_oid $B && printf "170000 y\0" && raw_oid $B; } >odd.raw &&
	ODD=$(git hash-object -t tree -w odd.raw) &&
	printf garbage >garbage && GARBAGE=$(git hash-object -t tree --literally -w garbage)
'

test_expect_success 'missing blobs, missing and non-tree subtrees' '
	parity ls-tree $MISSING &&
	parity ls-tree -l $MISSING &&
	parity ls-tree -r $MISSING &&
	parity ls-tree $MISSING dir/x &&
	parity ls-tree -d $MISSING &&
	parity ls-tree --format="%(objectsize)" $MISSING &&
	parity ls-tree --format="%(objectsize:padded)" $MISSING zz &&
	parity ls-tree $ODD &&
	parity ls-tree -r $ODD &&
	parity ls-tree -r -l $ODD &&
	parity ls-tree $GARBAGE
'

test_expect_success 'malformed trees stop the listing where git stops it' '
	H=aaaaaaaaaaaaaaaaaaaa &&
	for body in "100644 f\\0${H}garbage" "100644 f\\0${H}100644 g\\0${H}" "100644 f\\0${H}100644 g\\0short" \
		"100644 f\\0${H} g\\0${H}" "100644 f\\0${H}1x0644 g\\0${H}" "100644 f\\0${H}100644 \\0${H}" \
		"100644f\\0${H}" "100644 f${H}\\0" "40000 d\\0${H}"; do
		printf "$body" >bad.raw &&
		id=$(git hash-object -t tree --literally -w bad.raw) &&
		parity ls-tree $id &&
		parity ls-tree -r $id || exit 1
	done
'

test_setup 'SHA-256 repository' '
	cd "$TRASH" && git init -q --object-format=sha256 sha256 && cd sha256 &&
	mkdir d && echo 1 >d/one && echo 2 >two && git add . && git commit -q -m sha256
'

test_expect_success 'SHA-256: listings, sizes, formats, abbreviations' '
	parity ls-tree HEAD &&
	parity ls-tree -r -t -l HEAD &&
	parity ls-tree --abbrev HEAD &&
	parity ls-tree --abbrev=10 -r HEAD &&
	parity ls-tree --abbrev=99 -r HEAD &&
	parity ls-tree -r --format="%(objectname) %(objectsize:padded) %(path)" HEAD &&
	parity ls-tree -z --object-only -r HEAD
'

test_setup 'bare repository' '
	cd "$TRASH" && git clone -q --bare repo bare.git && cd bare.git
'

test_expect_success 'bare repository: paths and errors' '
	parity ls-tree HEAD a &&
	parity ls-tree HEAD ./a/ &&
	parity ls-tree HEAD ../x &&
	parity ls-tree HEAD "$PWD/a" &&
	parity_in refs ls-tree HEAD a &&
	parity_in refs ls-tree HEAD ../x &&
	parity_in refs ls-tree HEAD "$PWD/a"
'

test_expect_success 'inside .git, and with --git-dir / --work-tree' '
	cd "$TRASH/repo" &&
	parity_in .git ls-tree HEAD a &&
	parity_in .git ls-tree HEAD ../x &&
	parity_in .git/refs ls-tree HEAD ../x &&
	parity_in .git/refs --git-dir="$TRASH/repo/.git" ls-tree HEAD ../../x &&
	parity_in .git/refs --git-dir="$TRASH/repo/.git" ls-tree HEAD a &&
	parity_in "$TRASH" --git-dir=repo/.git ls-tree HEAD ../x &&
	parity_in "$TRASH" --git-dir=bare.git ls-tree HEAD ../x &&
	parity_in "$TRASH" --git-dir=repo/.git --work-tree=repo ls-tree HEAD a "$TRASH/repo/c"
'

test_expect_success 'the empty tree is known even when it is not stored' '
	git init -q empty-tree-repo &&
	cd empty-tree-repo &&
	parity ls-tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904 &&
	parity ls-tree -r -l 4b825dc642cb6eb9a060e54bf8d69288fbee4904
'

test_done
