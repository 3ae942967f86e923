#!/usr/bin/env bash
# git fsck: the object checks, one broken object per message id (trees,
# commits, tags written with `hash-object --literally`), severities from
# fsck.<msg-id>, fsck.skipList and --strict.
. "$(dirname "$0")/lib/test-lib.sh"

# raw_tree: reads "<mode> <oid> <name>" lines and writes them, in that
# order, as a tree; prints its id.
raw_tree() {
	local mode oid name
	while read -r mode oid name; do
		printf '%s %s\0' "$mode" "$name"
		printf '%s' "$oid" | xxd -r -p
	done | git hash-object --literally -t tree -w --stdin
}

# case_repo <dir>: a fresh repository with one commit; sets $blob, $tree.
case_repo() {
	rm -rf "$1" && git init -q "$1" && cd "$1" &&
	echo a >a && git add a && git commit -qm base &&
	blob=$(git rev-parse HEAD:a) && tree=$(git rev-parse HEAD^{tree})
}

# fsck_tree_case <title> <lines for raw_tree> [fsck args...]
fsck_tree_case() {
	local title=$1 lines=$2
	shift 2
	test_expect_success "tree: $title" "
		case_repo '$TRASH/tree-case' &&
		printf '%s\n' \"$lines\" | raw_tree >/dev/null &&
		parity fsck $* && parity fsck --strict $*
	"
}

test_setup 'ids' '
	git init -q ids && cd ids && echo a >a && git add a && git commit -qm base &&
	blob=$(git rev-parse HEAD:a) && tree=$(git rev-parse HEAD^{tree}) && cd ..
'

fsck_tree_case 'clean' "100644 $blob a"
fsck_tree_case 'duplicateEntries' "100644 $blob a
100644 $blob a"
fsck_tree_case 'duplicateEntries file then directory' "100644 $blob a
100644 $blob a.b
40000 $tree a"
fsck_tree_case 'treeNotSorted' "100644 $blob b
100644 $blob a"
fsck_tree_case 'zeroPaddedFilemode' "0100644 $blob a"
fsck_tree_case 'badFilemode' "100664 $blob a
100600 $blob b"
fsck_tree_case 'nullSha1' "100644 0000000000000000000000000000000000000000 a"
fsck_tree_case 'fullPathname' "100644 $blob a/b"
fsck_tree_case 'hasDot' "100644 $blob ."
fsck_tree_case 'hasDotdot' "100644 $blob .."
fsck_tree_case 'hasDotgit' "100644 $blob .git"
fsck_tree_case 'hasDotgit case' "100644 $blob .GIT"
fsck_tree_case 'hasDotgit NTFS short name' "100644 $blob git~1"
fsck_tree_case 'hasDotgit NTFS trailing dots' "100644 $blob .git. ."
fsck_tree_case 'hasDotgit NTFS stream' "100644 $blob .git::\$INDEX_ALLOCATION"
fsck_tree_case 'hasDotgit NTFS backslash' "100644 $blob a\\.git"
fsck_tree_case 'hasDotgit HFS ignorable' "100644 $blob .g$(printf '\342\200\214')it"
fsck_tree_case 'gitmodulesSymlink' "120000 $blob .gitmodules"
fsck_tree_case 'gitignore and mailmap symlinks' "120000 $blob .gitignore
120000 $blob .mailmap"
fsck_tree_case 'several at once, in git order' "0100644 $blob b
100644 0000000000000000000000000000000000000000 a
100644 $blob ..
100644 $blob .git"
fsck_tree_case 'long pathname (no check in git 2.39)' "100644 $blob $(printf 'x%.0s' $(seq 1 4100))"
fsck_tree_case 'too-short tree (badTree, broken links)' "100644 $blob"

test_expect_success 'tree: ignored with fsck.<id>=ignore, demoted with warn' '
	case_repo "$TRASH/cfg" &&
	printf "%s\n" "100644 $blob b" "100644 $blob a" "100644 $blob a" | raw_tree >/dev/null &&
	parity -c fsck.treeNotSorted=ignore fsck &&
	parity -c fsck.duplicateEntries=warn fsck &&
	parity -c fsck.DUPLICATEENTRIES=ignore -c fsck.treenotsorted=warn fsck &&
	parity -c fsck.zeroPaddedFilemode=error fsck
'

test_expect_success 'bad fsck configuration' '
	cd "$TRASH/cfg" &&
	parity -c fsck.noSuchThing=ignore fsck &&
	parity -c fsck.badDate=nonsense fsck &&
	parity -c fsck.nulInHeader=warn fsck
'

