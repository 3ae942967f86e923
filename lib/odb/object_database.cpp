#include "odb/object_database.h"

#include <dirent.h>
#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <algorithm>
#include <set>
#include <unordered_set>
#include <utility>

#include "odb/alternates.h"
#include "odb/delta_base_cache.h"
#include "odb/loose_store.h"
#include "odb/multi_pack_index.h"
#include "odb/pack_file.h"
#include "util/error.h"

namespace grit {

namespace {

// The empty tree's id, which every repository has: known, so that opening
// the object database does not start the hash library (OpenSSL's start-up
// loads its configuration and providers, a cost for commands that never hash).
ObjectId empty_tree_id(HashAlgo algo) {
    return *ObjectId::from_hex(algo == HashAlgo::sha256
                                   ? "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321"
                                   : "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
                               algo);
}

struct PackSlot {
    std::unique_ptr<PackFile> pack;
    bool local = false;
    struct timespec mtime {};
};

// A multi-pack-index with the packs it covers, opened on first use.
struct MidxSlot {
    std::unique_ptr<MultiPackIndex> midx;
    std::string pack_dir;
    std::vector<std::unique_ptr<PackFile>> packs;  // by pack int id
    std::vector<bool> unusable;                    // the pack could not be opened

    PackFile* pack(std::uint32_t int_id, HashAlgo algo) {
        if (int_id >= packs.size() || unusable[int_id]) return nullptr;
        if (!packs[int_id]) {
            std::string_view name = midx->pack_names()[int_id];
            std::string path = pack_dir + "/" + std::string(name.substr(0, name.size() - 4)) + ".pack";
            try {
                packs[int_id] = std::make_unique<PackFile>(path, algo);
            } catch (const Error&) {
                // git skips a pack it cannot open and looks elsewhere.
                unusable[int_id] = true;
                return nullptr;
            }
        }
        return packs[int_id].get();
    }
};

struct PackHit {
    PackFile* pack;
    std::uint64_t offset;
};

bool newer(const struct timespec& a, const struct timespec& b) {
    return a.tv_sec != b.tv_sec ? a.tv_sec > b.tv_sec : a.tv_nsec > b.tv_nsec;
}

std::size_t common_nibbles(const ObjectId& a, const std::uint8_t* b, std::size_t bytes) {
    for (std::size_t i = 0; i < bytes; ++i) {
        std::uint8_t x = a.bytes[i] ^ b[i];
        if (x) return 2 * i + ((x & 0xf0) ? 0 : 1);
    }
    return 2 * bytes;
}

// The raw form of a hex prefix (odd lengths fill the high nibble last).
bool prefix_bytes(std::string_view hex, std::uint8_t* out) {
    for (std::size_t i = 0; i < hex.size(); ++i) {
        char c = hex[i];
        int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
        if (v < 0) return false;
        if (i % 2 == 0)
            out[i / 2] = static_cast<std::uint8_t>(v << 4);
        else
            out[i / 2] |= static_cast<std::uint8_t>(v);
    }
    return true;
}

}  // namespace

struct ObjectDatabase::Impl {
    std::string objects_dir;
    HashAlgo algo;
    OdbOptions options;
    std::vector<std::unique_ptr<LooseStore>> loose;  // [0] local, then alternates
    std::vector<MidxSlot> midxes;                     // at most one per source, searched first
    std::vector<bool> midx_tried;                     // per source
    std::optional<CorruptData> midx_error;            // a midx git would die on
    std::vector<PackSlot> packs;                      // not in a midx; local first, then newest first
    std::vector<PackFile*> mru;                       // most recently hit first
    std::set<std::string> known_packs;
    std::vector<struct timespec> pack_dir_mtimes;     // one per loose store
    DeltaBaseCache cache;
    std::optional<std::uint64_t> approximate_count;
    // git answers for the empty tree without looking, whether stored or not.
    ObjectId empty_tree;
    std::vector<std::string> diagnostics;

    Impl(std::string dir, HashAlgo a, OdbOptions opts)
        : objects_dir(std::move(dir)), algo(a), options(std::move(opts)), cache(options.delta_base_cache_limit),
          empty_tree(empty_tree_id(a)) {
        loose.push_back(std::make_unique<LooseStore>(objects_dir, algo));
        for (const std::string& alt : resolve_alternates(objects_dir, options.extra_alternates))
            loose.push_back(std::make_unique<LooseStore>(alt, algo));
        pack_dir_mtimes.resize(loose.size());
        midx_tried.resize(loose.size());
        scan_packs();
    }

