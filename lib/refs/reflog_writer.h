#pragma once
// Writing reflogs as the files backend of git 2.39 does: one line
// "<old hex> <new hex> <committer ident>[\t<message>]\n" appended per update,
// the file created only when core.logAllRefUpdates (or the caller) asks.
#include <string>
#include <string_view>

#include "hash/object_id.h"

namespace grit {

class Config;
class Repository;

// core.logAllRefUpdates: "always", a boolean, or unset (true unless bare).
enum class LogRefUpdates { none, normal, always };

// Throws ConfigError with git's "bad boolean config value ..." message.
LogRefUpdates log_ref_updates_setting(const Config& config, bool is_bare);

// Whether an update of `refname` creates its reflog: every ref for "always";
// HEAD, refs/heads/, refs/remotes/ and refs/notes/ for "normal".
bool autocreates_reflog(LogRefUpdates setting, std::string_view refname);

// git's copy_reflog_msg: runs of spaces, tabs, CR and LF become one space,
// none at either end (\v and \f are not spaces to git).
std::string normalize_reflog_message(std::string_view message);

// Appends an entry for `refname` if its reflog exists, or creates it first
// when autocreates_reflog() or `force_create` says so. The message is
// normalized here. Throws IoError with git's texts ("unable to append to
// '<path>': <reason>", "there are still logs under '<path>'").
void append_reflog(Repository& repo, std::string_view refname, const ObjectId& old_oid, const ObjectId& new_oid,
                   std::string_view message, bool force_create);

// Removes the reflog of a deleted ref and then its empty parent directories
// below logs/refs/<kind>/. A reflog that cannot be removed stays (git only
// warns: the ref is what matters).
void delete_reflog(Repository& repo, std::string_view refname);

}  // namespace grit
