#include "refs/ref_store.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <vector>

#include "refs/loose_ref.h"
#include "refs/packed_refs.h"
#include "repo/config.h"
#include "util/error.h"

namespace grit {
namespace {

constexpr int kMaxSymrefDepth = 5;

// Refs every worktree keeps for itself; all other refs/ live in the common dir.
bool is_per_worktree(std::string_view name) {
    return !name.starts_with("refs/") || name.starts_with("refs/worktree/") || name.starts_with("refs/bisect/") ||
           name.starts_with("refs/rewritten/");
}

// Whether `name` is P or lies under P/ for one of the excluded paths P.
bool is_excluded(std::string_view name, const std::vector<std::string>& excluded) {
    for (std::string_view p : excluded) {
        if (p.ends_with('/')) p.remove_suffix(1);
        if (name.starts_with(p) && (name.size() == p.size() || name[p.size()] == '/')) return true;
    }
    return false;
}

}  // namespace

struct RefStore::Impl {
    std::string git_dir;
    std::string common_dir;
    std::string packed_display;
    HashAlgo algo;
    mutable std::unique_ptr<PackedRefs> packed;
    mutable struct stat packed_stat {};  // of the file when it was mapped (zeroed if absent)

    const PackedRefs& packed_refs() const {
        if (!packed) {
            std::string path = common_dir + "/packed-refs";
            if (stat(path.c_str(), &packed_stat) != 0) packed_stat = {};
            packed = std::make_unique<PackedRefs>(path, packed_display, algo);
        }
        return *packed;
    }

    std::string path_of(std::string_view name) const {
        return (is_per_worktree(name) ? git_dir : common_dir) + "/" + std::string(name);
    }

    // One level; nullopt when absent or broken (then *broken is set).
    std::optional<RefValue> read(std::string_view name, bool* broken) const {
        if (!is_valid_refname(name, true)) return std::nullopt;
        RefValue value;
        switch (read_loose_ref(path_of(name), algo, value)) {
        case LooseState::found:
            return value;
        case LooseState::broken:
            if (broken) *broken = true;
            return std::nullopt;
        case LooseState::missing:
            break;
        }
        if (!name.starts_with("refs/")) return std::nullopt;
        if (auto rec = packed_refs().find(name)) {
            value.oid = rec->oid;
            return value;
        }
        return std::nullopt;
    }

