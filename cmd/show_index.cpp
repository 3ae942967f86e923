// git show-index: lists a pack index read from standard input.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/command.h"
#include "common/options.h"
#include "common/report.h"
#include "common/string_option.h"
#include "odb/pack_index_stream.h"
#include "repo/repository.h"
#include "util/error.h"

namespace grit::cmd {

namespace {

constexpr const char* show_index_usage =
    "usage: git show-index [--object-format=<hash-algorithm>]\n"
    "\n"
    "    --object-format <hash-algorithm>\n"
    "                          specify the hash algorithm to use\n"
    "\n";

std::string read_all(std::FILE* in) {
    std::string data;
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) data.append(buf, n);
    return data;
}

int show_index(int argc, char** argv, const StartupOptions& startup) {
    Options opts(show_index_usage);
    std::vector<std::string> ignored;  // git accepts and ignores extra arguments
    opts.app.add_option("args", ignored);
    std::vector<char*> args(argv, argv + argc);
    const std::optional<std::string> object_format = take_string_option(args, "object-format");
    opts.parse(static_cast<int>(args.size()), args.data());

    HashAlgo algo = HashAlgo::sha1;
    if (auto repo = Repository::try_discover(startup)) algo = repo->hash_algo();
    if (object_format) {
        auto named = hash_from_name(*object_format);
        if (!named) die("Unknown hash algorithm");
        algo = *named;
    }
    const std::string idx = read_all(stdin);
    std::string out;
    char hex[2 * 32 + 1] = {};
    try {
        read_pack_index_stream(idx, algo, [&](const IndexStreamEntry& e) {
            e.id.to_hex(hex);
            hex[e.id.size() * 2] = '\0';
            if (e.crc32)
                fmt::format_to(std::back_inserter(out), "{} {} ({:08x})\n", e.offset, hex, *e.crc32);
            else
                fmt::format_to(std::back_inserter(out), "{} {}\n", e.offset, hex);
        });
    } catch (const Error&) {
        std::fwrite(out.data(), 1, out.size(), stdout);
        throw;
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

int run_show_index(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] { return show_index(argc, argv, startup); });
}

}  // namespace

GRIT_COMMAND("show-index", run_show_index);

}  // namespace grit::cmd
