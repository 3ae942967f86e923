#include "pack/delta_search.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "delta/encode.h"

namespace grit {

namespace {

// git does not try to deltify objects smaller than this.
constexpr std::uint64_t kMinDeltaSize = 50;

bool is_candidate(const DeltaSearchEntry& e) {
    bool known_type = e.type == ObjectType::commit || e.type == ObjectType::tree || e.type == ObjectType::blob ||
                      e.type == ObjectType::tag;
    return e.searchable && known_type && e.size >= kMinDeltaSize;
}

// A window position: a candidate with its content and index, loaded on demand.
struct Slot {
    std::int64_t entry = -1;
    std::optional<std::string> data;
    std::unique_ptr<DeltaIndex> index;
    std::uint32_t depth = 0;
    bool unreadable = false;  // a preferred base whose content could not be loaded
};

struct Segment {
    std::size_t begin, end;
    std::uint64_t weight;
};

class DeltaCache {
public:
    explicit DeltaCache(const DeltaSearchOptions& o) : limit_(o.delta_cache_size), small_(o.delta_cache_limit) {}

    // git's delta_cacheable, reserving the bytes when it says yes.
    bool admit(std::uint64_t src_size, std::uint64_t trg_size, std::uint64_t delta_size) {
        if (!limit_) return true;
        std::lock_guard lock(mutex_);
        if (used_ + delta_size > limit_) return false;
        if (delta_size >= small_ && (src_size >> 20) + (trg_size >> 21) <= (delta_size >> 10)) return false;
        used_ += delta_size;
        return true;
    }

private:
    std::uint64_t limit_, small_, used_ = 0;
    std::mutex mutex_;
};

struct SearchContext {
    SearchContext(std::span<const DeltaSearchEntry> e, const std::function<std::string(std::size_t)>& l,
                  const DeltaSearchOptions& o, const std::function<void(std::size_t)>& p,
                  const std::function<void(std::size_t, DeltaChoice&)>& c, std::vector<DeltaChoice>& r)
        : entries(e), load(l), options(o), progress(p), on_chosen(c), results(r), cache(o) {}

    std::span<const DeltaSearchEntry> entries;
    const std::function<std::string(std::size_t)>& load;
    const DeltaSearchOptions& options;
    const std::function<void(std::size_t)>& progress;
    const std::function<void(std::size_t, DeltaChoice&)>& on_chosen;
    std::vector<DeltaChoice>& results;
    DeltaCache cache;
    std::size_t done = 0;
    std::mutex progress_mutex;
};

// The sliding window over one segment of the sorted candidates.
class WindowSearch {
public:
    WindowSearch(SearchContext& ctx) : ctx_(ctx), slots_(ctx.options.window + 1) {}

