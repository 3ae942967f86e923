#!/usr/bin/env bash
# cat-file --batch --follow-symlinks: links inside the tree are followed;
# links leaving it, dangling links, loops and files used as directories are
# reported as git's documentation describes.
. "$(dirname "$0")/lib/test-lib.sh"

test_setup 'tree with every kind of symbolic link' '
	git init -q repo && cd repo &&
	echo hello >f && mkdir -p dir/subdir &&
	ln -s f link && ln -s ../f dir/link && ln -s ../../f dir/subdir/link && ln -s ../f plink &&
	ln -s /etc/passwd alink && ln -s loop2 loop1 && ln -s loop1 loop2 && ln -s nowhere dangle &&
	ln -s f/x notdir && ln -s dir dirlink && ln -s dir/ dirslash && ln -s dirlink/link chain &&
	ln -s ../../../f dir/subdir/out && ln -s subdir/.. dir/up && ln -s .//f dotslash &&
	ln -s self/x self && ln -s //f doubleslash && ln -s dir/subdir/link deep &&
	git add -A && git commit -q -m links && git tag -a -m t tagged
'

names='HEAD:f
HEAD:link
HEAD:dir/link
HEAD:dir/subdir/link
HEAD:plink
HEAD:alink
HEAD:alink/etc
HEAD:loop1
HEAD:dangle
HEAD:notdir
HEAD:dirlink
HEAD:dirlink/link
HEAD:dirslash
HEAD:chain
HEAD:dir/subdir/out
HEAD:dir/up
HEAD:dir/up/link
HEAD:dotslash
HEAD:self
HEAD:doubleslash
HEAD:deep
HEAD:nosuch
HEAD:f/x
HEAD:
HEAD:dir
HEAD:dir/
HEAD:link/x
tagged:link
HEAD^{tree}:dir/link
nosuchrev:link
HEAD
link'

test_expect_success '--batch-check and --batch with --follow-symlinks' '
	printf "%s\n" "$names" >../names &&
	parity_stdin ../names cat-file --batch-check --follow-symlinks &&
	parity_stdin ../names cat-file --batch --follow-symlinks &&
	parity_stdin ../names cat-file --batch-check="%(objectname) %(rest)" --follow-symlinks
'

test_expect_success 'without --follow-symlinks the links themselves are shown' '
	parity_stdin ../names cat-file --batch-check
'

test_expect_success '--batch-command with --follow-symlinks' '
	sed "s/^/info /" ../names >../commands &&
	parity_stdin ../commands cat-file --batch-command --follow-symlinks
'

test_expect_success 'from a subdirectory' '
	printf "HEAD:./link\nHEAD:../f\nHEAD:dir/link\n" >../sub-names &&
	(cd dir && parity_stdin ../../sub-names cat-file --batch-check --follow-symlinks)
'

test_done
