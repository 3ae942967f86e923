#include "revwalk/tree_prefetch.h"

#include "object/tree.h"
#include "odb/delta_base_cache.h"
#include "odb/pack_file.h"
#include "revwalk/object_positions.h"
#include "util/error.h"

namespace grit {

namespace {

constexpr std::size_t kBatchTrees = 256;
// Bounds the memory read ahead (about 16k trees), which matters while the
// walk is still finding commits and not reading yet.
constexpr std::size_t kQueuedBatches = 64;

}  // namespace

TreePrefetch::TreePrefetch(const ObjectDatabase& odb, std::vector<ObjectId> roots, std::string numbering)
    : root_list_(std::move(roots)), numbering_(std::move(numbering)) {
    std::unique_ptr<ObjectDatabase> own = odb.reopen();
    thread_ = std::thread([this, db = std::move(own)]() mutable { run(std::move(db)); });
}

TreePrefetch::~TreePrefetch() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    room_.notify_all();
    roots_.notify_all();
    thread_.join();
}

void TreePrefetch::add_root(const ObjectId& root) {
    {
        std::lock_guard lock(mutex_);
        root_list_.push_back(root);
    }
    roots_.notify_one();
}

void TreePrefetch::close_roots() {
    {
        std::lock_guard lock(mutex_);
        roots_closed_ = true;
    }
    roots_.notify_one();
}

bool TreePrefetch::next_root(ObjectId& root) {
    std::unique_lock lock(mutex_);
    roots_.wait(lock, [&] { return stopping_ || roots_closed_ || next_root_ < root_list_.size(); });
    if (stopping_ || next_root_ == root_list_.size()) return false;
    root = root_list_[next_root_++];
    return true;
}

bool TreePrefetch::deliver(Batch& batch) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return stopping_ || queue_.size() < kQueuedBatches; });
    if (stopping_) return false;
    queue_.push_back(std::move(batch));
    batch = Batch();
    batch.records.reserve(kBatchTrees);
    lock.unlock();
    ready_.notify_one();
    return true;
}

void TreePrefetch::run(std::unique_ptr<ObjectDatabase> odb) {
    Batch batch;
    batch.records.reserve(kBatchTrees);
    try {
        ObjectPositions positions(*odb);
        const bool share_positions = positions.numbering() == numbering_;
        std::vector<std::uint8_t> visited(positions.size());
        DeltaBaseCache cache;
        // Depth first, entries in stored order, as the walk goes: the
        // subtrees of every tree being walked, one range each.
        struct Frame {
            std::size_t begin, next, end;
        };
        std::vector<Frame> stack;
        std::vector<ObjectId> subtrees;
        auto visit = [&](const ObjectId& id) -> bool {
            std::uint32_t pos = positions.position(id);
            if (pos >= visited.size()) visited.resize(positions.size());
            if (visited[pos]) return true;
            visited[pos] = 1;
            std::optional<Object> object;
            if (positions.packed(pos)) {
                ObjectPositions::Location at = positions.location(pos);
                object = at.pack->read_object(at.offset, cache);
            } else {
                object = odb->read(id);
            }
            const std::size_t first = subtrees.size();
            const auto positions_begin = static_cast<std::uint32_t>(batch.positions.size());
            bool malformed = false;
            if (object && object->type == ObjectType::tree) {
                try {
                    TreeReader reader(object->data, id.algo);
                    TreeEntry entry;
                    while (reader.next(entry)) {
                        if (!is_tree_mode(entry.mode)) continue;
                        subtrees.push_back(entry.oid);
                        std::uint32_t child = share_positions ? positions.position(entry.oid) : ObjectPositions::kNone;
                        batch.positions.push_back(positions.packed(child) ? child : ObjectPositions::kNone);
                    }
                } catch (const Error&) {
                    malformed = true;  // the walk parses it and fails as git does
                }
            }
            batch.records.push_back(Record{id, std::move(object), false, positions_begin,
                                           static_cast<std::uint32_t>(batch.positions.size())});
            if (malformed) throw Error("malformed tree");
            if (batch.records.size() >= kBatchTrees && !deliver(batch)) return false;
            if (subtrees.size() > first) stack.push_back(Frame{first, first, subtrees.size()});
            return true;
        };
        ObjectId root;
        while (next_root(root)) {
            if (!visit(root)) return;
            while (!stack.empty()) {
                Frame& top = stack.back();
                if (top.next == top.end) {
                    subtrees.resize(top.begin);
                    stack.pop_back();
                    continue;
                }
                ObjectId child = subtrees[top.next++];
                if (!visit(child)) return;
            }
        }
    } catch (...) {
        // Whatever went wrong, the walk meets it again reading for itself.
        batch.records.push_back(Record{ObjectId{}, std::nullopt, true});
    }
    if (!batch.records.empty()) deliver(batch);
}

bool TreePrefetch::next(const ObjectId& id, std::optional<Object>& out,
                        std::vector<std::uint32_t>& subtree_positions) {
    if (gave_up_) return false;
    if (next_ == current_.records.size()) {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !queue_.empty(); });
        current_ = std::move(queue_.front());
        queue_.pop_front();
        next_ = 0;
        lock.unlock();
        room_.notify_one();
    }
    Record& r = current_.records[next_++];
    if (r.give_up || !(r.id == id)) {
        gave_up_ = true;
        return false;
    }
    out = std::move(r.object);
    subtree_positions.insert(subtree_positions.end(), current_.positions.begin() + r.positions_begin,
                             current_.positions.begin() + r.positions_end);
    return true;
}

}  // namespace grit
