#include "pack/object_details.h"

#include <algorithm>
#include <vector>

#include "odb/object_database.h"
#include "odb/pack_file.h"
#include "pack/packing_list.h"
#include "util/error.h"

namespace grit {

namespace {

bool is_delta_type(ObjectType t) { return t == ObjectType::ofs_delta || t == ObjectType::ref_delta; }

// Type and size from wherever the object database finds it (none if missing).
void details_from_odb(PackingEntry& e, ObjectDatabase& odb) {
    std::optional<ObjectHeader> header;
    try {
        header = odb.read_header(e.id);
    } catch (const Error&) {
    }
    if (header) {
        e.type = header->type;
        e.size = header->size;
    } else {
        e.type = ObjectType::none;
    }
}

void link_delta(PackingList& list, std::uint32_t child, std::uint32_t base) {
    list[child].delta = base;
    list[child].delta_sibling = list[base].delta_child;
    list[base].delta_child = child;
}

void check_object(PackingList& list, std::uint32_t i, ObjectDatabase& odb, const DetailsOptions& options) {
    PackingEntry& e = list[i];
    if (e.in_pack) {
        try {
            PackFile& pack = *e.in_pack;
            PackEntryHeader h = pack.entry_header(e.in_pack_offset);
            e.in_pack_type = h.type;
            e.in_pack_header_size = static_cast<std::uint8_t>(h.header_len);
            if (!is_delta_type(h.type)) {
                if (h.type >= ObjectType::commit && h.type <= ObjectType::tag) {
                    e.type = h.type;
                    e.size = h.size;
                    return;
                }
            } else {
                if (options.reuse_delta && !e.preferred_base) {
                    if (auto base_id = pack.delta_base_id(e.in_pack_offset)) {
                        std::uint32_t base = list.find(*base_id);
                        if (base != kNoEntry) {
                            e.type = h.type;
                            e.size = h.size;
                            link_delta(list, i, base);
                            return;
                        }
                    }
                }
                if (e.type != ObjectType::none) {
                    e.size = pack.delta_result_size(e.in_pack_offset, h);
                    return;
                }
                ObjectHeader oh = pack.object_header(e.in_pack_offset);
                e.type = oh.type;
                e.size = oh.size;
                return;
            }
        } catch (const Error&) {
        }
    }
    details_from_odb(e, odb);
}

// A reused delta given up: the object is written whole or deltified anew.
void drop_reused_delta(PackingList& list, std::uint32_t i, ObjectDatabase& odb) {
    PackingEntry& e = list[i];
    std::uint32_t* link = &list[e.delta].delta_child;
    while (*link != kNoEntry) {
        if (*link == i) {
            *link = e.delta_sibling;
            break;
        }
        link = &list[*link].delta_sibling;
    }
    e.delta = kNoEntry;
    e.delta_sibling = kNoEntry;
    try {
        ObjectHeader h = e.in_pack->object_header(e.in_pack_offset);
        e.type = h.type;
        e.size = h.size;
    } catch (const Error&) {
        details_from_odb(e, odb);
    }
}

enum DfsState : std::uint8_t { dfs_none, dfs_active, dfs_done };

void break_delta_chains(PackingList& list, std::uint32_t start, std::vector<std::uint8_t>& state, unsigned max_depth,
                        ObjectDatabase& odb) {
    std::uint64_t total_depth = 0;
    for (std::uint32_t cur = start; cur != kNoEntry; cur = list[cur].delta, ++total_depth) {
        if (state[cur] == dfs_done) {
            total_depth += list[cur].depth;
            break;
        }
        if (list[cur].delta == kNoEntry) {
            state[cur] = dfs_done;
            break;
        }
        state[cur] = dfs_active;
        if (state[list[cur].delta] == dfs_active) {
            drop_reused_delta(list, cur, odb);
            state[cur] = dfs_done;
            break;
        }
    }
    for (std::uint32_t cur = start, next; cur != kNoEntry; cur = next) {
        next = list[cur].delta;
        if (state[cur] == dfs_done) break;
        list[cur].depth = static_cast<std::uint32_t>(total_depth-- % (max_depth + 1));
        if (!list[cur].depth) drop_reused_delta(list, cur, odb);
        state[cur] = dfs_done;
    }
}

}  // namespace

void find_object_details(PackingList& list, ObjectDatabase& odb, const DetailsOptions& options,
                         const std::function<void()>& done) {
    const std::uint32_t n = static_cast<std::uint32_t>(list.size());
    std::vector<std::uint32_t> by_offset(n);
    for (std::uint32_t i = 0; i < n; ++i) by_offset[i] = i;
    std::sort(by_offset.begin(), by_offset.end(), [&](std::uint32_t a, std::uint32_t b) {
        const PackingEntry& x = list[a];
        const PackingEntry& y = list[b];
        if (x.in_pack != y.in_pack) {
            if (!x.in_pack || !y.in_pack) return x.in_pack != nullptr;
            return x.in_pack < y.in_pack;
        }
        return x.in_pack_offset != y.in_pack_offset ? x.in_pack_offset < y.in_pack_offset : a < b;
    });
    for (std::uint32_t i : by_offset) {
        check_object(list, i, odb, options);
        if (done) done();
    }
    std::vector<std::uint8_t> state(n, dfs_none);
    for (std::uint32_t i = 0; i < n; ++i) break_delta_chains(list, i, state, options.max_depth, odb);
}

}  // namespace grit
