#include <catch2/catch.hpp>

#include "fsck/fsck_messages.h"
#include "fsck/object_check.h"
#include "util/error.h"

using namespace grit;

namespace {

const ObjectId kSelf = *ObjectId::from_hex("1234567890123456789012345678901234567890", HashAlgo::sha1);
const std::string kTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

std::vector<std::string> check(ObjectType type, std::string_view data, const FsckSeverities& sev) {
    std::vector<FsckFinding> findings;
    fsck_check_object(kSelf, type, data, sev, findings);
    std::vector<std::string> out;
    for (const auto& f : findings) out.push_back((f.is_error ? "error " : "warning ") + f.text);
    return out;
}

std::vector<std::string> check(ObjectType type, std::string_view data) {
    return check(type, data, FsckSeverities(false));
}

std::string entry(std::string_view mode, std::string_view name, unsigned char fill = 0x11) {
    return std::string(mode) + " " + std::string(name) + '\0' + std::string(20, static_cast<char>(fill));
}

std::string commit_with(std::string_view author) {
    return "tree " + kTree + "\nauthor " + std::string(author) + "\ncommitter C <c@d> 1 +0000\n\nmsg\n";
}

}  // namespace

TEST_CASE("fsck tree checks report git's ids in git's order", "[fsck]") {
    CHECK(check(ObjectType::tree, entry("100644", "a") + entry("100644", "b")).empty());
    auto out = check(ObjectType::tree, entry("0100644", "b") + entry("100644", "a", 0) + entry("100644", ".git"));
    REQUIRE(out.size() == 4);
    CHECK(out[0] == "warning nullSha1: contains entries pointing to null sha1");
    CHECK(out[1] == "warning hasDotgit: contains '.git'");
    CHECK(out[2] == "warning zeroPaddedFilemode: contains zero-padded file modes");
    CHECK(out[3] == "error treeNotSorted: not properly sorted");
    CHECK(check(ObjectType::tree, entry("100644", "a") + entry("100644", "a")) ==
          std::vector<std::string>{"error duplicateEntries: contains duplicate file entries"});
    // a file and a directory of the same name, not adjacent
    CHECK(check(ObjectType::tree, entry("100644", "a") + entry("100644", "a.b") + entry("40000", "a")) ==
          std::vector<std::string>{"error duplicateEntries: contains duplicate file entries"});
    CHECK(check(ObjectType::tree, "100644 a") == std::vector<std::string>{"error badTree: cannot be parsed as a tree"});
}

TEST_CASE("fsck .git name variants", "[fsck]") {
    CHECK(is_ntfs_dotgit(".git"));
    CHECK(is_ntfs_dotgit("git~1"));
    CHECK(is_ntfs_dotgit(".GIT. . "));
    CHECK(is_ntfs_dotgit(".git::$INDEX_ALLOCATION"));
    CHECK_FALSE(is_ntfs_dotgit(".gitx"));
    CHECK(is_hfs_dotgit(".G\xe2\x80\x8cit"));
    CHECK_FALSE(is_hfs_dotgit(".gi"));
}

TEST_CASE("fsck ident checks", "[fsck]") {
    CHECK(check(ObjectType::commit, commit_with("A <a@b> 1 +0000")).empty());
    CHECK(check(ObjectType::commit, commit_with("A <a@b> 01 +0000")) ==
          std::vector<std::string>{"error zeroPaddedDate: invalid author/committer line - zero-padded date"});
    CHECK(check(ObjectType::commit, commit_with("A <a@b> 99999999999999999999 +0000")) ==
          std::vector<std::string>{"error badDateOverflow: invalid author/committer line - date causes integer overflow"});
    CHECK(check(ObjectType::commit, commit_with("A <a@b> 1 +000")) ==
          std::vector<std::string>{"error badTimezone: invalid author/committer line - bad time zone"});
    CHECK(check(ObjectType::commit, "tree x\n\n") ==
          std::vector<std::string>{"error badTreeSha1: invalid 'tree' line format - bad sha1"});
}

TEST_CASE("fsck severities: strict, config, skip list", "[fsck]") {
    const std::string dup = entry("100644", "a") + entry("0100644", "b");
    CHECK(check(ObjectType::tree, dup, FsckSeverities(true)) ==
          std::vector<std::string>{"error zeroPaddedFilemode: contains zero-padded file modes"});
    CHECK(check(ObjectType::tree, entry("100664", "a"), FsckSeverities(false)).empty());
    CHECK(check(ObjectType::tree, entry("100664", "a"), FsckSeverities(true)) ==
          std::vector<std::string>{"warning badFilemode: contains bad file modes"});
    CHECK(FsckSeverities(false).severity(FsckMsg::extraHeaderEntry) == FsckSeverity::ignore);
    CHECK(FsckSeverities(true).severity(FsckMsg::hasDot) == FsckSeverity::error);
    CHECK(FsckSeverities(true).severity(FsckMsg::missingTaggerEntry) == FsckSeverity::info);
}
