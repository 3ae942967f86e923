#include "refs/reflog_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "refs/reflog.h"
#include "refs/ref_dirs.h"
#include "repo/config.h"
#include "repo/ident.h"
#include "repo/repository.h"
#include "util/error.h"

namespace grit {

namespace {

bool is_git_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string log_path_of(Repository& repo, std::string_view refname) {
    return reflog_path(repo.absolute_git_dir(), repo.common_dir(), refname);
}

// Opens the reflog for appending, creating it (and its directories) when
// asked; -1 when it does not exist and is not to be created.
int open_reflog(const std::string& path, bool create) {
    if (!create) {
        int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
        if (fd < 0 && errno != ENOENT && errno != EISDIR)
            throw IoError("unable to append to '" + path + "': " + std::strerror(errno));
        return fd;
    }
    for (int attempt = 0;; ++attempt) {
        int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
        if (fd >= 0) return fd;
        int err = errno;
        if (err == ENOENT && attempt < 3) {
            if (create_leading_directories(path) == LeadingDirs::ok) continue;
            err = errno ? errno : ENOTDIR;
        }
        if (err == EISDIR && attempt < 3 && remove_empty_directories(path)) continue;
        if (err == ENOENT || err == ENOTDIR)
            throw IoError("unable to create directory for '" + path + "': " + std::strerror(err));
        if (err == EISDIR) throw IoError("there are still logs under '" + path + "'");
        throw IoError("unable to append to '" + path + "': " + std::strerror(err));
    }
}

}  // namespace

LogRefUpdates log_ref_updates_setting(const Config& config, bool is_bare) {
    auto value = config.get("core.logallrefupdates");
    if (!value) return is_bare ? LogRefUpdates::none : LogRefUpdates::normal;
    if (*value == "always") return LogRefUpdates::always;
    return config.get_bool("core.logallrefupdates").value_or(false) ? LogRefUpdates::normal : LogRefUpdates::none;
}

bool autocreates_reflog(LogRefUpdates setting, std::string_view refname) {
    switch (setting) {
    case LogRefUpdates::always:
        return true;
    case LogRefUpdates::normal:
        return refname == "HEAD" || refname.starts_with("refs/heads/") || refname.starts_with("refs/remotes/") ||
               refname.starts_with("refs/notes/");
    case LogRefUpdates::none:
        break;
    }
    return false;
}

std::string normalize_reflog_message(std::string_view message) {
    std::string out;
    bool after_space = true;  // also drops leading spaces
    for (char c : message) {
        bool space = is_git_space(c);
        if (space && after_space) continue;
        after_space = space;
        out += space ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

void append_reflog(Repository& repo, std::string_view refname, const ObjectId& old_oid, const ObjectId& new_oid,
                   std::string_view message, bool force_create) {
    LogRefUpdates setting = log_ref_updates_setting(repo.config(), repo.is_bare());
    std::string path = log_path_of(repo, refname);
    int fd = open_reflog(path, force_create || autocreates_reflog(setting, refname));
    if (fd < 0) return;
    std::string entry = old_oid.hex() + " " + new_oid.hex() + " " + committer_ident(repo.config());
    std::string cleaned = normalize_reflog_message(message);
    if (!cleaned.empty()) entry += "\t" + cleaned;
    entry += '\n';
    ssize_t written = ::write(fd, entry.data(), entry.size());
    int err = errno;
    ::close(fd);
    if (written != static_cast<ssize_t>(entry.size()))
        throw IoError("unable to append to '" + path + "': " + std::strerror(written < 0 ? err : ENOSPC));
}

void delete_reflog(Repository& repo, std::string_view refname) {
    std::string path = log_path_of(repo, refname);
    if (::unlink(path.c_str()) == 0) remove_empty_parents(path, refname);
}

}  // namespace grit
