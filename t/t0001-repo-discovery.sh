#!/usr/bin/env bash
# Repository discovery and the repository options of rev-parse: where the git
# dir, the work tree and the prefix are, from every kind of starting point.
. "$(dirname "$0")/lib/test-lib.sh"

OPTS="--git-dir --absolute-git-dir --git-common-dir --show-prefix --show-cdup
	--is-bare-repository --is-inside-work-tree --is-inside-git-dir --show-object-format"
WT_OPTS="$OPTS --show-toplevel"

# each_option <args before the option...>: parity for each option alone, then
# all of them at once, under every --path-format.
each_option() {
	local o f
	for o in $WT_OPTS; do parity "$@" rev-parse $o || return 1; done
	for f in "" --path-format=relative --path-format=absolute; do
		parity "$@" rev-parse $f $WT_OPTS || return 1
	done
}

test_setup 'repository with history, subdirectories and a linked worktree' '
	make_history repo 2 &&
	mkdir -p repo/a/b &&
	git -C repo worktree add -q ../linked &&
	mkdir -p linked/sub &&
	git init -q --bare bare.git &&
	git init -q --object-format=sha256 sha256
'

test_expect_success 'top of the work tree' 'cd repo && each_option'
test_expect_success 'subdirectory' 'cd repo/a/b && each_option'
test_expect_success 'inside .git' 'cd repo/.git && each_option'
test_expect_success 'inside .git/refs' 'cd repo/.git/refs && each_option'
test_expect_success 'bare repository' 'cd bare.git && each_option'
test_expect_success 'inside a bare repository' 'cd bare.git/refs && each_option'
test_expect_success 'linked worktree' 'cd linked && each_option'
test_expect_success 'linked worktree subdirectory' 'cd linked/sub && each_option'
test_expect_success 'inside a linked worktree git dir' 'cd repo/.git/worktrees/linked && each_option'
test_expect_success 'sha256 repository' 'cd sha256 && each_option'

test_expect_success '-C' 'each_option -C repo/a && each_option -C bare.git && each_option -C linked/sub'
test_expect_success '--git-dir' '
	each_option --git-dir=repo/.git &&
	each_option --git-dir=bare.git &&
	(cd repo/a && each_option --git-dir=../.git) &&
	(cd repo/a && each_option --git-dir="$TRASH/repo/.git")
'
test_expect_success 'GIT_DIR' '
	GIT_DIR=repo/.git each_option &&
	(cd repo/a && GIT_DIR=../.git each_option) &&
	(cd repo/a/b && GIT_DIR=../../.git GIT_WORK_TREE=../.. each_option)
'
test_expect_success '--work-tree' '
	(cd repo/a && each_option --work-tree=..) &&
	(cd repo/a && each_option --git-dir=../.git --work-tree="$TRASH/repo") &&
	(cd repo/a && each_option --git-dir=../.git --work-tree=/) &&
	(cd repo/a && each_option --git-dir=../.git --work-tree=b)
'
test_expect_success '--bare' '(cd repo && each_option --bare) && (cd repo/a && each_option --bare)'

test_setup 'a .git file and core.worktree' '
	mkdir gitfile gitfile/sub &&
	echo "gitdir: ../repo/.git" >gitfile/.git &&
	git init -q --separate-git-dir=sep.git separated &&
	git init -q cw && git -C cw config core.worktree "$TRASH/gitfile" &&
	git init -q cwrel && git -C cwrel config core.worktree ../gitfile &&
	git init -q cbare && git -C cbare config core.bare true
'
test_expect_success '.git file' '(cd gitfile && each_option) && (cd gitfile/sub && each_option)'
test_expect_success 'separate git dir' '(cd separated && each_option)'
test_expect_success 'core.worktree' '
	(cd cw && each_option) && (cd cw/.git && each_option) &&
	(cd cwrel && each_option) && each_option --git-dir=cwrel/.git
