// git unpack-objects: writes the objects of a pack read on standard input
// as loose objects. Options are parsed by hand, as git does.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "common/command.h"
#include "common/report.h"
#include "fsck/fsck_messages.h"
#include "pack/pack_unpacker.h"
#include "repo/repository.h"

namespace grit::cmd {

namespace {

constexpr const char* kUsage = "usage: git unpack-objects [-n] [-q] [-r] [--strict]\n";

[[noreturn]] void usage() {
    std::fputs(kUsage, stderr);
    throw ExitCode{129};
}

int unpack(int argc, char** argv, const StartupOptions& startup) {
    if (argc == 2 && std::strcmp(argv[1], "-h") == 0) usage();
    auto repo = Repository::discover(startup);
    UnpackOptions options;
    bool quiet = !::isatty(2);
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "-n")
            options.dry_run = true;
        else if (arg == "-q")
            quiet = true;
        else if (arg == "-r")
            options.recover = true;
        else if (arg == "--strict")
            options.strict = true;
        else
            usage();
    }
    std::optional<FsckSeverities> severities;
    if (options.strict) {
        severities.emplace(true);
        options.fsck_severities = &*severities;
    }
    if (!quiet) options.progress = [](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stderr); };
    options.on_error = [](const std::string& line) { print_error(line); };

    UnpackResult result = unpack_objects(0, repo->odb(), options);
    if (result.stopped) return 1;
    std::fwrite(result.after_pack.data(), 1, result.after_pack.size(), stdout);
    return result.had_errors ? 1 : 0;
}

int run_unpack_objects(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] { return unpack(argc, argv, startup); });
}

}  // namespace

GRIT_COMMAND("unpack-objects", run_unpack_objects);

}  // namespace grit::cmd
