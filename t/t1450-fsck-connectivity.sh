#!/usr/bin/env bash
# git fsck: reachability from refs, HEAD, reflogs, the index and heads given
# as arguments; missing, dangling and unreachable objects; exit codes.
. "$(dirname "$0")/lib/test-lib.sh"

# obj_path <oid>: where the loose object lives.
obj_path() { echo ".git/objects/$(echo "$1" | cut -c1-2)/$(echo "$1" | cut -c3-)"; }

test_setup 'history, packed and loose' '
	make_history hist 12 &&
	(cd hist && git repack -adq && echo loose >loose.txt && git add loose.txt && git commit -qm loose &&
	 git tag -a -m annotated v1 HEAD~3 && git tag light HEAD~5 && git branch side HEAD~2)
'

test_expect_success 'clean repository: nothing, exit 0' '
	cd "$TRASH/hist" &&
	parity fsck && parity fsck --connectivity-only && parity fsck --strict &&
	parity fsck --root --tags && parity fsck --no-reflogs && parity fsck --unreachable
'

test_expect_success 'heads given as arguments' '
	cd "$TRASH/hist" &&
	parity fsck HEAD~4 && parity fsck $(git rev-parse HEAD~6) --unreachable &&
	parity fsck no-such-rev && parity fsck 0123456789012345678901234567890123456789
'

test_setup 'dangling objects of every type' '
	rm -rf "$TRASH/dang" && cp -r "$TRASH/hist" "$TRASH/dang" && cd "$TRASH/dang" &&
	echo lost | git hash-object -w --stdin &&
	git commit -q --allow-empty -m doomed && git tag -a -m t doomed-tag HEAD &&
	git reset -q --hard HEAD~1 && git tag -d doomed-tag &&
	mkdir d && echo x >d/x && git add d && git write-tree >/dev/null && git reset -q && rm -rf d
'

test_expect_success 'dangling, unreachable, --no-dangling, --no-reflogs' '
	cd "$TRASH/dang" &&
	parity fsck && parity fsck --unreachable && parity fsck --no-dangling &&
	parity fsck --no-reflogs && parity fsck --no-reflogs --unreachable &&
	parity fsck --connectivity-only && parity fsck --connectivity-only --no-reflogs --unreachable &&
	parity fsck --dangling --no-dangling --dangling &&
	parity fsck --progress && parity fsck --progress --no-progress &&
	parity fsck --progress --connectivity-only
'

test_expect_success '--lost-found writes dangling objects (and ignores reflogs)' '
	rm -rf "$TRASH/lf-git" "$TRASH/lf-grit" &&
	cp -r "$TRASH/dang" "$TRASH/lf-git" && cp -r "$TRASH/dang" "$TRASH/lf-grit" &&
	(cd "$TRASH/lf-git" && git fsck --lost-found >../lf.git.out 2>&1; echo $? >>../lf.git.out) &&
	(cd "$TRASH/lf-grit" && "$GRIT" fsck --lost-found >../lf.grit.out 2>&1; echo $? >>../lf.grit.out) &&
	test_cmp "$TRASH/lf.git.out" "$TRASH/lf.grit.out" &&
	diff -r "$TRASH/lf-git/.git/lost-found" "$TRASH/lf-grit/.git/lost-found"
'

test_expect_success 'a blob only in the index is reachable' '
	cd "$TRASH/dang" && echo staged >staged && git add staged &&
	parity fsck && parity fsck HEAD && git rm -q --cached staged && rm staged
'

test_expect_success 'missing blob, tree and parent: exit 2' '
	rm -rf "$TRASH/miss" && git init -q "$TRASH/miss" && cd "$TRASH/miss" &&
	echo a >a && mkdir d && echo b >d/b && git add . && git commit -qm one &&
	echo c >c && git add c && git commit -qm two &&
	rm -f "$(obj_path $(git rev-parse HEAD:a))" && parity fsck &&
	rm -f "$(obj_path $(git rev-parse HEAD:d))" && parity fsck &&
	rm -f "$(obj_path $(git rev-parse HEAD^))" && parity fsck && parity fsck --connectivity-only
'

test_expect_success 'refs to missing objects and to non-commits' '
	rm -rf "$TRASH/refs" && git init -q "$TRASH/refs" && cd "$TRASH/refs" &&
	echo a >a && git add a && git commit -qm one &&
	git rev-parse HEAD:a >.git/refs/heads/blob &&
	parity fsck && rm .git/refs/heads/blob &&
	echo 0123456789012345678901234567890123456789 >.git/refs/heads/gone &&
	parity fsck && rm .git/refs/heads/gone
'

test_expect_success 'HEAD: detached, unborn, strange, broken reflog entry' '
	cd "$TRASH/refs" &&
	git checkout -q --detach && parity fsck && git checkout -q main &&
	git symbolic-ref HEAD refs/heads/unborn && parity fsck &&
	git symbolic-ref HEAD refs/tags/x && parity fsck && git symbolic-ref HEAD refs/heads/main &&
	cp .git/logs/HEAD log.bak &&
	echo "0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 A <a@b> 1 +0000	bad" >>.git/logs/HEAD &&
	parity fsck && parity fsck --no-reflogs && cp log.bak .git/logs/HEAD
'

test_expect_success 'no refs at all' '
	rm -rf "$TRASH/empty" && git init -q "$TRASH/empty" && cd "$TRASH/empty" &&
	parity fsck && echo x | git hash-object -w --stdin && parity fsck && parity fsck --unreachable
'

test_expect_success 'usage' '
	cd "$TRASH/refs" && parity fsck -h && parity fsck --no-such-option && parity fsck -x
'

test_done