'
test_expect_success 'core.bare with core.worktree warns' '
	git init -q bw && git -C bw config core.worktree "$TRASH/gitfile" && git -C bw config core.bare true &&
	(cd bw && each_option) && (cd bw/.git && each_option) && each_option --git-dir=bw/.git
'
test_expect_success 'core.bare in a work tree' '(cd cbare && each_option) && (cd cbare/.git && each_option)'
test_expect_success 'core.bare from the command line does not move discovery' '
	(cd repo && each_option -c core.bare=true)
'

test_expect_success 'broken .git files' '
	mkdir -p bad && cd bad &&
	echo garbage >.git && parity rev-parse --git-dir &&
	echo "gitdir: " >.git && parity rev-parse --git-dir &&
	echo "gitdir: ../nowhere" >.git && parity rev-parse --git-dir
'

test_expect_success 'not a repository' '
	mkdir -p nothing/deeper && cd nothing/deeper &&
	GIT_CEILING_DIRECTORIES="$TRASH" parity rev-parse --git-dir &&
	parity --git-dir=/nonexistent rev-parse --git-dir &&
	GIT_DIR=nothing parity rev-parse --show-toplevel
'
test_expect_success 'GIT_CEILING_DIRECTORIES' '
	cd repo/a/b &&
	GIT_CEILING_DIRECTORIES="$TRASH/repo" parity rev-parse --git-dir &&
	GIT_CEILING_DIRECTORIES="$TRASH/repo/a" parity rev-parse --git-dir &&
	GIT_CEILING_DIRECTORIES="$TRASH/repo/a/b" parity rev-parse --git-dir &&
	GIT_CEILING_DIRECTORIES=":$TRASH/repo/a" parity rev-parse --git-dir &&
	GIT_CEILING_DIRECTORIES="relative:$TRASH/repo/a" parity rev-parse --git-dir
'

# format <config text>: a fresh repository whose config ends with the text.
format() {
	rm -rf fmt && git init -q fmt && printf "$1" >>fmt/.git/config
}
test_expect_success 'unknown extension with version 0 is ignored' '
	format "[extensions]\n\tfoo = bar\n" && parity -C fmt rev-parse --git-dir
'
test_expect_success 'unknown extensions with version 1 are refused' '
	format "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tfoo = bar\n" &&
	parity -C fmt rev-parse --git-dir &&
	format "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tfoo = bar\n\tbaz\n" &&
	parity -C fmt rev-parse --git-dir
'
test_expect_success 'known extensions' '
	format "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tnoop\n\tnoop-v1\n\tpreciousObjects\n\tpartialClone = origin\n\tworktreeConfig = false\n" &&
	parity -C fmt rev-parse --git-dir --show-object-format
'
test_expect_success 'v1-only extensions with version 0' '
	format "[extensions]\n\tobjectFormat = sha256\n" && parity -C fmt rev-parse --git-dir &&
	format "[extensions]\n\tobjectFormat = sha256\n\tnoop-v1\n" && parity -C fmt rev-parse --git-dir
'
test_expect_success 'bad extension values' '
	format "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tobjectFormat = sha257\n" &&
	parity -C fmt rev-parse --git-dir &&
	format "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tobjectFormat\n" &&
	parity -C fmt rev-parse --git-dir &&
	format "[extensions]\n\tworktreeConfig = maybe\n" && parity -C fmt rev-parse --git-dir
'
test_expect_success 'repositoryformatversion 2 is refused' '
	format "[core]\n\trepositoryformatversion = 2\n" && parity -C fmt rev-parse --git-dir &&
	format "[core]\n\trepositoryformatversion = x\n" && parity -C fmt rev-parse --git-dir &&
	format "[core]\n\trepositoryformatversion\n" && parity -C fmt rev-parse --git-dir
