#include <catch2/catch.hpp>

#include <stdio.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "refs/ref_store.h"
#include "util/error.h"

using grit::HashAlgo;
using grit::ObjectId;
using grit::RefStore;

namespace {

// A scratch repository built by the real git.
struct GitRepo {
    std::filesystem::path dir;
    GitRepo(const char* init_args = "") {
        char tmpl[] = "/tmp/grit-refs-test.XXXXXX";
        dir = mkdtemp(tmpl);
        git(std::string("init -q ") + init_args + " -b main .");
        git("-c user.name=A -c user.email=a@b commit -q --allow-empty -m one");
        git("-c user.name=A -c user.email=a@b tag -a -m tag v1");
        git("-c user.name=A -c user.email=a@b commit -q --allow-empty -m two");
        git("branch topic HEAD~1");
        git("tag light HEAD~1");
    }
    ~GitRepo() { std::filesystem::remove_all(dir); }

    std::string git(const std::string& args) const {
        std::string cmd = "cd '" + dir.string() + "' && HOME=/nonexistent GIT_CONFIG_NOSYSTEM=1 git " + args;
        FILE* p = popen(cmd.c_str(), "r");
        REQUIRE(p);
        std::string out;
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        REQUIRE(pclose(p) == 0);
        while (!out.empty() && out.back() == '\n') out.pop_back();
        return out;
    }
    ObjectId oid(const std::string& rev, HashAlgo algo = HashAlgo::sha1) const {
        return *ObjectId::from_hex(git("rev-parse " + rev), algo);
    }
    std::string git_dir() const { return (dir / ".git").string(); }
    RefStore store(HashAlgo algo = HashAlgo::sha1) const { return RefStore(git_dir(), git_dir(), algo, ".git"); }
    void write(const std::string& rel, const std::string& text) const {
        std::ofstream(dir / ".git" / rel, std::ios::binary) << text;
    }
};

// What git's for-each-ref lists, as "<name> <oid>" lines.
std::vector<std::string> listing(const RefStore& refs, std::string_view prefix = "refs/") {
    std::vector<std::string> out;
    refs.for_each_ref(prefix, [&](const grit::Ref& r) { out.push_back(r.name + " " + r.oid.hex()); });
    return out;
}

std::vector<std::string> git_listing(const GitRepo& repo, const std::string& prefix = "refs/") {
    std::vector<std::string> out;
    std::string text = repo.git("for-each-ref --format='%(refname) %(objectname)' " + prefix);
    size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        if (nl == std::string::npos) nl = text.size();
        out.push_back(text.substr(pos, nl - pos));
        pos = nl + 1;
    }
    return out;
}

}  // namespace

TEST_CASE("refs: loose refs and HEAD", "[refs]") {
    GitRepo repo;
    auto refs = repo.store();
    auto head = refs.read_raw("HEAD");
    REQUIRE(head);
    CHECK(head->symref_target == "refs/heads/main");
    std::string resolved;
    CHECK(refs.resolve("HEAD", &resolved) == repo.oid("HEAD"));
    CHECK(resolved == "refs/heads/main");
    CHECK(refs.resolve("refs/heads/topic") == repo.oid("topic"));
    CHECK(refs.resolve("refs/tags/v1") == repo.oid("refs/tags/v1"));
    CHECK_FALSE(refs.resolve("refs/heads/nope"));
    CHECK(refs.exists("refs/heads/topic"));
    CHECK_FALSE(refs.exists("refs/heads"));  // a directory is not a ref
    CHECK(listing(refs) == git_listing(repo));
}

TEST_CASE("refs: packed refs with peeled tags", "[refs]") {
    GitRepo repo;
    repo.git("pack-refs --all");
    auto refs = repo.store();
    CHECK(refs.resolve("refs/heads/main") == repo.oid("main"));
    CHECK(refs.resolve("HEAD") == repo.oid("HEAD"));
    CHECK(listing(refs) == git_listing(repo));
    std::optional<ObjectId> peeled;
    bool light_peeled = true;
    refs.for_each_ref("refs/tags/", [&](const grit::Ref& r) {
        if (r.name == "refs/tags/v1") peeled = r.peeled;
        if (r.name == "refs/tags/light") light_peeled = r.peeled.has_value();
    });
    CHECK(peeled == repo.oid("v1^{}"));
    CHECK_FALSE(light_peeled);
    CHECK(listing(refs, "refs/heads/") == git_listing(repo, "refs/heads/"));
    CHECK(listing(refs, "refs/heads/m") == std::vector<std::string>{"refs/heads/main " + repo.oid("main").hex()});
}

