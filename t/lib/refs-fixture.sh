# A repository for the ref tests: branches, lightweight and annotated tags
# (a tag of a tag, a tag of a tree), remote-tracking branches with upstream
# config, a symbolic ref, commits with distinct dates, multi-line messages,
# a merge; refs both packed (with peeled lines) and loose.
make_refs_repo() {
	git init -q "$1" && (
		cd "$1" &&
		for i in 1 2 3 4 5; do
			echo "$i" >f && git add f &&
			GIT_COMMITTER_DATE="$((1112911993 + i * 3600)) -0700" \
			GIT_AUTHOR_DATE="$((1112900000 + i * 60)) +0200" \
			git commit -q -m "commit $i: subject's \"quotes\" [x] {y} \$z

body of $i
second line" || exit 1
		done &&
		git checkout -q -b side HEAD~2 &&
		echo side >s && git add s && git commit -q -m "side work" &&
		git checkout -q main &&
		GIT_COMMITTER_DATE="1112999999 -0700" git merge -q --no-ff -m "merge side" side &&
		git branch topic HEAD~3 &&
		git branch old HEAD~5 &&
		git tag light HEAD~1 &&
		GIT_COMMITTER_DATE="1113000000 +0100" git tag -a -m "annotated one" v1.0 HEAD~4 &&
		git -c advice.nestedTag=false tag -a -m "tag of tag" v1.0-wrap v1.0 &&
		git tag -a -m "tree tag" treetag "HEAD^{tree}" &&
		git tag -a -m "blob tag" blobtag "HEAD:f" &&
		git tag v1.10 HEAD &&
		git tag v1.9 HEAD~2 &&
		git tag v1.10-rc1 HEAD~1 &&
		git remote add origin https://example.com/x &&
		git update-ref refs/remotes/origin/main HEAD~2 &&
		git update-ref refs/remotes/origin/topic HEAD &&
		git config branch.main.remote origin &&
		git config branch.main.merge refs/heads/main &&
		git config branch.topic.remote origin &&
		git config branch.topic.merge refs/heads/topic &&
		git config branch.old.remote origin &&
		git config branch.old.merge refs/heads/gone &&
		git config branch.side.remote . &&
		git config branch.side.merge refs/heads/main &&
		git symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/main &&
		git pack-refs --all &&
		git branch loose-one HEAD~1 &&
		GIT_COMMITTER_DATE="1113100000 -0700" git tag -a -m "loose annotated

with a body" v2.0 HEAD &&
		git update-ref refs/notes/x HEAD~3
	)
}
