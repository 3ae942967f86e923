// git prune-packed: deletes loose objects that a pack holds too
// (lib/odb/prune_packed.h); -n lists them as "rm -f <path>" instead.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "common/command.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "odb/object_database.h"
#include "odb/prune_packed.h"
#include "repo/repository.h"
#include "util/progress.h"

namespace grit::cmd {

namespace {

constexpr const char* kUsage =
    "usage: git prune-packed [-n | --dry-run] [-q | --quiet]\n"
    "\n"
    "    -n, --dry-run         dry run\n"
    "    -q, --quiet           be quiet\n"
    "\n";

int prune_packed(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] {
        int dry_run = 0, quiet = 0;
        using G = GitOption;
        std::vector<std::string> args = parse_git_options(
            argc, argv, {G::make_bool('n', "dry-run", &dry_run), G::make_bool('q', "quiet", &quiet)}, kUsage);
        if (!args.empty()) usage_message("too many arguments", kUsage);
        auto repo = Repository::discover(startup);

        // git shows a delayed meter when stderr is a terminal, unless -q.
        std::unique_ptr<Progress> progress;
        if (!quiet && isatty(2))
            progress = std::make_unique<Progress>(
                [](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stderr); },
                "Removing duplicate objects", 256, true);
        std::string listing;
        PrunePackedEvents events;
        events.packed_loose = [&](std::string_view path) {
            if (!dry_run) return;
            listing.append("rm -f ").append(path).append("\n");
            if (listing.size() > (1u << 16)) {
                std::fwrite(listing.data(), 1, listing.size(), stdout);
                listing.clear();
            }
        };
        events.diagnostic = [&](const std::string& line) {
            std::fwrite(listing.data(), 1, listing.size(), stdout);
            listing.clear();
            std::fflush(stdout);
            std::fprintf(stderr, "%s\n", line.c_str());
        };
        events.subdir_done = [&](unsigned subdir) {
            if (progress) progress->update(subdir + 1);
        };
        prune_packed_objects(repo->odb(), dry_run != 0, events);
        if (progress) {
            progress->update(256);
            progress->finish();
        }
        std::fwrite(listing.data(), 1, listing.size(), stdout);
        return 0;
    });
}

}  // namespace

GRIT_COMMAND("prune-packed", prune_packed);

}  // namespace grit::cmd
