// git index-pack: builds the .idx (and .rev) of a pack read from a file or,
// with --stdin, received on standard input and stored into the repository.
// Its options are parsed by hand, as git does (no parse-options: a bad
// option prints the one-line usage).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <thread>

#include "common/command.h"
#include "common/report.h"
#include "fsck/fsck_messages.h"
#include "odb/object_database.h"
#include "odb/pack_verify.h"
#include "pack/pack_index_writer.h"
#include "pack/pack_indexer.h"
#include "repo/repository.h"
#include "util/error.h"

namespace grit::cmd {

namespace {

constexpr const char* kUsage =
    "usage: git index-pack [-v] [-o <index-file>] [--keep | --keep=<msg>] [--[no-]rev-index] [--verify] "
    "[--strict] (<pack-file> | --stdin [--fix-thin] [<pack-file>])\n";

[[noreturn]] void usage() {
    std::fputs(kUsage, stderr);
    throw ExitCode{129};
}

[[noreturn]] void die_errno(const std::string& what) {
    die(what + ": " + std::strerror(errno));
}

struct IndexPackArgs {
    bool from_stdin = false, fix_thin = false, strict = false, verify = false, verbose = false;
    std::optional<bool> rev_index;
    std::optional<std::string> keep_msg, index_name, pack_name, progress_title, object_format;
    std::optional<int> index_version;
    std::optional<std::uint64_t> large_offset_threshold;
    std::optional<unsigned> threads;
};

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

IndexPackArgs parse_args(int argc, char** argv) {
    if (argc == 2 && std::strcmp(argv[1], "-h") == 0) {
        usage();
    }
    IndexPackArgs a;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg.empty() || arg[0] != '-') {
            if (a.pack_name) usage();
            a.pack_name = std::string(arg);
            continue;
        }
        if (arg == "--stdin") {
            a.from_stdin = true;
        } else if (arg == "--fix-thin") {
            a.fix_thin = true;
        } else if (arg == "--strict") {
            a.strict = true;
        } else if (arg == "--verify") {
            a.verify = true;
        } else if (arg == "--keep") {
            a.keep_msg = "";
        } else if (starts_with(arg, "--keep=")) {
            a.keep_msg = std::string(arg.substr(7));
        } else if (starts_with(arg, "--threads=")) {
            std::string value(arg.substr(10));
            char* end = nullptr;
            long n = std::strtol(value.c_str(), &end, 0);
            if (value.empty() || *end || n < 0) usage();
            a.threads = static_cast<unsigned>(n);
        } else if (arg == "-v") {
            a.verbose = true;
        } else if (arg == "--progress-title") {
            if (a.progress_title || i + 1 >= argc) usage();
            a.progress_title = argv[++i];
        } else if (arg == "-o") {
            if (a.index_name || i + 1 >= argc) usage();
            a.index_name = argv[++i];
        } else if (starts_with(arg, "--index-version=")) {
            std::string value(arg.substr(16));
            char* end = nullptr;
            unsigned long version = std::strtoul(value.c_str(), &end, 10);
            if (version > 2) die("bad " + std::string(arg));
            a.index_version = static_cast<int>(version);
            if (*end == ',') a.large_offset_threshold = std::strtoul(end + 1, &end, 0);
            if (*end || (a.large_offset_threshold && (*a.large_offset_threshold & 0x80000000u)))
                die("bad " + std::string(arg));
        } else if (starts_with(arg, "--object-format=")) {
            a.object_format = std::string(arg.substr(16));
        } else if (arg == "--rev-index") {
            a.rev_index = true;
        } else if (arg == "--no-rev-index") {
            a.rev_index = false;
        } else {
            usage();
        }
    }
    return a;
}

// "<name without .strip>.suffix", as git's derive_filename.
std::string derive_filename(const std::string& name, std::string_view strip, std::string_view suffix) {
    std::string dot_strip = "." + std::string(strip);
    if (name.size() <= dot_strip.size() || name.compare(name.size() - dot_strip.size(), dot_strip.size(), dot_strip) != 0)
        die("packfile name '" + name + "' does not end with '." + std::string(strip) + "'");
    return name.substr(0, name.size() - strip.size()) + std::string(suffix);
}

