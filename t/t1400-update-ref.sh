#!/usr/bin/env bash
# update-ref: command line and --stdin (-z) updates, deletes and checks,
# transactions, reflogs, D/F conflicts, locks; each compared with git 2.39
# doing the same on a copy of the same repository.
. "$(dirname "$0")/lib/test-lib.sh"
. "$GRIT_SOURCE_DIR/t/lib/refs-fixture.sh"

Z=0000000000000000000000000000000000000000

# write_check <script>...: runs each <script> in turn, with TOOL replaced by
# git in one copy of the current repository and by grit in another; compares
# stdout, stderr (the copy's path written as REPO), the exit status of each
# script, and the two git directories byte for byte, directory layout
# included; then runs git fsck on grit's copy.
write_check() {
	local tool script
	rm -rf "$TRASH/w-git" "$TRASH/w-grit" &&
	cp -a . "$TRASH/w-git" && cp -a . "$TRASH/w-grit" || return 1
	for tool in git grit; do
		(
			cd "$TRASH/w-$tool" &&
			for script in "$@"; do
				if test $tool = git; then
					eval "$(printf '%s' "$script" | sed "s/TOOL/git/g")"
				else
					eval "$(printf '%s' "$script" | sed "s|TOOL|\"\$GRIT\"|g")"
				fi
				echo "rc=$?"
			done
		) >"$TRASH/w.$tool.out" 2>"$TRASH/w.$tool.err"
		sed -i "s|$TRASH/w-$tool|REPO|g" "$TRASH/w.$tool.out" "$TRASH/w.$tool.err"
	done
	local ok=0
	diff -u "$TRASH/w.git.out" "$TRASH/w.grit.out" || ok=1
	diff -u "$TRASH/w.git.err" "$TRASH/w.grit.err" || ok=1
	diff -r "$TRASH/w-git/.git" "$TRASH/w-grit/.git" || ok=1
	(cd "$TRASH/w-grit" && fsck_clean) || ok=1
	test $ok -eq 0 || printf '  ^ for: %s\n' "$@"
	return $ok
}

# git fsck, where refs left dangling on purpose (symbolic refs whose target
# was deleted, a deliberately broken ref) are the only complaints allowed.
fsck_clean() {
	local out
	out=$(git fsck --no-dangling 2>&1) && return 0
	printf '%s\n' "$out" | grep -v -e "^error: refs/.*: invalid sha1 pointer $Z\$" -e "^Checking" -e "^notice: " | grep . &&
		return 1
	return 0
}

# snapshot: what a failed update must leave alone.
snapshot() {
	{ find .git/refs .git/logs | sort; cat .git/packed-refs; find .git/refs .git/logs -type f | sort | xargs cat; } 2>&1
}

test_setup 'repository with loose, packed and symbolic refs' '
	make_refs_repo repo && cd repo &&
	A=$(git rev-parse main~1) && B=$(git rev-parse main) && C=$(git rev-parse main~2) &&
	TREE=$(git rev-parse "main^{tree}") && TAG=$(git rev-parse v1.0) &&
	git update-ref refs/heads/deep/er/branch $A &&
	git symbolic-ref refs/heads/sym refs/heads/topic &&
	git symbolic-ref refs/heads/dangling refs/heads/nowhere
'

test_expect_success 'usage errors' '
	parity_each "update-ref" "update-ref -h" "update-ref --bogus" "update-ref refs/heads/x" \
		"update-ref a b c d" "update-ref -d" "update-ref -d a b c" "update-ref -z refs/heads/x HEAD" \
		"update-ref --stdin refs/heads/x" "update-ref -d --stdin" "update-ref -m" &&
	parity update-ref -m "" refs/heads/x HEAD &&
	parity update-ref refs/heads/x nope &&
	parity update-ref refs/heads/x HEAD nope &&
	parity update-ref -d refs/heads/topic nope
'

test_expect_success 'create, update and check old values' '
	write_check "TOOL update-ref refs/heads/new $A" \
		"TOOL update-ref refs/heads/new main~2" &&
	write_check "TOOL update-ref -m \"a  message	with
