// git hash-object: compute an object id, and optionally write the object.
// grit applies no clean filters or end-of-line conversion (see
// Documentation/hash-object.md): file contents are hashed as they are.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/argv_fixups.h"
#include "common/command.h"
#include "common/options.h"
#include "common/report.h"
#include "object/format_check.h"
#include "object/object_hash.h"
#include "odb/object_database.h"
#include "repo/repository.h"
#include "util/error.h"
#include "util/file_contents.h"
#include "util/quote.h"

namespace grit::cmd {

namespace {

constexpr const char* kUsage =
    "usage: git hash-object [-t <type>] [-w] [--path=<file> | --no-filters]\n"
    "                       [--stdin [--literally]] [--] <file>...\n"
    "   or: git hash-object [-t <type>] [-w] --stdin-paths [--no-filters]\n"
    "\n"
    "    -t <type>             object type\n"
    "    -w                    write the object into the object database\n"
    "    --stdin               read the object from stdin\n"
    "    --stdin-paths         read file names from stdin\n"
    "    --no-filters          store file as is without filters\n"
    "    --literally           just hash any random garbage to create corrupt objects for debugging Git\n"
    "    --path <file>         process file as it were from this path\n"
    "\n";

struct HashObjectArgs {
    std::string type = "blob";
    bool write = false;
    std::size_t stdin_count = 0;
    bool stdin_paths = false;
    bool no_filters = false;
    bool literally = false;
    std::optional<std::string> path;
    std::vector<std::string> files;
};

// Value-taking options given last: git's "requires a value" (exit 129, no usage).
void check_option_values(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--") break;
        if (i + 1 != argc) continue;
        // "-t" or a cluster ending in it ("-wt").
        if (arg.size() >= 2 && arg[0] == '-' && arg[1] != '-' && arg.find('t') == arg.size() - 1) {
            print_error("switch `t' requires a value");
            throw ExitCode{129};
        }
        if (arg == "--path") {
            print_error("option `path' requires a value");
            throw ExitCode{129};
        }
    }
}

HashObjectArgs parse_args(int argc, char** argv, Options& options) {
    auto& app = options.app;
    HashObjectArgs args;
    bool unused = false;
    std::string path;
    app.add_option("-t", args.type)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.add_flag("-w", args.write);
    auto* opt_stdin = app.add_flag("--stdin", unused);
    auto* opt_no_stdin = app.add_flag("--no-stdin", unused);
    auto* opt_stdin_paths = app.add_flag("--stdin-paths", unused);
    auto* opt_no_stdin_paths = app.add_flag("--no-stdin-paths", unused);
    auto* opt_no_filters = app.add_flag("--no-filters", unused);
    auto* opt_filters = app.add_flag("--filters", unused);
    auto* opt_literally = app.add_flag("--literally", unused);
    auto* opt_no_literally = app.add_flag("--no-literally", unused);
    auto* opt_path = app.add_option("--path", path)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    auto* opt_no_path = app.add_flag("--no-path", unused);
    app.add_option("files", args.files);
    ArgvCopy fixed = git_style_argv(argc, argv,
                                    {{"stdin", true}, {"stdin-paths", true}, {"no-filters", true},
                                     {"literally", true}, {"path", true, LongOption::required_value}},
                                    options);
    check_option_values(fixed.argc(), fixed.argv());
    options.parse(fixed.argc(), fixed.argv());
    // Later options override earlier ones, negations included (git's order).
    for (const CLI::Option* opt : app.parse_order()) {
        if (opt == opt_stdin) ++args.stdin_count;
        else if (opt == opt_no_stdin) args.stdin_count = 0;
        else if (opt == opt_stdin_paths) args.stdin_paths = true;
        else if (opt == opt_no_stdin_paths) args.stdin_paths = false;
        else if (opt == opt_no_filters) args.no_filters = true;
        else if (opt == opt_filters) args.no_filters = false;
        else if (opt == opt_literally) args.literally = true;
        else if (opt == opt_no_literally) args.literally = false;
        else if (opt == opt_path) args.path = path;
        else if (opt == opt_no_path) args.path.reset();
    }
    return args;
}

// What git refuses after option parsing, in its order of checks.
const char* usage_problem(const HashObjectArgs& args) {
    if (args.stdin_paths) {
        if (args.stdin_count) return "Can't use --stdin-paths with --stdin";
        if (!args.files.empty()) return "Can't specify files with --stdin-paths";
        if (args.path) return "Can't use --stdin-paths with --path";
        return nullptr;
    }
    const char* problem = nullptr;
    if (args.stdin_count > 1) problem = "Multiple --stdin arguments are not supported";
    if (args.path && args.no_filters) problem = "Can't use --path with --no-filters";
    return problem;
}

bool is_absolute(std::string_view path) { return !path.empty() && path[0] == '/'; }

class Hashing {
public:
    Hashing(const HashObjectArgs& args, Repository* repo) : args_(args), repo_(repo) {
        algo_ = repo ? repo->hash_algo() : HashAlgo::sha1;
    }

