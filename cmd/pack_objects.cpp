// git pack-objects: reads the objects to pack (a list on standard input, or
// revisions with --revs/--all/..., or whole packs with --stdin-packs),
// counts them (lib/pack/object_counter.h), chooses deltas and reuse, and
// writes one pack to standard output or packs named "<base-name>-<hash>"
// (lib/pack/pack_builder.h), printing each pack's hash.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/command.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "odb/object_database.h"
#include "odb/pack_file.h"
#include "pack/object_counter.h"
#include "pack/pack_builder.h"
#include "pack/packing_list.h"
#include "pack/revision_input.h"
#include "pack/tag_refs.h"
#include "repo/repository.h"
#include "util/error.h"
#include "util/progress.h"

namespace grit::cmd {

namespace {

constexpr const char* kUsage =
    "usage: git pack-objects --stdout [<options>] [< <ref-list> | < <object-list>]\n"
    "   or: git pack-objects [<options>] <base-name> [< <ref-list> | < <object-list>]\n"
    "\n"
    "    -q, --quiet           do not show progress meter\n"
    "    --progress            show progress meter\n"
    "    --all-progress        show progress meter during object writing phase\n"
    "    --all-progress-implied\n"
    "                          similar to --all-progress when progress meter is shown\n"
    "    --index-version <version>[,<offset>]\n"
    "                          write the pack index file in the specified idx format version\n"
    "    --max-pack-size <n>   maximum size of each output pack file\n"
    "    --local               ignore borrowed objects from alternate object store\n"
    "    --incremental         ignore packed objects\n"
    "    --window <n>          limit pack window by objects\n"
    "    --window-memory <n>   limit pack window by memory in addition to object limit\n"
    "    --depth <n>           maximum length of delta chain allowed in the resulting pack\n"
    "    --reuse-delta         reuse existing deltas\n"
    "    --reuse-object        reuse existing objects\n"
    "    --delta-base-offset   use OFS_DELTA objects\n"
    "    --threads <n>         use threads when searching for best delta matches\n"
    "    --non-empty           do not create an empty pack output\n"
    "    --revs                read revision arguments from standard input\n"
    "    --unpacked            limit the objects to those that are not yet packed\n"
    "    --all                 include objects reachable from any reference\n"
    "    --reflog              include objects referred by reflog entries\n"
    "    --indexed-objects     include objects referred to by the index\n"
    "    --stdin-packs         read packs from stdin\n"
    "    --stdout              output pack to stdout\n"
    "    --include-tag         include tag objects that refer to objects to be packed\n"
    "    --keep-unreachable    keep unreachable objects\n"
    "    --pack-loose-unreachable\n"
    "                          pack loose unreachable objects\n"
    "    --unpack-unreachable[=<time>]\n"
    "                          unpack unreachable objects newer than <time>\n"
    "    --cruft               create a cruft pack\n"
    "    --cruft-expiration[=<time>]\n"
    "                          expire cruft objects older than <time>\n"
    "    --sparse              use the sparse reachability algorithm\n"
    "    --thin                create thin packs\n"
    "    --shallow             create packs suitable for shallow fetches\n"
    "    --honor-pack-keep     ignore packs that have companion .keep file\n"
    "    --keep-pack <name>    ignore this pack\n"
    "    --compression <n>     pack compression level\n"
    "    --keep-true-parents   do not hide commits by grafts\n"
    "    --use-bitmap-index    use a bitmap index if available to speed up counting objects\n"
    "    --write-bitmap-index  write a bitmap index together with the pack index\n"
    "    --filter <args>       object filtering\n"
    "    --missing <action>    handling for missing objects\n"
    "    --exclude-promisor-objects\n"
    "                          do not pack objects in promisor packfiles\n"
    "    --delta-islands       respect islands during delta compression\n"
    "    --uri-protocol <protocol>\n"
    "                          exclude any configured uploadpack.blobpackfileuri with this protocol\n"
    "\n";

// git's OPT_MAGNITUDE value: a non-negative integer with an optional k/m/g.
std::optional<std::uint64_t> parse_magnitude(const std::string& text) {
    if (text.empty() || text[0] == '-') return std::nullopt;
    std::size_t i = 0;
    std::uint64_t v = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') v = v * 10 + static_cast<unsigned>(text[i++] - '0');
    if (i == 0) return std::nullopt;
    std::string_view unit = std::string_view(text).substr(i);
    if (unit.empty()) return v;
    if (unit == "k" || unit == "K") return v << 10;
    if (unit == "m" || unit == "M") return v << 20;
    if (unit == "g" || unit == "G") return v << 30;
    return std::nullopt;
}

std::uint64_t magnitude_option(const std::optional<std::string>& value, const char* name, std::uint64_t fallback) {
    if (!value) return fallback;
    auto v = parse_magnitude(*value);
    if (!v) {
        print_error(fmt::format("option `{}' expects a non-negative integer value with an optional k/m/g suffix",
                                name));
        throw ExitCode{129};
    }
    return *v;
}

// --index-version=<version>[,<offset>]
void parse_index_version(const std::string& arg, PackBuildOptions& options) {
    char* end = nullptr;
    unsigned long version = std::strtoul(arg.c_str(), &end, 10);
    if (version > 2) die(fmt::format("unsupported index version {}", arg));
    if (*end == ',' && end[1]) {
        options.index_large_offset = std::strtoull(end + 1, &end, 0);
    }
    if (*end || end == arg.c_str()) die(fmt::format("bad index version '{}'", arg));
    options.index_version = static_cast<int>(version);
}

struct Settings {
    int progress = -1;  // 0 quiet, 1 progress, 2 all-progress
    int all_progress_implied = 0;
    std::optional<std::string> index_version, max_pack_size, window_memory;
    int local = 0, incremental = 0, window = -1, depth = -1, reuse_delta = 1, reuse_object = 1;
    int delta_base_offset = 0, threads = -1, non_empty = 0, revs = 0, unpacked = 0, all = 0, reflog = 0;
    int indexed_objects = 0, stdin_packs = 0, to_stdout = 0, include_tag = 0, sparse = 0, thin = 0;
    int honor_pack_keep = 0, compression = -2, keep_true_parents = 0, use_bitmap_index = 0;
    std::vector<std::string> keep_packs;
    // Accepted by git, not by grit.
    int keep_unreachable = 0, pack_loose_unreachable = 0, cruft = 0, shallow = 0, write_bitmap_index = 0;
    int exclude_promisor = 0, delta_islands = 0;
    std::optional<std::string> filter, missing, uri_protocol;
    bool unpack_unreachable = false, cruft_expiration = false;
};

std::vector<std::string> parse(int argc, char** argv, Settings& s) {
    using G = GitOption;
    auto set_progress = [&s](int value) {
        return [&s, value](const char*, bool unset) {
            s.progress = unset ? 0 : value;
            return std::optional<std::string>();
        };
    };
    G quiet = G::make_callback("quiet", set_progress(0), true);
    quiet.short_name = 'q';
    return parse_git_options(
        argc, argv,
        {
            quiet,
            G::make_callback("progress", set_progress(1), true),
            G::make_callback("all-progress", set_progress(2), true),
            G::make_bool(0, "all-progress-implied", &s.all_progress_implied),
            G::make_string(0, "index-version", &s.index_version),
            G::make_string(0, "max-pack-size", &s.max_pack_size),
            G::make_bool(0, "local", &s.local),
            G::make_bool(0, "incremental", &s.incremental),
            G::make_integer(0, "window", &s.window),
            G::make_string(0, "window-memory", &s.window_memory),
            G::make_integer(0, "depth", &s.depth),
            G::make_bool(0, "reuse-delta", &s.reuse_delta),
            G::make_bool(0, "reuse-object", &s.reuse_object),
            G::make_bool(0, "delta-base-offset", &s.delta_base_offset),
            G::make_integer(0, "threads", &s.threads),
            G::make_bool(0, "non-empty", &s.non_empty),
            G::make_bool(0, "revs", &s.revs),
            G::make_bool(0, "unpacked", &s.unpacked),
            G::make_bool(0, "all", &s.all),
            G::make_bool(0, "reflog", &s.reflog),
            G::make_bool(0, "indexed-objects", &s.indexed_objects),
            G::make_bool(0, "stdin-packs", &s.stdin_packs),
            G::make_bool(0, "stdout", &s.to_stdout),
            G::make_bool(0, "include-tag", &s.include_tag),
            G::make_bool(0, "keep-unreachable", &s.keep_unreachable),
            G::make_bool(0, "pack-loose-unreachable", &s.pack_loose_unreachable),
            G::make_callback("unpack-unreachable", [&s](const char*, bool) {
                s.unpack_unreachable = true;
                return std::optional<std::string>();
            }),
            G::make_bool(0, "cruft", &s.cruft),
            G::make_callback("cruft-expiration", [&s](const char*, bool) {
                s.cruft_expiration = true;
                return std::optional<std::string>();
            }),
            G::make_bool(0, "sparse", &s.sparse),
            G::make_bool(0, "thin", &s.thin),
            G::make_bool(0, "shallow", &s.shallow),
            G::make_bool(0, "honor-pack-keep", &s.honor_pack_keep),
            G::make_string_list("keep-pack", &s.keep_packs),
            G::make_integer(0, "compression", &s.compression),
            G::make_bool(0, "keep-true-parents", &s.keep_true_parents),
            G::make_bool(0, "use-bitmap-index", &s.use_bitmap_index),
            G::make_bool(0, "write-bitmap-index", &s.write_bitmap_index),
            G::make_string(0, "filter", &s.filter),
            G::make_string(0, "missing", &s.missing),
            G::make_bool(0, "exclude-promisor-objects", &s.exclude_promisor),
            G::make_bool(0, "delta-islands", &s.delta_islands),
            G::make_string(0, "uri-protocol", &s.uri_protocol),
        },
        kUsage);
}

void refuse_unsupported(const Settings& s) {
    auto refuse = [](bool given, const char* name) {
        if (given) die(fmt::format("grit pack-objects: {} is not supported", name));
    };
    refuse(s.keep_unreachable, "--keep-unreachable");
    refuse(s.pack_loose_unreachable, "--pack-loose-unreachable");
    refuse(s.unpack_unreachable, "--unpack-unreachable");
    refuse(s.cruft || s.cruft_expiration, "--cruft");
    refuse(s.shallow, "--shallow");
    refuse(s.write_bitmap_index, "--write-bitmap-index");
    refuse(s.filter.has_value(), "--filter");
    refuse(s.missing.has_value(), "--missing");
    refuse(s.exclude_promisor, "--exclude-promisor-objects");
    refuse(s.delta_islands, "--delta-islands");
    refuse(s.uri_protocol.has_value(), "--uri-protocol");
}

ProgressSink stderr_sink() {
    return [](std::string_view text) {
        std::fwrite(text.data(), 1, text.size(), stderr);
        std::fflush(stderr);
    };
}

std::vector<std::string> read_lines(bool stop_at_empty) {
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(std::cin, line)) {
        if (stop_at_empty && line.empty()) break;
        lines.push_back(std::move(line));
    }
    return lines;
}

// The object list on standard input: "<oid> [<name>]" lines, "-<oid>" edges.
void read_object_list(ObjectCounter& counter, HashAlgo algo) {
    const std::size_t hex = hex_size(algo);
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line[0] == '-') {
            auto id = line.size() >= hex + 1 ? ObjectId::from_hex(std::string_view(line).substr(1, hex), algo)
                                             : std::nullopt;
            if (!id) die("expected edge object ID, got garbage:\n " + line + "\n");
            counter.add_preferred_base(*id);
            continue;
        }
        auto id = line.size() >= hex ? ObjectId::from_hex(std::string_view(line).substr(0, hex), algo) : std::nullopt;
        if (!id || (line.size() > hex && line[hex] != ' '))
            die("expected object ID, got garbage:\n " + line + "\n");
        std::string_view name = line.size() > hex ? std::string_view(line).substr(hex + 1) : std::string_view();
        counter.add_preferred_base_object(name);
        counter.add(*id, ObjectType::none, name);
    }
}