    struct timespec pack_dir_mtime(std::size_t source) const {
        struct stat st;
        if (::stat((loose[source]->objects_dir() + "/pack").c_str(), &st) != 0) return {};
        return st.st_mtim;
    }

    // Loads the multi-pack-index of source s, once (as git does).
    const MultiPackIndex* load_midx(std::size_t s, const std::string& pack_dir) {
        if (!midx_tried[s] && options.use_multi_pack_index) {
            midx_tried[s] = true;
            // Most repositories have none: asking first spares a thrown
            // NotFound, whose unwinding pages in tables a short command
            // would otherwise never touch.
            const std::string midx_path = pack_dir + "/multi-pack-index";
            if (::access(midx_path.c_str(), F_OK) != 0 && errno == ENOENT) return nullptr;
            try {
                auto midx = std::make_unique<MultiPackIndex>(midx_path, algo);
                MidxSlot slot;
                slot.pack_dir = pack_dir;
                slot.packs.resize(midx->pack_count());
                slot.unusable.resize(midx->pack_count());
                slot.midx = std::move(midx);
                midxes.push_back(std::move(slot));
                approximate_count.reset();
                return midxes.back().midx.get();
            } catch (const NotFound&) {
            } catch (const MidxUnusable&) {
                // git reports it and reads the packs directly.
            } catch (const CorruptData& e) {
                if (!midx_error) midx_error = e;
            }
            return nullptr;
        }
        for (const MidxSlot& m : midxes)
            if (m.pack_dir == pack_dir) return m.midx.get();
        return nullptr;
    }

    // Adds packs not seen before; returns whether any was added.
    bool scan_packs() {
        bool added = false;
        for (std::size_t s = 0; s < loose.size(); ++s) {
            pack_dir_mtimes[s] = pack_dir_mtime(s);
            std::string dir = loose[s]->objects_dir() + "/pack";
            const MultiPackIndex* midx = load_midx(s, dir);
            DIR* dp = ::opendir(dir.c_str());
            if (!dp) continue;
            std::vector<std::string> names;
            while (dirent* e = ::readdir(dp)) {
                std::string_view name = e->d_name;
                if (name.size() > 5 && name.substr(name.size() - 5) == ".pack") names.emplace_back(name);
            }
            ::closedir(dp);
            for (const std::string& name : names) {
                std::string path = dir + "/" + name;
                if (known_packs.count(path) || (midx && midx->pack_int_id(name))) continue;
                std::string idx = path.substr(0, path.size() - 5) + ".idx";
                struct stat st, idx_st;
                if (::stat(idx.c_str(), &idx_st) != 0 || ::stat(path.c_str(), &st) != 0) continue;
                PackSlot slot;
                try {
                    slot.pack = std::make_unique<PackFile>(path, algo);
                } catch (const Error&) {
                    // git reports a broken index on use and carries on without the pack.
                    continue;
                }
                slot.local = s == 0;
                slot.mtime = st.st_mtim;
                known_packs.insert(path);
                packs.push_back(std::move(slot));
                added = true;
            }
        }
        if (added) {
            std::stable_sort(packs.begin(), packs.end(), [](const PackSlot& a, const PackSlot& b) {
                if (a.local != b.local) return a.local;
                return newer(a.mtime, b.mtime);
            });
            // Like git, a rescan restarts the most-recently-used order from the sorted one.
            mru.clear();
            for (const PackSlot& slot : packs) mru.push_back(slot.pack.get());
            approximate_count.reset();
        }
        return added;
    }

    // Rescans only when some pack directory changed since the last scan.
    bool reprepare_if_changed() {
        bool changed = false;
        for (std::size_t s = 0; s < loose.size(); ++s) {
            struct timespec now = pack_dir_mtime(s);
            if (now.tv_sec != pack_dir_mtimes[s].tv_sec || now.tv_nsec != pack_dir_mtimes[s].tv_nsec) changed = true;
        }
        return changed && scan_packs();
    }

    // Whether the pack itself opens; git reports one that does not (each
    // time it is consulted) and looks elsewhere.
    bool usable(PackFile* pack) {
        try {
            pack->data();
            return true;
        } catch (const CorruptData& e) {
            diagnostics.insert(diagnostics.end(), e.error_lines.begin(), e.error_lines.end());
            return false;
        }
    }