whitespace  \" refs/heads/topic $B" &&
	write_check "TOOL update-ref refs/heads/topic $A $(git rev-parse topic)" \
		"TOOL update-ref refs/heads/topic $A $B" \
		"TOOL update-ref refs/heads/topic $A \"\"" \
		"TOOL update-ref refs/heads/topic $A $Z" \
		"TOOL update-ref refs/heads/fresh $A \"\"" \
		"TOOL update-ref refs/heads/fresh $A $B" \
		"TOOL update-ref refs/heads/main $B $B" \
		"TOOL update-ref refs/tags/light $A" \
		"TOOL update-ref refs/tags/v1.0 $B $TAG" \
		"TOOL update-ref ORIG_HEAD $A" \
		"TOOL update-ref refs/heads/deep/er/branch $B"
'

test_expect_success 'objects that cannot be written' '
	write_check "TOOL update-ref refs/heads/x 1234567890123456789012345678901234567890" \
		"TOOL update-ref refs/heads/x $TREE" \
		"TOOL update-ref refs/heads/x $TAG" \
		"TOOL update-ref HEAD $TREE" \
		"TOOL update-ref refs/tags/x $TREE" \
		"TOOL update-ref refs/notes/x $TAG"
'

test_expect_success 'bad ref names' '
	write_check "TOOL update-ref bad..name $A" \
		"TOOL update-ref refs/heads/x.lock $A" \
		"TOOL update-ref refs/heads/a:b $A" \
		"TOOL update-ref \"refs/heads/sp ace\" $A" \
		"TOOL update-ref refs/heads/ $A" \
		"TOOL update-ref lower $A" \
		"TOOL update-ref UPPER_CASE $A" \
		"TOOL update-ref -d refs/heads/bad..x" \
		"TOOL update-ref -d refs/../x" \
		"TOOL update-ref -d refs/heads//x" \
		"TOOL update-ref -d lower" \
		"TOOL update-ref -d @"
'

test_expect_success 'symbolic refs: followed, or not with --no-deref' '
	write_check "TOOL update-ref -m via-head HEAD $A" \
		"TOOL update-ref HEAD $A $B" \
		"TOOL update-ref HEAD $A $C" &&
	write_check "TOOL update-ref --no-deref -m detach HEAD $A" \
		"TOOL update-ref --no-deref HEAD $B $B" \
		"TOOL update-ref --no-deref HEAD $B $A" &&
	write_check "TOOL update-ref refs/heads/sym $B" \
		"TOOL update-ref refs/heads/dangling $B" \
		"TOOL update-ref refs/heads/dangling $B $A" \
		"TOOL update-ref --no-deref refs/heads/dangling $B $A" \
		"TOOL update-ref --no-deref refs/heads/sym $B" \
		"TOOL update-ref -m same refs/heads/main $B"
'

test_expect_success 'delete: loose, packed, both, through symbolic refs' '
	write_check "TOOL update-ref -d refs/heads/loose-one" \
		"TOOL update-ref -d refs/heads/topic" \
		"TOOL update-ref -d refs/tags/v1.0 $TAG" \
		"TOOL update-ref -d refs/tags/v1.0 $A" \
		"TOOL update-ref refs/heads/side $A && TOOL update-ref -d refs/heads/side" \
		"TOOL update-ref -d refs/heads/deep/er/branch" \
		"TOOL update-ref -d refs/heads/nonexistent" \
		"TOOL update-ref -d refs/heads/nonexistent $A" \
		"TOOL update-ref -d refs/heads/topic $Z" &&
	write_check "TOOL update-ref -m gone -d HEAD" \
		"TOOL update-ref -d refs/heads/sym" \
		"TOOL update-ref --no-deref -d refs/heads/dangling" \
		"TOOL update-ref -d refs/remotes/origin/HEAD" &&
	write_check "TOOL update-ref --no-deref -d refs/heads/sym"
'

test_expect_success 'a broken loose ref' '
	write_check "echo garbage >.git/refs/heads/broken && TOOL update-ref refs/heads/broken $A" \
		"echo garbage >.git/refs/heads/broken && TOOL update-ref -d refs/heads/broken"
'