TEST_CASE("refs: loose refs override packed ones", "[refs]") {
    GitRepo repo;
    repo.git("pack-refs --all");
    repo.git("update-ref refs/heads/topic HEAD");
    repo.git("update-ref refs/heads/new HEAD");
    auto refs = repo.store();
    CHECK(refs.resolve("refs/heads/topic") == repo.oid("HEAD"));
    CHECK(listing(refs) == git_listing(repo));
}

TEST_CASE("refs: symbolic refs and detached HEAD", "[refs]") {
    GitRepo repo;
    repo.git("symbolic-ref refs/heads/alias refs/heads/topic");
    repo.git("symbolic-ref refs/heads/dangling refs/heads/nothing");
    auto refs = repo.store();
    std::string resolved;
    CHECK(refs.resolve("refs/heads/alias", &resolved) == repo.oid("topic"));
    CHECK(resolved == "refs/heads/topic");
    CHECK_FALSE(refs.resolve("refs/heads/dangling", &resolved));
    CHECK(resolved == "refs/heads/nothing");
    std::vector<std::string> targets;
    refs.for_each_ref("refs/heads/", [&](const grit::Ref& r) { targets.push_back(r.name + ">" + r.symref_target); });
    CHECK(targets == std::vector<std::string>{"refs/heads/alias>refs/heads/topic", "refs/heads/main>",
                                              "refs/heads/topic>"});

    repo.git("checkout -q --detach HEAD~1");
    auto detached = repo.store().read_raw("HEAD");
    REQUIRE(detached);
    CHECK_FALSE(detached->is_symbolic());
    CHECK(detached->oid == repo.oid("HEAD"));
}

TEST_CASE("refs: symbolic ref loops stop after five levels", "[refs]") {
    GitRepo repo;
    repo.write("refs/heads/l1", "ref: refs/heads/l2\n");
    repo.write("refs/heads/l2", "ref: refs/heads/l1\n");
    CHECK_FALSE(repo.store().resolve("refs/heads/l1"));
}

TEST_CASE("refs: broken loose refs", "[refs]") {
    GitRepo repo;
    repo.write("refs/heads/bad", "garbage\n");
    repo.git("symbolic-ref refs/heads/to-bad refs/heads/bad");
    repo.write("refs/heads/a..b", repo.oid("main").hex() + "\n");
    repo.write("refs/heads/topic.lock", repo.oid("main").hex() + "\n");
    auto refs = repo.store();
    CHECK_THROWS_AS(refs.read_raw("refs/heads/bad"), grit::CorruptData);
    CHECK_THROWS_WITH(refs.resolve("refs/heads/bad"), "ignoring broken ref refs/heads/bad");
    CHECK_FALSE(refs.resolve("refs/heads/to-bad"));  // dangles instead
    CHECK_FALSE(refs.resolve("refs/heads/a..b"));

    // git 2.39 lists broken refs with a null id (GIT_REF_PARANOIA defaults on),
    // leaves out dangling symbolic refs and lock files.
    std::vector<std::string> names;
    refs.for_each_ref("refs/heads/", [&](const grit::Ref& r) {
        names.push_back(r.name + (r.broken ? " broken " + r.oid.hex() : ""));
    });
    std::string null(40, '0');
    CHECK(names == std::vector<std::string>{"refs/heads/a..b broken " + null, "refs/heads/bad broken " + null,
                                            "refs/heads/main", "refs/heads/topic"});
    setenv("GIT_REF_PARANOIA", "0", 1);
    names.clear();
    refs.for_each_ref("refs/heads/", [&](const grit::Ref& r) { names.push_back(r.name); });
    unsetenv("GIT_REF_PARANOIA");
    CHECK(names == std::vector<std::string>{"refs/heads/main", "refs/heads/topic"});

    repo.write("FETCH_HEAD", repo.oid("main").hex() + "\t\tbranch 'main' of somewhere\n");
    CHECK(refs.resolve("FETCH_HEAD") == repo.oid("main"));
}

