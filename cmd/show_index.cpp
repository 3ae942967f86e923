// git show-index: lists a pack index read from standard input.
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "common/command.h"
#include "common/parse_options.h"
#include "common/report.h"
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
    std::optional<std::string> object_format;
    // git accepts and ignores arguments that are not options.
    parse_git_options(argc, argv, {GitOption::make_string(0, "object-format", &object_format)}, show_index_usage);

    HashAlgo algo = HashAlgo::sha1;
    if (auto repo = Repository::try_discover(startup)) algo = repo->hash_algo();
    if (object_format) {
        auto named = hash_from_name(*object_format);
        if (!named) die("Unknown hash algorithm");
        algo = *named;
    }
    const std::string idx = read_all(stdin);
    // Lines go out in 64 KiB pieces; the entries before a failure are
    // printed, as git prints them before dying.
    std::string out;
    out.reserve(1 << 16);
    auto flush = [&] {
        std::fwrite(out.data(), 1, out.size(), stdout);
        out.clear();
    };
    char line[20 + 1 + 64 + 12 + 1];
    try {
        read_pack_index_stream(idx, algo, [&](const IndexStreamEntry& e) {
            char* p = std::to_chars(line, line + 20, e.offset).ptr;
            *p++ = ' ';
            e.id.to_hex(p);
            p += e.id.size() * 2;
            if (e.crc32) {
                static constexpr char digits[] = "0123456789abcdef";
                *p++ = ' ';
                *p++ = '(';
                for (int shift = 28; shift >= 0; shift -= 4) *p++ = digits[(*e.crc32 >> shift) & 15];
                *p++ = ')';
            }
            *p++ = '\n';
            out.append(line, p - line);
            if (out.size() > (1 << 16) - sizeof line) flush();
        });
    } catch (const Error&) {
        flush();
        throw;
    }
    flush();
    return 0;
}

int run_show_index(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] { return show_index(argc, argv, startup); });
}

}  // namespace

GRIT_COMMAND("show-index", run_show_index);

}  // namespace grit::cmd
