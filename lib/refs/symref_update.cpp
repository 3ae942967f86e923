#include "refs/symref_update.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fcntl.h>

#include "hash/object_id.h"
#include "refs/ref_store.h"
#include "refs/reflog.h"
#include "repo/ident.h"
#include "repo/repository.h"
#include "util/error.h"
#include "util/lock_file.h"

namespace grit {

namespace {

// Creates the directories leading to `path` (for refs/heads/a/b).
void make_leading_dirs(const std::string& path) {
    for (std::size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        std::string dir = path.substr(0, slash);
        if (mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) throw_errno("unable to create directory '" + dir + "'");
    }
}

// git's copy_reflog_msg: whitespace runs become one space, none at the end.
std::string clean_message(std::string_view message) {
    std::string out;
    bool pending_space = false;
    for (char c : message) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

bool wants_reflog(Repository& repo, std::string_view name, const std::string& log_path) {
    if (access(log_path.c_str(), F_OK) == 0) return true;
    auto setting = repo.config().get("core.logallrefupdates");
    std::string value = setting.value_or(repo.is_bare() ? "false" : "true");
    if (value == "always") return true;
    if (!Config::parse_bool(value).value_or(false)) return false;
    return name == "HEAD" || name.starts_with("refs/heads/") || name.starts_with("refs/remotes/") ||
           name.starts_with("refs/notes/");
}

}  // namespace

void create_symref(Repository& repo, std::string_view name, std::string_view target, std::string_view message) {
    RefStore& refs = repo.refs();
    std::optional<ObjectId> old_oid;
    try {
        old_oid = refs.resolve(name);
    } catch (const CorruptData&) {
    }
    std::string path = refs.loose_path(name);
    make_leading_dirs(path);
    LockFile lock(path);
    lock.write("ref: " + std::string(target) + "\n");

    std::optional<ObjectId> new_oid;
    try {
        new_oid = refs.resolve(target);
    } catch (const CorruptData&) {
    }
    std::string log_path = reflog_path(repo.absolute_git_dir(), repo.common_dir(), name);
    if (new_oid && wants_reflog(repo, name, log_path)) {
        std::string entry = old_oid.value_or(ObjectId::null(repo.hash_algo())).hex() + " " + new_oid->hex() + " " +
                            committer_ident(repo.config());
        std::string cleaned = clean_message(message);
        if (!cleaned.empty()) entry += "\t" + cleaned;
        entry += "\n";
        make_leading_dirs(log_path);
        int fd = open(log_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0) throw_errno("unable to append to '" + log_path + "'");
        bool ok = write(fd, entry.data(), entry.size()) == static_cast<ssize_t>(entry.size());
        close(fd);
        if (!ok) throw IoError("unable to append to '" + log_path + "'");
    }
    lock.commit();
}

void delete_symref(Repository& repo, std::string_view name) {
    std::string path = repo.refs().loose_path(name);
    LockFile lock(path);
    if (unlink(path.c_str()) != 0 && errno != ENOENT) throw_errno("unable to delete '" + path + "'");
    std::string log_path = reflog_path(repo.absolute_git_dir(), repo.common_dir(), name);
    unlink(log_path.c_str());
    lock.rollback();
}

}  // namespace grit