'
test_expect_success 'worktree config' '
	format "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tworktreeConfig = true\n" &&
	printf "[core]\n\tbare = true\n" >fmt/.git/config.worktree &&
	(cd fmt && each_option) &&
	printf "[core]\n\tbare = nope\n" >fmt/.git/config.worktree &&
	parity -C fmt rev-parse --git-dir
'

test_expect_success 'malformed config files' '
	for text in "[foo\n" "[a]\nb = \"x\n" "[a]\nb = x\\\\q\n" "[a \"x]\nk=1\n" "[a]\n1b=2\n" \
		"[a_b]\nc=1\n" "[a \"b\" ]\nd=1\n" "[a]\nb=1\n[c" "[a]\nc = x\\\\\ny\\\\\n\\\\q" \
		"\\357\\273x" "[a]b ; c\n" "[include]\npath\n"
	do
		format "$text" && parity -C fmt rev-parse --git-dir || return 1
	done
'
test_expect_success 'config values git always checks' '
	for text in "[core]\nbare\n" "[core]\nbare = maybe\n" "[core]\nabbrev = 2\n" "[core]\nabbrev = 40\n" \
		"[core]\ncompression = 12\n" "[core]\nfilemode = x\n" "[core]\nworktree\n" "[user]\nname\n"
	do
		format "$text" && parity -C fmt rev-parse --git-dir || return 1
	done
'
test_expect_success 'a malformed global config is reported even outside a repository' '
	mkdir -p home && printf "[broken\n" >home/.gitconfig &&
	HOME="$TRASH/home" parity -C nothing rev-parse --git-dir &&
	HOME="$TRASH/home" parity -C repo rev-parse --git-dir
'
test_expect_success 'includes' '
	format "[include]\n\tpath = inc\n" && printf "[x\n" >fmt/.git/inc &&
	parity -C fmt rev-parse --git-dir &&
	printf "[include]\n\tpath = inc\n" >fmt/.git/inc && parity -C fmt rev-parse --git-dir &&
	printf "[core]\n\tbare = maybe\n" >fmt/.git/inc && parity -C fmt rev-parse --git-dir
'
test_expect_success 'conditional includes' '
	for cond in "gitdir:fmt/.git" "gitdir:other/.git" "gitdir:$TRASH/" "gitdir/i:$(echo "$TRASH" | tr a-z A-Z)/" \
		"gitdir:$(echo "$TRASH" | tr a-z A-Z)/" "onbranch:ma*" "onbranch:mo*" "gitdir:./" "gitdir:**/fmt/**" \
		"gitdir:fmt" "gitdir:fmt/" "gitdir:/tmp/**" "gitdir:~/x" "onbranch:main"
	do
		format "[includeIf \"$cond\"]\n\tpath = inc\n" && printf "[x\n" >fmt/.git/inc &&
		parity -C fmt rev-parse --git-dir || return 1
	done
'

test_expect_success '-c with bad keys and values' '
	cd repo &&
	for c in foo=bar foo.=bar =bar a.b 1a.b=c a.1b=c a.b.c=d "a.B c.d=e" "a b.c=d" a.b_c=d .a=b a..b=c \
		core.bare=maybe core.compression=x core.compression=99999999999 core.abbrev=3 user.name \
		core.logallrefupdates=always core.logallrefupdates=x core.deltabasecachelimit=-1
	do
		parity -c "$c" rev-parse --git-dir --is-bare-repository || return 1
	done
'
test_expect_success 'GIT_CONFIG_COUNT and GIT_CONFIG_PARAMETERS' '
	cd repo &&
	GIT_CONFIG_COUNT=x parity rev-parse &&
	GIT_CONFIG_COUNT=1 parity rev-parse &&
	GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=a.b parity rev-parse &&
	GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=ab GIT_CONFIG_VALUE_0=1 parity rev-parse &&
	GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.bare GIT_CONFIG_VALUE_0=x parity rev-parse &&
	GIT_CONFIG_COUNT=-1 parity rev-parse &&
	GIT_CONFIG_PARAMETERS="'\''a.b" parity rev-parse &&
	GIT_CONFIG_PARAMETERS="'\''a.b'\''='\''c'\'' '\''d.e=f'\''" parity rev-parse &&
	GIT_CONFIG_PARAMETERS="'\''a.b'\''='\''c'\''x" parity rev-parse &&
	GIT_CONFIG_PARAMETERS="'\''core.bare'\''='\''x'\''" parity rev-parse
