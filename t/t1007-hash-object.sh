#!/usr/bin/env bash
# git hash-object: hashing files and standard input, writing objects that the
# real git reads back, type checks, --literally, --stdin-paths, errors.
. "$(dirname "$0")/lib/test-lib.sh"

test_setup 'repository and sample files' '
	git init -q repo && cd repo &&
	echo hello >hello && printf "" >empty && printf "no newline" >nonl &&
	printf "crlf\r\nline\r\n" >crlf &&
	echo "tab" >"$(printf "ta\tb")" &&
	mkdir sub && echo inner >sub/inner &&
	printf "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 0 +0000\ncommitter C <c@x> 0 +0000\n\nmsg\n" >commit.txt &&
	printf "object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ntype tree\ntag v1\ntagger T <t@x> 0 +0000\n\nmsg\n" >tag.txt
'

test_expect_success 'hashing files' '
	parity hash-object hello &&
	parity hash-object hello empty nonl crlf &&
	parity hash-object -- hello &&
	parity hash-object "$(printf "ta\tb")" &&
	parity hash-object "$PWD/hello" &&
	parity hash-object -t blob hello &&
	parity hash-object --no-filters crlf &&
	parity hash-object --path=other crlf &&
	parity hash-object --literally hello
'

test_expect_success 'hashing standard input' '
	parity_stdin hello hash-object --stdin &&
	parity_stdin /dev/null hash-object --stdin &&
	parity_stdin crlf hash-object --stdin &&
	parity_stdin hello hash-object --stdin empty nonl &&
	parity_stdin hello hash-object --stdin --path=x &&
	parity_stdin hello hash-object -t blob --stdin --literally
'

test_expect_success 'valid trees, commits and tags' '
	parity_stdin commit.txt hash-object -t commit --stdin &&
	parity_stdin tag.txt hash-object -t tag --stdin &&
	parity hash-object -t commit commit.txt &&
	parity hash-object -t tag tag.txt &&
	git hash-object -t tree -w --stdin </dev/null >/dev/null &&
	parity_stdin /dev/null hash-object -t tree --stdin
'

test_expect_success 'corrupt trees, commits and tags are refused' '
	parity hash-object -t tree hello &&
	parity hash-object -t commit hello &&
	parity hash-object -t tag hello &&
	printf "tree zz\n" >bad-commit && parity hash-object -t commit bad-commit &&
	printf "tree %s\n\n" $(printf "%040d" 0 | tr 0 g) >bad-tree-ptr && parity hash-object -t commit bad-tree-ptr &&
	printf "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent xyz\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\n" >bad-parent &&
	parity hash-object -t commit bad-parent &&
	printf "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\n" >tree-parent &&
	parity hash-object -t commit tree-parent &&
	printf "object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ntype frob\ntag v1\n\n" >bad-type &&
	parity hash-object -t tag bad-type &&
	printf "object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ntype tree\nnotag v1\n\n" >no-tag &&
	parity hash-object -t tag no-tag &&
	printf "10x644 f\0aaaaaaaaaaaaaaaaaaaa" >bad-mode && parity hash-object -t tree bad-mode &&
	printf "100644 \0aaaaaaaaaaaaaaaaaaaa" >no-name && parity hash-object -t tree no-name &&
	printf "100644 f\0short" >short && parity hash-object -t tree short &&
	printf " f\0aaaaaaaaaaaaaaaaaaaa" >no-mode && parity hash-object -t tree no-mode &&
	printf "100644 f\0aaaaaaaaaaaaaaaaaaa\0" >nul-end && parity hash-object -t tree nul-end &&
	printf "object 4B825DC642CB6EB9A060E54BF8D69288FBEE4904\ntype tree\ntag x\n" >upper-tag &&
	parity hash-object -t tag upper-tag &&
	printf "object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ntype tree\ntag " >short-tag &&
	parity hash-object -t tag short-tag &&
	printf "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n" >tree-only && parity hash-object -t commit tree-only &&
	printf "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4905" >parent-no-nl &&
	parity hash-object -t commit parent-no-nl &&
	parity_stdin hello hash-object -t commit --stdin
'

test_expect_success '--literally accepts garbage and unknown types' '
	parity hash-object -t tree --literally hello &&
	parity hash-object -t commit --literally hello &&
	parity hash-object -t frobnitz --literally hello &&
	parity_stdin hello hash-object -t frobnitz --literally --stdin &&
	parity hash-object -t "" --literally hello &&
	parity hash-object -t foo hello &&
	parity hash-object -t "" hello &&
	parity_stdin hello hash-object -t foo --stdin &&
	parity hash-object -t foo nofile
'

test_expect_success '--stdin-paths' '
	printf "hello\nempty\n\"ta\\\\tb\"\n" >paths &&
	parity_stdin paths hash-object --stdin-paths &&
	printf "hello\r\nnonl" >paths-crlf && parity_stdin paths-crlf hash-object --stdin-paths &&
	parity_stdin paths hash-object --stdin-paths --no-filters &&
	parity_stdin paths hash-object --stdin-paths -t blob &&
	printf "\"hel\\154o\" trailing\n" >quoted && parity_stdin quoted hash-object --stdin-paths &&
	printf "\"hello\n" >badquote && parity_stdin badquote hash-object --stdin-paths &&
	printf "hello\nnofile\nhello\n" >withmissing && parity_stdin withmissing hash-object --stdin-paths &&
	printf "commit.txt\n" >commitpath && parity_stdin commitpath hash-object -t commit --stdin-paths
