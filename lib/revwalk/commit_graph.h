#pragma once
// Reading the commit-graph file (objects/info/commit-graph): commit parents
// and commit times without inflating commit objects. Only a single graph file
// is read (a split graph chain means no graph). Whether to use it at all is
// the caller's decision (see CommitReader).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hash/object_id.h"
#include "util/mapped_file.h"

namespace grit {

class CommitGraph {
public:
    // nullopt when there is no usable graph file. Throws CorruptData when the
    // file is malformed.
    static std::optional<CommitGraph> open(const std::string& objects_dir, HashAlgo algo);

    // Where `id` is in the graph, if it is there.
    std::optional<std::uint32_t> position(const ObjectId& id) const;
    ObjectId id_at(std::uint32_t pos) const;
    std::int64_t commit_time(std::uint32_t pos) const;
    ObjectId tree_at(std::uint32_t pos) const;
    // The parents' positions, in order. Throws CorruptData on a bad edge list.
    void parents(std::uint32_t pos, std::vector<std::uint32_t>& out) const;

private:
    CommitGraph() = default;
    MappedFile file_;
    HashAlgo algo_ = HashAlgo::sha1;
    std::uint32_t count_ = 0;
    const std::uint8_t* fanout_ = nullptr;
    const std::uint8_t* ids_ = nullptr;
    const std::uint8_t* data_ = nullptr;
    const std::uint8_t* edges_ = nullptr;
    std::size_t edge_count_ = 0;
};

}  // namespace grit
