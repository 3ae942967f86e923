// git verify-pack: checks packs against their indexes (git runs
// `index-pack --verify` for each), optionally listing every object and the
// delta chain histogram.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/command.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "odb/pack_verify.h"
#include "repo/repository.h"
#include "util/error.h"

namespace grit::cmd {

namespace {

constexpr const char* verify_pack_usage =
    "usage: git verify-pack [-v | --verbose] [-s | --stat-only] [--] <pack>.idx...\n"
    "\n"
    "    -v, --verbose         verbose\n"
    "    -s, --stat-only       show statistics only\n"
    "    --object-format <hash>\n"
    "                          specify the hash algorithm to use\n"
    "\n";

// "foo.idx", "foo.pack" and "foo" all name "foo.pack".
std::string pack_path_for(std::string arg) {
    auto ends_with = [&](std::string_view s) {
        return arg.size() >= s.size() && arg.compare(arg.size() - s.size(), s.size(), s) == 0;
    };
    if (ends_with(".idx"))
        arg.resize(arg.size() - 4);
    else if (ends_with(".pack"))
        return arg;
    return arg + ".pack";
}

void print_pack_info(const PackScan& scan, bool stat_only) {
    std::vector<std::uint64_t> chains(scan.deepest_chain);
    std::string out;
    auto flush = [&] {
        std::fwrite(out.data(), 1, out.size(), stdout);
        out.clear();
    };
    char hex[2 * 32 + 1] = {};
    for (std::size_t i = 0; i < scan.objects.size(); ++i) {
        const PackedObjectRecord& rec = scan.objects[i];
        if (rec.depth) ++chains[rec.depth - 1];
        if (stat_only) continue;
        rec.id.to_hex(hex);
        hex[rec.id.size() * 2] = '\0';
        fmt::format_to(std::back_inserter(out), "{} {:<6} {} {} {}", hex, type_name(rec.type), rec.size,
                       rec.disk_size, rec.offset);
        if (rec.base) {
            const ObjectId& base = scan.objects[*rec.base].id;
            base.to_hex(hex);
            fmt::format_to(std::back_inserter(out), " {} {}", rec.depth, hex);
        }
        out += '\n';
        if (out.size() >= 1 << 16) flush();
    }
    std::size_t whole = scan.objects.size() - scan.delta_count;
    if (whole) fmt::format_to(std::back_inserter(out), "non delta: {} object{}\n", whole, whole == 1 ? "" : "s");
    for (std::size_t i = 0; i < chains.size(); ++i)
        if (chains[i])
            fmt::format_to(std::back_inserter(out), "chain length = {}: {} object{}\n", i + 1, chains[i],
                           chains[i] == 1 ? "" : "s");
    flush();
}

// What git's `index-pack --verify[-stat[-only]]` child is asked to do.
struct VerifyMode {
    HashAlgo algo = HashAlgo::sha1;
    bool show_stat = false;
    bool stat_only = false;
    bool check_reverse_index = false;  // pack.writeReverseIndex
};

// One pack, as the child would: its failure is reported on stderr and makes
// the pack "bad".
bool verify_one(const std::string& pack_path, const VerifyMode& mode) {
    int rc = run_reporting_errors([&] {
        PackVerifier verifier(pack_path, mode.algo);
        PackScan scan = verifier.scan();
        if (mode.show_stat) print_pack_info(scan, mode.stat_only);
        verifier.check_index(scan);
        if (mode.check_reverse_index) verifier.check_reverse_index(scan);
        return 0;
    });
    return rc == 0;
}

int verify_pack(int argc, char** argv, const StartupOptions& startup) {
    int verbose = 0, stat_only = 0;
    std::optional<std::string> object_format;
    using G = GitOption;
    const std::vector<std::string> packs = parse_git_options(argc, argv,
                                                             {
                                                                 G::make_bool('v', "verbose", &verbose),
                                                                 G::make_bool('s', "stat-only", &stat_only),
                                                                 G::make_string(0, "object-format", &object_format),
                                                             },
                                                             verify_pack_usage);
    if (packs.empty()) usage_with_options(verify_pack_usage);

    VerifyMode mode;
    mode.show_stat = verbose || stat_only;
    mode.stat_only = stat_only;
    auto repo = Repository::try_discover(startup);
    const Config config = repo ? repo->config() : Repository::config_without_repository(startup);
    mode.check_reverse_index = config.get_bool("pack.writereverseindex").value_or(false);
    if (repo) mode.algo = repo->hash_algo();
    std::optional<HashAlgo> named = object_format ? hash_from_name(*object_format) : mode.algo;
    if (named) mode.algo = *named;

    int err = 0;
    for (const std::string& arg : packs) {
        const std::string pack_path = pack_path_for(arg);
        bool ok;
        if (!named) {
            std::fprintf(stderr, "fatal: unknown hash algorithm '%s'\n", object_format->c_str());
            ok = false;
        } else {
            ok = verify_one(pack_path, mode);
        }
        if (verbose || stat_only) {
            if (!ok)
                std::printf("%s: bad\n", pack_path.c_str());
            else if (!stat_only)
                std::printf("%s: ok\n", pack_path.c_str());
        }
        if (!ok) err = 1;
    }
    return err;
}

int run_verify_pack(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] { return verify_pack(argc, argv, startup); });
}

}  // namespace

GRIT_COMMAND("verify-pack", run_verify_pack);

}  // namespace grit::cmd
