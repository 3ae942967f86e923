#pragma once
// Reads the trees of an object walk ahead of it, on a thread of its own.
//
// Reading trees (inflating, resolving delta chains) is half the work of
// `rev-list --objects`; the other half is looking up each entry, deciding
// what is new and printing it. When the walk's order of trees does not
// depend on anything but the trees themselves (no uninteresting trees, no
// filter that may leave a tree unmarked), a second thread can walk the trees
// alone, depth first from the same roots, skipping those it has met before,
// and hand them over in exactly the order the walk will ask for them.
//
// The thread has its own object database (ObjectDatabase::reopen), positions
// and delta-base cache, so nothing is shared but the queue. It gives up at
// the first error of any kind; the walk then reads the rest itself and meets
// the error at the same place, reported as without the prefetcher.
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "hash/object_id.h"
#include "odb/object_database.h"

namespace grit {

class TreePrefetch {
public:
    // roots: the walk's pending trees so far, in order; more may follow
    // through add_root() until close_roots(). numbering: the walk's
    // ObjectPositions::numbering(); when the prefetcher's own is the same it
    // hands over the positions of the subtrees it looked up.
    TreePrefetch(const ObjectDatabase& odb, std::vector<ObjectId> roots, std::string numbering);
    void add_root(const ObjectId& root);
    // No more roots: the walk is about to read.
    void close_roots();
    ~TreePrefetch();
    TreePrefetch(const TreePrefetch&) = delete;
    TreePrefetch& operator=(const TreePrefetch&) = delete;

    // The next tree the walk reads, which must be `id`: true with the object
    // (nullopt when it does not exist) and the positions of its subtree
    // entries in order (ObjectPositions::kNone where unknown; appended to
    // `subtree_positions`), or false once the prefetcher has given up (the
    // caller reads `id` and every later tree itself).
    bool next(const ObjectId& id, std::optional<Object>& out, std::vector<std::uint32_t>& subtree_positions);

private:
    struct Record {
        ObjectId id;
        std::optional<Object> object;
        bool give_up = false;
        std::uint32_t positions_begin = 0, positions_end = 0;  // in Batch::positions
    };
    struct Batch {
        std::vector<Record> records;
        std::vector<std::uint32_t> positions;
    };

    void run(std::unique_ptr<ObjectDatabase> odb);
    // The next root, waiting for one; false after the last.
    bool next_root(ObjectId& root);
    // Hands a batch to the walk; false when the walk has stopped listening.
    bool deliver(Batch& batch);

    std::mutex mutex_;
    std::condition_variable ready_;  // a batch was queued
    std::condition_variable room_;   // a batch was taken
    std::condition_variable roots_;  // a root was added, or the roots closed
    std::vector<ObjectId> root_list_;
    std::size_t next_root_ = 0;
    bool roots_closed_ = false;
    std::deque<Batch> queue_;
    bool stopping_ = false;
    Batch current_;
    std::size_t next_ = 0;
    bool gave_up_ = false;
    std::string numbering_;
    std::thread thread_;
};

}  // namespace grit