// --stdin-packs: every object of the named packs, but none of the "^"-named.
void read_pack_list(ObjectCounter& counter, ObjectDatabase& odb) {
    std::vector<std::string> include, exclude;
    for (std::string& line : read_lines(false)) {
        if (line.empty()) continue;
        if (line[0] == '^')
            exclude.push_back(line.substr(1));
        else
            include.push_back(std::move(line));
    }
    std::sort(include.begin(), include.end());
    std::sort(exclude.begin(), exclude.end());
    std::vector<PackSource> packs = odb.packs();
    auto find = [&](const std::string& name) -> PackFile* {
        for (const PackSource& s : packs) {
            const std::string& path = s.pack->pack_path();
            if (path.size() >= name.size() + 1 && path.compare(path.size() - name.size(), name.size(), name) == 0 &&
                path[path.size() - name.size() - 1] == '/')
                return s.pack;
        }
        return nullptr;
    };
    std::vector<std::pair<PackFile*, time_t>> included;
    for (const std::string& name : include) {
        PackFile* pack = find(name);
        if (!pack) die("could not find pack '" + name + "'");
        try {
            pack->data();
        } catch (const Error&) {
            die("packfile " + pack->pack_path() + " cannot be accessed");
        }
        struct stat st {};
        ::stat(pack->pack_path().c_str(), &st);
        included.emplace_back(pack, st.st_mtime);
    }
    for (const std::string& name : exclude) {
        PackFile* pack = find(name);
        if (!pack) die("could not find pack '" + name + "'");
        counter.keep_in_core(pack);
    }
    // Newest first, so objects are laid out roughly newest to oldest.
    std::stable_sort(included.begin(), included.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [pack, mtime] : included) {
        const PackIndex& idx = pack->index();
        const ReverseIndex& rev = pack->reverse_index();
        for (std::uint32_t i = 0; i < rev.count(); ++i) {
            std::uint64_t offset = rev.offset_for_pack_order(i);
            ObjectHeader header = pack->object_header(offset, false);
            counter.add_from_pack(idx.oid_at(rev.index_pos_for_pack_order(i)), header.type, pack, offset);
        }
    }
    counter.hint_names();
}