    void run(std::span<const std::size_t> list) {
        const std::size_t size = slots_.size();
        std::size_t idx = 0, count = 0;
        mem_ = 0;
        for (auto& s : slots_) release(s);
        for (std::size_t entry_index : list) {
            Slot& n = slots_[idx];
            release(n);
            n.entry = static_cast<std::int64_t>(entry_index);
            const DeltaSearchEntry& entry = ctx_.entries[entry_index];

            while (ctx_.options.window_memory && mem_ > ctx_.options.window_memory && count > 1) {
                release(slots_[(idx + size - count) % size]);
                --count;
            }

            bool evict = false;
            if (!entry.preferred_base) {
                evict = search_target(idx);
                if (ctx_.progress) {
                    // Serialized, so that the counts arrive in increasing order.
                    std::lock_guard lock(ctx_.progress_mutex);
                    ctx_.progress(++ctx_.done);
                }
            }
            if (evict) continue;  // the slot is reused by the next candidate
            if (++count >= size) count = size - 1;
            if (++idx >= size) idx = 0;
        }
        for (auto& s : slots_) release(s);
    }

private:
    // Tries the window against slot idx; returns true when the result is at
    // maximum depth, so that keeping it in the window is pointless.
    bool search_target(std::size_t idx) {
        const std::size_t size = slots_.size();
        Slot& n = slots_[idx];
        const auto trg_index = static_cast<std::size_t>(n.entry);
        const DeltaSearchEntry& trg = ctx_.entries[trg_index];
        unsigned max_depth = ctx_.options.depth;
        if (trg.reused_children_depth) {
            if (trg.reused_children_depth >= max_depth) return false;
            max_depth -= trg.reused_children_depth;
        }
        best_.clear();
        bool have_delta = false;
        std::size_t best_slot = 0;
        for (std::size_t j = size - 1; j > 0; --j) {
            std::size_t other = (idx + j) % size;
            Slot& m = slots_[other];
            if (m.entry < 0) break;
            int r = try_delta(n, m, max_depth, have_delta);
            if (r < 0) break;
            if (r > 0) {
                have_delta = true;
                best_slot = other;
            }
        }
        if (!have_delta) return false;

        DeltaChoice& choice = ctx_.results[trg_index];
        const Slot& base = slots_[best_slot];
        choice.base = base.entry;
        choice.depth = n.depth;
        const DeltaSearchEntry& src = ctx_.entries[static_cast<std::size_t>(base.entry)];
        if (ctx_.cache.admit(src.size, trg.size, best_.size())) {
            choice.delta = std::move(best_);
            best_ = std::string();
            if (ctx_.on_chosen) ctx_.on_chosen(trg_index, choice);
        }

        if (max_depth <= n.depth) return true;
        // Move the chosen base just after the target, to be tried first next.
        Slot chosen = std::move(slots_[best_slot]);
        std::size_t dst = best_slot;
        for (std::size_t dist = (size + idx - best_slot) % size; dist; --dist) {
            std::size_t from = (dst + 1) % size;
            slots_[dst] = std::move(slots_[from]);
            dst = from;
        }
        slots_[dst] = std::move(chosen);
        return false;
    }

    // -1: stop trying (different type), 0: no better delta, 1: new best in best_.
    int try_delta(Slot& trg, Slot& src, unsigned max_depth, bool have_delta) {
        const DeltaSearchEntry& t = ctx_.entries[static_cast<std::size_t>(trg.entry)];
        const DeltaSearchEntry& s = ctx_.entries[static_cast<std::size_t>(src.entry)];
        if (t.type != s.type) return -1;
        if (t.reuse_pack && t.reuse_pack == s.reuse_pack && !s.preferred_base && !t.reuse_pack_delta) return 0;
        if (src.depth >= max_depth) return 0;

        std::uint64_t max_size;
        unsigned ref_depth;
        if (!have_delta) {
            if (t.size / 2 <= ctx_.options.hash_size) return 0;
            max_size = t.size / 2 - ctx_.options.hash_size;
            ref_depth = 1;
        } else {
            max_size = best_.size();
            ref_depth = trg.depth;
        }
        max_size = max_size * (max_depth - src.depth) / (max_depth - ref_depth + 1);
        if (max_size == 0) return 0;
        std::uint64_t size_diff = s.size < t.size ? t.size - s.size : 0;
        if (size_diff >= max_size) return 0;
        if (t.size < s.size / 32) return 0;

        load(trg);
        if (!src.data && !load_base(src, s)) return 0;
        if (!src.index) {
            src.index = std::make_unique<DeltaIndex>(*src.data);
            mem_ += src.index->memory_size();
        }
        trial_.clear();
        if (!encode_delta(*src.index, *trg.data, max_size, trial_)) return 0;
        // Of equal sizes, prefer only a shallower delta.
        if (have_delta && trial_.size() == best_.size() && src.depth + 1 >= trg.depth) return 0;
        std::swap(trial_, best_);
        trg.depth = src.depth + 1;
        return 1;
    }

    // git carries on without a thin-pack base it cannot read (it is not
    // written anyway); any other entry's failure is the caller's error.
    bool load_base(Slot& slot, const DeltaSearchEntry& entry) {
        if (slot.unreadable) return false;
        if (!entry.preferred_base) {
            load(slot);
            return true;
        }
        try {
            load(slot);
            return true;
        } catch (...) {
            slot.unreadable = true;
            return false;
        }
    }

    void load(Slot& slot) {
        if (slot.data) return;
        slot.data = ctx_.load(static_cast<std::size_t>(slot.entry));
        mem_ += slot.data->size();
    }

