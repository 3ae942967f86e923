#include "pack/delta_resolver.h"

#include <libdeflate.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <fmt/format.h>
#include <mutex>
#include <thread>

#include "delta/apply.h"
#include "odb/loose_store.h"
#include "util/error.h"
#include "util/progress.h"

namespace grit {

struct DeltaResolver::Task {
    std::uint32_t index = 0;
    std::shared_ptr<const std::string> base;  // null for a whole object
    ObjectType type = ObjectType::none;       // the type of the object the task produces
};

// Pending tasks (a stack, so trees are walked depth first), the roots not yet
// started, and what the threads need to stop together.
struct DeltaResolver::Pool {
    std::mutex mutex;
    std::condition_variable wake;
    std::vector<Task> stack;
    std::vector<std::uint32_t> roots;
    std::size_t next_root = 0;
    unsigned busy = 0;
    bool failed = false;
    std::exception_ptr error;
};

namespace {

struct DecompressorDeleter {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

libdeflate_decompressor* thread_decompressor() {
    thread_local std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> d(libdeflate_alloc_decompressor());
    return d.get();
}

}  // namespace

DeltaResolver::DeltaResolver(std::vector<IndexedObject>& objects, DeltaEdges edges, HashAlgo algo,
                             OnResolved on_resolved)
    : objects_(objects), edges_(std::move(edges)), algo_(algo), on_resolved_(std::move(on_resolved)),
      claimed_(new std::atomic<std::uint8_t>[objects.size()]) {
    for (std::size_t i = 0; i < objects.size(); ++i) claimed_[i].store(0, std::memory_order_relaxed);
    std::sort(edges_.ofs.begin(), edges_.ofs.end());
    std::sort(edges_.ref.begin(), edges_.ref.end());
}

DeltaResolver::~DeltaResolver() = default;

std::string DeltaResolver::inflate(std::uint32_t index) const {
    const IndexedObject& obj = objects_[index];
    const std::uint64_t from = obj.offset + obj.header_len;
    const std::uint64_t to = index + 1 < objects_.size() ? objects_[index + 1].offset : end_of_entries_;
    std::string out(static_cast<std::size_t>(obj.size), '\0');
    std::size_t got = 0;
    auto status = libdeflate_zlib_decompress(thread_decompressor(), pack_.data() + from, to - from, out.data(),
                                             out.size(), &got);
    // The first pass inflated this entry already: any failure now means the
    // file changed under us.
    if (status != LIBDEFLATE_SUCCESS || got != out.size()) throw CorruptData("serious inflate inconsistency");
    return out;
}

void DeltaResolver::process(Task task, Pool& pool) {
    for (;;) {
        std::string data;
        const IndexedObject& obj = objects_[task.index];
        if (!task.base) {
            data = inflate(task.index);
        } else {
            std::string delta = inflate(task.index);
            try {
                apply_delta(*task.base, delta, data);
            } catch (const CorruptData&) {
                throw CorruptData(fmt::format("pack has bad object at offset {}: failed to apply delta", obj.offset));
            }
            objects_[task.index].real_type = task.type;
            objects_[task.index].id = hash_object_text(algo_, type_name(task.type), data);
            if (on_resolved_) on_resolved_(objects_[task.index].id, task.type, data);
            std::uint32_t done = resolved_.fetch_add(1) + 1;
            if (progress_) progress_->update(done);
        }

        // The children of this object: deltas naming its offset or its id.
        std::vector<std::uint32_t> children;
        auto ref = std::equal_range(edges_.ref.begin(), edges_.ref.end(), std::pair{obj.id, 0u},
                                    [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto it = ref.first; it != ref.second; ++it) {
            if (claimed_[it->second].exchange(1) != 0)
                throw CorruptData(fmt::format("REF_DELTA at offset {} already resolved (duplicate base {}?)",
                                              objects_[it->second].offset, obj.id.hex()));
            children.push_back(it->second);
        }
        auto ofs = std::equal_range(edges_.ofs.begin(), edges_.ofs.end(), std::pair{obj.offset, 0u},
                                    [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto it = ofs.first; it != ofs.second; ++it) {
            if (claimed_[it->second].exchange(1) != 0) continue;
            children.push_back(it->second);
        }
        if (children.empty()) return;

        auto shared = std::make_shared<const std::string>(std::move(data));
        const ObjectType type = task.base ? task.type : obj.type;
        if (children.size() > 1) {
            std::lock_guard lock(pool.mutex);
            for (std::size_t i = children.size() - 1; i > 0; --i) pool.stack.push_back({children[i], shared, type});
            pool.wake.notify_all();
        }
        task = {children[0], std::move(shared), type};
    }
}

void DeltaResolver::run(Pool& pool) {
    std::unique_lock lock(pool.mutex);
    for (;;) {
        if (pool.failed) return;
        Task task;
        if (!pool.stack.empty()) {
            task = std::move(pool.stack.back());
            pool.stack.pop_back();
        } else if (pool.next_root < pool.roots.size()) {
            task.index = pool.roots[pool.next_root++];
        } else if (pool.busy == 0) {
            pool.wake.notify_all();
            return;
        } else {
            pool.wake.wait(lock);
            continue;
        }
        ++pool.busy;
        lock.unlock();
        try {
            process(std::move(task), pool);
        } catch (...) {
            lock.lock();
            if (!pool.failed) pool.error = std::current_exception();
            pool.failed = true;
            --pool.busy;
            pool.wake.notify_all();
            return;
        }
        lock.lock();
        --pool.busy;
    }
}

void DeltaResolver::resolve(std::string_view pack, std::uint64_t end_of_entries, unsigned threads) {
    pack_ = pack;
    end_of_entries_ = end_of_entries;
    if (delta_count() == 0) return;
    Pool pool;
    std::vector<std::uint64_t> ofs_bases;
    for (std::uint32_t i = 0; i < objects_.size(); ++i) {
        const IndexedObject& obj = objects_[i];
        if (obj.type == ObjectType::ofs_delta || obj.type == ObjectType::ref_delta) continue;
        bool has_children =
            std::binary_search(edges_.ofs.begin(), edges_.ofs.end(), std::pair{obj.offset, 0u},
                               [](const auto& a, const auto& b) { return a.first < b.first; }) ||
            std::binary_search(edges_.ref.begin(), edges_.ref.end(), std::pair{obj.id, 0u},
                               [](const auto& a, const auto& b) { return a.first < b.first; });
        if (has_children) pool.roots.push_back(i);
    }
    threads = std::max(1u, threads);
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back([&] { run(pool); });
    run(pool);
    for (auto& w : workers) w.join();
    if (pool.error) std::rethrow_exception(pool.error);
}

void DeltaResolver::resolve_below(std::uint32_t index, std::string data) {
    Pool pool;
    // The appended base is whole: seed its children as tasks on its data.
    auto shared = std::make_shared<const std::string>(std::move(data));
    const IndexedObject& obj = objects_[index];
    auto ref = std::equal_range(edges_.ref.begin(), edges_.ref.end(), std::pair{obj.id, 0u},
                                [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto it = ref.first; it != ref.second; ++it) {
        if (claimed_[it->second].exchange(1) != 0) continue;
        pool.stack.push_back({it->second, shared, obj.type});
    }
    std::reverse(pool.stack.begin(), pool.stack.end());
    run(pool);
    if (pool.error) std::rethrow_exception(pool.error);
}

std::vector<std::pair<std::uint32_t, ObjectId>> DeltaResolver::unresolved_ref_deltas() const {
    std::vector<std::pair<std::uint32_t, ObjectId>> out;
    for (const auto& [base, index] : edges_.ref)
        if (!is_resolved(index)) out.emplace_back(index, base);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
}

}  // namespace grit
