#include "revwalk/commit_graph.h"

#include <cstring>

#include "util/error.h"

namespace grit {

namespace {

constexpr std::uint32_t kChunkFanout = 0x4f494446;   // "OIDF"
constexpr std::uint32_t kChunkIds = 0x4f49444c;      // "OIDL"
constexpr std::uint32_t kChunkData = 0x43444154;     // "CDAT"
constexpr std::uint32_t kChunkEdges = 0x45444745;    // "EDGE"
constexpr std::uint32_t kNoParent = 0x70000000;
constexpr std::uint32_t kEdgeFlag = 0x80000000;

std::uint32_t be32(const std::uint8_t* p) {
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}
std::uint64_t be64(const std::uint8_t* p) { return std::uint64_t(be32(p)) << 32 | be32(p + 4); }

[[noreturn]] void corrupt(const std::string& why) { throw CorruptData("commit-graph: " + why); }

}  // namespace

std::optional<CommitGraph> CommitGraph::open(const std::string& objects_dir, HashAlgo algo) {
    CommitGraph graph;
    try {
        graph.file_ = MappedFile(objects_dir + "/info/commit-graph");
    } catch (const NotFound&) {
        return std::nullopt;
    }
    graph.algo_ = algo;
    const std::uint8_t* p = graph.file_.data();
    const std::size_t size = graph.file_.size();
    const std::size_t hsz = hash_size(algo);
    if (size < 8 || std::memcmp(p, "CGPH", 4) != 0) corrupt("bad signature");
    if (p[4] != 1) return std::nullopt;  // a version this reader does not know
    if (p[5] != (algo == HashAlgo::sha1 ? 1 : 2)) return std::nullopt;
    std::size_t chunks = p[6];
    if (p[7] != 0) return std::nullopt;  // based on other graphs
    if (size < 8 + (chunks + 1) * 12) corrupt("too short");
    std::uint64_t fanout_at = 0, ids_at = 0, data_at = 0, edges_at = 0, edges_end = 0;
    for (std::size_t i = 0; i < chunks; ++i) {
        const std::uint8_t* entry = p + 8 + i * 12;
        std::uint32_t id = be32(entry);
        std::uint64_t offset = be64(entry + 4), next = be64(entry + 16);
        if (offset > size || next > size || next < offset) corrupt("bad chunk offset");
        if (id == kChunkFanout) fanout_at = offset;
        if (id == kChunkIds) ids_at = offset;
        if (id == kChunkData) data_at = offset;
        if (id == kChunkEdges) {
            edges_at = offset;
            edges_end = next;
        }
    }
    if (!fanout_at || !ids_at || !data_at || fanout_at + 256 * 4 > size) corrupt("missing chunk");
    graph.fanout_ = p + fanout_at;
    graph.count_ = be32(graph.fanout_ + 255 * 4);
    if (ids_at + std::uint64_t(graph.count_) * hsz > size || data_at + std::uint64_t(graph.count_) * (hsz + 16) > size)
        corrupt("chunk too short");
    graph.ids_ = p + ids_at;
    graph.data_ = p + data_at;
    if (edges_at) {
        graph.edges_ = p + edges_at;
        graph.edge_count_ = static_cast<std::size_t>((edges_end - edges_at) / 4);
    }
    return graph;
}

std::optional<std::uint32_t> CommitGraph::position(const ObjectId& id) const {
    const std::size_t hsz = hash_size(algo_);
    std::uint8_t first = id.data()[0];
    std::uint32_t lo = first ? be32(fanout_ + (first - 1) * 4) : 0;
    std::uint32_t hi = be32(fanout_ + first * 4);
    while (lo < hi) {
        std::uint32_t mid = lo + (hi - lo) / 2;
        int cmp = std::memcmp(ids_ + std::size_t(mid) * hsz, id.data(), hsz);
        if (cmp == 0) return mid;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return std::nullopt;
}

ObjectId CommitGraph::id_at(std::uint32_t pos) const {
    return ObjectId::from_raw(ids_ + std::size_t(pos) * hash_size(algo_), algo_);
}

std::int64_t CommitGraph::commit_time(std::uint32_t pos) const {
    const std::uint8_t* entry = data_ + std::size_t(pos) * (hash_size(algo_) + 16);
    // The low 34 bits of the last eight bytes; the generation takes the rest.
    return static_cast<std::int64_t>(be64(entry + hash_size(algo_) + 8) & ((std::uint64_t(1) << 34) - 1));
}

void CommitGraph::parents(std::uint32_t pos, std::vector<std::uint32_t>& out) const {
    out.clear();
    const std::uint8_t* entry = data_ + std::size_t(pos) * (hash_size(algo_) + 16) + hash_size(algo_);
    std::uint32_t first = be32(entry), second = be32(entry + 4);
    if (first == kNoParent) return;
    if (first >= count_) corrupt("bad parent position");
    out.push_back(first);
    if (second == kNoParent) return;
    if (!(second & kEdgeFlag)) {
        if (second >= count_) corrupt("bad parent position");
        out.push_back(second);
        return;
    }
    // An octopus merge: its other parents are listed in the edge chunk, the
    // last one flagged.
    for (std::size_t i = second & ~kEdgeFlag;; ++i) {
        if (!edges_ || i >= edge_count_) corrupt("bad edge list");
        std::uint32_t edge = be32(edges_ + i * 4);
        if ((edge & ~kEdgeFlag) >= count_) corrupt("bad parent position");
        out.push_back(edge & ~kEdgeFlag);
        if (edge & kEdgeFlag) break;
    }
}

ObjectId CommitGraph::tree_at(std::uint32_t pos) const {
    return ObjectId::from_raw(data_ + std::size_t(pos) * (hash_size(algo_) + 16), algo_);
}

}  // namespace grit
