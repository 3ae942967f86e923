"""A deterministic synthetic project history, written as a git fast-import stream.

Everything is derived from one random.Random(seed), and no iteration depends on
Python's string hashing, so a given (shape, seed) always yields the same bytes
and therefore the same object ids.

The project is a tree of text files several directories deep. Each commit edits
a few files (inserted, deleted and changed lines, identifiers renamed across a
file); a few commits add, delete or rename files. Some files are "hot" and get
edited often, which gives long delta chains once packed. Topic branches fork
from main, get a few commits, and are mostly merged back with a merge commit;
releases are annotated tags (plus a few lightweight ones) and a `maint` branch
follows the latest release.
"""

import dataclasses
import random

BASE_TIME = 1_500_000_000  # 2017-07-14; commit i is committed near BASE_TIME + i * 600

PEOPLE = [
    ("Ada Lovelace", "ada@example.org", "+0000"),
    ("Grace Hopper", "grace@example.org", "-0500"),
    ("Linus Ocean", "linus@example.net", "+0200"),
    ("Margaret Hamilton", "margaret@example.com", "-0400"),
    ("Ken Thompson", "ken@example.com", "-0700"),
    ("Barbara Liskov", "barbara@example.edu", "+0100"),
    ("Dennis Ritchie", "dmr@example.com", "+0530"),
    ("Frances Allen", "fran@example.org", "+0900"),
]

WORDS = """alpha beta gamma delta epsilon zeta theta kappa lambda sigma omega
buffer cache index entry object tree blob commit tag branch merge rebase pack
delta window depth offset length header footer chunk stream reader writer parse
format encode decode inflate deflate hash digest table bucket slot node edge walk
queue stack heap arena pool thread worker task batch flush sync lock mutex state
config option value default limit count total size width height color label path
name file dir link mode flag mask bits byte word line column token scope frame
""".split()

TOP_DIRS = ["src", "lib", "include", "docs", "tests", "tools", "examples", "bench"]
EXTENSIONS = [".c", ".h", ".py", ".md", ".txt", ".cc", ".sh"]


@dataclasses.dataclass(frozen=True)
class Shape:
    commits: int  # commits of the packed history, over all branches
    initial_files: int  # text files in the first commit
    max_depth: int  # deepest directory level under the top directories
    table_lines: int  # lines of the one large file (data/table.csv)


SHAPES = {
    "small": Shape(commits=450, initial_files=60, max_depth=3, table_lines=400),
    "medium": Shape(commits=5_600, initial_files=600, max_depth=4, table_lines=2_000),
    "large": Shape(commits=50_000, initial_files=3_000, max_depth=4, table_lines=4_000),
}

TEXT, EXEC, LINK, GITLINK = "100644", "100755", "120000", "160000"


class Branch:
    """A line of development: its ref, tip mark and full file state.

    `files` maps path -> (mode, content); content is a tuple of lines for text,
    bytes for binary files and symlink targets, a hex id for gitlinks.
    """

    def __init__(self, ref, tip, files):
        self.ref = ref
        self.tip = tip
        self.files = files
        self.changed = {}  # paths changed since the fork (topics only), in order
        self.target_commits = 0
        self.commits = 0