    std::optional<PackHit> find_packed(const ObjectId& id) {
        if (midx_error) throw *midx_error;
        for (MidxSlot& m : midxes)
            if (auto loc = m.midx->find(id))
                if (PackFile* pack = m.pack(loc->pack_int_id, algo); pack && usable(pack))
                    return PackHit{pack, loc->offset};
        for (std::size_t i = 0; i < mru.size(); ++i) {
            PackFile* p = mru[i];
            if (auto offset = p->find_offset(id); offset && usable(p)) {
                if (i) std::rotate(mru.begin(), mru.begin() + i, mru.begin() + i + 1);
                return PackHit{p, *offset};
            }
        }
        return std::nullopt;
    }

    [[noreturn]] void throw_packed_corrupt(const ObjectId& id, PackFile* pack, const Error& cause) {
        CorruptData err("packed object " + id.hex() + " (stored in " + pack->pack_path() + ") is corrupt");
        err.error_lines = cause.error_lines;
        throw err;
    }

    // Another copy of an object whose copy in `bad` is damaged, as git looks
    // for one: the other packs, then loose objects.
    template <typename T, typename FromPack, typename FromLoose>
    std::optional<T> other_copy(const ObjectId& id, const PackFile* bad, FromPack& from_pack, FromLoose& from_loose) {
        auto try_pack = [&](PackFile* pack, std::uint64_t offset) -> std::optional<T> {
            try {
                return from_pack(PackHit{pack, offset});
            } catch (const CorruptData&) {
                return std::nullopt;
            }
        };
        for (MidxSlot& m : midxes)
            if (auto loc = m.midx->find(id))
                if (PackFile* pack = m.pack(loc->pack_int_id, algo); pack && pack != bad)
                    if (auto found = try_pack(pack, loc->offset)) return found;
        for (PackFile* pack : mru)
            if (pack != bad)
                if (auto offset = pack->find_offset(id))
                    if (auto found = try_pack(pack, *offset)) return found;
        for (auto& store : loose)
            if (auto found = from_loose(*store)) return found;
        return std::nullopt;
    }

    // Runs `fn` on the object's first readable copy: packs, loose, then (after
    // a rescan of changed pack directories) new packs.
    template <typename T, typename FromPack, typename FromLoose>
    std::optional<T> lookup(const ObjectId& id, FromPack from_pack, FromLoose from_loose) {
        // Like git, search the packs a second time after the loose objects
        // (rescanning the pack directories only when they changed).
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (auto hit = find_packed(id)) {
                try {
                    return from_pack(*hit);
                } catch (const CorruptData& e) {
                    if (auto found = other_copy<T>(id, hit->pack, from_pack, from_loose)) return found;
                    throw_packed_corrupt(id, hit->pack, e);
                }
            }
            if (attempt == 0) {
                for (auto& store : loose)
                    if (auto found = from_loose(*store)) return found;
                reprepare_if_changed();
            }
        }
        return std::nullopt;
    }

    bool exists_anywhere(const ObjectId& id) {
        if (find_packed(id)) return true;
        for (auto& l : loose)
            if (l->contains(id)) return true;
        reprepare_if_changed();
        return find_packed(id).has_value();
    }

    // git refreshes the mtime of an object it would have written; when that
    // fails the object is written anew.
    bool freshen(const ObjectId& id) {
        if (auto hit = find_packed(id)) return ::utime(hit->pack->pack_path().c_str(), nullptr) == 0;
        for (auto& l : loose)
            if (l->contains(id)) return ::utime(l->path_of(id).c_str(), nullptr) == 0;
        return false;
    }

    ObjectId write(std::string_view type_name, std::string_view data) {
        ObjectId id = hash_object_text(algo, type_name, data);
        if (!freshen(id)) loose[0]->write(id, type_name, data, options.loose_compression);
        return id;
    }
};

ObjectDatabase::ObjectDatabase(std::string objects_dir, HashAlgo algo, OdbOptions options)
    : impl_(std::make_unique<Impl>(std::move(objects_dir), algo, std::move(options))) {}

ObjectDatabase::~ObjectDatabase() = default;

HashAlgo ObjectDatabase::algo() const { return impl_->algo; }

const std::string& ObjectDatabase::objects_dir() const { return impl_->objects_dir; }

bool ObjectDatabase::contains(const ObjectId& id) { return id == impl_->empty_tree || impl_->exists_anywhere(id); }

bool ObjectDatabase::contains_packed(const ObjectId& id) { return impl_->find_packed(id).has_value(); }

std::optional<ObjectHeader> ObjectDatabase::read_header(const ObjectId& id, bool allow_unknown_type,
                                                        bool want_size) {
    if (id == impl_->empty_tree) return ObjectHeader{ObjectType::tree, 0, {}};
    return impl_->lookup<ObjectHeader>(
        id, [&](const PackHit& hit) { return hit.pack->object_header(hit.offset, want_size); },
        [&](LooseStore& store) { return store.read_header(id, allow_unknown_type); });
}

