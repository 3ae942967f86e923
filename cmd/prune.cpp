// git prune: removes unreachable loose objects older than --expire.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common/command.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "maintenance/prune.h"
#include "odb/object_database.h"
#include "repo/repository.h"
#include "revision/resolve.h"
#include "util/approxidate.h"

namespace grit::cmd {
namespace {

constexpr const char* prune_usage =
    "usage: git prune [-n] [-v] [--progress] [--expire <time>] [--] [<head>...]\n"
    "\n"
    "    -n, --dry-run         do not remove, show only\n"
    "    -v, --verbose         report pruned objects\n"
    "    --progress            show progress\n"
    "    --expire <expiry-date>\n"
    "                          expire objects older than <time>\n"
    "    --exclude-promisor-objects\n"
    "                          limit traversal to objects outside promisor packfiles\n"
    "\n";

void print_line(std::FILE* to, std::string_view line) {
    std::fwrite(line.data(), 1, line.size(), to);
    std::fputc('\n', to);
}

int prune(int argc, char** argv, const StartupOptions& startup) {
    int dry_run = 0, verbose = 0, progress = -1, exclude_promisor = 0;
    std::optional<std::string> expire;
    using G = GitOption;
    std::vector<std::string> heads = parse_git_options(argc, argv, {
        G::make_bool('n', "dry-run", &dry_run),
        G::make_counter('v', "verbose", &verbose),
        G::make_bool(0, "progress", &progress),
        G::make_callback_with_value("expire", [&](const char* value, bool unset) -> std::optional<std::string> {
            expire = unset ? "never" : value;
            return std::nullopt;
        }, /*negatable=*/true),
        G::make_bool(0, "exclude-promisor-objects", &exclude_promisor),
    }, prune_usage);
    auto repo = Repository::discover(startup);

    PruneOptions options;
    options.dry_run = dry_run;
    options.verbose = verbose;
    if (expire) {
        auto when = parse_expiry_date(*expire, current_time());
        if (!when) die("malformed expiration date '" + *expire + "'");
        options.expire = *when;
    }
    for (const std::string& head : heads) {
        Resolution r = resolve_revision(*repo, head);
        if (!r.found()) die("unrecognized argument: " + head);
        if (!repo->odb().contains(r.oid)) die("unable to parse object: " + head);
        options.extra_heads.push_back(r.oid);
    }
    if (progress < 0) progress = isatty(2);

    PruneOutput output;
    output.out = [](std::string_view line) { print_line(stdout, line); };
    output.err = [](std::string_view line) {
        std::fflush(stdout);
        print_line(stderr, line);
    };
    if (progress)
        output.progress = [](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stderr); };
    prune_repository(*repo, options, output);
    return 0;
}

int run_prune(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] { return prune(argc, argv, startup); });
}

}  // namespace

GRIT_COMMAND("prune", run_prune);

}  // namespace grit::cmd