class SyntheticHistory:
    def __init__(self, shape, seed):
        self.shape = shape
        self.rng = random.Random(seed)
        self.out = []  # chunks of the fast-import stream not yet written
        self.pending = []  # file changes of the commit being built
        self.next_mark = 1
        self.commit_index = 0
        self.dirs = []
        self.hot = []
        self.paths_by_dir = {}  # every path ever created, by directory, in creation order
        self.release = [1, 0, 0]
        self.main = Branch("refs/heads/main", None, {})
        self.topics = []
        self.topic_count = 0

    # ---- text ---------------------------------------------------------------

    def word(self):
        return self.rng.choice(WORDS)

    def line(self, ext):
        r = self.rng
        w = self.word
        kind = r.randrange(6)
        if ext in (".md", ".txt"):
            return " ".join(w() for _ in range(r.randint(3, 12)))
        if kind == 0:
            return f"    {w()}_{w()} = {w()}({w()}, {r.randrange(4096)});"
        if kind == 1:
            return f"    if ({w()}->{w()} > {r.randrange(100)}) return {w()};"
        if kind == 2:
            return f"# {w()} {w()} {w()} {w()}" if ext in (".py", ".sh") else f"// {w()} {w()} {w()} {w()}"
        if kind == 3:
            return f"def {w()}_{w()}({w()}, {w()}):" if ext == ".py" else f"static int {w()}_{w()}(struct {w()} *{w()})"
        if kind == 4:
            return ""
        return f"    {w()}.{w()}[{r.randrange(64)}] += {w()}_{w()};"

    def new_lines(self, ext, n):
        return tuple(self.line(ext) for _ in range(n))

    # ---- tree layout ----------------------------------------------------------

    def make_dirs(self):
        count = max(len(TOP_DIRS), self.shape.initial_files // 12)
        self.dirs = list(TOP_DIRS)
        while len(self.dirs) < count:
            parent = self.rng.choice(self.dirs)
            if parent.count("/") + 1 >= self.shape.max_depth:
                continue
            child = f"{parent}/{self.word()}"
            if child not in self.dirs:
                self.dirs.append(child)

    def new_path(self, files):
        while True:
            d = self.rng.choice(self.dirs)
            ext = self.rng.choice(EXTENSIONS)
            path = f"{d}/{self.word()}_{self.word()}{ext}"
            if path not in files:
                return path

    def initial_files(self):
        r = self.rng
        files = {}
        for _ in range(self.shape.initial_files):
            path = self.new_path(files)
            files[path] = (TEXT, self.new_lines(ext_of(path), r.randint(20, 200)))
        for i in range(4):
            files[f"scripts/run-{WORDS[i]}.sh"] = (EXEC, ("#!/bin/sh",) + self.new_lines(".sh", 15))
        files["docs/release notes.md"] = (TEXT, self.new_lines(".md", 30))
        files["docs/naïve café.txt"] = (TEXT, self.new_lines(".txt", 10))
        files["include/.gitkeep"] = (TEXT, ())
        files["README"] = (TEXT, self.new_lines(".md", 40))
        files["README.link"] = (LINK, b"README")
        files["vendor/libfoo"] = (GITLINK, "%040x" % r.getrandbits(160))
        files["assets/logo.bin"] = (TEXT, bytes(r.getrandbits(8) for _ in range(4096)))
        files["data/table.csv"] = (TEXT, self.table_rows(0, self.shape.table_lines))
        return files

    def table_rows(self, start, n):
        r = self.rng
        return tuple(f"{i},{self.word()},{r.randrange(10**6)},{r.random():.6f}" for i in range(start, start + n))

    # ---- edits ----------------------------------------------------------------

    def edit_lines(self, lines, ext):
        r = self.rng
        lines = list(lines)
        for _ in range(r.randint(1, 3)):
            op = r.randrange(10)
            if len(lines) > 400:
                op = 4
            elif len(lines) < 10:
                op = 0
            pos = r.randint(0, len(lines))
            if op < 4:  # insert a block
                lines[pos:pos] = self.new_lines(ext, r.randint(1, 8))
            elif op < 7:  # delete a block
                del lines[pos:pos + r.randint(1, 6)]
            elif op < 9:  # change a few lines
                n = r.randint(1, 4)
                lines[pos:pos + n] = self.new_lines(ext, n)
            else:  # rename an identifier across the file
                old, new = self.word(), self.word() + "_" + self.word()
                lines = [l.replace(old, new) for l in lines]
        return tuple(lines)

    def edit_file(self, branch, path):
        mode, content = branch.files[path]
        if isinstance(content, bytes):  # binary: overwrite a small run of bytes
            pos = self.rng.randrange(len(content))
            content = content[:pos] + bytes(self.rng.getrandbits(8) for _ in range(16)) + content[pos + 16:]
        elif path == "data/table.csv":
            rows = list(content)
            for _ in range(self.rng.randint(1, 5)):
                i = self.rng.randrange(len(rows))
                rows[i] = self.table_rows(i, 1)[0]
            content = tuple(rows)
        else:
            content = self.edit_lines(content, ext_of(path))
        self.set_file(branch, path, (mode, content))

    def set_file(self, branch, path, entry):
        if path not in branch.files:
            siblings = self.paths_by_dir.setdefault(path.rpartition("/")[0], [])
            if path not in siblings:
                siblings.append(path)
        branch.files[path] = entry
        branch.changed[path] = True
        self.pending.append(("M", path, entry))

    def delete_file(self, branch, path):
        del branch.files[path]
        branch.changed[path] = True
        self.pending.append(("D", path, None))

    def pick_file(self, branch, near=None):
        """A text file to edit: often one in the directory of `near` (commits
        tend to stay in one area), else often a hot file, else any."""
        r = self.rng
        if near is not None and r.random() < 0.7:
            siblings = [p for p in self.paths_by_dir[near.rpartition("/")[0]]
                        if p in branch.files and branch.files[p][0] in (TEXT, EXEC)]
            return r.choice(siblings)
        if self.hot and r.random() < 0.5:
            path = r.choice(self.hot)
            if path in branch.files:
                return path
        while True:
            path = r.choice(list(branch.files))
            if branch.files[path][0] in (TEXT, EXEC):
                return path

    def ordinary_commit(self, branch, may_restructure):
        r = self.rng
        first = self.pick_file(branch)
        self.edit_file(branch, first)
        for _ in range(r.choice((0, 1, 1, 2, 2, 3, 4))):
            self.edit_file(branch, self.pick_file(branch, near=first))
        if r.random() < 0.02:
            self.edit_file(branch, "data/table.csv")
        roll = r.random()
        if roll < 0.03:
            path = self.new_path(branch.files)
            self.set_file(branch, path, (TEXT, self.new_lines(ext_of(path), r.randint(10, 150))))
            if r.random() < 0.2:
                self.hot.append(path)
        elif may_restructure and roll < 0.04:
            path = self.removable(branch)
            if path:
                self.delete_file(branch, path)
        elif may_restructure and roll < 0.05:
            path = self.removable(branch)
            if path:
                mode, content = branch.files[path]
                self.delete_file(branch, path)
                self.set_file(branch, self.new_path(branch.files), (mode, content))

    def removable(self, branch):
        path = self.rng.choice(list(branch.files))
        top = path.split("/")[0]
        return path if top in TOP_DIRS and branch.files[path][0] == TEXT else None

    # ---- the stream -----------------------------------------------------------

    def mark(self):
        m = self.next_mark
        self.next_mark += 1
        return m

    def ident(self, when):
        name, email, tz = self.rng.choice(PEOPLE)
        return f"{name} <{email}> {when} {tz}"

    def emit_data(self, payload):
        self.out.append(b"data %d\n" % len(payload))
        self.out.append(payload)
        self.out.append(b"\n")

    def emit_commit(self, branch, message, parent=None, merge=None):
        """Writes a commit of `self.pending` on `branch`; returns its mark."""
        mark = self.mark()
        committed = BASE_TIME + self.commit_index * 600 + self.rng.randrange(600)
        authored = committed - self.rng.randrange(3 * 86400)
        self.commit_index += 1
        self.out.append(f"commit {branch.ref}\nmark :{mark}\n".encode())
        self.out.append(f"author {self.ident(authored)}\ncommitter {self.ident(committed)}\n".encode())
        self.emit_data(message.encode())
        if parent is not None:
            self.out.append(f"from {parent}\n".encode())
        if merge is not None:
            self.out.append(f"merge :{merge}\n".encode())
        final = {}  # a path changed twice in one commit is written once
        for op, path, entry in self.pending:
            final.pop(path, None)
            final[path] = (op, entry)
        for path, (op, entry) in final.items():
            if op == "D":
                self.out.append(f"D {path}\n".encode())
                continue
            mode, content = entry
            if mode == GITLINK:
                self.out.append(f"M {mode} {content} {path}\n".encode())
                continue
            self.out.append(f"M {mode} inline {path}\n".encode())
            if isinstance(content, bytes):
                self.emit_data(content)
            else:
                self.emit_data("".join(l + "\n" for l in content).encode())
        self.out.append(b"\n")
        self.pending = []
        branch.tip = mark
        return mark

    def message(self, branch):
        subject = f"{self.word()}: {self.word()} the {self.word()} {self.word()}"
        body = ""
        if self.rng.random() < 0.6:
            body = "\n\n" + " ".join(self.word() for _ in range(self.rng.randint(8, 40))) + "\n"
        return f"{subject} ({branch.ref.rsplit('/', 1)[-1]} #{self.commit_index}){body}\n"

    def emit_release(self):
        major, minor, patch = self.release
        name = f"v{major}.{minor}.{patch}"
        when = BASE_TIME + self.commit_index * 600
        self.out.append(f"tag {name}\nfrom :{self.main.tip}\ntagger {self.ident(when)}\n".encode())
        self.emit_data(f"Release {name}\n\n{self.word()} {self.word()} and {self.word()}.\n".encode())
        self.out.append(f"reset refs/heads/maint\nfrom :{self.main.tip}\n\n".encode())
        if patch % 4 == 3:
            self.out.append(f"reset refs/tags/{name}-light\nfrom :{self.main.tip}\n\n".encode())
        self.release = [major, minor + 1, 0] if patch == 5 else [major, minor, patch + 1]
        if minor == 9 and patch == 5:
            self.release = [major + 1, 0, 0]

    def start_topic(self):
        self.topic_count += 1
        name = f"refs/heads/topic/{self.topic_count:05d}-{self.word()}"
        topic = Branch(name, self.main.tip, dict(self.main.files))
        topic.target_commits = self.rng.randint(2, 8)
        self.topics.append(topic)

    def topic_commit(self, topic):
        first = topic.commits == 0
        self.ordinary_commit(topic, may_restructure=False)
        fork = topic.tip
        self.emit_commit(topic, self.message(topic), parent=f":{fork}" if first else None)
        topic.commits += 1

    def merge_topic(self, topic):
        for path in topic.changed:
            if path in topic.files:
                self.set_file(self.main, path, topic.files[path])
            elif path in self.main.files:
                self.delete_file(self.main, path)
        short = topic.ref[len("refs/heads/"):]
        self.emit_commit(self.main, f"Merge branch '{short}'\n", merge=topic.tip)
        self.topics.remove(topic)

    def stream(self, flush):
        """Generates the packed part of the history, calling flush(bytes) as it goes."""
        self.make_dirs()
        files = self.initial_files()
        self.hot = [p for p in list(files) if self.rng.random() < 0.05]
        for path, entry in files.items():
            self.set_file(self.main, path, entry)
        self.emit_commit(self.main, "Initial import\n")
        main_commits = 0
        while self.commit_index < self.shape.commits:
            r = self.rng
            if len(self.topics) < 3 and r.random() < 1 / 25:
                self.start_topic()
            if self.topics and r.random() < 0.35:
                topic = r.choice(self.topics)
                if topic.commits < topic.target_commits:
                    self.topic_commit(topic)
                elif r.random() < 0.9:
                    self.merge_topic(topic)
                else:  # abandoned: the branch stays, unmerged
                    self.topics.remove(topic)
            else:
                self.ordinary_commit(self.main, may_restructure=True)
                self.emit_commit(self.main, self.message(self.main))
                main_commits += 1
                if main_commits % 100 == 0:
                    self.emit_release()
            if len(self.out) > 4096:
                flush(b"".join(self.out))
                self.out = []
        self.out.append(b"done\n")
        flush(b"".join(self.out))
        self.out = []

    def loose_tail(self, main_tip, flush):
        """A few more commits on main (few enough objects to stay loose), a
        branch and an annotated tag on them."""
        parent = main_tip
        for _ in range(3):
            self.ordinary_commit(self.main, may_restructure=False)
            self.emit_commit(self.main, self.message(self.main), parent=parent)
            parent = None
        self.out.append(f"reset refs/heads/next\nfrom :{self.main.tip}\n\n".encode())
        self.emit_release()
        self.out.append(b"done\n")
        flush(b"".join(self.out))
        self.out = []


def ext_of(path):
    dot = path.rfind(".")
    return path[dot:] if dot > path.rfind("/") else ""

