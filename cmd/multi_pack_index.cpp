// git multi-pack-index: write and verify objects/pack/multi-pack-index.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "common/command.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "odb/multi_pack_index_verify.h"
#include "odb/object_database.h"
#include "pack/multi_pack_index_writer.h"
#include "repo/repository.h"

namespace grit::cmd {
namespace {

#define MIDX_SYNOPSIS                                                                                 \
    "usage: git multi-pack-index [<options>] write [--preferred-pack=<pack>][--refs-snapshot=<path>]\n" \
    "   or: git multi-pack-index [<options>] verify\n"                                                \
    "   or: git multi-pack-index [<options>] expire\n"                                                \
    "   or: git multi-pack-index [<options>] repack [--batch-size=<size>]\n"                          \
    "\n"                                                                                              \
    "    --object-dir <directory>\n"                                                                  \
    "                          object directory containing set of packfile and pack-index pairs\n"

const std::string midx_usage = MIDX_SYNOPSIS "\n";
const std::string write_usage =
    "usage: git multi-pack-index [<options>] write [--preferred-pack=<pack>][--refs-snapshot=<path>]\n"
    "\n"
    "    --object-dir <directory>\n"
    "                          object directory containing set of packfile and pack-index pairs\n"
    "    --preferred-pack <preferred-pack>\n"
    "                          pack for reuse when computing a multi-pack bitmap\n"
    "    --bitmap              write multi-pack bitmap\n"
    "    --progress            force progress reporting\n"
    "    --stdin-packs         write multi-pack index containing only given indexes\n"
    "    --refs-snapshot <file>\n"
    "                          refs snapshot for selecting bitmap commits\n"
    "\n";
const std::string verify_usage =
    "usage: git multi-pack-index [<options>] verify\n"
    "\n"
    "    --object-dir <directory>\n"
    "                          object directory containing set of packfile and pack-index pairs\n"
    "    --progress            force progress reporting\n"
    "\n";

void print_stderr_line(std::string_view line) {
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fputc('\n', stderr);
}

ProgressSink stderr_progress(bool on) {
    if (!on) return {};
    return [](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stderr); };
}

int midx_write(int argc, char** argv, const std::string& objects_dir, HashAlgo algo, int progress) {
    std::optional<std::string> object_dir, preferred, refs_snapshot;
    int bitmap = 0, stdin_packs = 0;
    using G = GitOption;
    std::vector<std::string> args = parse_git_options(argc, argv, {
        G::make_string(0, "object-dir", &object_dir),
        G::make_string(0, "preferred-pack", &preferred),
        G::make_bool(0, "bitmap", &bitmap),
        G::make_bool(0, "progress", &progress),
        G::make_bool(0, "stdin-packs", &stdin_packs),
        G::make_string(0, "refs-snapshot", &refs_snapshot),
    }, write_usage);
    if (!args.empty()) usage_with_options(write_usage);
    if (bitmap) die("multi-pack bitmaps are not supported by grit yet");
    MidxWriteOptions options;
    options.preferred_pack = preferred;
    if (stdin_packs) {
        std::vector<std::string> names;
        for (std::string line; std::getline(std::cin, line);) names.push_back(line);
        options.only_packs = std::move(names);
    }
    return write_multi_pack_index(object_dir.value_or(objects_dir), algo, options, print_stderr_line,
                                  stderr_progress(progress))
               ? 0
               : 1;
}

int midx_verify(int argc, char** argv, const std::string& objects_dir, HashAlgo algo, int progress) {
    std::optional<std::string> object_dir;
    using G = GitOption;
    std::vector<std::string> args = parse_git_options(argc, argv, {
        G::make_string(0, "object-dir", &object_dir),
        G::make_bool(0, "progress", &progress),
    }, verify_usage);
    if (!args.empty()) usage_with_options(verify_usage);
    std::fflush(stdout);
    bool clean = verify_multi_pack_index(object_dir.value_or(objects_dir), algo, print_stderr_line,
                                         stderr_progress(progress));
    return clean ? 0 : 1;
}

int multi_pack_index(int argc, char** argv, const StartupOptions& startup) {
    std::optional<std::string> object_dir;
    // Options before the subcommand; the rest is the subcommand's.
    std::vector<char*> own = {argv[0]};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; ++i) own.push_back(argv[i]);
    if (i < argc) own.push_back(argv[i]);  // stops the parser at the subcommand
    std::vector<std::string> rest = parse_git_options(static_cast<int>(own.size()), own.data(), {
        GitOption::make_string(0, "object-dir", &object_dir),
    }, midx_usage);
    if (rest.empty()) usage_error("need a subcommand", midx_usage);
    const std::string sub = rest.front();
    int progress = isatty(2);
    auto repo = Repository::discover(startup);
    const std::string objects_dir = object_dir.value_or(repo->odb().objects_dir());
    if (sub == "write") return midx_write(argc - i, argv + i, objects_dir, repo->hash_algo(), progress);
    if (sub == "verify") return midx_verify(argc - i, argv + i, objects_dir, repo->hash_algo(), progress);
    if (sub == "expire" || sub == "repack") die("multi-pack-index " + sub + " is not supported by grit yet");
    usage_error("unknown subcommand: `" + sub + "'", midx_usage);
}

int run_multi_pack_index(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] { return multi_pack_index(argc, argv, startup); });
}

}  // namespace

GRIT_COMMAND("multi-pack-index", run_multi_pack_index);

}  // namespace grit::cmd