    void release(Slot& slot) {
        if (slot.index) mem_ -= slot.index->memory_size();
        if (slot.data) mem_ -= slot.data->size();
        slot = Slot();
    }

    SearchContext& ctx_;
    std::vector<Slot> slots_;
    std::uint64_t mem_ = 0;
    std::string best_, trial_;
};

// git's sort: type, name hash (both descending), preferred bases first, size
// descending, then input order (which is recency order).
std::vector<std::size_t> sorted_candidates(std::span<const DeltaSearchEntry> entries) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (is_candidate(entries[i])) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const DeltaSearchEntry& x = entries[a];
        const DeltaSearchEntry& y = entries[b];
        if (x.type != y.type) return x.type > y.type;
        if (x.name_hash != y.name_hash) return x.name_hash > y.name_hash;
        if (x.preferred_base != y.preferred_base) return x.preferred_base;
        if (x.size != y.size) return x.size > y.size;
        return a < b;
    });
    return order;
}

// Cuts the sorted list into segments searched independently. A cut is made
// once a segment carries 1/64 of the work, where the type or the name hash
// changes (git's "path boundary"); within one path only once the segment
// carries 1/8 of the work. Segments are never shorter than two windows.
std::vector<Segment> split_segments(std::span<const DeltaSearchEntry> entries, std::span<const std::size_t> order,
                                    unsigned window) {
    auto weight = [&](std::size_t i) { return entries[order[i]].size + 256; };
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < order.size(); ++i) total += weight(i);
    const std::uint64_t target = total / 64, forced = total / 8;
    const std::size_t min_len = 2 * std::size_t{window} + 2;

    std::vector<Segment> segments;
    std::size_t start = 0;
    std::uint64_t acc = 0;
    for (std::size_t c = 0; c < order.size(); ++c) {
        if (c > start && acc >= target && c - start >= min_len && order.size() - c >= min_len) {
            const DeltaSearchEntry& prev = entries[order[c - 1]];
            const DeltaSearchEntry& cur = entries[order[c]];
            bool boundary = cur.type != prev.type || cur.name_hash == 0 || cur.name_hash != prev.name_hash;
            if (boundary || acc >= forced) {
                segments.push_back({start, c, acc});
                start = c;
                acc = 0;
            }
        }
        acc += weight(c);
    }
    if (start < order.size()) segments.push_back({start, order.size(), acc});
    return segments;
}

}  // namespace

std::size_t delta_search_total(std::span<const DeltaSearchEntry> entries) {
    std::size_t n = 0;
    for (const auto& e : entries)
        if (is_candidate(e) && !e.preferred_base) ++n;
    return n;
}

std::vector<DeltaChoice> find_deltas(std::span<const DeltaSearchEntry> entries,
                                     const std::function<std::string(std::size_t)>& load,
                                     const DeltaSearchOptions& options,
                                     const std::function<void(std::size_t)>& progress,
                                     const std::function<void(std::size_t, DeltaChoice&)>& on_chosen) {
    std::vector<DeltaChoice> results(entries.size());
    if (options.window == 0 || options.depth == 0) return results;
    std::vector<std::size_t> order = sorted_candidates(entries);
    if (order.empty()) return results;
    std::vector<Segment> segments = split_segments(entries, order, options.window);
    // Heaviest first, so that threads finish together.
    std::stable_sort(segments.begin(), segments.end(),
                     [](const Segment& a, const Segment& b) { return a.weight > b.weight; });

    SearchContext ctx(entries, load, options, progress, on_chosen, results);
    unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, segments.size()));

    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    std::atomic<bool> failed{false};
    auto worker = [&] {
        WindowSearch search(ctx);
        try {
            for (std::size_t i; !failed && (i = next.fetch_add(1)) < segments.size();) {
                const Segment& s = segments[i];
                search.run(std::span<const std::size_t>(order).subspan(s.begin, s.end - s.begin));
            }
        } catch (...) {
            std::lock_guard lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            failed = true;
        }
    };
    if (threads <= 1) {
        worker();
    } else {
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
        for (auto& t : pool) t.join();
    }
    if (failure) std::rethrow_exception(failure);
    return results;
}

}  // namespace grit
