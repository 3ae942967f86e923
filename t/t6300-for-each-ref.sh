#!/usr/bin/env bash
# for-each-ref: default output, every atom and its options, quoting.
. "$(dirname "$0")/lib/test-lib.sh"
. "$GRIT_SOURCE_DIR/t/lib/refs-fixture.sh"

test_setup 'repository with packed and loose refs' '
	make_refs_repo repo && cd repo
'

test_expect_success 'default format, all refs and patterns' '
	parity for-each-ref &&
	parity for-each-ref refs/heads &&
	parity for-each-ref refs/heads/ &&
	parity for-each-ref refs/hea &&
	parity for-each-ref "refs/tags/v1*" refs/remotes &&
	parity for-each-ref "refs/*/t*" &&
	parity for-each-ref "*" &&
	parity for-each-ref "refs/**" &&
	parity for-each-ref main refs/heads/mai &&
	parity for-each-ref --ignore-case "REFS/TAGS/*" &&
	parity for-each-ref --ignore-case refs/TAGS
'

test_expect_success 'refname, symref and their modifiers' '
	parity for-each-ref --format="%(refname)|%(refname:short)|%(refname:lstrip=1)|%(refname:lstrip=-1)|%(refname:rstrip=1)|%(refname:rstrip=-2)|%(refname:strip=9)|%(refname:lstrip=-9)" &&
	parity for-each-ref --format="%(symref)|%(symref:short)|%(symref:lstrip=2)|%(symref:rstrip=1)|%(*refname)"
'

test_expect_success 'object atoms' '
	parity for-each-ref --format="%(objectname)|%(objectname:short)|%(objectname:short=10)|%(objectname:short=1)|%(objecttype)|%(objectsize)|%(objectsize:disk)|%(deltabase)" &&
	parity for-each-ref --format="%(*objectname)|%(*objectname:short=9)|%(*objecttype)|%(*objectsize)|%(*objectsize:disk)|%(*deltabase)" &&
	parity for-each-ref --format="%(tree)|%(tree:short)|%(parent)|%(parent:short=8)|%(numparent)|%(*tree)|%(*parent)|%(*numparent)" &&
	parity for-each-ref --format="%(object)|%(type)|%(tag)|%(*object)|%(*type)|%(*tag)|%(raw:size)|%(*raw:size)" &&
	parity for-each-ref --format="%(raw)" refs/tags/v1.0 refs/heads/main
'

test_expect_success 'object atoms on loose objects' '
	echo new >g && git add g && git commit -q -m "loose commit" &&
	git branch loose-object &&
	parity for-each-ref --format="%(objectname) %(objectsize:disk) %(deltabase)" refs/heads/loose-object &&
	git reset -q --hard HEAD~1 && git branch -q -D loose-object
'

test_expect_success 'people and dates' '
	for who in author committer tagger creator; do
		parity for-each-ref --format="%($who)|%(${who}name)|%(${who}email)|%(${who}email:trim)|%(${who}email:localpart)" 2>/dev/null ||
		parity for-each-ref --format="%($who)" || return 1
	done &&
	for fmt in "" :default :short :iso :iso8601 :iso-strict :iso8601-strict :rfc :rfc2822 :raw :unix ":format:%Y-%m-%d %H:%M %z"; do
		parity for-each-ref --format="%(authordate$fmt)|%(committerdate$fmt)|%(taggerdate$fmt)|%(creatordate$fmt)|%(*authordate$fmt)" || return 1
	done &&
	parity for-each-ref --format="%(*author)|%(*committername)|%(*taggeremail)|%(*creator)"
'

test_expect_success 'subject, body, contents' '
	parity for-each-ref --format="%(subject)|%(subject:sanitize)|%(body)|%(contents)" &&
	parity for-each-ref --format="%(contents:subject)|%(contents:body)|%(contents:signature)" &&
	parity for-each-ref --format="%(contents:lines=0)|%(contents:lines=1)|%(contents:lines=3)" &&
	parity for-each-ref --format="%(*subject)|%(*body)|%(*contents:lines=2)|%(*contents:subject)"
'

