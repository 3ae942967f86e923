// git fsck: verifies the objects of the repository and their connectivity.
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "common/command.h"
#include "common/options.h"
#include "common/report.h"
#include "fsck/fsck.h"
#include "repo/repository.h"
#include "util/output_buffer.h"

namespace grit::cmd {

namespace {

constexpr const char* fsck_usage =
    "usage: git fsck [--tags] [--root] [--unreachable] [--cache] [--no-reflogs]\n"
    "                [--[no-]full] [--strict] [--verbose] [--lost-found]\n"
    "                [--[no-]dangling] [--[no-]progress] [--connectivity-only]\n"
    "                [--[no-]name-objects] [<object>...]\n"
    "\n"
    "    -v, --verbose         be verbose\n"
    "    --unreachable         show unreachable objects\n"
    "    --dangling            show dangling objects\n"
    "    --tags                report tags\n"
    "    --root                report root nodes\n"
    "    --cache               make index objects head nodes\n"
    "    --reflogs             make reflogs head nodes (default)\n"
    "    --full                also consider packs and alternate objects\n"
    "    --connectivity-only   check only connectivity\n"
    "    --strict              enable more strict checking\n"
    "    --lost-found          write dangling objects in .git/lost-found\n"
    "    --progress            show progress\n"
    "    --name-objects        show verbose names for reachable objects\n"
    "\n";

// git's parse-options for fsck's boolean switches: "--x" and "--no-x", the
// last one winning.
struct Switch {
    std::string_view name;
    bool* value;
};

int fsck(int argc, char** argv, const StartupOptions& startup) {
    Options opts(fsck_usage);
    FsckOptions fo;
    bool unused = false;
    bool progress = isatty(2);
    const Switch switches[] = {
        {"verbose", &fo.verbose},        {"unreachable", &fo.show_unreachable},
        {"dangling", &fo.show_dangling}, {"tags", &fo.show_tags},
        {"root", &fo.show_root},         {"cache", &fo.keep_cache},
        {"reflogs", &fo.include_reflogs}, {"full", &unused},
        {"connectivity-only", &fo.connectivity_only}, {"strict", &fo.strict},
        {"lost-found", &fo.lost_found},         {"progress", &progress},
        {"name-objects", &unused},
    };
    bool only_args = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (only_args || a.empty() || a[0] != '-' || a == "-") {
            fo.heads.emplace_back(a);
            continue;
        }
        if (a == "--") {
            only_args = true;
            continue;
        }
        if (a == "-h") {
            std::fputs(fsck_usage, stdout);
            throw ExitCode{129};
        }
        if (a == "-v") {
            fo.verbose = true;
            continue;
        }
        if (a.starts_with("--")) {
            std::string_view name = a.substr(2);
            bool value = true;
            if (name.starts_with("no-")) {
                name.remove_prefix(3);
                value = false;
            }
            bool known = false;
            for (const Switch& s : switches)
                if (s.name == name) {
                    *s.value = value;
                    known = true;
                }
            if (known) continue;
            opts.usage_error("unknown option `" + std::string(a.substr(2)) + "'");
        }
        opts.usage_error("unknown switch `" + std::string(a.substr(1, 1)) + "'");
    }
    auto repo = Repository::discover(startup);
    // Every object is inflated into a fresh buffer: keep freed memory in the
    // process instead of mapping and unmapping it each time.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    std::fflush(stdout);
    OutputBuffer out(1);
    FsckSink sink{[&](std::string_view line) {
                      out.write(line);
                      out.put('\n');
                  },
                  [&](std::string_view line) {
                      out.flush();
                      std::fwrite(line.data(), 1, line.size(), stderr);
                      std::fputc('\n', stderr);
                  },
                  [&](std::string_view text) {
                      out.flush();
                      std::fwrite(text.data(), 1, text.size(), stderr);
                  }};
    fo.progress = progress;
    int rc;
    try {
        rc = run_fsck(*repo, fo, sink);
    } catch (...) {
        out.flush();
        throw;
    }
    out.flush();
    return rc;
}

int run_fsck_command(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] { return fsck(argc, argv, startup); });
}

}  // namespace

GRIT_COMMAND("fsck", run_fsck_command);

}  // namespace grit::cmd
