// Finding and reading the mailmap sources of a repository.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "object/mailmap.h"
#include "odb/object_database.h"
#include "repo/repository.h"
#include "revision/resolve.h"
#include "util/error.h"

namespace grit {

namespace {

// Reads a mailmap file; a missing file is no error. With nofollow, a symbolic
// link is refused as git's open_nofollow() does.
void read_mailmap_file(Mailmap& map, const std::string& path, const std::string& shown_name, bool nofollow,
                       std::vector<std::string>& errors) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
    if (fd < 0) {
        if (errno != ENOENT) errors.push_back("unable to open mailmap at " + shown_name + ": " + std::strerror(errno));
        return;
    }
    std::string text;
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    map.add_text(text);
}

void read_mailmap_blob(Mailmap& map, Repository& repo, const std::string& name, std::vector<std::string>& errors) {
    ResolveOptions quiet;
    quiet.quiet = true;
    Resolution res = resolve_revision(repo, name, quiet);
    if (!res.found()) return;
    std::optional<Object> obj;
    try {
        obj = repo.odb().read(res.oid);
    } catch (const CorruptData&) {
        obj.reset();
    }
    if (!obj) {
        errors.push_back("unable to read mailmap object at " + name);
        return;
    }
    if (obj->type != ObjectType::blob) {
        errors.push_back("mailmap is not a blob: " + name);
        return;
    }
    map.add_text(obj->data);
}

}  // namespace

MailmapLoad load_mailmap(Repository& repo) {
    MailmapLoad out;
    const Config& config = repo.config();
    std::optional<std::string> blob = config.get("mailmap.blob");
    if (!blob && repo.is_bare()) blob = "HEAD:.mailmap";
    if (!repo.is_bare() && repo.work_tree()) read_mailmap_file(out.mailmap, *repo.work_tree() + "/.mailmap", ".mailmap", true, out.errors);
    if (blob) read_mailmap_blob(out.mailmap, repo, *blob, out.errors);
    if (auto file = config.get_path("mailmap.file")) {
        // git reads a relative path from the top of the work tree, where it runs.
        std::string path = *file;
        if (!path.empty() && path.front() != '/' && repo.work_tree()) path = *repo.work_tree() + "/" + path;
        read_mailmap_file(out.mailmap, path, *file, false, out.errors);
    }
    return out;
}

}  // namespace grit
