#include "maintenance/prune.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "maintenance/prune_packed.h"
#include "maintenance/reachable_objects.h"
#include "odb/object_database.h"
#include "repo/config.h"
#include "repo/repository.h"
#include "util/error.h"

namespace grit {
namespace {

void unlink_or_warn(const std::string& path, const PruneOutput& output) {
    if (unlink(path.c_str()) != 0 && errno != ENOENT)
        output.err("warning: unable to unlink '" + path + "': " + std::strerror(errno));
}

void remove_tree(const std::string& path) {
    if (DIR* d = opendir(path.c_str())) {
        while (dirent* e = readdir(d)) {
            std::string name = e->d_name;
            if (name == "." || name == "..") continue;
            std::string child = path + "/" + name;
            struct stat st {};
            if (lstat(child.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(child);
            else
                unlink(child.c_str());
        }
        closedir(d);
    }
    rmdir(path.c_str());
}

// git's prune_tmp_file.
void prune_temporary(const std::string& path, std::int64_t expire, bool dry_run, bool verbose,
                     const PruneOutput& output) {
    struct stat st {};
    if (lstat(path.c_str(), &st) != 0) {
        output.err("error: Could not stat '" + path + "'");
        return;
    }
    if (static_cast<std::int64_t>(st.st_mtime) > expire) return;
    bool dir = S_ISDIR(st.st_mode);
    if (dry_run || verbose)
        output.out(std::string(dir ? "Removing stale temporary directory " : "Removing stale temporary file ") + path);
    if (dry_run) return;
    if (dir)
        remove_tree(path);
    else
        unlink_or_warn(path, output);
}

std::string type_name_of(ObjectDatabase& odb, const ObjectId& id) {
    try {
        if (auto header = odb.read_header(id, false, false)) return std::string(type_name(header->type));
    } catch (const Error&) {
    }
    return "unknown";
}

}  // namespace

void remove_stale_temporary_files(const std::string& dir, std::int64_t expire, bool dry_run, bool verbose,
                                  const PruneOutput& output) {
    DIR* d = opendir(dir.c_str());
    if (!d) {
        output.err("Unable to open directory " + dir + ": " + std::strerror(errno));
        return;
    }
    while (dirent* e = readdir(d)) {
        if (std::strncmp(e->d_name, "tmp_", 4) == 0)
            prune_temporary(dir + "/" + e->d_name, expire, dry_run, verbose, output);
    }
    closedir(d);
}

void prune_repository(Repository& repo, const PruneOptions& options, const PruneOutput& output) {
    const Config& config = repo.config();
    if (config.get_int("core.repositoryformatversion").value_or(0) >= 1 &&
        config.get_bool("extensions.preciousobjects").value_or(false))
        throw Error("cannot prune in a precious-objects repo");

    ObjectDatabase& odb = repo.odb();
    const std::string objects = odb.objects_dir();
    const std::size_t hex_size = 2 * hash_size(odb.algo());
    // Built on the first object old enough to be pruned.
    std::optional<ReachableObjects> reachable;
    auto is_reachable = [&](const ObjectId& id) {
        if (!reachable) {
            reachable.emplace(repo, output.progress);
            reachable->mark_from_roots(options.extra_heads);
            if (options.expire != 0 && options.expire != kTimeMax) reachable->mark_recent(options.expire);
            reachable->finish();
        }
        return reachable->contains(id);
    };

    char fanout[3];
    for (int i = 0; i < 256; ++i) {
        std::snprintf(fanout, sizeof fanout, "%02x", i);
        const std::string dir = objects + "/" + fanout;
        DIR* d = opendir(dir.c_str());
        if (!d) continue;
        while (dirent* e = readdir(d)) {
            std::string name = e->d_name;
            if (name == "." || name == "..") continue;
            const std::string path = dir + "/" + name;
            std::optional<ObjectId> id;
            if (name.size() == hex_size - 2) id = ObjectId::from_hex(fanout + name, odb.algo());
            if (!id) {
                if (name.starts_with("tmp_obj_"))
                    prune_temporary(path, options.expire, options.dry_run, options.verbose, output);
                else
                    output.err("bad sha1 file: " + path);
                continue;
            }
            struct stat st {};
            if (lstat(path.c_str(), &st) != 0) {
                output.err("error: Could not stat '" + path + "'");
                continue;
            }
            if (static_cast<std::int64_t>(st.st_mtime) > options.expire || is_reachable(*id)) continue;
            if (options.dry_run || options.verbose) output.out(id->hex() + " " + type_name_of(odb, *id));
            if (!options.dry_run) unlink_or_warn(path, output);
        }
        closedir(d);
        if (!options.dry_run) rmdir(dir.c_str());  // only succeeds once empty, as git intends
    }

    prune_packed_objects(odb, options.dry_run, output.out, output.err, {});
    remove_stale_temporary_files(objects, options.expire, options.dry_run, options.verbose, output);
    remove_stale_temporary_files(objects + "/pack", options.expire, options.dry_run, options.verbose, output);
}

}  // namespace grit
