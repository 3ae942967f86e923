#include "maintenance/reachable_objects.h"

#include <dirent.h>
#include <sys/stat.h>

#include <functional>
#include <unordered_map>

#include "fsck/cache_tree.h"
#include "index/index_file.h"
#include "object/commit.h"
#include "object/tag.h"
#include "object/tree.h"
#include "odb/object_database.h"
#include "odb/pack_file.h"
#include "refs/ref_store.h"
#include "refs/reflog.h"
#include "repo/repository.h"
#include "util/error.h"

namespace grit {
namespace {

// Reflog files under `dir`, as "<dir>/<name>" paths.
void list_files(const std::string& dir, std::vector<std::string>& out) {
    DIR* d = opendir(dir.c_str());
    if (!d) return;
    while (dirent* e = readdir(d)) {
        std::string name = e->d_name;
        if (name == "." || name == "..") continue;
        std::string path = dir + "/" + name;
        struct stat st {};
        if (stat(path.c_str(), &st) != 0) continue;
        if (S_ISDIR(st.st_mode))
            list_files(path, out);
        else
            out.push_back(path);
    }
    closedir(d);
}

// The git directories of the linked worktrees (<common>/worktrees/<id>).
std::vector<std::string> linked_worktree_dirs(const std::string& common_dir) {
    std::vector<std::string> dirs;
    DIR* d = opendir((common_dir + "/worktrees").c_str());
    if (!d) return dirs;
    while (dirent* e = readdir(d)) {
        std::string name = e->d_name;
        if (name != "." && name != "..") dirs.push_back(common_dir + "/worktrees/" + name);
    }
    closedir(d);
    return dirs;
}

std::int64_t mtime_of(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_mtime) : 0;
}

}  // namespace

ReachableObjects::ReachableObjects(Repository& repo, ProgressSink progress)
    : repo_(repo), progress_(std::move(progress), "Checking connectivity", 0, /*delayed=*/true) {}

void ReachableObjects::push(const ObjectId& id, bool must_exist) {
    if (!id.is_null() && !reached_.count(id)) stack_.push_back({id, must_exist});
}

void ReachableObjects::add_index(const std::string& index_path) {
    const HashAlgo algo = repo_.hash_algo();
    std::optional<IndexFile> index;
    try {
        index = IndexFile::read(index_path, algo);
    } catch (const CorruptData&) {
        return;
    }
    if (!index) return;
    for (const IndexEntry& e : index->entries())
        if ((e.mode & 0170000) != 0160000) push(e.oid, false);
    for (const CacheTreeNode& node : read_cache_tree(index_path, algo))
        if (node.valid) push(node.oid, false);
}

void ReachableObjects::mark_from_roots(const std::vector<ObjectId>& extra_heads) {
    RefStore& refs = repo_.refs();
    ObjectDatabase& odb = repo_.odb();
    for (const ObjectId& id : extra_heads) push(id, true);
    std::string missing_ref;
    refs.for_each_ref("refs/", [&](const Ref& ref) {
        if (missing_ref.empty() && !odb.contains(ref.oid)) missing_ref = ref.name;
        push(ref.oid, true);
    });
    if (!missing_ref.empty()) throw Error("unable to parse object: " + missing_ref);
    if (auto head = refs.resolve("HEAD")) push(*head, true);

    const std::string common = repo_.common_dir();
    std::string index_path = repo_.git_path("index");
    if (!index_path.starts_with("/")) index_path = repo_.working_directory() + "/" + index_path;
    add_index(index_path);
    std::vector<std::string> logs;
    list_files(common + "/logs", logs);
    for (const std::string& worktree : linked_worktree_dirs(common)) {
        RefStore worktree_refs(worktree, common, repo_.hash_algo());
        if (auto head = worktree_refs.resolve("HEAD")) push(*head, true);
        add_index(worktree + "/index");
        list_files(worktree + "/logs", logs);
    }
    for (const std::string& log : logs) {
        auto entries = read_reflog(log, repo_.hash_algo());
        if (!entries) continue;
        for (const ReflogEntry& e : *entries) {
            push(e.old_oid, false);
            push(e.new_oid, false);
        }
    }
    walk();
}

void ReachableObjects::mark_recent(std::int64_t cutoff) {
    ObjectDatabase& odb = repo_.odb();
    const std::string objects = odb.objects_dir();
    std::unordered_map<const PackFile*, bool> recent_pack;
    odb.for_each_object_located([&](const ObjectId& id, PackFile* pack, std::uint64_t) {
        if (reached_.count(id)) return;
        bool recent;
        if (pack) {
            auto [it, fresh] = recent_pack.try_emplace(pack, false);
            if (fresh) it->second = mtime_of(pack->pack_path()) > cutoff;
            recent = it->second;
        } else {
            std::string hex = id.hex();
            recent = mtime_of(objects + "/" + hex.substr(0, 2) + "/" + hex.substr(2)) > cutoff;
        }
        if (recent) push(id, false);
    });
    ignore_missing_ = true;  // as git: what recent objects miss is not an error
    walk();
}

void ReachableObjects::walk() {
    ObjectDatabase& odb = repo_.odb();
    const HashAlgo algo = repo_.hash_algo();
    while (!stack_.empty()) {
        Pending p = stack_.back();
        stack_.pop_back();
        if (!reached_.insert(p.id).second) continue;
        progress_.tick();
        auto header = odb.read_header(p.id, false, false);
        if (!header) {
            if (p.must_exist && !ignore_missing_) throw CorruptData("bad object " + p.id.hex());
            reached_.erase(p.id);
            continue;
        }
        if (header->type == ObjectType::blob) continue;
        auto object = odb.read(p.id);
        if (!object) throw CorruptData("unable to read " + p.id.hex());
        switch (object->type) {
        case ObjectType::commit: {
            ParsedCommit c = parse_commit(object->data, algo);
            push(c.tree, true);
            for (const ObjectId& parent : c.parents) push(parent, true);
            break;
        }
        case ObjectType::tree: {
            TreeReader reader(object->data, algo);
            TreeEntry e;
            while (reader.next(e)) {
                if ((e.mode & 0170000) == 0160000) continue;  // a gitlink names another repository's commit
                if (is_tree_mode(e.mode))
                    push(e.oid, true);
                else if (reached_.insert(e.oid).second)  // blobs are marked unread, as git marks them
                    progress_.tick();
            }
            break;
        }
        case ObjectType::tag:
            push(parse_tag(object->data, algo).object, true);
            break;
        default:
            break;
        }
    }
}

}  // namespace grit
