#include "pack/write_order.h"

#include "pack/packing_list.h"

namespace grit {

namespace {

class OrderBuilder {
public:
    explicit OrderBuilder(PackingList& list) : list_(list) { order_.reserve(list.size()); }

    void add(std::uint32_t i) {
        PackingEntry& e = list_[i];
        if (e.filled) return;
        e.filled = true;
        if (!e.preferred_base) order_.push_back(i);
    }

    // A delta tree, depth first: each node, then its siblings, then down.
    void add_descendants(std::uint32_t e) {
        bool add_to_order = true;
        while (e != kNoEntry) {
            if (add_to_order) {
                add(e);
                for (std::uint32_t s = list_[e].delta_sibling; s != kNoEntry; s = list_[s].delta_sibling) add(s);
            }
            if (list_[e].delta_child != kNoEntry) {
                add_to_order = true;
                e = list_[e].delta_child;
                continue;
            }
            add_to_order = false;
            if (list_[e].delta_sibling != kNoEntry) {
                e = list_[e].delta_sibling;
                continue;
            }
            e = list_[e].delta;
            while (e != kNoEntry && list_[e].delta_sibling == kNoEntry) e = list_[e].delta;
            if (e == kNoEntry) return;
            e = list_[e].delta_sibling;
        }
    }

    void add_family(std::uint32_t e) {
        std::uint32_t root = e;
        while (list_[root].delta != kNoEntry) root = list_[root].delta;
        add_descendants(root);
    }

    std::vector<std::uint32_t> take() { return std::move(order_); }

private:
    PackingList& list_;
    std::vector<std::uint32_t> order_;
};

}  // namespace

std::vector<std::uint32_t> compute_write_order(PackingList& list) {
    const std::uint32_t n = static_cast<std::uint32_t>(list.size());
    for (auto& e : list.entries) {
        e.filled = false;
        e.delta_child = kNoEntry;
        e.delta_sibling = kNoEntry;
    }
    // Children lists in recency order: link from the newest down.
    for (std::uint32_t i = n; i-- > 0;) {
        PackingEntry& e = list[i];
        if (e.delta == kNoEntry) continue;
        e.delta_sibling = list[e.delta].delta_child;
        list[e.delta].delta_child = i;
    }
    OrderBuilder order(list);
    std::uint32_t i = 0;
    for (; i < n && !list[i].tagged; ++i) order.add(i);
    const std::uint32_t last_untagged = i;
    for (; i < n; ++i)
        if (list[i].tagged) order.add(i);
    for (i = last_untagged; i < n; ++i)
        if (list[i].type == ObjectType::commit || list[i].type == ObjectType::tag) order.add(i);
    for (i = last_untagged; i < n; ++i)
        if (list[i].type == ObjectType::tree) order.add(i);
    for (i = last_untagged; i < n; ++i)
        if (!list[i].filled) order.add_family(i);
    return order.take();
}

std::vector<std::uint32_t> write_sequence(PackingList& list, const std::vector<std::uint32_t>& order) {
    // 0 not placed, 1 being placed (its base chain is being walked), 2 placed.
    std::vector<std::uint8_t> state(list.size(), 0);
    std::vector<std::uint32_t> sequence;
    sequence.reserve(order.size());
    std::vector<std::uint32_t> chain;
    for (std::uint32_t start : order) {
        if (state[start] || list[start].preferred_base) continue;
        // Walk down to the first base already placed (or whole), then place
        // the chain from the bottom up.
        chain.clear();
        std::uint32_t cur = start;
        for (;;) {
            state[cur] = 1;
            chain.push_back(cur);
            std::uint32_t base = list[cur].delta;
            if (base == kNoEntry || list[base].preferred_base || state[base] == 2) break;
            if (state[base] == 1) {
                // A loop: this delta cannot be written against its base.
                list[cur].delta = kNoEntry;
                break;
            }
            cur = base;
        }
        for (std::size_t k = chain.size(); k-- > 0;) {
            state[chain[k]] = 2;
            sequence.push_back(chain[k]);
        }
    }
    return sequence;
}

}  // namespace grit
