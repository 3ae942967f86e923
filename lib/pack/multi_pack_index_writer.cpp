#include "pack/multi_pack_index_writer.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "hash/hasher.h"
#include "odb/multi_pack_index.h"
#include "odb/pack_index.h"
#include "util/error.h"
#include "util/lock_file.h"

namespace grit {
namespace {

constexpr std::uint32_t kChunkPackNames = 0x504e414d;     // "PNAM"
constexpr std::uint32_t kChunkOidFanout = 0x4f494446;     // "OIDF"
constexpr std::uint32_t kChunkOidLookup = 0x4f49444c;     // "OIDL"
constexpr std::uint32_t kChunkObjectOffsets = 0x4f4f4646; // "OOFF"
constexpr std::uint32_t kChunkLargeOffsets = 0x4c4f4646;  // "LOFF"
constexpr std::uint32_t kLargeOffsetFlag = 0x80000000u;

struct IndexedPack {
    std::string idx_name;
    std::unique_ptr<PackIndex> index;  // loaded for new packs and a preferred one
    std::int64_t mtime = 0;            // of the .pack file

    // Throws NotFound without a .pack, Error for an unreadable .idx.
    void load(const std::string& pack_dir, HashAlgo algo) {
        const std::string stem = pack_dir + "/" + idx_name.substr(0, idx_name.size() - 4);
        struct stat st {};
        if (stat((stem + ".pack").c_str(), &st) != 0) throw NotFound(stem + ".pack");
        mtime = static_cast<std::int64_t>(st.st_mtime);
        index = std::make_unique<PackIndex>(stem + ".idx", algo);
    }
};

struct Entry {
    const std::uint8_t* oid;
    std::uint32_t pack_int_id;
    std::uint64_t offset;
    bool preferred;
    std::int64_t mtime;
};

void put_be32(std::string& out, std::uint32_t v) {
    const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                       static_cast<char>(v)};
    out.append(b, 4);
}

void put_be64(std::string& out, std::uint64_t v) {
    put_be32(out, static_cast<std::uint32_t>(v >> 32));
    put_be32(out, static_cast<std::uint32_t>(v));
}

// The packs of `pack_dir` not already in `known`, in readdir order (git
// numbers packs in the order it finds them until it sorts them by name).
void add_new_packs(const std::string& pack_dir, HashAlgo algo, const MidxWriteOptions& options,
                   const std::function<void(std::string_view)>& warn, Progress& progress,
                   std::vector<IndexedPack>& packs) {
    DIR* d = opendir(pack_dir.c_str());
    if (!d) return;
    std::vector<std::string> names;
    while (dirent* e = readdir(d)) {
        std::string_view n = e->d_name;
        if (n.size() > 4 && n.ends_with(".idx")) names.emplace_back(n);
    }
    closedir(d);
    for (const std::string& name : names) {
        if (std::any_of(packs.begin(), packs.end(), [&](const IndexedPack& p) { return p.idx_name == name; }))
            continue;
        if (options.only_packs &&
            std::find(options.only_packs->begin(), options.only_packs->end(), name) == options.only_packs->end())
            continue;
        const std::string idx_path = pack_dir + "/" + name;
        IndexedPack p;
        p.idx_name = name;
        try {
            p.load(pack_dir, algo);
        } catch (const NotFound&) {
            warn("warning: failed to add packfile '" + idx_path + "'");
            continue;
        } catch (const Error&) {
            warn("warning: failed to open pack-index '" + idx_path + "'");
            continue;
        }
        packs.push_back(std::move(p));
        progress.tick();
    }
}

bool names_pack(std::string_view given, std::string_view idx_name) {
    std::string_view stem = idx_name.substr(0, idx_name.size() - 4);
    return given == idx_name || (given.ends_with(".pack") && given.substr(0, given.size() - 5) == stem);
}

// `packs` in discovery order; entries name them by that order, which also
// breaks ties between copies as git breaks them.
std::string encode(const std::vector<IndexedPack>& packs, std::vector<Entry>& entries, HashAlgo algo) {
    const std::size_t raw = hash_size(algo);
    std::sort(entries.begin(), entries.end(), [raw](const Entry& a, const Entry& b) {
        if (int c = std::memcmp(a.oid, b.oid, raw)) return c < 0;
        if (a.preferred != b.preferred) return a.preferred;
        if (a.mtime != b.mtime) return a.mtime > b.mtime;
        return a.pack_int_id < b.pack_int_id;
    });
    entries.erase(std::unique(entries.begin(), entries.end(),
                              [raw](const Entry& a, const Entry& b) { return std::memcmp(a.oid, b.oid, raw) == 0; }),
                  entries.end());

    // Offsets past 31 bits go to LOFF only once some offset needs 64 bits.
    bool large_offsets_needed = false;
    for (const Entry& e : entries)
        if (e.offset > 0xffffffff) large_offsets_needed = true;

    std::vector<std::uint32_t> by_name(packs.size());
    for (std::uint32_t i = 0; i < packs.size(); ++i) by_name[i] = i;
    std::sort(by_name.begin(), by_name.end(),
              [&](std::uint32_t a, std::uint32_t b) { return packs[a].idx_name < packs[b].idx_name; });
    std::vector<std::uint32_t> perm(packs.size());  // discovery order -> pack int id
    std::string names;
    for (std::uint32_t i = 0; i < by_name.size(); ++i) {
        perm[by_name[i]] = i;
        names += packs[by_name[i]].idx_name;
        names += '\0';
    }
    if (names.size() % 4) names.append(4 - names.size() % 4, '\0');

    std::string fanout;
    std::uint32_t count = 0;
    std::size_t next = 0;
    for (int b = 0; b < 256; ++b) {
        while (next < entries.size() && entries[next].oid[0] == b) ++next, ++count;
        put_be32(fanout, count);
    }
    std::string lookup;
    lookup.reserve(entries.size() * raw);
    for (const Entry& e : entries) lookup.append(reinterpret_cast<const char*>(e.oid), raw);
    std::string offsets, large;
    offsets.reserve(entries.size() * 8);
    std::uint32_t large_written = 0;
    for (const Entry& e : entries) {
        put_be32(offsets, perm[e.pack_int_id]);
        if (large_offsets_needed && (e.offset >> 31)) {
            put_be32(offsets, kLargeOffsetFlag | large_written++);
            put_be64(large, e.offset);
        } else {
            put_be32(offsets, static_cast<std::uint32_t>(e.offset));
        }
    }

    std::vector<std::pair<std::uint32_t, const std::string*>> chunks = {{kChunkPackNames, &names},
                                                                       {kChunkOidFanout, &fanout},
                                                                       {kChunkOidLookup, &lookup},
                                                                       {kChunkObjectOffsets, &offsets}};
    if (large_offsets_needed) chunks.emplace_back(kChunkLargeOffsets, &large);

    std::string out = "MIDX";
    out += static_cast<char>(1);                                // version
    out += static_cast<char>(algo == HashAlgo::sha1 ? 1 : 2);  // object id version
    out += static_cast<char>(chunks.size());
    out += static_cast<char>(0);  // base multi-pack-index files
    put_be32(out, static_cast<std::uint32_t>(packs.size()));
    std::uint64_t offset = out.size() + (chunks.size() + 1) * 12;
    for (const auto& [id, bytes] : chunks) {
        put_be32(out, id);
        put_be64(out, offset);
        offset += bytes->size();
    }
    put_be32(out, 0);
    put_be64(out, offset);
    for (const auto& chunk : chunks) out += *chunk.second;

    Hasher hasher(algo);
    hasher.update(out);
    ObjectId sum = hasher.finish();
    out.append(reinterpret_cast<const char*>(sum.data()), raw);
    return out;
}

}  // namespace

