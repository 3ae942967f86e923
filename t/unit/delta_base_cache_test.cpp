#include <catch2/catch.hpp>

#include <cstdint>
#include <list>
#include <map>
#include <random>
#include <utility>

#include "odb/delta_base_cache.h"

using namespace grit;

namespace {

// The obvious LRU the cache must behave as: a list, most recent first.
struct ModelLru {
    std::uint64_t limit;
    std::list<std::pair<std::pair<const PackFile*, std::uint64_t>, std::size_t>> entries;
    std::uint64_t used = 0;

    auto locate(const PackFile* p, std::uint64_t o) {
        for (auto it = entries.begin(); it != entries.end(); ++it)
            if (it->first == std::make_pair(p, o)) return it;
        return entries.end();
    }
    bool find(const PackFile* p, std::uint64_t o) {
        auto it = locate(p, o);
        if (it == entries.end()) return false;
        entries.splice(entries.begin(), entries, it);
        return true;
    }
    void add(const PackFile* p, std::uint64_t o, std::size_t data_size) {
        const std::size_t size = data_size + DeltaBaseCache::kEntryOverhead;
        if (size > limit) return;
        if (auto it = locate(p, o); it != entries.end()) {
            used -= it->second;
            entries.erase(it);
        }
        while (used > limit - size && !entries.empty()) {
            used -= entries.back().second;
            entries.pop_back();
        }
        entries.emplace_front(std::make_pair(p, o), size);
        used += size;
    }
    void forget(const PackFile* p) {
        for (auto it = entries.begin(); it != entries.end();) {
            if (it->first.first == p) {
                used -= it->second;
                it = entries.erase(it);
            } else {
                ++it;
            }
        }
    }
};

}  // namespace

TEST_CASE("the delta base cache evicts exactly as an LRU list", "[odb]") {
    std::mt19937 rng(7);
    const auto* pack_a = reinterpret_cast<const PackFile*>(std::uintptr_t{0x1000});
    const auto* pack_b = reinterpret_cast<const PackFile*>(std::uintptr_t{0x2000});
    DeltaBaseCache cache(5000 + 40 * DeltaBaseCache::kEntryOverhead);
    ModelLru model{5000 + 40 * DeltaBaseCache::kEntryOverhead, {}, 0};
    for (int step = 0; step < 200000; ++step) {
        const PackFile* pack = rng() % 4 ? pack_a : pack_b;
        const std::uint64_t offset = rng() % 3000;
        const unsigned action = rng() % 100;
        if (action < 50) {
            CachedBase hit = cache.find(pack, offset);
            REQUIRE(static_cast<bool>(hit.data) == model.find(pack, offset));
            if (hit.data) REQUIRE(hit.data->size() == offset % 97);
        } else if (action < 99) {
            cache.add(pack, offset, ObjectType::tree, std::make_shared<const std::string>(offset % 97, 't'));
            model.add(pack, offset, offset % 97);
        } else {
            cache.forget(pack);
            model.forget(pack);
        }
        REQUIRE(cache.bytes_used() == model.used);
    }
    cache.clear();
    CHECK(cache.bytes_used() == 0);
    CHECK_FALSE(cache.find(pack_a, 1).data);
}
