#include "refs/object_prefetch.h"

#include <algorithm>
#include <memory>
#include <thread>

#include "repo/repository.h"
#include "util/error.h"

namespace grit {

std::vector<std::optional<Object>> read_objects_in_parallel(Repository& repo, const std::vector<ObjectId>& ids) {
    std::vector<std::optional<Object>> objects(ids.size());
    constexpr std::size_t kPerThread = 512;  // below this, a thread costs more than it saves
    std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
    threads = std::min(threads, ids.size() / kPerThread);
    if (threads < 2) return objects;
    auto read_range = [&](ObjectDatabase& odb, std::size_t t) {
        std::size_t lo = ids.size() * t / threads, hi = ids.size() * (t + 1) / threads;
        for (std::size_t i = lo; i < hi; ++i) {
            try {
                objects[i] = odb.read(ids[i]);
            } catch (const Error&) {
                objects[i].reset();  // left to the caller, who reports it
            }
        }
    };
    ObjectDatabase& own = repo.odb();
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) {
        pool.emplace_back([&, t] {
            try {
                ObjectDatabase odb(own.objects_dir(), repo.hash_algo(), OdbOptions::from_config(repo.config()));
                read_range(odb, t);
            } catch (const Error&) {
                // An object database that does not open: the caller reads these itself.
            }
        });
    }
    read_range(own, 0);
    for (auto& thread : pool) thread.join();
    return objects;
}

}  // namespace grit
