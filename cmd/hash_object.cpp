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

#include "common/command.h"
#include "common/parse_options.h"
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
    int write = 0;
    int stdin_count = 0;
    int stdin_paths = 0;
    int no_filters = 0;
    int literally = 0;
    std::optional<std::string> path;
    std::vector<std::string> files;
};

HashObjectArgs parse_args(int argc, char** argv) {
    HashObjectArgs args;
    std::optional<std::string> type;
    using G = GitOption;
    args.files = parse_git_options(argc, argv,
                                   {
                                       G::make_string('t', {}, &type),
                                       G::make_bool('w', {}, &args.write),
                                       G::make_counter(0, "stdin", &args.stdin_count),
                                       G::make_bool(0, "stdin-paths", &args.stdin_paths),
                                       G::make_bool(0, "no-filters", &args.no_filters),
                                       G::make_bool(0, "literally", &args.literally),
                                       G::make_string(0, "path", &args.path),
                                   },
                                   kUsage);
    if (type) args.type = *type;
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
        HashObjectArgs args = parse_args(argc, argv);
        // Writing needs a repository; hashing uses one when there is one.
        std::unique_ptr<Repository> repo =
            args.write ? Repository::discover(startup) : Repository::try_discover(startup);
        if (const char* problem = usage_problem(args)) usage_error(problem, kUsage);
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