test_expect_success 'fsck.skipList' '
	case_repo "$TRASH/skip" &&
	bad=$(printf "%s\n" "100644 $blob a" "100644 $blob a" | raw_tree) &&
	printf "# broken\n%s\n\n" "$bad" >skip &&
	parity -c fsck.skipList=skip fsck &&
	echo nothex >skip2 &&
	parity -c fsck.skipList=skip2 fsck &&
	parity -c fsck.skipList=no-such-file fsck
'

# fsck_commit_case <title> <commit text, printf format>
fsck_commit_case() {
	test_expect_success "commit: $1" "
		case_repo '$TRASH/commit-case' &&
		printf \"$2\" | git hash-object --literally -t commit -w --stdin >/dev/null &&
		parity fsck && parity fsck --strict
	"
}

fsck_commit_case 'clean' "tree $tree\nauthor A <a@b> 1 +0000\ncommitter C <c@d> 2 -0100\n\nmsg\n"
fsck_commit_case 'missingTree' "author A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'bogus tree line (unparsable)' "tree 1234\nauthor A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'missingAuthor' "tree $tree\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'multipleAuthors' "tree $tree\nauthor A <a@b> 1 +0000\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'missingCommitter' "tree $tree\nauthor A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'missingNameBeforeEmail' "tree $tree\nauthor <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'badName' "tree $tree\nauthor A> <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'missingEmail' "tree $tree\nauthor A 1 +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'missingSpaceBeforeEmail' "tree $tree\nauthor A<a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'badEmail' "tree $tree\nauthor A <a@b 1 +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'badEmail embedded >' "tree $tree\nauthor A <a>b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'missingSpaceBeforeDate' "tree $tree\nauthor A <a@b>1 +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'zeroPaddedDate' "tree $tree\nauthor A <a@b> 01 +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'badDate' "tree $tree\nauthor A <a@b> x +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'badDate no timezone' "tree $tree\nauthor A <a@b> 1\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'badDateOverflow' "tree $tree\nauthor A <a@b> 18446744073709551617 +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'badDateOverflow above int64' "tree $tree\nauthor A <a@b> 9223372036854775808 +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'badTimezone' "tree $tree\nauthor A <a@b> 1 +00x0\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'badTimezone long' "tree $tree\nauthor A <a@b> 1 +00000\ncommitter A <a@b> 1 +0000\n\nmsg\n"
fsck_commit_case 'committer badEmail' "tree $tree\nauthor A <a@b> 1 +0000\ncommitter A <a@b 1 +0000\n\nmsg\n"
fsck_commit_case 'nulInHeader' "tree $tree\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\nx\0y\n\nmsg\n"
fsck_commit_case 'nulInCommit' "tree $tree\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nm\0sg\n"
fsck_commit_case 'unterminatedHeader' "tree $tree\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000"
fsck_commit_case 'bad parent (unparsable)' "tree $tree\nparent 12\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"

test_expect_success 'commit: --root lists root commits' '
	case_repo "$TRASH/root" &&
	echo b >b && git add b && git commit -qm second &&
	parity fsck --root
'

# fsck_tag_case <title> <tag text, printf format>
fsck_tag_case() {
	test_expect_success "tag: $1" "
		case_repo '$TRASH/tag-case' && commit=\$(git rev-parse HEAD) &&
		printf \"$2\" | git hash-object --literally -t tag -w --stdin >/dev/null &&
		parity fsck && parity fsck --strict && parity fsck --tags
	"
}

fsck_tag_case 'clean' "object \$commit\ntype commit\ntag v1\ntagger T <t@t> 1 +0000\n\nmsg\n"
fsck_tag_case 'badTagName and missingTaggerEntry' "object \$commit\ntype commit\ntag wrong name format\n\nmsg\n"
fsck_tag_case 'missingTaggerEntry' "object \$commit\ntype commit\ntag v1\n\nmsg\n"
fsck_tag_case 'tagger badEmail' "object \$commit\ntype commit\ntag v1\ntagger T <t@t 1 +0000\n\nmsg\n"
fsck_tag_case 'extra header' "object \$commit\ntype commit\ntag v1\ntagger T <t@t> 1 +0000\nextra x\n\nmsg\n"
fsck_tag_case 'missing type (unparsable)' "object \$commit\ntag v1\ntagger T <t@t> 1 +0000\n\nmsg\n"
fsck_tag_case 'unknown type (unparsable)' "object \$commit\ntype bogus\ntag v1\ntagger T <t@t> 1 +0000\n\nmsg\n"
fsck_tag_case 'missing tag line (unparsable)' "object \$commit\ntype commit\ntagger T <t@t> 1 +0000\n\nmsg\n"

test_expect_success 'tag: --tags names tagged objects' '
	case_repo "$TRASH/tags" && git tag -a -m m v1 && git tag -a -m m v2 HEAD^{tree} &&
	parity fsck --tags
'

test_done
