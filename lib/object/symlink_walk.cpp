#include "object/symlink_walk.h"

#include <cstring>
#include <utility>
#include <vector>

#include "object/pretty_print.h"
#include "object/read_peeled.h"
#include "object/tree.h"
#include "odb/object_database.h"

namespace grit {

namespace {

constexpr int kMaxLinks = 40;

struct Dir {
    ObjectId oid;
    std::string data;
};

struct Found {
    ObjectId oid;
    std::uint32_t mode;
};

// git's find_tree_entry for one path component: entries are sorted, so the
// scan stops at the first entry that sorts after the name.
std::optional<Found> find_entry(const Dir& dir, std::string_view name, HashAlgo algo) {
    TreeReader reader(dir.data, algo);
    TreeEntry e;
    while (reader.next(e)) {
        if (e.name.size() > name.size()) continue;
        int cmp = std::memcmp(name.data(), e.name.data(), e.name.size());
        if (cmp > 0) continue;
        if (cmp < 0) break;
        if (e.name.size() == name.size()) return Found{e.oid, canonical_tree_mode(e.mode)};
    }
    return std::nullopt;
}

}  // namespace

SymlinkWalkResult walk_following_symlinks(ObjectDatabase& odb, const ObjectId& tree_ish, std::string_view path) {
    SymlinkWalkResult result;
    const HashAlgo algo = tree_ish.algo;
    auto fail = [&](SymlinkWalkStatus s) {
        result.status = s;
        return result;
    };
    SymlinkWalkStatus on_failure = SymlinkWalkStatus::missing;
    int links_left = kMaxLinks;
    std::vector<Dir> parents;
    std::string name(path);
    ObjectId next_tree = tree_ish;
    bool need_read = true;

    while (true) {
        if (need_read) {
            auto tree = read_peeled(odb, next_tree, ObjectType::tree);
            if (!tree) return fail(on_failure);
            parents.push_back(Dir{tree->oid, std::move(tree->object.data)});
            if (name.empty()) {
                result.status = SymlinkWalkStatus::found;
                result.oid = parents.back().oid;
                return result;
            }
            if (parents.back().data.empty()) return fail(on_failure);
            need_read = false;
        }
        std::size_t lead = name.find_first_not_of('/');
        name.erase(0, lead == std::string::npos ? name.size() : lead);

        std::size_t slash = name.find('/');
        bool has_rest = slash != std::string::npos;
        std::string_view component = std::string_view(name).substr(0, slash);

        if (component == "..") {
            if (parents.size() == 1) {
                result.status = SymlinkWalkStatus::out_of_tree;
                result.mode = 0;
                result.outside = name;
                return result;
            }
            parents.pop_back();
            name.erase(0, has_rest ? 3 : 2);
            continue;
        }
        if (name.empty()) {
            // Reached through a link to "dir/..".
            result.status = SymlinkWalkStatus::found;
            result.oid = parents.back().oid;
            return result;
        }

        auto entry = find_entry(parents.back(), component, algo);
        if (!entry) return fail(on_failure);
        result.mode = entry->mode;
        switch (entry->mode & 0170000) {
        case 0040000:
            if (!has_rest) {
                result.status = SymlinkWalkStatus::found;
                result.oid = entry->oid;
                return result;
            }
            next_tree = entry->oid;
            need_read = true;
            name.erase(0, slash + 1);
            break;
        case 0100000:
            if (has_rest) return fail(SymlinkWalkStatus::not_dir);
            result.status = SymlinkWalkStatus::found;
            result.oid = entry->oid;
            return result;
        case 0120000: {
            if (links_left-- == 0) return fail(SymlinkWalkStatus::loop);
            on_failure = SymlinkWalkStatus::dangling;
            auto link = odb.read(entry->oid);
            if (!link) return fail(on_failure);
            // The target is read as a C string, as git does.
            std::string target = link->data.substr(0, link->data.find('\0'));
            if (!target.empty() && target.front() == '/') {
                result.status = SymlinkWalkStatus::out_of_tree;
                result.mode = 0;
                result.outside = std::move(target);
                return result;
            }
            name = has_rest ? link->data + name.substr(slash) : link->data;
            break;
        }
        default:
            // A submodule: git finds nothing below it.
            return fail(on_failure);
        }
    }
}

}  // namespace grit
