#include "revwalk/commit_walk.h"

#include <algorithm>

#include "repo/repository.h"
#include "util/error.h"

namespace grit {

namespace {

// git's SLOP: how many uninteresting commits to read past the point where
// only uninteresting ones remain, for clock skew.
constexpr int kSlop = 5;

// Heap order: the newest date first; equal dates in queueing order.
bool later_in_queue(std::int64_t date_a, std::uint64_t seq_a, std::int64_t date_b, std::uint64_t seq_b) {
    if (date_a != date_b) return date_a < date_b;
    return seq_a > seq_b;
}

}  // namespace

CommitWalk::CommitWalk(Repository& repo) : repo_(repo), reader_(repo) {}

std::uint32_t CommitWalk::lookup(const ObjectId& id) {
    auto [it, inserted] = index_.try_emplace(id, static_cast<std::uint32_t>(nodes_.size()));
    if (inserted) {
        Node node;
        node.id = id;
        nodes_.push_back(node);
    }
    return it->second;
}

bool CommitWalk::parse(std::uint32_t n) {
    if (nodes_[n].flags & parsed) return true;
    std::int64_t date = 0;
    ObjectId tree;
    if (!reader_.read(nodes_[n].id, scratch_parents_, &date, &tree)) return false;
    auto begin = static_cast<std::uint32_t>(parent_links_.size());
    for (const ObjectId& p : scratch_parents_) parent_links_.push_back(lookup(p));
    Node& node = nodes_[n];
    node.date = date;
    node.tree = tree;
    node.parents_begin = begin;
    node.parents_count = static_cast<std::uint32_t>(scratch_parents_.size());
    node.flags |= parsed;
    return true;
}

void CommitWalk::push(std::uint32_t n) {
    queue_.push_back(QueueEntry{nodes_[n].date, seq_++, n});
    nodes_[n].flags |= in_queue;
    std::push_heap(queue_.begin(), queue_.end(), [](const QueueEntry& a, const QueueEntry& b) {
        return later_in_queue(a.date, a.seq, b.date, b.seq);
    });
}

std::uint32_t CommitWalk::pop() {
    std::pop_heap(queue_.begin(), queue_.end(), [](const QueueEntry& a, const QueueEntry& b) {
        return later_in_queue(a.date, a.seq, b.date, b.seq);
    });
    std::uint32_t n = queue_.back().node;
    queue_.pop_back();
    nodes_[n].flags &= ~in_queue;
    return n;
}

// Marks the parents of n uninteresting, and through commits already parsed
// their ancestors too (as git does: unparsed commits pass the mark on when
// they are parsed).
void CommitWalk::mark_parents_uninteresting(std::uint32_t n) {
    std::vector<std::uint32_t> stack;
    auto mark_one = [&](std::uint32_t c) {
        Node& node = nodes_[c];
        if (node.flags & uninteresting) return;
        node.flags |= uninteresting;
        if ((node.flags & parsed) && node.parents_count) stack.push_back(c);
    };
    for (std::uint32_t i = 0; i < nodes_[n].parents_count; ++i) mark_one(parent_links_[nodes_[n].parents_begin + i]);
    while (!stack.empty()) {
        std::uint32_t c = stack.back();
        stack.pop_back();
        for (std::uint32_t i = 0; i < nodes_[c].parents_count; ++i) mark_one(parent_links_[nodes_[c].parents_begin + i]);
    }
}

void CommitWalk::add_start(const ObjectId& id, bool is_uninteresting) {
    std::uint32_t n = lookup(id);
    if (!parse(n)) throw BadName("bad object " + id.hex());
    if (is_uninteresting) {
        nodes_[n].flags |= uninteresting;
        mark_parents_uninteresting(n);
        limited_ = true;
    }
    if (nodes_[n].flags & seen) return;
    nodes_[n].flags |= seen;
    starts_.push_back(n);
}

bool CommitWalk::process_parents(std::uint32_t n) {
    if (nodes_[n].flags & added) return true;
    nodes_[n].flags |= added;
    std::uint32_t count = nodes_[n].parents_count;
    std::uint32_t begin = nodes_[n].parents_begin;
    if (nodes_[n].flags & uninteresting) {
        for (std::uint32_t i = 0; i < count; ++i) {
            std::uint32_t p = parent_links_[begin + i];
            nodes_[p].flags |= uninteresting;
            if (!parse(p)) continue;
            if (nodes_[p].parents_count) mark_parents_uninteresting(p);
            if (nodes_[p].flags & seen) continue;
            nodes_[p].flags |= seen;
            push(p);
        }
        return true;
    }
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint32_t p = parent_links_[begin + i];
        if (!parse(p)) {
            failed_ = nodes_[p].id;
            return false;
        }
        if (nodes_[p].flags & seen) continue;
        nodes_[p].flags |= seen;
        push(p);
    }
    return true;
}

bool CommitWalk::everybody_uninteresting() {
    if (interesting_cache_ != UINT32_MAX) {
        const Node& node = nodes_[interesting_cache_];
        if ((node.flags & in_queue) && !(node.flags & uninteresting)) return false;
    }
    for (const QueueEntry& e : queue_) {
        if (!(nodes_[e.node].flags & uninteresting)) {
            interesting_cache_ = e.node;
            return false;
        }
    }
    return true;
}

void CommitWalk::limit(bool exhaustive) {
    std::int64_t date = INT64_MAX;
    int slop = kSlop;
    while (!queue_.empty()) {
        std::uint32_t n = pop();
        if (!process_parents(n)) {
            Error e("revision walk setup failed");
            e.error_lines.push_back("Could not read " + failed_.hex());
            throw e;
        }
        if (nodes_[n].flags & uninteresting) {
            mark_parents_uninteresting(n);
            if (queue_.empty()) break;
            if (exhaustive) continue;
            if (date <= queue_.front().date || !everybody_uninteresting()) {
                slop = kSlop;
            } else if (--slop == 0) {
                break;
            }
            continue;
        }
        date = nodes_[n].date;
        list_.push_back(n);
    }
}

