// git fsck: verifies the objects of the repository and their connectivity.
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "common/command.h"
#include "common/parse_options.h"
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

int fsck(int argc, char** argv, const StartupOptions& startup) {
    int verbose = 0, unreachable = 0, dangling = 1, tags = 0, root = 0, cache = 0, reflogs = 1, full = 1,
        connectivity_only = 0, strict = 0, lost_found = 0, progress = isatty(2), name_objects = 0;
    using G = GitOption;
    std::vector<std::string> heads = parse_git_options(argc, argv, {
        G::make_bool('v', "verbose", &verbose),
        G::make_bool(0, "unreachable", &unreachable),
        G::make_bool(0, "dangling", &dangling),
        G::make_bool(0, "tags", &tags),
        G::make_bool(0, "root", &root),
        G::make_bool(0, "cache", &cache),
        G::make_bool(0, "reflogs", &reflogs),
        G::make_bool(0, "full", &full),
        G::make_bool(0, "connectivity-only", &connectivity_only),
        G::make_bool(0, "strict", &strict),
        G::make_bool(0, "lost-found", &lost_found),
        G::make_bool(0, "progress", &progress),
        G::make_bool(0, "name-objects", &name_objects),
    }, fsck_usage);
    FsckOptions fo;
    fo.verbose = verbose;
    fo.show_unreachable = unreachable;
    fo.show_dangling = dangling;
    fo.show_tags = tags;
    fo.show_root = root;
    fo.keep_cache = cache;
    fo.include_reflogs = reflogs;
    fo.connectivity_only = connectivity_only;
    fo.strict = strict;
    fo.lost_found = lost_found;
    fo.progress = progress;
    fo.heads = std::move(heads);
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