    // Hashes what fd holds; `shown` names it in git's failure message
    // ("(null)" when git has no name for it).
    void hash_fd(int fd, const std::string& shown) {
        ObjectType type = ObjectType::bad;
        if (!args_.literally) {
            type = type_from_name(args_.type);
            if (type == ObjectType::bad) die("invalid object type \"" + args_.type + "\"");
        }
        std::optional<FileContents> contents;
        try {
            contents.emplace(fd);
        } catch (const IoError&) {
            die(args_.write ? "Unable to add " + shown + " to database" : "Unable to hash " + shown);
        }
        ObjectId id = args_.literally ? hash_literally(contents->view()) : hash_checked(type, contents->view());
        std::string line = id.hex();
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), stdout);
    }

    // `shown` is the name in messages; `open_path` where the file really is.
    void hash_file(const std::string& shown, const std::string& open_path, const std::string& filter_name) {
        int fd = ::open(open_path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) die("could not open '" + shown + "' for reading: " + std::strerror(errno));
        struct Closer {
            int fd;
            ~Closer() { ::close(fd); }
        } closer{fd};
        hash_fd(fd, filter_name);
    }

private:
    ObjectId hash_literally(std::string_view data) {
        if (args_.write) return repo_->odb().write_literally(args_.type, data);
        return hash_object_data(algo_, args_.type, data);
    }

    ObjectId hash_checked(ObjectType type, std::string_view data) {
        check_object_format(type, data, algo_);
        if (args_.write) return repo_->odb().write(type, data);
        return hash_object_data(algo_, type_name(type), data);
    }

    const HashObjectArgs& args_;
    Repository* repo_;
    HashAlgo algo_;
};

// Lines of standard input, with git's strbuf_getline: "\n" or "\r\n" ends a
// line, and the last line needs no terminator.
bool read_line(std::string& line) {
    line.clear();
    int c;
    while ((c = std::getc(stdin)) != EOF) {
        if (c == '\n') break;
        line += static_cast<char>(c);
    }
    if (c == EOF && line.empty()) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

int hash_object(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] {
        Options options(kUsage);
        HashObjectArgs args = parse_args(argc, argv, options);
        // Writing needs a repository; hashing uses one when there is one.
        std::unique_ptr<Repository> repo =
            args.write ? Repository::discover(startup) : Repository::try_discover(startup);
        if (const char* problem = usage_problem(args)) {
            print_error(problem);
            options.usage();
        }
        std::string prefix = repo ? repo->prefix() : std::string();
        auto from_cwd = [&](const std::string& path) { return is_absolute(path) ? path : prefix + path; };
        // The name git gives filters and messages: --path, else the file itself.
        std::optional<std::string> vpath;
        if (args.path) vpath = from_cwd(*args.path);

        Hashing hashing(args, repo.get());
        if (args.stdin_count) hashing.hash_fd(0, vpath ? *vpath : "(null)");
        for (const auto& file : args.files) {
            std::string shown = from_cwd(file);
            std::string filter_name = args.no_filters ? "(null)" : vpath ? *vpath : shown;
            hashing.hash_file(shown, file, filter_name);
        }
        if (args.stdin_paths) {
            // git reads these from the top of the work tree, not from the
            // current directory.
            std::string top = repo && !prefix.empty() && repo->work_tree() ? *repo->work_tree() + "/" : "";
            std::string line;
            while (read_line(line)) {
                if (!line.empty() && line[0] == '"') {
                    auto unquoted = unquote_c_style(line);
                    if (!unquoted) die("line is badly quoted");
                    line = std::move(*unquoted);
                }
                std::string open_path = is_absolute(line) ? line : top + line;
                hashing.hash_file(line, open_path, args.no_filters ? "(null)" : line);
                std::fflush(stdout);
            }
        }
        return 0;
    });
}

GRIT_COMMAND("hash-object", hash_object);

}  // namespace
}  // namespace grit::cmd