'

test_expect_success 'in a subdirectory: paths are relative to it, --stdin-paths to the top' '
	parity_in sub hash-object inner &&
	parity_in sub hash-object ../hello &&
	parity_in sub hash-object nofile &&
	parity_in sub hash-object --path=zz . &&
	parity_in sub hash-object -w . &&
	printf "inner\nsub/inner\n" >"$TRASH/subpaths" &&
	(cd sub && parity_stdin "$TRASH/subpaths" hash-object --stdin-paths)
'

test_expect_success 'abbreviated and negated long options' '
	parity_stdin hello hash-object --std &&
	parity_stdin hello hash-object --stdin-p &&
	parity_stdin hello hash-object --stdin --no-stdin hello &&
	parity_stdin hello hash-object --stdin --no-std hello &&
	parity hash-object --lit -t frob hello &&
	parity hash-object --literally --no-lit -t frob hello &&
	parity hash-object --no-f crlf &&
	parity hash-object --no-filters --filters --path=x crlf &&
	parity hash-object --no-no-filters --path=x crlf &&
	parity hash-object --pa=x crlf &&
	parity hash-object --path=x --no-path --no-filters crlf
'

test_expect_success 'errors: missing files, directories, option conflicts' '
	parity hash-object nofile &&
	parity hash-object hello nofile hello &&
	parity hash-object . &&
	parity hash-object -w . &&
	parity hash-object --no-filters . &&
	parity hash-object --path=x . &&
	parity hash-object --stdin-paths hello &&
	parity hash-object --stdin --stdin-paths &&
	parity hash-object --stdin --stdin &&
	parity hash-object --path=x --stdin-paths &&
	parity hash-object --path=x --no-filters hello &&
	parity hash-object -t &&
	parity hash-object --path &&
	parity hash-object --bogus &&
	parity hash-object -h &&
	parity hash-object &&
	parity hash-object -w
'

test_expect_success 'written objects are read back by git' '
	"$GRIT" hash-object -w hello empty nonl crlf >ids &&
	for id in $(cat ids); do git cat-file -p $id >/dev/null || exit 1; done &&
	git cat-file -p $(head -1 ids) >out && test_cmp hello out &&
	c=$("$GRIT" hash-object -w -t commit commit.txt) && test "$(git cat-file -t $c)" = commit &&
	git cat-file -p $c >out && test_cmp commit.txt out &&
	t=$("$GRIT" hash-object -w -t tag tag.txt) && test "$(git cat-file -t $t)" = tag &&
	e=$("$GRIT" hash-object -w -t tree --stdin </dev/null) && test "$(git cat-file -t $e)" = tree &&
	s=$("$GRIT" hash-object -w --stdin <hello) && test "$s" = "$(git hash-object hello)" &&
	git fsck --strict 2>&1 | grep -v -e "^dangling" -e "^notice" >fsck.out; test ! -s fsck.out
'

test_expect_success 'written objects match what git writes' '
	for f in hello empty nonl crlf; do
		test "$("$GRIT" hash-object -w $f)" = "$(git hash-object $f)" || exit 1
	done
'

test_expect_success '--literally -w writes objects of made-up types' '
	id=$("$GRIT" hash-object -t frobnitz --literally -w hello) &&
	test "$id" = "$(git hash-object -t frobnitz --literally hello)" &&
	test "$(git cat-file -t --allow-unknown-type $id)" = frobnitz &&
	git cat-file -p --allow-unknown-type $id >/dev/null 2>&1 || git cat-file --allow-unknown-type -s $id
'

test_expect_success 'outside a repository: hashing works, writing does not' '
	mkdir -p "$TRASH/norepo" && cp hello "$TRASH/norepo/" &&
	(cd "$TRASH/norepo" && GIT_CEILING_DIRECTORIES="$TRASH" parity hash-object hello &&
	 GIT_CEILING_DIRECTORIES="$TRASH" parity hash-object -w hello &&
	 GIT_CEILING_DIRECTORIES="$TRASH" parity_stdin hello hash-object --stdin -w)
'

test_setup 'SHA-256 repository' '
	cd "$TRASH" && git init -q --object-format=sha256 sha256 && cd sha256 && echo hello >hello &&
	printf "tree %s\nauthor A <a@x> 0 +0000\n\nmsg\n" $(git hash-object -t tree --stdin </dev/null) >commit.txt
'

test_expect_success 'SHA-256: hashing, checks and writing' '
	parity hash-object hello &&
	parity hash-object -t commit commit.txt &&
	parity hash-object -t commit hello &&
	parity_stdin hello hash-object --stdin &&
	id=$("$GRIT" hash-object -w hello) && git cat-file -p $id >out && test_cmp hello out
'

test_done