    // The loose refs under `rel` whose names start with `prefix`; directories
    // that cannot hold such names, or are excluded, are not read.
    void collect_loose(const std::string& base, const std::string& rel, std::vector<std::string>& names,
                       std::string_view prefix, const std::vector<std::string>& excluded) const {
        if (is_excluded(rel, excluded)) return;
        if (!rel.starts_with(prefix) &&
            !(prefix.starts_with(rel) && prefix.size() > rel.size() && prefix[rel.size()] == '/'))
            return;
        DIR* dir = opendir((base + "/" + rel).c_str());
        if (!dir) return;
        while (struct dirent* ent = readdir(dir)) {
            std::string_view entry = ent->d_name;
            if (entry.starts_with('.') || entry.ends_with(".lock")) continue;  // as git skips them
            std::string name = rel + "/" + std::string(entry);
            bool is_dir = ent->d_type == DT_DIR;
            if (ent->d_type == DT_UNKNOWN || ent->d_type == DT_LNK) {
                struct stat st;
                is_dir = stat((base + "/" + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
            }
            if (is_dir)
                collect_loose(base, name, names, prefix, excluded);
            else if (name.starts_with(prefix) && !is_excluded(name, excluded))
                names.push_back(std::move(name));
        }
        closedir(dir);
    }
};

RefStore::RefStore(std::string git_dir, std::string common_dir, HashAlgo algo, std::string common_dir_as_spelled)
    : impl_(std::make_unique<Impl>()) {
    impl_->packed_display = (common_dir_as_spelled.empty() ? common_dir : common_dir_as_spelled) + "/packed-refs";
    impl_->git_dir = std::move(git_dir);
    impl_->common_dir = std::move(common_dir);
    impl_->algo = algo;
}

RefStore::~RefStore() = default;

std::optional<RefValue> RefStore::read_raw(std::string_view name) const {
    bool broken = false;
    auto value = impl_->read(name, &broken);
    if (broken) throw CorruptData("ignoring broken ref " + std::string(name));
    return value;
}

std::optional<ObjectId> RefStore::resolve(std::string_view name, std::string* resolved_name) const {
    std::string current(name);
    for (int depth = 0; depth <= kMaxSymrefDepth; ++depth) {
        if (resolved_name) *resolved_name = current;
        bool broken = false;
        auto value = impl_->read(current, &broken);
        // Below a symbolic ref, a broken target makes the symbolic ref dangle.
        if (broken && depth == 0) throw CorruptData("ignoring broken ref " + current);
        if (!value) return std::nullopt;
        if (!value->is_symbolic()) return value->oid;
        if (depth == kMaxSymrefDepth || !is_valid_refname(value->symref_target, true)) break;
        current = value->symref_target;
    }
    return std::nullopt;
}

void RefStore::refresh_packed_refs() const {
    if (!impl_->packed) return;
    struct stat now {};
    if (stat((impl_->common_dir + "/packed-refs").c_str(), &now) != 0) now = {};
    const struct stat& then = impl_->packed_stat;
    if (now.st_ino != then.st_ino || now.st_dev != then.st_dev || now.st_size != then.st_size ||
        now.st_mtim.tv_sec != then.st_mtim.tv_sec || now.st_mtim.tv_nsec != then.st_mtim.tv_nsec)
        impl_->packed.reset();
}

std::string RefStore::loose_path(std::string_view name) const { return impl_->path_of(name); }

std::optional<std::string> RefStore::resolve_name(std::string_view name, bool follow, bool* is_symbolic) const {
    *is_symbolic = false;
    std::string current(name);
    for (int depth = 0; depth <= kMaxSymrefDepth; ++depth) {
        if (!is_valid_refname(current, true)) return std::nullopt;
        bool broken = false;
        auto value = impl_->read(current, &broken);
        if (broken) return std::nullopt;
        if (!value || !value->is_symbolic()) return current;
        if (depth == 0) *is_symbolic = true;
        if (!follow) return value->symref_target;
        current = value->symref_target;
    }
    return std::nullopt;
}

bool RefStore::exists(std::string_view name) const {
    bool broken = false;
    return impl_->read(name, &broken).has_value();
}

void RefStore::for_each_ref(std::string_view prefix, const std::function<void(const Ref&)>& fn) const {
    for_each_ref(prefix, {}, fn);
}

void RefStore::for_each_ref(std::string_view prefix, const std::vector<std::string>& excluded,
                            const std::function<void(const Ref&)>& fn) const {
    std::vector<std::string> loose;
    impl_->collect_loose(impl_->common_dir, "refs", loose, prefix, excluded);
    for (const char* own : {"refs/worktree", "refs/bisect", "refs/rewritten"}) {
        std::erase_if(loose, [&](const std::string& n) { return n.starts_with(std::string(own) + "/"); });
        impl_->collect_loose(impl_->git_dir, own, loose, prefix, excluded);
    }
    std::erase_if(loose, [&](const std::string& n) { return !n.starts_with(prefix); });
    std::sort(loose.begin(), loose.end());
    loose.erase(std::unique(loose.begin(), loose.end()), loose.end());

    // git 2.39 lists broken refs unless GIT_REF_PARANOIA says otherwise.
    const char* paranoia_env = std::getenv("GIT_REF_PARANOIA");
    bool include_broken = !paranoia_env || Config::parse_bool(paranoia_env).value_or(true);
    auto emit = [&](Ref& ref) {
        if (ref.broken) {
            if (!include_broken) return;
            ref.oid = ObjectId::null(impl_->algo);
            ref.peeled.reset();
        }
        fn(ref);
    };
    auto emit_loose = [&](const std::string& name) {
        Ref ref;
        ref.name = name;
        RefValue value;
        if (!is_valid_refname(name, true)) {
            ref.broken = true;
        } else if (read_loose_ref(impl_->path_of(name), impl_->algo, value) != LooseState::found) {
            ref.broken = true;
        } else if (value.is_symbolic()) {
            ref.symref_target = value.symref_target;
            std::optional<ObjectId> oid;
            try {
                oid = resolve(name);
            } catch (const CorruptData&) {
            }
            if (!oid) return;  // dangling symbolic refs are left out
            ref.oid = *oid;
        } else {
            ref.oid = *value.oid;
        }
        emit(ref);
    };

    std::size_t next_loose = 0;
    impl_->packed_refs().for_each(prefix, excluded, [&](const PackedRef& packed) {
        while (next_loose < loose.size() && loose[next_loose] < packed.name) emit_loose(loose[next_loose++]);
        if (next_loose < loose.size() && loose[next_loose] == packed.name) {
            emit_loose(loose[next_loose++]);  // a loose ref overrides its packed copy
            return;
        }
        Ref ref;
        ref.name = std::string(packed.name);
        ref.oid = packed.oid;
        ref.peeled = packed.peeled;
        ref.broken = !is_valid_refname(ref.name, true);
        emit(ref);
    });
    while (next_loose < loose.size()) emit_loose(loose[next_loose++]);
}

}  // namespace grit
