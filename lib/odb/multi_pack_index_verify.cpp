#include "odb/multi_pack_index_verify.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "hash/hasher.h"
#include "odb/multi_pack_index.h"
#include "odb/pack_index.h"
#include "util/error.h"

namespace grit {
namespace {

// git's sparse meters draw every 4096 steps, then the total at the end.
constexpr std::uint64_t kSparseInterval = 4096;

void sparse_update(Progress& meter, std::uint64_t n) {
    if (n % kSparseInterval == 0) meter.update(n);
}

bool checksum_valid(const MultiPackIndex& midx, HashAlgo algo) {
    const MappedFile& f = midx.file();
    const std::size_t raw = hash_size(algo);
    if (f.size() < raw) return false;
    Hasher h(algo);
    h.update(f.data(), f.size() - raw);
    return std::memcmp(h.finish().data(), f.data() + f.size() - raw, raw) == 0;
}

}  // namespace

bool verify_multi_pack_index(const std::string& objects_dir, HashAlgo algo,
                             const std::function<void(std::string_view)>& report, const ProgressSink& progress) {
    const std::string pack_dir = objects_dir + "/pack";
    const std::string path = pack_dir + "/multi-pack-index";
    std::unique_ptr<MultiPackIndex> midx;
    try {
        midx = std::make_unique<MultiPackIndex>(path, algo);
    } catch (const NotFound&) {
        return true;
    } catch (const MidxUnusable& e) {
        report(std::string("error: ") + e.what());
        report("error: multi-pack-index file exists, but failed to parse");
        return false;
    }
    bool clean = true;
    auto problem = [&](const std::string& text) {
        report(text);
        clean = false;
    };
    if (!checksum_valid(*midx, algo)) problem("incorrect checksum");

    // Packs are opened (their .idx) lazily, as git loads them on use.
    const std::uint32_t pack_count = midx->pack_count();
    std::vector<std::unique_ptr<PackIndex>> indexes(pack_count);
    std::vector<bool> present(pack_count);
    {
        Progress meter(progress, "Looking for referenced packfiles", pack_count, /*delayed=*/true);
        for (std::uint32_t i = 0; i < pack_count; ++i) {
            std::string_view idx_name = midx->pack_names()[i];
            std::string pack = pack_dir + "/" + std::string(idx_name.substr(0, idx_name.size() - 4)) + ".pack";
            struct stat st {};
            present[i] = stat(pack.c_str(), &st) == 0;
            if (!present[i]) problem(fmt::format("failed to load pack in position {}", i));
            meter.update(i + 1);
        }
    }
    for (int i = 0; i < 255; ++i) {
        std::uint32_t a = midx->fanout(static_cast<std::uint8_t>(i)),
                      b = midx->fanout(static_cast<std::uint8_t>(i + 1));
        if (a > b)
            problem(fmt::format("oid fanout out of order: fanout[{}] = {:x} > {:x} = fanout[{}]", i, a, b, i + 1));
    }
    const std::uint32_t count = midx->object_count();
    if (count == 0) {
        problem("the midx contains no oid");
        return clean;
    }
    const std::size_t raw = hash_size(algo);
    {
        Progress meter(progress, "Verifying OID order in multi-pack-index", count - 1);
        for (std::uint32_t i = 0; i + 1 < count; ++i) {
            if (std::memcmp(midx->oid_bytes(i), midx->oid_bytes(i + 1), raw) >= 0)
                problem(fmt::format("oid lookup out of order: oid[{}] = {} >= {} = oid[{}]", i,
                                    midx->oid_at(i).hex(), midx->oid_at(i + 1).hex(), i + 1));
            sparse_update(meter, i + 1);
        }
        meter.update(count - 1);
    }
    // Visit objects pack by pack, so each .idx is read once.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> by_pack(count);  // (pack int id, position)
    {
        Progress meter(progress, "Sorting objects by packfile", count);
        meter.update(0);
        for (std::uint32_t i = 0; i < count; ++i) by_pack[i] = {midx->location_at(i).pack_int_id, i};
        std::stable_sort(by_pack.begin(), by_pack.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        meter.update(count);
    }
    Progress meter(progress, "Verifying object offsets", count);
    for (std::uint32_t i = 0; i < count; ++i) {
        const auto [pack_int_id, pos] = by_pack[i];
        const ObjectId id = midx->oid_at(pos);
        if (pack_int_id >= pack_count || !present[pack_int_id]) {
            problem(fmt::format("failed to load pack entry for oid[{}] = {}", pos, id.hex()));
            continue;
        }
        std::string_view idx_name = midx->pack_names()[pack_int_id];
        if (!indexes[pack_int_id]) {
            try {
                indexes[pack_int_id] = std::make_unique<PackIndex>(pack_dir + "/" + std::string(idx_name), algo);
            } catch (const Error&) {
                problem("failed to load pack-index for packfile " + pack_dir + "/" +
                        std::string(idx_name.substr(0, idx_name.size() - 4)) + ".pack");
                break;
            }
        }
        const PackIndex& idx = *indexes[pack_int_id];
        std::uint64_t midx_offset = midx->location_at(pos).offset;
        auto found = idx.find(id);
        std::uint64_t pack_offset = found ? idx.offset_at(*found) : 0;
        if (midx_offset != pack_offset)
            problem(fmt::format("incorrect object offset for oid[{}] = {}: {:x} != {:x}", pos, id.hex(), midx_offset,
                                pack_offset));
        sparse_update(meter, i + 1);
    }
    meter.update(count);
    return clean;
}

}  // namespace grit
