#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <string>

#include "git_fixture.h"
#include "refs/ref_store.h"
#include "refs/ref_transaction.h"
#include "refs/reflog_writer.h"
#include "repo/repository.h"

using grit::ObjectId;
using grit::RefTransaction;
using grit::RefUpdateError;
using grit_test::capture;
using grit_test::run;

namespace {

struct Fixture {
    grit_test::ScratchDir dir;
    std::unique_ptr<grit::Repository> repo;
    ObjectId one, two;

    Fixture() {
        run(dir.path(),
            "git init -q -b main . && git commit -q --allow-empty -m one && git commit -q --allow-empty -m two &&"
            " git tag packed HEAD~1 && git branch topic HEAD~1 && git pack-refs --all && git branch loose HEAD");
        grit::StartupOptions opts;
        opts.git_dir = dir.path() + "/.git";
        repo = grit::Repository::discover(opts);
        one = *repo->refs().resolve("refs/tags/packed");
        two = *repo->refs().resolve("HEAD");
    }
    bool exists(const std::string& rel) const {
        struct stat st;
        return stat((dir.path() + "/" + rel).c_str(), &st) == 0;
    }
};

}  // namespace

TEST_CASE("committed updates are visible to the same process's RefStore", "[ref_transaction]") {
    Fixture f;
    grit::RefStore& refs = f.repo->refs();
    REQUIRE(refs.resolve("refs/heads/topic") == f.one);  // read (and packed-refs mapped) before
    RefTransaction t(*f.repo);
    t.update("refs/heads/topic", f.two, f.one, {}, "move");
    t.remove("refs/tags/packed", f.one, {}, "");
    t.create("refs/heads/new/branch", f.one, {}, "");
    t.commit();
    CHECK(refs.resolve("refs/heads/topic") == f.two);
    CHECK_FALSE(refs.resolve("refs/tags/packed"));
    CHECK(refs.resolve("refs/heads/new/branch") == f.one);
    CHECK(capture(f.dir.path(), "git rev-parse --verify -q refs/tags/packed || echo gone") == "gone\n");
    CHECK_FALSE(f.exists(".git/packed-refs.lock"));
}

TEST_CASE("a failed check changes nothing and releases every lock", "[ref_transaction]") {
    Fixture f;
    RefTransaction t(*f.repo);
    t.update("refs/heads/topic", f.two, std::nullopt, {}, "");
    t.remove("refs/tags/packed", std::nullopt, {}, "");
    t.update("refs/heads/loose", f.one, f.one, {}, "");  // it is at `two`
    REQUIRE_THROWS_WITH(t.prepare(), "cannot lock ref 'refs/heads/loose': is at " + f.two.hex() + " but expected " +
                                         f.one.hex());
    CHECK_FALSE(t.is_open());
    CHECK(f.repo->refs().resolve("refs/heads/topic") == f.one);
    CHECK(f.repo->refs().resolve("refs/tags/packed") == f.one);
    CHECK_FALSE(f.exists(".git/refs/heads/topic.lock"));
    CHECK_FALSE(f.exists(".git/packed-refs.lock"));
}

TEST_CASE("prepare holds the locks until commit or abort", "[ref_transaction]") {
    Fixture f;
    {
        RefTransaction t(*f.repo);
        t.update("refs/heads/topic", f.two, std::nullopt, {}, "");
        t.prepare();
        CHECK(f.exists(".git/refs/heads/topic.lock"));
        CHECK(f.repo->refs().resolve("refs/heads/topic") == f.one);
        t.abort();
        CHECK_FALSE(f.exists(".git/refs/heads/topic.lock"));
    }
    {
        RefTransaction t(*f.repo);
        t.update("refs/heads/topic", f.two, std::nullopt, {}, "");
        t.prepare();
    }  // destroyed while prepared: aborted
    CHECK_FALSE(f.exists(".git/refs/heads/topic.lock"));
    CHECK(f.repo->refs().resolve("refs/heads/topic") == f.one);
}

TEST_CASE("names git refuses", "[ref_transaction]") {
    Fixture f;
    RefTransaction t(*f.repo);
    CHECK_THROWS_AS(t.update("refs/heads/a..b", f.one, std::nullopt, {}, ""), RefUpdateError);
    CHECK_THROWS_WITH(t.remove("refs/../x", std::nullopt, {}, ""), "refusing to update ref with bad name 'refs/../x'");
    CHECK_NOTHROW(t.remove("refs/heads/a..b", std::nullopt, {}, ""));  // safe to delete although invalid
}

TEST_CASE("reflog messages are normalized as git's copy_reflog_msg", "[reflog]") {
    CHECK(grit::normalize_reflog_message("  a \t b\n\nc  ") == "a b c");
    CHECK(grit::normalize_reflog_message("a\vb\fc") == "a\vb\fc");
    CHECK(grit::normalize_reflog_message("") == "");
}
