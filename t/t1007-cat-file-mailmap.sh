#!/usr/bin/env bash
# cat-file --use-mailmap / --mailmap: author, committer and tagger lines of
# commits and tags rewritten through .mailmap, mailmap.file and mailmap.blob
# (HEAD:.mailmap by default in a bare repository), as git 2.39 does.
. "$(dirname "$0")/lib/test-lib.sh"

test_setup 'history by several people, annotated tags' '
	git init -q repo && cd repo &&
	echo 1 >f && git add f &&
	GIT_AUTHOR_NAME="Old Name" GIT_AUTHOR_EMAIL="Old@Example.com" git commit -q -m one &&
	echo 2 >f && git add f &&
	GIT_AUTHOR_NAME="Other" GIT_AUTHOR_EMAIL="shared@example.com" \
	GIT_COMMITTER_NAME="Nick" GIT_COMMITTER_EMAIL="shared@example.com" git commit -q -m two &&
	echo 3 >f && git add f &&
	GIT_AUTHOR_NAME="Unmapped" GIT_AUTHOR_EMAIL="nobody@example.com" git commit -q -m three &&
	GIT_COMMITTER_NAME="Tagger" GIT_COMMITTER_EMAIL="TAGGER@example.com" git tag -a -m "a tag" v1 HEAD~1 &&
	cat >.mailmap <<-\EOF_MAP &&
	# comment line
	New Name <new@example.com> <old@example.com>
	Shared Person <shared@example.com>
	Nick Fixed <nick@example.com> nick <SHARED@example.com>
	<tagger-new@example.com> <tagger@example.com>
	EOF_MAP
	git rev-list --all >../names && echo v1 >>../names
'

test_expect_success '-p, <type> <object> and -s with a work tree .mailmap' '
	for rev in HEAD HEAD~1 HEAD~2 v1; do
		parity_each "cat-file --use-mailmap -p $rev" "cat-file --mailmap -p $rev" \
			"cat-file --use-mailmap -s $rev" "cat-file --use-mailmap -t $rev" \
			"cat-file --use-mailmap --no-mailmap -p $rev" || return 1
	done &&
	parity_each "cat-file --use-mailmap commit HEAD~1" "cat-file --use-mailmap commit v1" \
		"cat-file --use-mailmap tag v1" "cat-file --use-mailmap tree HEAD" \
		"cat-file --use-mailmap blob HEAD:.mailmap" "cat-file --use-mailmap -p HEAD^{tree}"
'

test_expect_success 'batch modes rewrite contents (sizes stay those stored)' '
	parity_stdin ../names cat-file --use-mailmap --batch &&
	parity_stdin ../names cat-file --use-mailmap --batch-check &&
	parity cat-file --use-mailmap --batch --batch-all-objects
'

test_expect_success 'mailmap.file and mailmap.blob' '
	mv .mailmap ../elsewhere.map &&
	parity -c mailmap.file=../elsewhere.map cat-file --use-mailmap -p HEAD~2 &&
	cp ../elsewhere.map map-in-tree &&
	git add map-in-tree && git commit -q -m "add map" &&
	parity -c mailmap.blob=HEAD:map-in-tree cat-file --use-mailmap -p HEAD~3 &&
	parity -c mailmap.blob=HEAD cat-file --use-mailmap -p HEAD~3 &&
	parity -c mailmap.blob=nosuch:path cat-file --use-mailmap -p HEAD~3 &&
	parity -c mailmap.file=../no-such-file cat-file --use-mailmap -p HEAD~3 &&
	mv ../elsewhere.map .mailmap
'

test_expect_success 'a symbolic link .mailmap is not followed' '
	mv .mailmap ../real.map && ln -s ../real.map .mailmap &&
	parity cat-file --use-mailmap -p HEAD~3 &&
	rm .mailmap && mv ../real.map .mailmap
'

test_expect_success 'bare repository: HEAD:.mailmap' '
	git add .mailmap && git commit -q -m "mailmap in tree" &&
	git clone -q --bare . ../bare.git &&
	cd ../bare.git &&
	parity cat-file --use-mailmap -p HEAD~4 &&
	parity cat-file --use-mailmap -p v1 &&
	parity -c mailmap.blob= cat-file --use-mailmap -p HEAD~4
'

test_done