int pack_objects(int argc, char** argv, const StartupOptions& startup) {
    Settings s;
    std::vector<std::string> args = parse(argc, argv, s);
    std::optional<std::string> base_name;
    if (!args.empty()) base_name = args[0];
    if (static_cast<bool>(s.to_stdout) != !base_name || args.size() > 1) usage_with_options(kUsage);

    auto repo = Repository::discover(startup);
    const Config& config = repo->config();
    PackBuildOptions options;
    options.ofs_delta = s.delta_base_offset;
    unsigned window = static_cast<unsigned>(config.get_int("pack.window").value_or(10));
    int depth = static_cast<int>(config.get_int("pack.depth").value_or(50));
    if (s.window >= 0 || s.window < -1) window = static_cast<unsigned>(std::max(s.window, 0));
    if (s.depth != -1) depth = s.depth;
    if (depth < 0) depth = 0;
    if (depth >= 4096) {
        print_warning(fmt::format("delta chain depth {} is too deep, forcing {}", depth, 4095));
        depth = 4095;
    }
    options.delta.window = window;
    options.delta.depth = static_cast<unsigned>(depth);
    options.delta.window_memory =
        magnitude_option(s.window_memory, "window-memory", config.get_ulong("pack.windowmemory").value_or(0));
    std::int64_t threads = config.get_int("pack.threads").value_or(0);
    if (threads < 0) die(fmt::format("invalid number of threads specified ({})", threads));
    if (s.threads != -1) threads = s.threads;
    options.delta.threads = threads > 0 ? static_cast<unsigned>(threads) : 0;
    if (auto v = config.get_int("pack.indexversion")) {
        if (*v > 2) die(fmt::format("bad pack.indexVersion={}", *v));
        options.index_version = static_cast<int>(*v);
    }
    if (s.index_version) parse_index_version(*s.index_version, options);
    options.max_pack_size = magnitude_option(s.max_pack_size, "max-pack-size", 0);
    if (auto v = config.get_ulong("core.bigfilethreshold")) options.big_file_threshold = *v;
    if (auto v = config.get_bool("pack.writereverseindex")) options.write_rev_index = *v;
    int compression = -1;
    if (auto v = config.get_int("core.compression")) compression = static_cast<int>(*v);
    if (auto v = config.get_int("pack.compression")) compression = static_cast<int>(*v);
    if (s.compression != -2) compression = s.compression;
    if (compression != -1 && (compression < 0 || compression > 9))
        die(fmt::format("bad pack compression level {}", compression));
    options.compression = compression;
    options.reuse_object = s.reuse_object;
    options.reuse_delta = s.reuse_delta && s.reuse_object;
    options.check_crc = !s.to_stdout;
    options.on_error = [](const std::string& line) { print_error(line); };

    if (!s.to_stdout && !options.max_pack_size)
        options.max_pack_size = config.get_ulong("pack.packsizelimit").value_or(0);
    if (s.to_stdout && options.max_pack_size) die("--max-pack-size cannot be used to build a pack for transfer");
    if (options.max_pack_size && options.max_pack_size < (1u << 20)) {
        print_warning("minimum pack size limit is 1 MiB");
        options.max_pack_size = 1u << 20;
    }
    if (!s.to_stdout && s.thin) die("--thin cannot be used to build an indexable pack");
    const bool internal_rev_list = s.revs || s.thin || s.all || s.reflog || s.indexed_objects ||
                                   (s.unpacked && !s.stdin_packs);
    if (s.stdin_packs && internal_rev_list) die("cannot use internal rev list with --stdin-packs");
    refuse_unsupported(s);

    int progress = s.progress == -1 ? (::isatty(2) ? 1 : 0) : s.progress;
    if (progress && s.all_progress_implied) progress = 2;
    ProgressSink sink = progress ? stderr_sink() : ProgressSink();

    ObjectDatabase& odb = repo->odb();
    PackingList list;
    list.reserve(static_cast<std::size_t>(odb.approximate_object_count()));
    CountingOptions counting;
    counting.local = s.local;
    counting.incremental = s.incremental;
    counting.honor_pack_keep = s.honor_pack_keep;
    counting.keep_packs = s.keep_packs;
    counting.window = window;
    std::uint64_t seen = 0;
    Progress enumerating(sink, "Enumerating objects", 0);
    ObjectCounter counter(odb, list, counting, [&] { enumerating.update(++seen); });

    if (s.stdin_packs) {
        read_pack_list(counter, odb);
    } else if (!internal_rev_list) {
        read_object_list(counter, repo->hash_algo());
    } else {
        RevisionInput input;
        if (s.all) input.options.push_back("--all");
        if (s.reflog) input.options.push_back("--reflog");
        if (s.indexed_objects) input.options.push_back("--indexed-objects");
        input.unpacked = s.unpacked;
        input.edges = s.thin;
        input.lines = read_lines(true);
        RevisionSink out;
        out.commit = [&](const ObjectId& id) { counter.add(id, ObjectType::commit, {}); };
        out.object = [&](const ObjectId& id, ObjectType type, std::string_view name) {
            counter.add_preferred_base_object(name);
            counter.add(id, type, name);
        };
        out.edge = [&](const ObjectId& id) { counter.add_preferred_base(id); };
        walk_revisions(*repo, input, out);
    }
    if (s.include_tag && counter.result_count()) include_tags(counter, list, *repo);
    enumerating.finish();

    if (s.non_empty && !counter.result_count()) return 0;
    PackBuilder builder(*repo, list, counter.result_count(), options);
    if (counter.result_count())
        builder.prepare(sink, sink, [&](unsigned threads) {
            if (progress > (s.to_stdout ? 1 : 0))
                std::fprintf(stderr, "Delta compression using up to %u threads\n", threads);
        });
    ProgressSink writing = progress > (s.to_stdout ? 1 : 0) ? sink : ProgressSink();
    if (s.to_stdout) {
        builder.write_stream(1, writing);
    } else {
        builder.write_files(*base_name, writing, [](const ObjectId& hash) {
            std::string line = hash.hex() + "\n";
            std::fwrite(line.data(), 1, line.size(), stdout);
            std::fflush(stdout);
        });
    }
    if (progress) {
        const PackStats& st = builder.stats();
        std::fprintf(stderr, "Total %u (delta %u), reused %u (delta %u), pack-reused 0\n", st.written,
                     st.written_delta, st.reused, st.reused_delta);
    }
    return 0;
}

int pack_objects_main(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] { return pack_objects(argc, argv, startup); });
}

}  // namespace

GRIT_COMMAND("pack-objects", pack_objects_main);

}  // namespace grit::cmd
