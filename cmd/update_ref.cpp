// git update-ref: set, delete or verify refs, one at a time from the command
// line or as transactions read from standard input.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/command.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "refs/ref_transaction.h"
#include "refs/ref_update_commands.h"
#include "refs/reflog_writer.h"
#include "repo/repository.h"
#include "revision/resolve.h"

namespace grit::cmd {

namespace {

constexpr const char* kUsage =
    "usage: git update-ref [<options>] -d <refname> [<old-val>]\n"
    "   or: git update-ref [<options>]    <refname> <new-val> [<old-val>]\n"
    "   or: git update-ref [<options>] --stdin [-z]\n"
    "\n"
    "    -m <reason>           reason of the update\n"
    "    -d                    delete the reference\n"
    "    --no-deref            update <refname> not the one it points to\n"
    "    -z                    stdin has NUL-terminated arguments\n"
    "    --stdin               read updates from stdin\n"
    "    --create-reflog       create a reflog\n"
    "\n";

void print_lines(const std::vector<std::string>& lines) {
    for (const std::string& line : lines) std::fprintf(stderr, "%s\n", line.c_str());
}

// A value on the command line: any revision, as git's get_oid.
std::optional<ObjectId> resolve_value(Repository& repo, const std::string& value) {
    Resolution res = resolve_revision(repo, value);
    print_lines(res.messages);
    if (!res.found()) return std::nullopt;
    return res.oid;
}

// Reads commands until end of input, printing what each answers as it goes
// (a caller may wait for "prepare: ok" before deciding to commit).
void run_stdin(Repository& repo, bool nul, const RefUpdateOptions& defaults, const std::string& message) {
    RefUpdateCommands commands(repo, nul, defaults, message, [](std::string_view line) {
        std::fflush(stdout);
        std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
    });
    const int terminator = nul ? '\0' : '\n';
    char* buffer = nullptr;
    std::size_t capacity = 0;
    auto read_field = [&](std::string& into) {
        ssize_t n = getdelim(&buffer, &capacity, terminator, stdin);
        if (n < 0) return false;
        into.append(buffer, static_cast<std::size_t>(n));
        return true;
    };
    struct FreeBuffer {
        char*& p;
        ~FreeBuffer() { std::free(p); }
    } free_buffer{buffer};
    try {
        for (std::string record; read_field(record); record.clear()) {
            std::string answer = commands.execute(record, read_field);
            if (!answer.empty()) {
                std::fputs(answer.c_str(), stdout);
                std::fflush(stdout);
            }
        }
        commands.finish();
    } catch (const RefCommandError& e) {
        die(e.what());
    }
}

int update_ref(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&]() -> int {
        std::unique_ptr<Repository> repo;
        if (!(argc == 2 && std::string_view(argv[1]) == "-h")) {
            repo = Repository::discover(startup);
            // git reads core.logAllRefUpdates with its default configuration.
            log_ref_updates_setting(repo->config(), repo->is_bare());
        }
        std::optional<std::string> message;
        int del = 0, no_deref = 0, nul = 0, from_stdin = 0, create_reflog = 0;
        using G = GitOption;
        std::vector<std::string> args = parse_git_options(argc, argv,
                                                          {
                                                              G::make_string('m', {}, &message),
                                                              G::make_bool('d', {}, &del),
                                                              G::make_bool(0, "no-deref", &no_deref),
                                                              G::make_bool('z', {}, &nul),
                                                              G::make_bool(0, "stdin", &from_stdin),
                                                              G::make_bool(0, "create-reflog", &create_reflog),
                                                          },
                                                          kUsage);
        if (message && message->empty()) die("Refusing to perform update with empty message.");
        RefUpdateOptions options{.no_deref = no_deref != 0, .force_create_reflog = create_reflog != 0};

        if (from_stdin) {
            if (del || !args.empty()) usage_with_options(kUsage);
            run_stdin(*repo, nul != 0, options, message.value_or(""));
            return 0;
        }
        if (nul) usage_with_options(kUsage);
        if (del ? (args.empty() || args.size() > 2) : (args.size() < 2 || args.size() > 3))
            usage_with_options(kUsage);

        const std::string& refname = args[0];
        std::optional<ObjectId> new_oid;
        if (!del) {
            new_oid = resolve_value(*repo, args[1]);
            if (!new_oid) die(args[1] + ": not a valid SHA1");
        }
        std::optional<std::string> old_value;
        if (args.size() == (del ? 2u : 3u)) old_value = args.back();
        std::optional<ObjectId> old_oid;
        if (old_value) {
            old_oid = old_value->empty() ? ObjectId::null(repo->hash_algo()) : resolve_value(*repo, *old_value);
            if (!old_oid) die(*old_value + ": not a valid old SHA1");
        }

        RefTransaction transaction(*repo);
        if (del) {
            // The null id as old value means "whatever it is" here.
            if (old_oid && old_oid->is_null()) old_oid.reset();
            try {
                transaction.remove(refname, old_oid, RefUpdateOptions{.no_deref = options.no_deref},
                                   message.value_or(""));
                transaction.commit();
            } catch (const RefUpdateError& e) {
                print_error(e.what());
                return 1;
            }
            return 0;
        }
        try {
            transaction.update(refname, new_oid, old_oid, options, message.value_or(""));
            transaction.commit();
        } catch (const RefUpdateError& e) {
            die("update_ref failed for ref '" + refname + "': " + e.what());
        }
        return 0;
    });
}

}  // namespace

GRIT_COMMAND("update-ref", update_ref);

}  // namespace grit::cmd