test_expect_success 'reflogs: core.logAllRefUpdates and --create-reflog' '
	write_check "TOOL update-ref refs/tags/t1 $A" \
		"TOOL update-ref --create-reflog refs/tags/t1 $A" \
		"TOOL update-ref --create-reflog -m m refs/tags/light $B" \
		"git config core.logAllRefUpdates false && TOOL update-ref refs/heads/n $A && TOOL update-ref -m x HEAD $A" \
		"git config core.logAllRefUpdates false && TOOL update-ref --create-reflog refs/heads/n $A" \
		"git config core.logAllRefUpdates always && TOOL update-ref refs/tags/t1 $A && TOOL update-ref refs/foo $B" \
		"git config core.logAllRefUpdates bogus; TOOL update-ref refs/heads/n $A; git config --unset core.logAllRefUpdates" \
		"git config core.bare true; TOOL update-ref refs/heads/n2 $A; git config core.bare false"
'

test_expect_success 'D/F conflicts with loose and packed refs' '
	write_check "TOOL update-ref refs/heads/main/sub $A" \
		"TOOL update-ref refs/tags/v1.0/sub $A" \
		"TOOL update-ref refs/heads/deep $A" \
		"TOOL update-ref refs/heads/deep/er $A" \
		"TOOL update-ref refs/remotes/origin $A" \
		"TOOL update-ref refs/heads/deep/er/branch/x $A" \
		"mkdir -p .git/refs/heads/emptydir/a/b && TOOL update-ref refs/heads/emptydir $A" \
		"mkdir -p .git/refs/heads/full && echo x >.git/refs/heads/full/junk.lock && TOOL update-ref refs/heads/full $A" \
		"mkdir -p .git/refs/tags/v1.9 && TOOL update-ref refs/tags/v1.9 $A $(git rev-parse v1.9)"
'

test_expect_success 'no ref updates inside a quarantine environment' '
	write_check "GIT_QUARANTINE_PATH=.git/objects TOOL update-ref refs/heads/q $A" \
		"GIT_QUARANTINE_PATH=.git/objects TOOL update-ref -d refs/heads/topic" \
		"echo \"update refs/heads/q $A\" | GIT_QUARANTINE_PATH=.git/objects TOOL update-ref --stdin"
'

test_expect_success 'stale locks: refused, nothing changed' '
	snapshot >before &&
	touch .git/refs/heads/main.lock &&
	write_check "TOOL update-ref refs/heads/main $A" \
		"TOOL -c core.filesRefLockTimeout=0 update-ref -m x HEAD $A 2>&1; TOOL -c core.filesRefLockTimeout=0 update-ref -d refs/heads/main" &&
	rm .git/refs/heads/main.lock &&
	touch .git/packed-refs.lock &&
	write_check "TOOL -c core.packedRefsTimeout=0 update-ref -d refs/tags/v1.0" \
		"TOOL -c core.packedRefsTimeout=0 update-ref -d refs/heads/loose-one" \
		"TOOL update-ref refs/heads/loose-one $A" &&
	rm .git/packed-refs.lock &&
	touch .git/HEAD.lock &&
	write_check "TOOL update-ref -m x HEAD $A" &&
	rm .git/HEAD.lock &&
	snapshot >after && test_cmp before after
'

test_expect_success 'core.filesRefLockTimeout waits for a lock to go' '
	touch .git/refs/heads/side.lock &&
	(sleep 0.3; rm .git/refs/heads/side.lock) &
	"$GRIT" -c core.filesRefLockTimeout=5000 update-ref refs/heads/side $A &&
	wait &&
	test "$(git rev-parse side)" = $A &&
	git update-ref refs/heads/side $(git rev-parse refs/heads/side@{1})
'

test_expect_success 'stdin: syntax errors' '
	for input in "update\n" "update" "update \n" "update refs/heads/a\n" "update refs/heads/a" \
		"update refs/heads/a $B" "update refs/heads/a $B $A extra\n" "update refs/heads/a bad\n" \
		"update refs/heads/a $B bad\n" "update refs/heads/a \"\n" "update \"refs/heads/q\"x $B\n" \
		"update refs/heads/a..b $B\n" "update refs/heads/a\t$B\n" "create refs/heads/c\n" "create refs/heads/c \n" \
		"create refs/heads/c $B $A\n" "delete refs/heads/c $Z\n" "delete refs/heads/c $A $A\n" \
		"verify refs/heads/c $A $A\n" "option foo\n" "option no-deref extra\n" "option\n" \
		"start extra\n" "start\nstart\n" "start\nprepare\nupdate refs/heads/x $A\n" "commit\ncommit\n" \
		"\n" " update\n" "bogus\n" "\tupdate\n" "start" \
		"update \"refs/heads/\\\\q\" $B\n" "update \"refs/heads/unterminated $B\n"
	do
		printf "$input" >input &&
		parity_stdin input update-ref --stdin || { echo "  ^ for input: $input"; return 1; }
	done
