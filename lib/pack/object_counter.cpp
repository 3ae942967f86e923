#include "pack/object_counter.h"

#include <sys/stat.h>

#include <algorithm>

#include "object/tree.h"
#include "odb/object_database.h"
#include "odb/pack_file.h"
#include "pack/name_hash.h"
#include "util/error.h"

namespace grit {

// A tree the receiver has, kept whole to look paths up in.
struct ObjectCounter::PbaseTree {
    ObjectId id;
    std::string data;
};

namespace {

bool file_exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

std::string_view pack_file_name(const PackFile* pack) {
    std::string_view path = pack->pack_path();
    auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The first path component's length (git's name_cmp_len).
std::size_t component_length(std::string_view name) {
    std::size_t i = 0;
    while (i < name.size() && name[i] != '/' && name[i] != '\n' && name[i] != '\0') ++i;
    return i;
}

}  // namespace

ObjectCounter::ObjectCounter(ObjectDatabase& odb, PackingList& list, CountingOptions options,
                             std::function<void()> seen)
    : odb_(odb), list_(list), options_(std::move(options)), seen_(std::move(seen)) {
    packs_ = odb_.packs();
    for (const PackSource& source : packs_) {
        if (!source.local) {
            have_non_local_packs_ = true;
            non_local_.insert(source.pack);
        }
        bool kept = options_.honor_pack_keep && file_exists(source.pack->base_path() + ".keep");
        for (const std::string& name : options_.keep_packs)
            if (pack_file_name(source.pack) == name) kept = true;
        if (kept) keep_in_core(source.pack);
    }
}

ObjectCounter::~ObjectCounter() = default;

void ObjectCounter::keep_in_core(PackFile* pack) {
    if (kept_set_.insert(pack).second) kept_packs_.push_back(pack);
    any_kept_ = true;
}

bool ObjectCounter::is_kept(PackFile* pack) const { return kept_set_.count(pack) != 0; }

bool ObjectCounter::in_kept_pack(const ObjectId& id) {
    for (PackFile* pack : kept_packs_)
        if (pack->find_offset(id)) return true;
    return false;
}

int ObjectCounter::want_found(const ObjectId& id, bool exclude, PackFile* pack) {
    if (exclude) return 1;
    if (options_.incremental) return 0;
    if (options_.local && non_local_.count(pack)) return 0;
    if (any_kept_) {
        if (is_kept(pack) || in_kept_pack(id)) return 0;
    }
    if (!options_.local || !have_non_local_packs_) return 1;
    return -1;
}

bool ObjectCounter::want(const ObjectId& id, bool exclude, PackFile*& pack, std::uint64_t& offset) {
    if (!exclude && options_.local && odb_.has_loose(id, false)) return false;
    if (pack) {
        int w = want_found(id, exclude, pack);
        if (w != -1) return w;
        pack = nullptr;
        offset = 0;
    }
    if (auto found = odb_.find_packed(id)) {
        pack = found->pack;
        offset = found->offset;
        int w = want_found(id, exclude, pack);
        if (w != -1) return w;
        // Undecided (--local with alternates): any non-local copy excludes it.
        for (const PackSource& source : packs_) {
            if (source.pack == found->pack || !source.pack->find_offset(id)) continue;
            w = want_found(id, exclude, source.pack);
            if (w != -1) return w;
        }
    }
    return true;
}

void ObjectCounter::fill(PackingEntry& e, ObjectType type, std::uint32_t hash, bool exclude, PackFile* pack,
                         std::uint64_t offset) {
    e.type = type;
    e.name_hash = hash;
    e.in_pack = pack;
    e.in_pack_offset = offset;
    if (exclude)
        e.preferred_base = true;
    else
        ++result_count_;
}

bool ObjectCounter::add(const ObjectId& id, ObjectType type, std::string_view name, bool exclude) {
    if (seen_) seen_();
    auto [pos, added] = list_.find_or_add(id);
    if (!added) {
        PackingEntry& e = list_[pos];
        if (exclude && !e.preferred_base) {
            --result_count_;
            e.preferred_base = true;
        }
        return false;
    }
    PackFile* pack = nullptr;
    std::uint64_t offset = 0;
    if (!want(id, exclude, pack, offset)) {
        list_.remove_last();
        return false;
    }
    fill(list_[pos], type, pack_name_hash(name), exclude, pack, offset);
    return true;
}

bool ObjectCounter::add_from_pack(const ObjectId& id, ObjectType type, PackFile* pack, std::uint64_t offset) {
    if (seen_) seen_();
    auto [pos, added] = list_.find_or_add(id);
    if (!added) return false;
    if (!want(id, false, pack, offset)) {
        list_.remove_last();
        return false;
    }
    fill(list_[pos], type, 0, false, pack, offset);
    return true;
}

void ObjectCounter::hint_names() {
    std::vector<std::uint8_t> named(list_.size(), 0);
    struct Pending {
        ObjectId tree;
        std::string path;
    };
    std::vector<Pending> stack;
    const std::size_t count = list_.size();
    for (std::size_t c = 0; c < count; ++c) {
        if (list_[static_cast<std::uint32_t>(c)].type != ObjectType::commit) continue;
        std::optional<Object> commit;
        try {
            commit = odb_.read(list_[static_cast<std::uint32_t>(c)].id);
        } catch (const Error&) {
        }
        if (!commit || !std::string_view(commit->data).starts_with("tree ")) continue;
        auto root = ObjectId::from_hex(std::string_view(commit->data).substr(5, hex_size(odb_.algo())), odb_.algo());
        if (!root) continue;
        stack.push_back(Pending{*root, {}});
        while (!stack.empty()) {
            Pending p = std::move(stack.back());
            stack.pop_back();
            std::uint32_t pos = list_.find(p.tree);
            if (pos == kNoEntry || named[pos]) continue;
            named[pos] = 1;
            list_[pos].name_hash = pack_name_hash(p.path);
            std::optional<Object> tree;
            try {
                tree = odb_.read(p.tree);
            } catch (const Error&) {
            }
            if (!tree || tree->type != ObjectType::tree) continue;
            TreeReader reader(tree->data, odb_.algo());
            TreeEntry entry;
            try {
                while (reader.next(entry)) {
                    std::string path = p.path.empty() ? std::string(entry.name) : p.path + "/" + std::string(entry.name);
                    if (is_tree_mode(entry.mode)) {
                        stack.push_back(Pending{entry.oid, std::move(path)});
                    } else if (std::uint32_t b = list_.find(entry.oid); b != kNoEntry && !named[b]) {
                        named[b] = 1;
                        list_[b].name_hash = pack_name_hash(path);
                    }
                }
            } catch (const Error&) {
            }
        }
    }
}

void ObjectCounter::add_preferred_base(const ObjectId& id) {
    if (options_.window <= num_preferred_base_++) return;
    // The tree of a commit (or a tree itself).
    auto object = odb_.read(id);
    if (!object) return;
    ObjectId tree = id;
    if (object->type == ObjectType::commit) {
        std::string_view data = object->data;
        if (!data.starts_with("tree ")) return;
        auto parsed = ObjectId::from_hex(data.substr(5, hex_size(id.algo)), id.algo);
        if (!parsed) return;
        tree = *parsed;
        object = odb_.read(tree);
        if (!object) return;
    }
    if (object->type != ObjectType::tree) return;
    for (const auto& t : pbase_trees_)
        if (t->id == tree) return;
    auto t = std::make_unique<PbaseTree>();
    t->id = tree;
    t->data = std::move(object->data);
    // git keeps the newest first.
    pbase_trees_.insert(pbase_trees_.begin(), std::move(t));
}

void ObjectCounter::add_preferred_base_object(std::string_view name) {
    if (!num_preferred_base_) return;
    if (!done_pbase_paths_.insert(pack_name_hash(name)).second) return;
    std::size_t len = component_length(name);
    for (std::size_t i = 0; i < pbase_trees_.size(); ++i) {
        const PbaseTree& t = *pbase_trees_[i];
        if (len == 0)
            add(t.id, ObjectType::tree, {}, true);
        else
            add_pbase_path(t.data, name, name);
    }
}

void ObjectCounter::add_pbase_path(const std::string& tree_data, std::string_view name, std::string_view fullname) {
    std::size_t len = component_length(name);
    TreeReader reader(tree_data, odb_.algo());
    TreeEntry entry;
    while (reader.next(entry)) {
        if ((entry.mode & 0170000) == 0160000) continue;  // gitlinks
        if (entry.name.size() != len || entry.name != name.substr(0, len)) continue;
        if (len == name.size() || name[len] != '/') {
            add(entry.oid, type_from_mode(entry.mode), fullname, true);
            return;
        }
        if (is_tree_mode(entry.mode)) {
            auto sub = odb_.read(entry.oid);
            if (!sub || sub->type != ObjectType::tree) return;
            add_pbase_path(sub->data, name.substr(len + 1), fullname);
        }
        return;
    }
}

}  // namespace grit
