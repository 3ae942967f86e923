"""Reads every commit, tree and blob reachable from all refs through
GitPython's GitCmdObjectDB (git cat-file --batch / --batch-check behind it)
and prints a digest of each, so two runs can be compared byte for byte."""
import hashlib
import sys

import git

repo = git.Repo(sys.argv[1], odbt=git.GitCmdObjectDB)
seen = set()
out = []
for commit in repo.iter_commits("--all"):
    out.append("commit %s tree %s parents %s" % (commit.hexsha, commit.tree.hexsha,
                                                 " ".join(p.hexsha for p in commit.parents)))
    out.append("  author %s <%s> %d %d" % (commit.author.name, commit.author.email,
                                           commit.authored_date, commit.author_tz_offset))
    out.append("  message %r" % commit.message)
    if commit.tree.hexsha in seen:
        continue
    seen.add(commit.tree.hexsha)
    for item in commit.tree.traverse():
        if item.type == "blob":
            data = item.data_stream.read()
            info = repo.odb.info(item.binsha)
            out.append("  blob %s %o %s %d %s" % (item.hexsha, item.mode, item.path, info.size,
                                                  hashlib.sha1(data).hexdigest()))
        else:
            out.append("  %s %s %o %s" % (item.type, item.hexsha, item.mode, item.path))
for tag in repo.tags:
    out.append("tag %s -> %s" % (tag.path, tag.commit.hexsha))
sys.stdout.write("\n".join(out) + "\n")