'

test_expect_success 'stdin -z: syntax errors' '
	for input in "update refs/heads/a|$B|" "update refs/heads/a|$B" "update refs/heads/b||" \
		"update refs/heads/a|bad||" "update refs/heads/a $B|||" "create refs/heads/c||" \
		"create refs/heads/c|" "delete refs/heads/c|" "option no-deref\n" "start\n" "|" \
		"update |" "update|" "update refs/heads/a|$B|bad|" "delete refs/heads/c|$Z|" \
		"verify refs/heads/a|$B|x|"
	do
		printf "$input" | tr "|" "\000" >input &&
		parity_stdin input update-ref -z --stdin || { echo "  ^ for input: $input"; return 1; }
	done
'

test_expect_success 'stdin: updates, creates, deletes, verifies' '
	write_check "printf \"update refs/heads/a $A\nupdate refs/heads/topic $B $(git rev-parse topic)\n\" | TOOL update-ref --stdin" \
		"printf \"update refs/heads/a  $B\ncreate refs/heads/c $A\n\" | TOOL update-ref -m stdin --stdin" \
		"printf \"update \\\"refs/heads/quoted\\\" \\\"$A\\\"\n\" | TOOL update-ref --stdin" \
		"printf \"update refs/heads/a main~3\ncreate refs/heads/b v1.0^{commit}\n\" | TOOL update-ref --stdin" \
		"printf \"delete refs/heads/topic\ndelete refs/tags/v1.0 $TAG\ndelete refs/heads/loose-one\n\" | TOOL update-ref --stdin" \
		"printf \"verify refs/heads/main $B\nverify refs/heads/nope\nupdate refs/heads/side $A\n\" | TOOL update-ref --stdin" \
		"printf \"verify refs/heads/main $A\n\" | TOOL update-ref --stdin" \
		"printf \"verify refs/heads/main\n\" | TOOL update-ref --stdin" \
		"printf \"verify HEAD $B\n\" | TOOL update-ref --stdin" \
		"printf \"verify refs/heads/main $B\n\" | TOOL update-ref --stdin" \
		"printf \"create refs/heads/main $A\n\" | TOOL update-ref --stdin" \
		"printf \"option no-deref\nupdate HEAD $A\nupdate refs/heads/sym $C\n\" | TOOL update-ref --stdin" \
		"printf \"update HEAD $A\noption no-deref\ndelete refs/heads/sym\n\" | TOOL update-ref --no-deref --stdin" \
		"printf \"update refs/tags/t $A\n\" | TOOL update-ref --create-reflog --stdin" \
		"printf \"update refs/heads/x $Z\ndelete lower\n\" | TOOL update-ref --stdin" \
		"printf \"update refs/heads/x $TREE\n\" | TOOL update-ref --stdin"
'

test_expect_success 'stdin: conflicts inside one transaction' '
	write_check "printf \"update refs/heads/a $A\nupdate refs/heads/a $B\n\" | TOOL update-ref --stdin" \
		"printf \"update HEAD $A\nupdate refs/heads/main $B\n\" | TOOL update-ref --stdin" \
		"printf \"update refs/heads/main $A\nupdate HEAD $B\n\" | TOOL update-ref --stdin" \
		"printf \"update refs/heads/sym $A\nupdate refs/heads/topic $B\n\" | TOOL update-ref --stdin" \
		"printf \"create refs/heads/d $A\ncreate refs/heads/d/e $A\n\" | TOOL update-ref --stdin" \
		"printf \"create refs/heads/d/e $A\ncreate refs/heads/d $A\n\" | TOOL update-ref --stdin" \
		"printf \"delete refs/heads/topic\ncreate refs/heads/topic/x $A\n\" | TOOL update-ref --stdin" \
		"printf \"create refs/heads/topic/x $A\ndelete refs/heads/topic\n\" | TOOL update-ref --stdin"
