// A measurement, not a test (hidden: run `unit_tests "[delta-bench]"`): feeds
// every object of a repository (GRIT_DELTA_BENCH_REPO, default /tmp/br/m)
// through find_deltas in rev-list order, estimates the pack it would make
// (zlib at the default level, entries in recency order with bases first,
// ofs-delta headers), and prints that next to the size, delta search time
// (its "Compressing objects" trace2 region) and wall time of
// `git pack-objects --revs --all --no-reuse-delta --delta-base-offset` with the same window,
// depth and threads (GRIT_DELTA_BENCH_THREADS, default 2).
#include <catch2/catch.hpp>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <string>
#include <vector>

#include "delta/apply.h"
#include "odb/object_database.h"
#include "pack/delta_search.h"
#include "pack/name_hash.h"

namespace {

std::string run(const std::string& command) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    REQUIRE(p);
    char buf[65536];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    pclose(p);
    return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Pack entry header: type and 4 size bits, then 7 size bits a byte.
std::size_t header_len(std::uint64_t size) {
    std::size_t n = 1;
    for (size >>= 4; size; size >>= 7) ++n;
    return n;
}

std::size_t ofs_len(std::uint64_t v) {
    std::size_t n = 1;
    while (v >>= 7) --v, ++n;
    return n;
}

std::size_t deflated_size(const std::string& data) {
    uLongf len = compressBound(data.size());
    std::string out(len, '\0');
    REQUIRE(compress2(reinterpret_cast<Bytef*>(out.data()), &len, reinterpret_cast<const Bytef*>(data.data()),
                      data.size(), Z_DEFAULT_COMPRESSION) == Z_OK);
    return len;
}

}  // namespace

TEST_CASE("delta search size and speed against git", "[.][delta-bench]") {
    const char* env_repo = std::getenv("GRIT_DELTA_BENCH_REPO");
    const char* env_threads = std::getenv("GRIT_DELTA_BENCH_THREADS");
    std::string repo = env_repo ? env_repo : "/tmp/br/m";
    unsigned threads = env_threads ? static_cast<unsigned>(std::atoi(env_threads)) : 2;

    grit::ObjectDatabase odb(repo + "/.git/objects", grit::HashAlgo::sha1, grit::OdbOptions{});
    std::string listing = run("git -C '" + repo + "' rev-list --objects --all");
    std::vector<grit::DeltaSearchEntry> entries;
    std::vector<std::string> contents;
    for (std::size_t pos = 0; pos < listing.size();) {
        std::size_t eol = listing.find('\n', pos);
        std::string_view line(listing.data() + pos, eol - pos);
        pos = eol + 1;
        auto id = grit::ObjectId::from_hex(line.substr(0, 40), grit::HashAlgo::sha1);
        REQUIRE(id);
        std::string_view path = line.size() > 41 ? line.substr(41) : std::string_view();
        auto object = odb.read(*id);
        REQUIRE(object);
        entries.push_back({object->type, grit::pack_name_hash(path), object->data.size()});
        contents.push_back(std::move(object->data));
    }

    grit::DeltaSearchOptions options;
    options.threads = threads;
    auto start = std::chrono::steady_clock::now();
    std::clock_t cpu_start = std::clock();
    auto choices = grit::find_deltas(
        entries, [&](std::size_t i) { return contents[i]; }, options, [](std::size_t) {});
    double search_time = seconds_since(start);
    double search_cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;

    // Write order: recency, each base before its first delta.
    std::vector<std::uint64_t> offset(entries.size(), 0);
    std::vector<bool> written(entries.size(), false);
    std::uint64_t pack_size = 12, delta_bytes = 0, delta_packed = 0, whole_packed = 0;
    std::size_t deltas = 0;
    std::vector<std::size_t> chain;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        chain.clear();
        for (std::int64_t k = static_cast<std::int64_t>(i); k >= 0 && !written[k]; k = choices[k].base)
            chain.push_back(static_cast<std::size_t>(k));
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
            std::size_t k = *it;
            const auto& ch = choices[k];
            offset[k] = pack_size;
            written[k] = true;
            if (ch.base >= 0) {
                REQUIRE(grit::apply_delta(contents[ch.base], ch.delta) == contents[k]);
                ++deltas;
                delta_bytes += ch.delta.size();
                std::uint64_t n = header_len(ch.delta.size()) + ofs_len(offset[k] - offset[ch.base]) +
                                  deflated_size(ch.delta);
                delta_packed += n;
                pack_size += n;
            } else {
                std::uint64_t n = header_len(contents[k].size()) + deflated_size(contents[k]);
                whole_packed += n;
                pack_size += n;
            }
        }
    }
    pack_size += 20;

    start = std::chrono::steady_clock::now();
    const std::string trace = "/tmp/grit-delta-bench-trace2.txt";
    std::remove(trace.c_str());
    std::string git_size = run("GIT_TRACE2_PERF=" + trace + " git -C '" + repo +
                               "' pack-objects --revs --all --no-reuse-delta --delta-base-offset --window=10 "
                               "--depth=50 --progress --threads=" +
                               std::to_string(threads) + " --stdout </dev/null 2>/dev/null | wc -c");
    double git_time = seconds_since(start);
    // git's delta search is its "Compressing objects" progress region.
    double git_search_time = 0;
    std::string regions = run("grep 'region_leave.*label:Compressing objects' " + trace);
    if (auto bar = regions.find("| progress"); bar != std::string::npos) {
        std::size_t end = regions.rfind('|', bar - 1);
        std::size_t begin = regions.rfind('|', end - 1);
        git_search_time = std::stod(regions.substr(begin + 1, end - begin - 1));
    }
    std::remove(trace.c_str());

    std::printf("objects %zu, deltas %zu, raw delta bytes %llu\n", entries.size(), deltas,
                static_cast<unsigned long long>(delta_bytes));
    std::printf("packed bytes: deltas %llu, whole objects %llu\n", static_cast<unsigned long long>(delta_packed),
                static_cast<unsigned long long>(whole_packed));
    std::printf("grit: estimated pack %llu bytes, delta search %.2f s wall, %.2f s cpu (%u threads)\n",
                static_cast<unsigned long long>(pack_size), search_time, search_cpu, threads);
    std::printf("git:  pack %llu bytes, delta search %.2f s wall, whole pack-objects %.2f s\n", std::stoull(git_size),
                git_search_time, git_time);
    std::printf("search time ratio %.3f\n", git_search_time > 0 ? search_time / git_search_time : 0.0);
    std::printf("size ratio %.4f\n", static_cast<double>(pack_size) / std::stod(git_size));
}