std::optional<Object> ObjectDatabase::read(const ObjectId& id, bool allow_unknown_type) {
    if (id == impl_->empty_tree) return Object{ObjectType::tree, {}};
    return impl_->lookup<Object>(
        id, [&](const PackHit& hit) { return hit.pack->read_object(hit.offset, impl_->cache); },
        [&](LooseStore& store) { return store.read(id, allow_unknown_type); });
}

std::optional<StorageInfo> ObjectDatabase::storage_info(const ObjectId& id) {
    if (id == impl_->empty_tree) return StorageInfo{};
    return impl_->lookup<StorageInfo>(
        id,
        [&](const PackHit& hit) {
            StorageInfo info;
            info.disk_size = hit.pack->entry_end(hit.offset) - hit.offset;
            info.delta_base = hit.pack->delta_base_id(hit.offset);
            return info;
        },
        [&](LooseStore& store) -> std::optional<StorageInfo> {
            auto size = store.file_size(id);
            if (!size) return std::nullopt;
            return StorageInfo{*size, std::nullopt};
        });
}

void ObjectDatabase::for_each_object(bool ordered, const std::function<void(const ObjectId&)>& fn) {
    Impl& d = *impl_;
    if (ordered) {
        std::vector<ObjectId> all;
        std::size_t total = 0;
        for (auto& slot : d.packs) total += slot.pack->index().count();
        all.reserve(total);
        for (auto& store : d.loose) store->for_each([&](const ObjectId& id) { all.push_back(id); });
        for (MidxSlot& m : d.midxes)
            for (std::uint32_t i = 0; i < m.midx->object_count(); ++i) all.push_back(m.midx->oid_at(i));
        for (auto& slot : d.packs) {
            const PackIndex& idx = slot.pack->index();
            for (std::uint32_t i = 0; i < idx.count(); ++i) all.push_back(idx.oid_at(i));
        }
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
        for (const ObjectId& id : all) fn(id);
        return;
    }
    for_each_object_located([&](const ObjectId& id, PackFile*, std::uint64_t) { fn(id); });
}

void ObjectDatabase::for_each_object_located(
    const std::function<void(const ObjectId&, PackFile* pack, std::uint64_t offset)>& fn) {
    Impl& d = *impl_;
    // Copies are only remembered while a later source could repeat them, so
    // that a single pack is walked without a set.
    std::unordered_set<ObjectId, ObjectIdHash> seen;
    for (auto& store : d.loose)
        store->for_each([&](const ObjectId& id) {
            if (seen.insert(id).second) fn(id, nullptr, 0);
        });
    // git lists a midx's packs ahead of the others, last pack int id first.
    std::vector<PackFile*> packs;
    for (MidxSlot& m : d.midxes)
        for (std::uint32_t id = m.midx->pack_count(); id-- > 0;)
            if (PackFile* pack = m.pack(id, d.algo)) packs.push_back(pack);
    for (auto& slot : d.packs) packs.push_back(slot.pack.get());
    for (std::size_t p = 0; p < packs.size(); ++p) {
        PackFile& pack = *packs[p];
        const bool remember = p + 1 < packs.size();
        const PackIndex& idx = pack.index();
        const ReverseIndex& rev = pack.reverse_index();
        const std::uint32_t count = rev.count();
        for (std::uint32_t i = 0; i < count; ++i) {
            // Pack order visits the .idx rows at random: ask for rows ahead.
            if (i + 16 < count) __builtin_prefetch(idx.oid_bytes(rev.index_pos_for_pack_order(i + 16)));
            std::uint32_t pos = rev.index_pos_for_pack_order(i);
            ObjectId id = idx.oid_at(pos);
            if (remember ? !seen.insert(id).second : (!seen.empty() && seen.count(id))) continue;
            fn(id, &pack, rev.offset_for_pack_order(i));
        }
    }
}

