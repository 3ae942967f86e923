// git symbolic-ref: read, create or delete a symbolic ref.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/command.h"
#include "common/report.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "refs/ref_store.h"
#include "refs/symref_update.h"
#include "repo/repository.h"
#include "revision/ref_dwim.h"

namespace grit::cmd {

namespace {

constexpr const char* kUsage =
    "usage: git symbolic-ref [-m <reason>] <name> <ref>\n"
    "   or: git symbolic-ref [-q] [--short] [--no-recurse] <name>\n"
    "   or: git symbolic-ref --delete [-q] <name>\n"
    "\n"
    "    -q, --quiet           suppress error message for non-symbolic (detached) refs\n"
    "    -d, --delete          delete symbolic ref\n"
    "    --short               shorten ref output\n"
    "    --recurse             recursively dereference (default)\n"
    "    -m <reason>           reason of the update\n"
    "\n";

// git's check_symref: 0 when `name` is a symbolic ref (printing its target
// if asked), 1 when it is not and `quiet`; dies otherwise.
int check_symref(Repository& repo, const std::string& name, bool quiet, bool shorten, bool recurse, bool print) {
    bool symbolic = false;
    auto target = repo.refs().resolve_name(name, recurse, &symbolic);
    if (!target) die("No such ref: " + name);
    if (!symbolic) {
        if (!quiet) die("ref " + name + " is not a symbolic ref");
        return 1;
    }
    if (print) {
        std::string shown = shorten ? shorten_ref(repo, *target, false) : *target;
        std::printf("%s\n", shown.c_str());
    }
    return 0;
}

int symbolic_ref(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&]() -> int {
        std::unique_ptr<Repository> repo;
        if (!(argc == 2 && std::string_view(argv[1]) == "-h")) repo = Repository::discover(startup);
        int quiet = 0, del = 0, shorten = 0, recurse = 1;
        std::optional<std::string> message;
        using G = GitOption;
        std::vector<GitOption> table = {
            G::make_bool('q', "quiet", &quiet),
            G::make_bool('d', "delete", &del),
            G::make_bool(0, "short", &shorten),
            G::make_bool(0, "recurse", &recurse),
            G::make_string('m', {}, &message),
        };
        std::vector<std::string> args = parse_git_options(argc, argv, std::move(table), kUsage);
        if (message && message->empty()) die("Refusing to perform update with empty message");

        if (del) {
            if (args.size() != 1) {
                std::fputs(kUsage, stderr);
                throw ExitCode{129};
            }
            if (check_symref(*repo, args[0], true, false, false, false))
                die("Cannot delete " + args[0] + ", not a symbolic ref");
            if (args[0] == "HEAD") die("deleting '" + args[0] + "' is not allowed");
            delete_symref(*repo, args[0]);
            return 0;
        }
        switch (args.size()) {
        case 1:
            return check_symref(*repo, args[0], quiet, shorten, recurse, true);
        case 2:
            if (args[0] == "HEAD" && !args[1].starts_with("refs/")) die("Refusing to point HEAD outside of refs/");
            if (!is_valid_refname(args[1], true))
                die("Refusing to set '" + args[0] + "' to invalid ref '" + args[1] + "'");
            create_symref(*repo, args[0], args[1], message.value_or(""));
            return 0;
        default:
            std::fputs(kUsage, stderr);
            throw ExitCode{129};
        }
    });
}

}  // namespace

GRIT_COMMAND("symbolic-ref", symbolic_ref);

}  // namespace grit::cmd