'

test_expect_success 'stdin: all or nothing' '
	write_check "printf \"update refs/heads/a $A\ndelete refs/heads/topic\nupdate refs/heads/main $A $A\n\" | TOOL update-ref --stdin" \
		"printf \"delete refs/tags/v1.0\nupdate refs/heads/b $A\ncreate refs/heads/main/x $A\n\" | TOOL update-ref --stdin" \
		"printf \"delete refs/tags/v1.0\nupdate refs/heads/b 1234567890123456789012345678901234567890\n\" | TOOL update-ref --stdin" \
		"touch .git/refs/heads/c.lock; printf \"update refs/heads/a $A\nupdate refs/heads/c $A\n\" | TOOL update-ref --stdin; rm .git/refs/heads/c.lock"
'

test_expect_success 'stdin: start, prepare, commit, abort' '
	write_check "printf \"start\nupdate refs/heads/a $A\nprepare\ncommit\n\" | TOOL update-ref --stdin" \
		"printf \"start\nupdate refs/heads/a $A\nprepare\nabort\n\" | TOOL update-ref --stdin" \
		"printf \"start\nupdate refs/heads/a $A\nabort\n\" | TOOL update-ref --stdin" \
		"printf \"start\nupdate refs/heads/a $A\n\" | TOOL update-ref --stdin" \
		"printf \"start\nupdate refs/heads/a $A\nprepare\n\" | TOOL update-ref --stdin" \
		"printf \"update refs/heads/a $A\ncommit\nstart\ndelete refs/heads/a\ncommit\nstart\ncreate refs/heads/b $B\ncommit\n\" | TOOL update-ref --stdin" \
		"printf \"start\ncommit\nstart\nabort\n\" | TOOL update-ref --stdin" \
		"printf \"prepare\ncommit\n\" | TOOL update-ref --stdin" \
		"printf \"abort\n\" | TOOL update-ref --stdin" \
		"printf \"start\nupdate refs/heads/a $A\nupdate refs/heads/main $A $A\nprepare\n\" | TOOL update-ref --stdin" \
		"printf \"start\nupdate refs/heads/a $A\nupdate refs/heads/main $A $A\ncommit\n\" | TOOL update-ref --stdin" \
		"printf \"start\ncreate refs/heads/main $A\ncommit\n\" | TOOL update-ref --stdin"
'

test_expect_success 'stdin -z' '
	write_check "printf \"update refs/heads/a|$A||create refs/heads/b|$B|delete refs/heads/topic||verify refs/heads/main|$B|\" | tr \"|\" \"\\000\" | TOOL update-ref -z --stdin" \
		"printf \"update refs/heads/topic|||\" | tr \"|\" \"\\000\" | TOOL update-ref -z --stdin" \
		"printf \"update refs/heads/main|$A|$A|\" | tr \"|\" \"\\000\" | TOOL update-ref -z --stdin" \
		"printf \"option no-deref|update HEAD|$A||start|\" | tr \"|\" \"\\000\" | TOOL update-ref -z --stdin" \
		"printf \"start|update refs/heads/a|$A||prepare|commit|\" | tr \"|\" \"\\000\" | TOOL update-ref -z --stdin" \
		"printf \"update refs/heads/sp ace|$A||\" | tr \"|\" \"\\000\" | TOOL update-ref -z --stdin"
'

test_expect_success 'answers come as each command is read' '
	mkfifo in.fifo &&
	{ "$GRIT" update-ref --stdin <in.fifo >answers & } &&
	exec 9>in.fifo &&
	printf "start\nupdate refs/heads/streamed $A\nprepare\n" >&9 &&
	for i in $(seq 50); do grep -q "prepare: ok" answers && break; sleep 0.1; done &&
	printf "start: ok\nprepare: ok\n" >expect && test_cmp expect answers &&
	test -f .git/refs/heads/streamed.lock &&
	printf "commit\n" >&9 && exec 9>&- && wait &&
	test "$(git rev-parse streamed)" = $A &&
	git update-ref -d refs/heads/streamed && rm in.fifo answers
'

test_done