unsigned default_threads() {
    unsigned n = std::max(1u, std::thread::hardware_concurrency());
    if (n < 4) return n;
    if (n < 6) return 3;
    if (n < 40) return n / 2;
    return 20;
}

// Creates a file named on the command line (-o, or beside the pack): any
// old file is replaced, the new one is created exclusively.
int create_named_file(const std::string& path) {
    ::unlink(path.c_str());
    int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) die_errno("unable to create '" + path + "'");
    return fd;
}

void write_all_and_close(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            die_errno("write error");
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::close(fd) != 0) die_errno("close error");
}

void write_keep_file(const std::string& path, const std::string& msg, bool& kept) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno != EEXIST) die_errno("cannot write keep file '" + path + "'");
        return;
    }
    std::string text = msg.empty() ? "" : msg + "\n";
    if (!text.empty() && ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        die_errno("write error");
    if (::close(fd) != 0) die_errno("cannot close written keep file '" + path + "'");
    kept = true;
}

void write_stdout(std::string_view bytes) {
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
}

int verify_pack_and_index(const IndexPackArgs& a, HashAlgo algo, bool check_rev) {
    if (!a.index_name && !a.pack_name) die("--verify with no packfile name given");
    PackVerifier verifier(*a.pack_name, algo);
    PackScan scan = verifier.scan();
    verifier.check_index(scan);
    if (check_rev) verifier.check_reverse_index(scan);
    return 0;
}