TEST_CASE("refs: malformed packed-refs", "[refs]") {
    GitRepo repo;
    repo.git("pack-refs --all");
    std::ifstream in(repo.dir / ".git/packed-refs");
    std::string good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

    repo.write("packed-refs", good + "garbage line\n");
    CHECK_THROWS_AS(repo.store().resolve("refs/heads/main"), grit::PackedRefsCorrupt);
    CHECK_THROWS_WITH(repo.store().resolve("refs/heads/main"), "unexpected line in .git/packed-refs: garbage line");

    repo.write("packed-refs", good + "abc");
    CHECK_THROWS_WITH(repo.store().resolve("refs/heads/main"), "unterminated line in .git/packed-refs: abc");

    std::string header_gone = good;
    header_gone.replace(0, good.find('\n'), "# foo");
    repo.write("packed-refs", header_gone);
    CHECK_THROWS_WITH(repo.store().resolve("refs/heads/main"), "unexpected line in .git/packed-refs: # foo");

    repo.write("packed-refs", good + "^" + std::string(40, 'a') + "\n");
    CHECK_THROWS_WITH(listing(repo.store()), Catch::Matchers::StartsWith("unexpected line in .git/packed-refs: ^"));
}

TEST_CASE("refs: unsorted packed-refs", "[refs]") {
    GitRepo repo;
    repo.git("pack-refs --all");
    std::string main = repo.oid("main").hex(), topic = repo.oid("topic").hex();
    repo.write("packed-refs", topic + " refs/heads/topic\n" + main + " refs/heads/main\n");
    auto refs = repo.store();
    CHECK(refs.resolve("refs/heads/main") == repo.oid("main"));
    CHECK(refs.resolve("refs/heads/topic") == repo.oid("topic"));
    CHECK(listing(refs, "refs/heads/") ==
          std::vector<std::string>{"refs/heads/main " + main, "refs/heads/topic " + topic});
}

TEST_CASE("refs: sha256 repositories", "[refs]") {
    GitRepo repo("--object-format=sha256");
    repo.git("pack-refs --all");
    auto refs = repo.store(HashAlgo::sha256);
    CHECK(refs.resolve("HEAD") == repo.oid("HEAD", HashAlgo::sha256));
    CHECK(listing(refs) == git_listing(repo));
}

TEST_CASE("refs: linked worktrees keep their own HEAD", "[refs]") {
    GitRepo repo;
    repo.git("worktree add -q ../wt-" + repo.dir.filename().string() + " topic");
    std::string wt_git_dir = repo.git_dir() + "/worktrees/wt-" + repo.dir.filename().string();
    RefStore refs(wt_git_dir, repo.git_dir(), HashAlgo::sha1);
    std::string resolved;
    CHECK(refs.resolve("HEAD", &resolved) == repo.oid("topic"));
    CHECK(resolved == "refs/heads/topic");
    CHECK(refs.resolve("refs/heads/main") == repo.oid("main"));
    repo.git("worktree remove --force ../wt-" + repo.dir.filename().string());
}

TEST_CASE("refs: check-ref-format rules", "[refs]") {
    using grit::is_valid_refname;
    for (auto ok : {"refs/heads/main", "refs/heads/a.b", "refs/tags/v1.0", "a/b", "refs/heads/@x", "refs/x-y/z_"})
        CHECK(is_valid_refname(ok, false));
    CHECK(is_valid_refname("HEAD", true));
    CHECK_FALSE(is_valid_refname("HEAD", false));
    for (auto bad : {"", "@", "refs/heads/.x", "refs/heads/x.", "refs/heads/a..b", "refs/heads/x.lock",
                     "refs/heads/a b", "refs/heads/a~b", "refs/heads/a^b", "refs/heads/a:b", "refs/heads/a?b",
                     "refs/heads/a[b", "refs/heads/a\\b", "refs/heads/a*b", "refs/heads/a@{b", "refs//heads",
                     "/refs/heads", "refs/heads/", "refs/heads/\x7f", "refs/heads/a\tb"})
        CHECK_FALSE(is_valid_refname(bad, true));
}