void CommitWalk::topo_sort(CommitOrder order) {
    std::vector<std::uint32_t> indegree(nodes_.size(), 0);
    for (std::uint32_t n : list_) indegree[n] = 1;
    for (std::uint32_t n : list_) {
        for (std::uint32_t i = 0; i < nodes_[n].parents_count; ++i) {
            std::uint32_t p = parent_links_[nodes_[n].parents_begin + i];
            if (indegree[p]) ++indegree[p];
        }
    }
    // Graph order: a stack whose first entries are the tips in list order.
    // Date order: a heap by date, ties in queueing order.
    std::vector<QueueEntry> work;
    std::uint64_t ctr = 0;
    auto cmp = [](const QueueEntry& a, const QueueEntry& b) { return later_in_queue(a.date, a.seq, b.date, b.seq); };
    auto put = [&](std::uint32_t n) {
        work.push_back(QueueEntry{nodes_[n].date, ctr++, n});
        if (order == CommitOrder::date) std::push_heap(work.begin(), work.end(), cmp);
    };
    for (std::uint32_t n : list_)
        if (indegree[n] == 1) put(n);
    if (order == CommitOrder::topo) std::reverse(work.begin(), work.end());

    std::vector<std::uint32_t> sorted;
    sorted.reserve(list_.size());
    while (!work.empty()) {
        if (order == CommitOrder::date) std::pop_heap(work.begin(), work.end(), cmp);
        std::uint32_t c = work.back().node;
        work.pop_back();
        for (std::uint32_t i = 0; i < nodes_[c].parents_count; ++i) {
            std::uint32_t p = parent_links_[nodes_[c].parents_begin + i];
            if (!indegree[p]) continue;
            if (--indegree[p] == 1) put(p);
        }
        indegree[c] = 0;
        sorted.push_back(c);
    }
    list_ = std::move(sorted);
}

void CommitWalk::run(const CommitWalkOptions& options,
                     const std::function<void(const ObjectId&, std::span<const ObjectId>)>& emit) {
    for (std::uint32_t n : starts_) push(n);
    long remaining = options.max_count;
    std::vector<std::uint32_t> reversed;
    auto show = [&](std::uint32_t n) {
        if (options.reverse) {
            reversed.push_back(n);
            return;
        }
        out_parents_.clear();
        for (std::uint32_t i = 0; i < nodes_[n].parents_count; ++i)
            out_parents_.push_back(nodes_[parent_links_[nodes_[n].parents_begin + i]].id);
        emit(nodes_[n].id, out_parents_);
    };

    // git reads the whole graph first for --topo-order and --date-order.
    // With a commit-graph it walks incrementally instead, guided by
    // generation numbers, which makes the uninteresting set exact: the same
    // as reading everything reachable.
    bool exhaustive = options.order != CommitOrder::walk && reader_.uses_graph();
    if (options.order != CommitOrder::walk) limited_ = true;
    if (limited_) {
        limit(exhaustive);
        if (options.order != CommitOrder::walk) topo_sort(options.order);
        for (std::uint32_t n : list_) {
            if (remaining == 0) break;
            if (nodes_[n].flags & uninteresting) continue;
            if (options.ignore && options.ignore(nodes_[n].id)) continue;
            show(n);
            if (remaining > 0) --remaining;
        }
    } else {
        list_ = starts_;
        std::stable_sort(list_.begin(), list_.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return nodes_[a].date > nodes_[b].date; });
        while (!queue_.empty() && remaining != 0) {
            std::uint32_t n = pop();
            if (!process_parents(n)) {
                Error e("Failed to traverse parents of commit " + nodes_[n].id.hex());
                e.error_lines.push_back("Could not read " + failed_.hex());
                throw e;
            }
            if (nodes_[n].flags & uninteresting) continue;
            if (options.ignore && options.ignore(nodes_[n].id)) continue;
            show(n);
            if (remaining > 0) --remaining;
        }
    }
    for (auto it = reversed.rbegin(); it != reversed.rend(); ++it) {
        std::uint32_t n = *it;
        out_parents_.clear();
        for (std::uint32_t i = 0; i < nodes_[n].parents_count; ++i)
            out_parents_.push_back(nodes_[parent_links_[nodes_[n].parents_begin + i]].id);
        emit(nodes_[n].id, out_parents_);
    }
}

std::optional<ObjectId> CommitWalk::tree(const ObjectId& commit) const {
    auto it = index_.find(commit);
    if (it == index_.end() || !(nodes_[it->second].flags & parsed)) return std::nullopt;
    return nodes_[it->second].tree;
}

void CommitWalk::for_each_listed(const std::function<void(const ObjectId&, bool, std::span<const ObjectId>,
                                                          std::span<const std::uint8_t>)>& fn) {
    std::vector<ObjectId> parents;
    std::vector<std::uint8_t> flags;
    for (std::uint32_t n : list_) {
        parents.clear();
        flags.clear();
        for (std::uint32_t i = 0; i < nodes_[n].parents_count; ++i) {
            const Node& p = nodes_[parent_links_[nodes_[n].parents_begin + i]];
            parents.push_back(p.id);
            flags.push_back((p.flags & uninteresting) ? 1 : 0);
        }
        fn(nodes_[n].id, (nodes_[n].flags & uninteresting) != 0, parents, flags);
    }
}

}  // namespace grit
