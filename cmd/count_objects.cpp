// git count-objects: loose objects and their disk usage; with -v also the
// packs, loose objects a pack holds too, garbage and alternates
// (lib/odb/object_census.h).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/command.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "odb/object_census.h"
#include "odb/object_database.h"
#include "repo/repository.h"
#include "util/quote.h"

namespace grit::cmd {

namespace {

constexpr const char* kUsage =
    "usage: git count-objects [-v] [-H | --human-readable]\n"
    "\n"
    "    -v, --verbose         be verbose\n"
    "    -H, --human-readable  print sizes in human readable format\n"
    "\n";

// git's strbuf_humanise_bytes.
std::string humanise(std::uint64_t bytes) {
    char buf[64];
    if (bytes > (1u << 30)) {
        std::snprintf(buf, sizeof buf, "%u.%2.2u GiB", unsigned(bytes >> 30),
                      unsigned(bytes & ((1u << 30) - 1)) / 10737419);
    } else if (bytes > (1u << 20)) {
        unsigned x = unsigned(bytes) + 5243;  // rounding
        std::snprintf(buf, sizeof buf, "%u.%2.2u MiB", x >> 20, ((x & ((1u << 20) - 1)) * 100) >> 20);
    } else if (bytes > (1u << 10)) {
        unsigned x = unsigned(bytes) + 5;  // rounding
        std::snprintf(buf, sizeof buf, "%u.%2.2u KiB", x >> 10, ((x & ((1u << 10) - 1)) * 100) >> 10);
    } else {
        std::snprintf(buf, sizeof buf, bytes == 1 ? "%u byte" : "%u bytes", unsigned(bytes));
    }
    return buf;
}

// GIT_ALTERNATE_OBJECT_DIRECTORIES: colon-separated, relative to here.
std::vector<std::string> environment_alternates() {
    std::vector<std::string> out;
    const char* env = std::getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
    if (!env) return out;
    std::string all = env;
    std::size_t start = 0;
    while (start <= all.size()) {
        std::size_t colon = all.find(':', start);
        if (colon == std::string::npos) colon = all.size();
        std::string one = all.substr(start, colon - start);
        if (!one.empty()) out.push_back(one);
        start = colon + 1;
    }
    return out;
}

// git works from the top of the worktree, so its messages name
// ".git/objects/..." even when started in a subdirectory.
std::string objects_dir_from_top(Repository& repo) {
    std::string dir = repo.odb().objects_dir();
    const auto& top = repo.work_tree();
    if (top && dir.starts_with(*top + "/") && ::chdir(top->c_str()) == 0) dir = dir.substr(top->size() + 1);
    return dir;
}

int count_objects(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] {
        int verbose = 0, human = 0;
        using G = GitOption;
        std::vector<std::string> args = parse_git_options(
            argc, argv, {G::make_counter('v', "verbose", &verbose), G::make_bool('H', "human-readable", &human)},
            kUsage);
        // No arguments but options.
        if (!args.empty()) usage_with_options(kUsage);
        auto repo = Repository::discover(startup);
        ObjectDatabase& odb = repo->odb();
        ObjectCensus c = take_object_census(objects_dir_from_top(*repo), odb.algo(), verbose > 0,
                                            environment_alternates());
        for (const std::string& line : c.diagnostics) std::fprintf(stderr, "%s\n", line.c_str());
        auto size = [&](std::uint64_t bytes) { return human ? humanise(bytes) : std::to_string(bytes / 1024); };
        std::string out;
        if (verbose) {
            out += "count: " + std::to_string(c.loose) + "\n";
            out += "size: " + size(c.loose_disk_bytes) + "\n";
            out += "in-pack: " + std::to_string(c.in_pack) + "\n";
            out += "packs: " + std::to_string(c.packs) + "\n";
            out += "size-pack: " + size(c.pack_bytes) + "\n";
            out += "prune-packable: " + std::to_string(c.prune_packable) + "\n";
            out += "garbage: " + std::to_string(c.garbage) + "\n";
            out += "size-garbage: " + size(c.garbage_bytes) + "\n";
            for (const std::string& alt : c.alternates) {
                out += "alternate: ";
                append_c_quoted(out, alt, true);
                out += "\n";
            }
        } else {
            out += std::to_string(c.loose) + " objects, " +
                   (human ? humanise(c.loose_disk_bytes) : std::to_string(c.loose_disk_bytes / 1024) + " kilobytes") +
                   "\n";
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    });
}

}  // namespace

GRIT_COMMAND("count-objects", count_objects);

}  // namespace grit::cmd
