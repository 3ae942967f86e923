#include "object/tree_walk.h"

#include "object/tree.h"
#include "odb/object_database.h"

namespace grit {

namespace {

class LsTreeWalker {
public:
    LsTreeWalker(ObjectDatabase& odb, const std::vector<std::string>& pathspec, const LsTreeWalkOptions& options,
                 const std::function<void(const ListedEntry&)>& emit)
        : odb_(odb), pathspec_(pathspec), options_(options), emit_(emit) {}

    // base_ holds the directory being listed ("" or "dir/"); everything_matches
    // is set once a pathspec names an ancestor directory.
    void walk(std::string_view data, bool everything_matches) {
        if (!everything_matches && !pathspec_.empty() && base_matches_whole_spec()) everything_matches = true;
        // Like git, each entry is handled only once the one after it has
        // been decoded, so a malformed entry stops the listing before the
        // entry in front of it is shown.
        TreeReader reader(data, odb_.algo());
        TreeEntry entry, following;
        bool have_entry = reader.next(entry);
        for (; have_entry; entry = following) {
            have_entry = reader.next(following);
            if (!everything_matches && !pathspec_.empty() && !entry_matches(entry)) continue;
            ListedEntry listed;
            listed.mode = canonical_tree_mode(entry.mode);
            listed.type = type_from_mode(listed.mode);
            listed.oid = entry.oid;
            bool descend = false;
            bool show = true;
            if (listed.type == ObjectType::blob) {
                show = !options_.trees_only;
            } else if (listed.type == ObjectType::tree && descends_into(entry.name)) {
                descend = true;
                show = options_.show_trees;
            }
            std::size_t base_len = base_.size();
            base_.append(entry.name);
            if (show) {
                listed.path = base_;
                emit_(listed);
            }
            if (descend) {
                base_ += '/';
                auto subtree = read_subtree(entry.oid);
                walk(subtree, everything_matches);
            }
            base_.resize(base_len);
        }
    }

private:
    std::string read_subtree(const ObjectId& oid) {
        auto object = odb_.read(oid);
        if (!object) throw UnreadableTree("Could not read " + oid.hex());
        if (object->type != ObjectType::tree) throw UnreadableTree("Object " + oid.hex() + " not a tree");
        return std::move(object->data);
    }

    // A pathspec naming this directory or one of its ancestors matches all
    // of its entries.
    bool base_matches_whole_spec() const {
        for (const auto& spec : pathspec_) {
            if (base_.size() < spec.size()) continue;
            if (std::string_view(base_).substr(0, spec.size()) != spec) continue;
            if (spec.empty() || spec.back() == '/' || base_[spec.size()] == '/') return true;
        }
        return false;
    }

    // The entry is named by a pathspec, or is a directory leading to one.
    bool entry_matches(const TreeEntry& entry) const {
        std::string_view base = base_;
        for (const auto& spec : pathspec_) {
            if (spec.size() <= base.size()) continue;  // handled by base_matches_whole_spec
            if (std::string_view(spec).substr(0, base.size()) != base) continue;
            std::string_view rest = std::string_view(spec).substr(base.size());
            std::string_view name = entry.name;
            if (name.size() > rest.size()) continue;
            if (rest.size() > name.size()) {
                if (rest[name.size()] != '/') continue;
                std::uint32_t mode = canonical_tree_mode(entry.mode);
                bool leads_inside = mode == 0040000 || (mode == 0160000 && rest.size() == name.size() + 1);
                if (!leads_inside) continue;
            }
            if (rest.substr(0, name.size()) == name) return true;
        }
        return false;
    }

    // ls-tree descends with -r, or when a pathspec names something below.
    bool descends_into(std::string_view name) const {
        if (options_.recursive) return true;
        std::string_view base = base_;
        for (const auto& spec : pathspec_) {
            if (spec.size() <= base.size() + name.size()) continue;
            if (std::string_view(spec).substr(0, base.size()) != base) continue;
            std::string_view rest = std::string_view(spec).substr(base.size());
            if (rest[name.size()] == '/' && rest.substr(0, name.size()) == name) return true;
        }
        return false;
    }

    ObjectDatabase& odb_;
    const std::vector<std::string>& pathspec_;
    const LsTreeWalkOptions& options_;
    const std::function<void(const ListedEntry&)>& emit_;
    std::string base_;
};

}  // namespace

void walk_ls_tree(ObjectDatabase& odb, std::string_view root, const std::vector<std::string>& pathspec,
                  const LsTreeWalkOptions& options, const std::function<void(const ListedEntry&)>& emit) {
    LsTreeWalker walker(odb, pathspec, options, emit);
    walker.walk(root, false);
}

}  // namespace grit