int index_pack(int argc, char** argv, const StartupOptions& startup) {
    IndexPackArgs a = parse_args(argc, argv);
    auto repo = Repository::try_discover(startup);
    const Config config = repo ? repo->config() : Repository::config_without_repository(startup);

    PackIndexerOptions options;
    std::optional<unsigned> threads = a.threads;
    if (!threads) {
        if (auto v = config.get_int("pack.threads")) {
            if (*v < 0) die("invalid number of threads specified (" + std::to_string(*v) + ")");
            threads = static_cast<unsigned>(*v);
        }
    }
    bool rev_index = a.rev_index.value_or(config.get_bool("pack.writereverseindex").value_or(false));

    if (!a.pack_name && !a.from_stdin) usage();
    if (a.fix_thin && !a.from_stdin) die("the option '--fix-thin' requires '--stdin'");
    if (a.from_stdin && !repo) die("--stdin requires a git repository");
    if (a.from_stdin && a.object_format)
        die("options '--object-format' and '--stdin' cannot be used together");
    options.algo = repo ? repo->hash_algo() : HashAlgo::sha1;
    if (a.object_format) {
        auto algo = hash_from_name(*a.object_format);
        if (!algo) die("unknown hash algorithm '" + *a.object_format + "'");
        options.algo = *algo;
    }
    std::optional<std::string> index_name = a.index_name;
    if (!index_name && a.pack_name) index_name = derive_filename(*a.pack_name, "pack", "idx");
    std::optional<std::string> rev_name;
    if (rev_index && index_name) rev_name = derive_filename(*index_name, "idx", "rev");

    if (a.verify) {
        if (!index_name) die("--verify with no packfile name given");
        return verify_pack_and_index(a, options.algo, rev_index);
    }

    int index_version = 2;
    if (auto v = config.get_int("pack.indexversion")) {
        if (*v < 0 || *v > 2) die("bad pack.indexVersion=" + std::to_string(static_cast<std::uint32_t>(*v)));
        index_version = static_cast<int>(*v);
    }
    if (a.index_version) index_version = *a.index_version;
    const std::uint64_t large_offset_threshold = a.large_offset_threshold.value_or(0x7fffffff);
    options.strict = a.strict;
    std::optional<FsckSeverities> severities;
    if (a.strict) {
        // index-pack does not read fsck.<msg-id>: --strict makes every
        // warning an error.
        severities.emplace(true);
        options.fsck_severities = &*severities;
    }
    options.fix_thin = a.fix_thin;
    options.threads = threads && *threads ? *threads : default_threads();
    if (auto v = config.get_ulong("core.bigfilethreshold")) options.big_file_threshold = *v;
    options.compression = OdbOptions::from_config(config).loose_compression;
    options.title = a.progress_title ? *a.progress_title : a.from_stdin ? "Receiving objects" : "Indexing objects";
    if (a.verbose) options.progress = [](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stderr); };
    options.on_warning = [](const std::string& line) { print_warning(line); };

    ObjectDatabase* odb = repo ? &repo->odb() : nullptr;
    std::string pack_path;
    int in_fd = 0, pack_fd = -1;
    std::string pack_dir;
    if (a.from_stdin) {
        pack_dir = odb->objects_dir() + "/pack";
        if (a.pack_name) {
            pack_path = *a.pack_name;
            pack_fd = ::open(pack_path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
            if (pack_fd < 0) die_errno("unable to create '" + pack_path + "'");
        } else {
            ::mkdir(pack_dir.c_str(), 0777);
            pack_path = pack_dir + "/tmp_pack_XXXXXX";
            pack_fd = ::mkstemp(pack_path.data());
            if (pack_fd < 0) die_errno("unable to create temporary file");
            ::fchmod(pack_fd, 0444);
        }
    } else {
        pack_path = *a.pack_name;
        in_fd = ::open(pack_path.c_str(), O_RDONLY | O_CLOEXEC);
        if (in_fd < 0) die_errno("could not open '" + pack_path + "' for reading");
    }

    IndexedPack result = index_pack_stream(in_fd, pack_fd, pack_path, odb, options);
    const std::string hex = result.checksum.hex();
    // git creates a named index before filling it: a refused duplicate
    // leaves it empty.
    int named_idx_fd = index_name ? create_named_file(*index_name) : -1;
    std::string idx = encode_pack_index(result.entries, result.checksum, index_version, large_offset_threshold, a.strict);
    std::optional<std::string> rev;
    if (rev_index) rev = encode_reverse_index(result.entries, result.checksum);
    if (pack_fd >= 0) {
        if (::fsync(pack_fd) != 0 || ::close(pack_fd) != 0) die_errno("error while closing pack file");
    } else {
        ::close(in_fd);
    }

    const std::string base = pack_dir + "/pack-" + hex;
    bool kept = false;
    if (a.keep_msg) write_keep_file(a.pack_name ? derive_filename(*a.pack_name, "pack", "keep") : base + ".keep",
                                    *a.keep_msg, kept);
    if (a.from_stdin && !a.pack_name && !index_name) {
        install_pack_files(pack_path, idx, rev ? std::optional<std::string_view>(*rev) : std::nullopt, base);
    } else {
        // Files named on the command line are written in place; the others
        // go into the repository under the pack's name.
        if (a.from_stdin && !a.pack_name) finalize_file(pack_path, base + ".pack", "pack");
        else if (a.from_stdin) ::chmod(pack_path.c_str(), 0444);
        write_all_and_close(named_idx_fd, idx);
        if (rev) {
            if (rev_name) {
                write_all_and_close(create_named_file(*rev_name), *rev);
                ::chmod(rev_name->c_str(), 0444);
            } else {
                finalize_file(write_temporary_file(pack_dir, "tmp_rev_", *rev), base + ".rev", "rev");
            }
        }
        ::chmod(index_name->c_str(), 0444);
    }

    if (!a.from_stdin) {
        std::printf("%s\n", hex.c_str());
    } else {
        std::printf("%s\t%s\n", kept ? "keep" : "pack", hex.c_str());
        write_stdout(result.after_pack);
    }
    return 0;
}

int run_index_pack(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] { return index_pack(argc, argv, startup); });
}

}  // namespace

GRIT_COMMAND("index-pack", run_index_pack);

}  // namespace grit::cmd
