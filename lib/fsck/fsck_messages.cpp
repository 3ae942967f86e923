#include "fsck/fsck_messages.h"

#include <algorithm>
#include <cctype>
#include <fstream>

#include "repo/config.h"
#include "util/error.h"

namespace grit {

namespace {

struct MsgInfo {
    const char* name;
    FsckSeverity severity;
};

using S = FsckSeverity;
constexpr MsgInfo msg_table[] = {
    {"nulInHeader", S::fatal}, {"unterminatedHeader", S::fatal},
    {"badDate", S::error}, {"badDateOverflow", S::error}, {"badEmail", S::error},
    {"badName", S::error}, {"badObjectSha1", S::error}, {"badParentSha1", S::error},
    {"badTimezone", S::error}, {"badTree", S::error},
    {"badTreeSha1", S::error}, {"badType", S::error}, {"duplicateEntries", S::error},
    {"missingAuthor", S::error}, {"missingCommitter", S::error}, {"missingEmail", S::error},
    {"missingNameBeforeEmail", S::error}, {"missingObject", S::error},
    {"missingSpaceBeforeDate", S::error}, {"missingSpaceBeforeEmail", S::error},
    {"missingTag", S::error}, {"missingTagEntry", S::error}, {"missingTree", S::error},
    {"missingType", S::error}, {"missingTypeEntry", S::error},
    {"multipleAuthors", S::error}, {"treeNotSorted", S::error}, {"unknownType", S::error},
    {"zeroPaddedDate", S::error}, {"gitmodulesMissing", S::error}, {"gitmodulesBlob", S::error},
    {"gitmodulesLarge", S::error}, {"gitmodulesName", S::error}, {"gitmodulesSymlink", S::error},
    {"gitmodulesUrl", S::error}, {"gitmodulesPath", S::error}, {"gitmodulesUpdate", S::error},
    {"gitattributesMissing", S::error}, {"gitattributesLarge", S::error},
    {"gitattributesLineLength", S::error}, {"gitattributesBlob", S::error},
    {"emptyName", S::warn}, {"fullPathname", S::warn}, {"hasDot", S::warn}, {"hasDotdot", S::warn},
    {"hasDotgit", S::warn}, {"nullSha1", S::warn}, {"zeroPaddedFilemode", S::warn},
    {"nulInCommit", S::warn},
    {"badFilemode", S::info}, {"gitmodulesParse", S::info}, {"gitignoreSymlink", S::info},
    {"gitattributesSymlink", S::info}, {"mailmapSymlink", S::info}, {"badTagName", S::info},
    {"missingTaggerEntry", S::info},
    {"extraHeaderEntry", S::ignore},
};
static_assert(std::size(msg_table) == static_cast<std::size_t>(FsckMsg::count_));

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::string_view fsck_msg_name(FsckMsg msg) { return msg_table[static_cast<int>(msg)].name; }

FsckSeverities::FsckSeverities(bool strict) : strict_(strict) {
    for (std::size_t i = 0; i < std::size(msg_table); ++i) {
        FsckSeverity s = msg_table[i].severity;
        levels_[i] = strict && s == S::warn ? S::error : s;
    }
}

void FsckSeverities::set(std::string_view id, std::string_view type) {
    std::size_t found = std::size(msg_table);
    for (std::size_t i = 0; i < std::size(msg_table); ++i)
        if (iequals(id, msg_table[i].name)) found = i;
    if (found == std::size(msg_table)) throw Error("Unhandled message id: " + std::string(id));
    FsckSeverity level;
    if (type == "error") level = S::error;
    else if (type == "warn") level = S::warn;
    else if (type == "ignore") level = S::ignore;
    else throw Error("Unknown fsck message type: '" + std::string(type) + "'");
    if (level != S::error && msg_table[found].severity == S::fatal)
        throw Error("Cannot demote " + std::string(id) + " to " + std::string(type));
    levels_[found] = level;
}

void FsckSeverities::load_skip_list(const std::string& path, HashAlgo algo) {
    std::ifstream in(path);
    if (!in) throw Error("could not open object name list: " + path);
    std::string line;
    while (std::getline(in, line)) {
        std::string_view text = line;
        if (auto hash = text.find('#'); hash != std::string_view::npos) text = text.substr(0, hash);
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
        if (text.empty()) continue;
        auto id = ObjectId::from_hex(text, algo);
        if (!id) throw Error("invalid object name: " + std::string(text));
        skip_.push_back(*id);
    }
    std::sort(skip_.begin(), skip_.end());
}

void FsckSeverities::configure(const Config& config, HashAlgo algo) {
    for (const ConfigEntry& e : config.entries()) {
        std::string_view key = e.key;
        if (key.substr(0, 5) != "fsck.") continue;
        key.remove_prefix(5);
        if (key == "skiplist") {
            if (!e.value) throw ConfigError("missing value for 'fsck.skiplist'");
            std::string path = *e.value;
            if (path.rfind("~/", 0) == 0) {
                const char* home = std::getenv("HOME");
                path = std::string(home ? home : "") + path.substr(1);
            }
            load_skip_list(path, algo);
            continue;
        }
        set(key, e.value.value_or(""));
    }
}

bool FsckSeverities::skipped(const ObjectId& id) const {
    return std::binary_search(skip_.begin(), skip_.end(), id);
}

}  // namespace grit