bool write_multi_pack_index(const std::string& objects_dir, HashAlgo algo, const MidxWriteOptions& options,
                            const std::function<void(std::string_view)>& report, ProgressSink progress) {
    const std::string pack_dir = objects_dir + "/pack";
    // The multi-pack-index being replaced: its packs come first, and its
    // choice among copies stands (as objects of "old" packs), as in git.
    std::unique_ptr<MultiPackIndex> existing;
    try {
        existing = std::make_unique<MultiPackIndex>(pack_dir + "/multi-pack-index", algo);
        const MappedFile& f = existing->file();
        const std::size_t raw = hash_size(algo);
        Hasher h(algo);
        h.update(f.data(), f.size() - raw);
        if (std::memcmp(h.finish().data(), f.data() + f.size() - raw, raw) != 0) {
            report("warning: ignoring existing multi-pack-index; checksum mismatch");
            existing.reset();
        }
    } catch (const NotFound&) {
    } catch (const MidxUnusable& e) {
        report(std::string("error: ") + e.what());
    }
    if (options.only_packs) existing.reset();

    std::vector<IndexedPack> packs;
    const std::uint32_t known = existing ? existing->pack_count() : 0;
    for (std::uint32_t i = 0; i < known; ++i) packs.push_back({std::string(existing->pack_names()[i]), nullptr, 0});
    {
        Progress adding(std::move(progress), "Adding packfiles to multi-pack-index", 0, /*delayed=*/true);
        add_new_packs(pack_dir, algo, options, report, adding, packs);
    }
    // Nothing new: git keeps the file it has.
    if (existing && packs.size() == known) return true;

    // git 2.39 leaves the first pack preferred when the name matches none.
    std::optional<std::uint32_t> preferred;
    if (options.preferred_pack) {
        for (std::uint32_t i = 0; i < packs.size() && !preferred; ++i)
            if (names_pack(*options.preferred_pack, packs[i].idx_name)) preferred = i;
        if (!preferred) {
            report("warning: unknown preferred pack: '" + *options.preferred_pack + "'");
            if (!packs.empty()) preferred = 0;
        }
        if (preferred && !packs[*preferred].index) {
            try {
                packs[*preferred].load(pack_dir, algo);
            } catch (const Error&) {
                throw Error("could not load pack");
            }
        }
        if (preferred && packs[*preferred].index->count() == 0) {
            const std::string& name = packs[*preferred].idx_name;
            report("error: cannot select preferred pack " + pack_dir + "/" + name.substr(0, name.size() - 4) +
                   ".pack with no objects");
            return false;
        }
    }
    if (packs.empty()) {
        report("error: no pack files to index.");
        return false;
    }

    std::vector<Entry> entries;
    for (std::uint32_t pos = 0; existing && pos < existing->object_count(); ++pos) {
        MultiPackIndex::Location at = existing->location_at(pos);
        if (preferred == at.pack_int_id) continue;  // added whole below
        entries.push_back({existing->oid_bytes(pos), at.pack_int_id, at.offset, false, 0});
    }
    for (std::uint32_t i = 0; i < packs.size(); ++i) {
        if (i < known && preferred != i) continue;
        const PackIndex& idx = *packs[i].index;
        for (std::uint32_t pos = 0; pos < idx.count(); ++pos)
            entries.push_back({idx.oid_bytes(pos), i, idx.offset_at(pos), preferred == i, packs[i].mtime});
    }
    std::string bytes = encode(packs, entries, algo);
    existing.reset();
    LockFile lock(pack_dir + "/multi-pack-index");
    lock.write(bytes);
    lock.commit();
    return true;
}

}  // namespace grit