test_expect_success 'signature, CRLF and empty messages' '
	c=$(git rev-parse HEAD) &&
	printf "object %s\ntype commit\ntag signed\ntagger T <t@x> 1112911993 -0700\n\nsigned subject\nline2\n\nbody para\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n" $c >tag.txt &&
	git update-ref refs/tags/signed $(git hash-object -t tag -w tag.txt) &&
	printf "tree %s\nparent %s\nauthor A <a@x> 1 +0000\ncommitter C <c@x> 2 +0000\n\nCRLF subject\r\nmore\r\n\r\nbody\r\n" $(git rev-parse HEAD^{tree}) $c >c.txt &&
	git update-ref refs/heads/crlf $(git hash-object -t commit -w c.txt) &&
	printf "tree %s\nauthor A <a@x> 1 +0000\ncommitter C <c@x> 2 +0000\n" $(git rev-parse HEAD^{tree}) >c2.txt &&
	git update-ref refs/heads/nomsg $(git hash-object -t commit -w c2.txt) &&
	parity for-each-ref --format="%(subject)|%(subject:sanitize)|%(body)|%(contents)|%(contents:subject)|%(contents:body)|%(contents:signature)|%(contents:lines=2)|%(numparent)" refs/tags/signed refs/heads/crlf refs/heads/nomsg &&
	parity for-each-ref --python --format="%(contents)" refs/heads/crlf &&
	git update-ref -d refs/tags/signed && git update-ref -d refs/heads/crlf && git update-ref -d refs/heads/nomsg
'

test_expect_success 'HEAD and worktreepath, attached and detached' '
	parity for-each-ref --format="%(HEAD) %(refname) %(worktreepath) %(*HEAD)" &&
	git checkout -q --detach HEAD~1 &&
	parity for-each-ref --format="%(HEAD) %(refname) %(worktreepath)" &&
	git checkout -q main
'

test_expect_success 'upstream and push' '
	parity for-each-ref --format="%(upstream)|%(upstream:short)|%(upstream:lstrip=2)|%(upstream:track)|%(upstream:trackshort)|%(upstream:track,nobracket)|%(upstream:trackshort,nobracket)" refs/heads &&
	parity for-each-ref --format="%(push)|%(push:short)|%(push:track)|%(push:trackshort)" refs/heads &&
	parity -c push.default=current for-each-ref --format="%(push)|%(push:track)" refs/heads &&
	parity -c push.default=nothing for-each-ref --format="%(push)" refs/heads &&
	parity -c remote.pushDefault=origin -c push.default=upstream for-each-ref --format="%(push)" refs/heads &&
	parity -c branch.main.pushRemote=fork -c remote.fork.fetch="+refs/heads/*:refs/remotes/fork/*" \
		for-each-ref --format="%(push)|%(push:short)" refs/heads &&
	parity -c push.default=upstream for-each-ref --format="%(push)" refs/heads &&
	parity -c push.default=matching for-each-ref --format="%(push)" refs/heads
'

test_expect_success 'if, then, else, end' '
	parity for-each-ref --format="%(if)%(symref)%(then)sym %(symref)%(else)plain%(end)" &&
	parity for-each-ref --format="%(if:equals=refs/heads/main)%(refname)%(then)MAIN%(end)%(if:notequals=commit)%(objecttype)%(then)!%(end)" &&
	parity for-each-ref --format="%(if)%(*objectname)%(then)%(if)%(upstream)%(then)x%(else)%(*objecttype)%(end)%(else)-%(end)" &&
	parity for-each-ref --format="%(if)   %(then)blank%(else)empty%(end)"
'

test_expect_success 'align' '
	parity for-each-ref --format="[%(align:20)%(refname:short)%(end)][%(align:15,right)%(objecttype)%(end)][%(align:width=13,position=middle)%(objecttype)%(end)]" &&
	parity for-each-ref --format="[%(align:position=right,width=5)%(refname)%(end)][%(align:left,9)%(if)%(symref)%(then)s%(end)%(end)]"
'

test_expect_success 'color' '
	parity for-each-ref --format="%(color:red)%(refname)%(color:reset) x" &&
	parity for-each-ref --color=always --format="%(color:bold red)%(refname)%(color:reset)%(color:green blue)%(color:ul 208)" &&
	parity for-each-ref --color --format="%(color:normal)x%(color:default)%(color:brightred)%(color:nobold)%(color:no-ul)%(color:#ff0000)" &&
	parity for-each-ref --color=never --format="%(color:red)%(refname)" &&
	parity -c color.ui=always for-each-ref --format="%(color:red)%(refname)" &&
	parity -c color.ui=never for-each-ref --color --format="%(color:red)%(refname)"
'

test_expect_success 'literals and escapes' '
	parity for-each-ref --format="%% %41%00x %zz %(refname)%" &&
	parity for-each-ref --format="" refs/heads
'

test_expect_success 'quoting styles' '
	for q in --shell --perl --python --tcl; do
		parity for-each-ref $q --format="%(refname) %(subject) %(contents)" &&
		parity for-each-ref $q --format="x%(align:30)%(refname)%(end) %(if)%(symref)%(then)y%(else)%(refname)%(end)" || return 1
	done &&
	parity for-each-ref -s --format="%(refname)" && parity for-each-ref -p --format="%(refname)"
'

test_done