'

test_expect_success 'safe.directory' '
	git init -q owned && mkdir owned/sub && git init -q --bare owned.git &&
	if test "$(id -u)" = 0; then
		chown -R nobody owned owned.git
	fi &&
	export GIT_TEST_ASSUME_DIFFERENT_OWNER=1 &&
	parity -C owned rev-parse --git-dir &&
	parity -C owned/sub rev-parse --git-dir &&
	parity -C owned/.git rev-parse --git-dir &&
	parity -C owned.git rev-parse --git-dir &&
	parity --git-dir=owned/.git rev-parse --git-dir &&
	parity -C owned -c safe.directory="$TRASH/owned" rev-parse --git-dir &&
	parity -C owned -c safe.directory="*" rev-parse --git-dir &&
	parity -C owned -c safe.directory="*" -c safe.directory= rev-parse --git-dir &&
	git config --global safe.directory "$TRASH/owned.git" &&
	parity -C owned.git rev-parse --git-dir
'
test_expect_success 'safe.bareRepository' '
	parity -c safe.bareRepository=explicit -C bare.git rev-parse --git-dir &&
	parity -c safe.bareRepository=explicit --git-dir=bare.git rev-parse --git-dir
'

test_expect_success 'arguments pass through in order' '
	cd repo/a &&
	touch f &&
	parity rev-parse -h &&
	parity rev-parse &&
	parity rev-parse --local-env-vars &&
	parity rev-parse --git-dir nonexistent --show-prefix &&
	parity rev-parse -- --git-dir &&
	parity rev-parse --end-of-options --git-dir &&
	parity rev-parse --no-flags --foo --git-dir &&
	parity rev-parse --flags f &&
	parity rev-parse f --git-dir &&
	parity rev-parse f -x &&
	parity rev-parse "x*" :/ :/src :/nope &&
	parity rev-parse -- nope &&
	parity rev-parse --show-object-format=input --show-object-format=foo &&
	parity rev-parse --show-object-formatx --is-shallow-repository &&
	parity rev-parse --path-format &&
	parity rev-parse --path-format=x
'

test_expect_success '--git-path' '
	for p in hooks objects objects/pack index info/grafts config HEAD refs/heads logs/HEAD \
		packed-refs info/exclude info/sparse-checkout x/y worktrees logs/refs/bisect/x refs/bisect
	do
		parity -C repo rev-parse --git-path $p &&
		parity -C repo/a rev-parse --git-path $p --path-format=absolute --git-path $p &&
		parity -C linked rev-parse --git-path $p --path-format=relative --git-path $p &&
		parity -C repo/.git rev-parse --git-path $p &&
		GIT_OBJECT_DIRECTORY=/o GIT_INDEX_FILE=i GIT_GRAFT_FILE=g parity -C repo rev-parse --git-path $p &&
		parity -C repo -c core.hooksPath=~/h rev-parse --git-path $p || return 1
	done &&
	parity -C repo rev-parse --git-path
'
test_expect_success '--resolve-git-dir' '
	parity rev-parse --resolve-git-dir repo/.git &&
	parity rev-parse --resolve-git-dir gitfile/.git &&
	parity rev-parse --resolve-git-dir repo &&
	parity rev-parse --resolve-git-dir &&
	parity -C repo/a rev-parse --git-dir --resolve-git-dir ../.git &&
	parity -C repo/a rev-parse --git-dir --resolve-git-dir .git &&
	parity -C nothing rev-parse --resolve-git-dir ../linked/.git
'

test_done
