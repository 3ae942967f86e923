// git pack-refs: move loose refs into packed-refs.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "common/command.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "refs/pack_refs.h"
#include "repo/repository.h"

namespace grit::cmd {

namespace {

// git 2.39's usage; --include and --exclude (git 2.42) are accepted but, as
// options this git does not know, not listed.
constexpr const char* kUsage =
    "usage: git pack-refs [--all] [--no-prune]\n"
    "\n"
    "    --all                 pack everything\n"
    "    --prune               prune loose refs (default)\n"
    "\n";

int pack_refs_command(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&]() -> int {
        std::unique_ptr<Repository> repo;
        if (!(argc == 2 && std::string_view(argv[1]) == "-h")) repo = Repository::discover(startup);
        int all = 0, prune = 1;
        PackRefsOptions options;
        using G = GitOption;
        std::vector<std::string> args = parse_git_options(argc, argv,
                                                          {
                                                              G::make_bool(0, "all", &all),
                                                              G::make_bool(0, "prune", &prune),
                                                              G::make_string_list("include", &options.includes),
                                                              G::make_string_list("exclude", &options.excludes),
                                                          },
                                                          kUsage);
        if (!args.empty()) {
            std::fputs(kUsage, stderr);
            throw ExitCode{129};
        }
        if (all) options.includes.push_back("*");
        options.prune = prune;
        for (const std::string& line : pack_refs(*repo, options)) print_error(line);
        return 0;
    });
}

}  // namespace

GRIT_COMMAND("pack-refs", pack_refs_command);

}  // namespace grit::cmd
