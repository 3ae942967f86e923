// git prune-packed: removes loose objects that are also in a pack.
#include <unistd.h>

#include <cstdio>

#include "common/command.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "maintenance/prune_packed.h"
#include "repo/repository.h"

namespace grit::cmd {
namespace {

constexpr const char* prune_packed_usage =
    "usage: git prune-packed [-n | --dry-run] [-q | --quiet]\n"
    "\n"
    "    -n, --dry-run         dry run\n"
    "    -q, --quiet           be quiet\n"
    "\n";

int prune_packed(int argc, char** argv, const StartupOptions& startup) {
    int dry_run = 0, quiet = 0;
    using G = GitOption;
    std::vector<std::string> args = parse_git_options(argc, argv, {
        G::make_bool('n', "dry-run", &dry_run),
        G::make_bool('q', "quiet", &quiet),
    }, prune_packed_usage);
    if (!args.empty()) usage_message("too many arguments", prune_packed_usage);
    auto repo = Repository::discover(startup);
    ProgressSink progress;
    if (!quiet && isatty(2))
        progress = [](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stderr); };
    prune_packed_objects(
        repo->odb(), dry_run,
        [](std::string_view line) {
            std::fwrite(line.data(), 1, line.size(), stdout);
            std::fputc('\n', stdout);
        },
        [](std::string_view line) {
            std::fflush(stdout);
            std::fwrite(line.data(), 1, line.size(), stderr);
            std::fputc('\n', stderr);
        },
        std::move(progress));
    return 0;
}

int run_prune_packed(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] { return prune_packed(argc, argv, startup); });
}

}  // namespace

GRIT_COMMAND("prune-packed", run_prune_packed);

}  // namespace grit::cmd