std::vector<ObjectId> ObjectDatabase::find_by_prefix(std::string_view hex_prefix, std::size_t limit) {
    Impl& d = *impl_;
    std::vector<ObjectId> found;
    if (hex_prefix.size() > hex_size(d.algo) || limit == 0) return found;
    std::uint8_t raw[32] = {};
    if (!prefix_bytes(hex_prefix, raw)) return found;
    for (MidxSlot& m : d.midxes) {
        auto [first, last] = m.midx->prefix_range(raw, hex_prefix.size());
        for (std::uint32_t i = first; i < last; ++i) found.push_back(m.midx->oid_at(i));
    }
    for (auto& slot : d.packs) {
        const PackIndex& idx = slot.pack->index();
        auto [first, last] = idx.prefix_range(raw, hex_prefix.size());
        for (std::uint32_t i = first; i < last; ++i) found.push_back(idx.oid_at(i));
    }
    for (auto& store : d.loose) store->find_by_prefix(hex_prefix, found);
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    if (found.size() > limit) found.resize(limit);
    return found;
}

std::size_t ObjectDatabase::unique_abbrev_len(const ObjectId& id, std::size_t min_len) {
    Impl& d = *impl_;
    const std::size_t hexsz = hex_size(d.algo);
    const std::size_t hsz = hash_size(d.algo);
    if (min_len >= hexsz) return hexsz;
    std::size_t len = min_len;
    auto consider = [&](const std::uint8_t* other) {
        std::size_t common = common_nibbles(id, other, hsz);
        if (common < 2 * hsz) len = std::max(len, common + 1);
    };
    for (MidxSlot& m : d.midxes) {
        auto [first, last] = m.midx->prefix_range(id.data(), hexsz);
        if (first > 0) consider(m.midx->oid_bytes(first - 1));
        if (last < m.midx->object_count()) consider(m.midx->oid_bytes(last));
    }
    for (auto& slot : d.packs) {
        const PackIndex& idx = slot.pack->index();
        auto [first, last] = idx.prefix_range(id.data(), hexsz);
        if (first > 0) consider(idx.oid_bytes(first - 1));
        if (last < idx.count()) consider(idx.oid_bytes(last));
    }
    std::string hex = id.hex();
    std::vector<ObjectId> loose;
    for (auto& store : d.loose) store->find_by_prefix(std::string_view(hex).substr(0, std::max<std::size_t>(min_len, 2)), loose);
    for (const ObjectId& other : loose) consider(other.data());
    return std::min(len, hexsz);
}

std::uint64_t ObjectDatabase::approximate_object_count() {
    Impl& d = *impl_;
    if (!d.approximate_count) {
        std::uint64_t n = 0;
        for (MidxSlot& m : d.midxes) n += m.midx->object_count();
        for (auto& slot : d.packs) n += slot.pack->index().count();
        d.approximate_count = n;
    }
    return *d.approximate_count;
}

ObjectId ObjectDatabase::write(ObjectType type, std::string_view data) { return impl_->write(type_name(type), data); }

ObjectId ObjectDatabase::hash(ObjectType type, std::string_view data) const {
    return hash_object_text(impl_->algo, type_name(type), data);
}

ObjectId ObjectDatabase::hash_literally(std::string_view type_name, std::string_view data) const {
    return hash_object_text(impl_->algo, type_name, data);
}

ObjectId ObjectDatabase::write_literally(std::string_view type_name, std::string_view data) {
    return impl_->write(type_name, data);
}

std::vector<PackSource> ObjectDatabase::packs() {
    Impl& d = *impl_;
    std::vector<PackSource> out;
    const std::string local_dir = d.loose[0]->objects_dir() + "/pack";
    for (MidxSlot& m : d.midxes)
        for (std::uint32_t id = 0; id < m.midx->pack_count(); ++id)
            if (PackFile* pack = m.pack(id, d.algo)) out.push_back(PackSource{pack, m.pack_dir == local_dir});
    for (auto& slot : d.packs) out.push_back(PackSource{slot.pack.get(), slot.local});
    return out;
}

std::optional<PackLocation> ObjectDatabase::find_packed(const ObjectId& id) {
    auto hit = impl_->find_packed(id);
    if (!hit) return std::nullopt;
    return PackLocation{hit->pack, hit->offset};
}

bool ObjectDatabase::has_loose(const ObjectId& id, bool local) {
    auto& loose = impl_->loose;
    if (local) return loose[0]->contains(id);
    for (std::size_t s = 1; s < loose.size(); ++s)
        if (loose[s]->contains(id)) return true;
    return false;
}

void ObjectDatabase::clear_delta_base_cache() { impl_->cache.clear(); }

void ObjectDatabase::expect_pack_order() { impl_->cache.set_pack_order(true); }

std::vector<std::string> ObjectDatabase::take_diagnostics() { return std::exchange(impl_->diagnostics, {}); }

void ObjectDatabase::reprepare() {
    impl_->scan_packs();
    for (auto& store : impl_->loose) store->reset_cache();
}

}  // namespace grit
