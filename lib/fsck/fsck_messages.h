#pragma once
// fsck's message ids as git 2.39 knows them (git's camelCase names), their default severities, and
// how configuration (fsck.<msg-id>, fsck.skipList) and --strict change them.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"

namespace grit {

class Config;

enum class FsckSeverity : std::uint8_t { ignore, info, warn, error, fatal };

enum class FsckMsg : std::uint8_t {
    nulInHeader, unterminatedHeader,
    badDate, badDateOverflow, badEmail, badName, badObjectSha1, badParentSha1,
    badTimezone, badTree, badTreeSha1, badType, duplicateEntries, missingAuthor, missingCommitter,
    missingEmail, missingNameBeforeEmail, missingObject, missingSpaceBeforeDate,
    missingSpaceBeforeEmail, missingTag, missingTagEntry, missingTree,
    missingType, missingTypeEntry, multipleAuthors, treeNotSorted, unknownType, zeroPaddedDate,
    gitmodulesMissing, gitmodulesBlob, gitmodulesLarge, gitmodulesName, gitmodulesSymlink,
    gitmodulesUrl, gitmodulesPath, gitmodulesUpdate, gitattributesMissing, gitattributesLarge,
    gitattributesLineLength, gitattributesBlob,
    emptyName, fullPathname, hasDot, hasDotdot, hasDotgit, nullSha1, zeroPaddedFilemode,
    nulInCommit,
    badFilemode, gitmodulesParse, gitignoreSymlink, gitattributesSymlink, mailmapSymlink,
    badTagName, missingTaggerEntry,
    extraHeaderEntry,
    count_
};

std::string_view fsck_msg_name(FsckMsg msg);  // "duplicateEntries"

// Severities after configuration. Guarantees git's rules: --strict turns
// default warnings into errors; a fatal id cannot be demoted.
class FsckSeverities {
public:
    explicit FsckSeverities(bool strict);
    // Applies fsck.<id> and fsck.skipList from the configuration. Throws
    // Error with git's fatal texts ("Unhandled message id: x", "Unknown fsck
    // message type: 'x'", "Cannot demote x to y", "invalid object name: x").
    void configure(const Config& config, HashAlgo algo);
    bool strict() const { return strict_; }
    FsckSeverity severity(FsckMsg msg) const { return levels_[static_cast<int>(msg)]; }
    bool skipped(const ObjectId& id) const;

private:
    void set(std::string_view id, std::string_view type);
    void load_skip_list(const std::string& path, HashAlgo algo);
    bool strict_;
    FsckSeverity levels_[static_cast<int>(FsckMsg::count_)];
    std::vector<ObjectId> skip_;  // sorted
};

}  // namespace grit
