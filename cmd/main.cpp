// The multi-call entry point: `grit <cmd>`, a link named `git-<cmd>`, or a
// link named `git` that serves what grit implements and hands the rest to the
// real git unchanged.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "common/command.h"
#include "common/report.h"
#include "repo/startup_options.h"
#include "util/quote.h"
#include "util/trace.h"

namespace {

using grit::StartupOptions;

constexpr const char* kUsage =
    "usage: grit [--version] [--help] [-C <path>] [-c <name>=<value>]\n"
    "            [--git-dir=<path>] [--work-tree=<path>] [--bare]\n"
    "            [--no-pager] [--no-replace-objects] <command> [<args>]\n";

std::string basename_of(const char* path) {
    const char* slash = std::strrchr(path, '/');
    return slash ? slash + 1 : path;
}

// The first `git` on PATH that is not this binary, or GRIT_REAL_GIT.
std::string find_real_git() {
    if (const char* env = std::getenv("GRIT_REAL_GIT"); env && *env) return env;
    struct stat self {};
    if (stat("/proc/self/exe", &self) != 0) self = {};
    const char* path = std::getenv("PATH");
    std::string_view rest = path ? path : "/usr/bin:/bin";
    while (true) {
        auto colon = rest.find(':');
        std::string dir(rest.substr(0, colon));
        if (dir.empty()) dir = ".";
        std::string candidate = dir + "/git";
        struct stat st {};
        if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0 &&
            !(st.st_dev == self.st_dev && st.st_ino == self.st_ino))
            return candidate;
        if (colon == std::string_view::npos) break;
        rest.remove_prefix(colon + 1);
    }
    return {};
}

[[noreturn]] void exec_real_git(char** argv) {
    std::string git = find_real_git();
    if (git.empty()) {
        std::fprintf(stderr, "fatal: cannot find the real git on PATH (set GRIT_REAL_GIT)\n");
        std::exit(128);
    }
    argv[0] = const_cast<char*>(git.c_str());
    grit::trace::message("main", "exec " + git);
    execv(git.c_str(), argv);
    std::fprintf(stderr, "fatal: cannot exec '%s': %s\n", git.c_str(), std::strerror(errno));
    std::exit(128);
}

void push_config_parameter(const std::string& kv) {
    const char* old = std::getenv("GIT_CONFIG_PARAMETERS");
    std::string value = old && *old ? std::string(old) + " " : std::string();
    grit::append_sq_quoted(value, kv);
    setenv("GIT_CONFIG_PARAMETERS", value.c_str(), 1);
}

// `grit help <cmd>` shows the installed manual page grit-<cmd>(1), as git
// shows git-<cmd>(1); without one (an uninstalled build) it falls back to
// the usage text. Returns only when no page is installed.
void show_manual_page(const char* command) {
    std::string page = std::string("grit-") + command;
    std::string probe = "man -w " + page + " >/dev/null 2>&1";
    if (std::system(probe.c_str()) != 0) return;
    std::fflush(stdout);
    execlp("man", "man", page.c_str(), static_cast<char*>(nullptr));
}

int run_command(grit::cmd::CommandFn fn, int argc, char** argv, const StartupOptions& startup) {
    grit::trace::Region region("cmd", argv[0]);
    int code = fn(argc, argv, startup);
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        if (errno == EPIPE) return 141;
        std::fprintf(stderr, "fatal: unable to write to standard output\n");
        return 128;
    }
    return code;
}

int dispatch(int argc, char** argv) {
    std::string self = basename_of(argv[0]);
    bool as_git = self == "git";
    StartupOptions startup;
    startup.warn = [](const std::string& msg) { std::fprintf(stderr, "warning: %s\n", msg.c_str()); };

    // A link named git-<cmd> runs <cmd> with no global options.
    if (self.rfind("git-", 0) == 0) {
        std::string name = self.substr(4);
        if (auto fn = grit::cmd::find_command(name)) {
            argv[0] = const_cast<char*>(name.c_str());
            return run_command(fn, argc, argv, startup);
        }
        std::fprintf(stderr, "fatal: grit does not implement '%s'\n", name.c_str());
        return 128;
    }

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; ++i) {
        std::string_view arg = argv[i];
        auto takes_value = [&](std::string_view opt, std::string& value) {
            if (arg == opt) {
                if (i + 1 >= argc) {
                    std::fprintf(stderr, "error: no directory given for '%s' option\n\n%s",
                                 std::string(opt.substr(opt.find_first_not_of('-'))).c_str(), kUsage);
                    std::exit(129);
                }
                value = argv[++i];
                return true;
            }
            if (arg.size() > opt.size() && arg.substr(0, opt.size()) == opt && arg[opt.size()] == '=') {
                value = std::string(arg.substr(opt.size() + 1));
                return true;
            }
            return false;
        };
        std::string value;
        if (arg == "-C") {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "error: no directory given for '-C' option\n\n%s", kUsage);
                return 129;
            }
            const char* dir = argv[++i];
            if (*dir && chdir(dir) != 0) {
                std::fprintf(stderr, "fatal: cannot change to '%s': %s\n", dir, std::strerror(errno));
                return 128;
            }
        } else if (arg == "-c") {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "error: -c expects a configuration string\n\n%s", kUsage);
                return 129;
            }
            startup.config_params.emplace_back(argv[++i]);
            push_config_parameter(argv[i]);
        } else if (takes_value("--git-dir", value)) {
            startup.git_dir = value;
            setenv("GIT_DIR", value.c_str(), 1);
        } else if (takes_value("--work-tree", value)) {
            startup.work_tree = value;
            setenv("GIT_WORK_TREE", value.c_str(), 1);
        } else if (arg == "--bare") {
            startup.bare = true;
        } else if (arg == "--no-pager" || arg == "-P" || arg == "--no-optional-locks" ||
                   arg == "--literal-pathspecs" || arg == "--no-advice") {
            // grit never pages; the rest have no effect on the commands grit implements.
        } else if (arg == "-p" || arg == "--paginate") {
        } else if (arg == "--no-replace-objects") {
            startup.no_replace_objects = true;
            setenv("GIT_NO_REPLACE_OBJECTS", "1", 1);
        } else if (arg == "--version" || arg == "-v") {
            if (as_git) exec_real_git(argv);
            std::printf("grit version %s\n", GRIT_VERSION);
            return 0;
        } else if (arg == "--list-cmds=builtins" && !as_git) {
            // git's option of the same name; install rules and completion use it.
            for (const auto& [name, fn] : grit::cmd::command_table()) std::printf("%s\n", name.c_str());
            return 0;
        } else if (arg == "--help" || arg == "-h") {
            if (as_git) exec_real_git(argv);
            std::fputs(kUsage, stdout);
            return 0;
        } else if (as_git) {
            exec_real_git(argv);
        } else {
            std::fprintf(stderr, "unknown option: %s\n%s", argv[i], kUsage);
            return 129;
        }
    }
    if (i >= argc) {
        if (as_git) exec_real_git(argv);
        std::fputs(kUsage, stdout);
        return 1;
    }

    std::string name = argv[i];
    if (name == "version" && !as_git) {
        std::printf("grit version %s\n", GRIT_VERSION);
        return 0;
    }
    if (name == "help" && !as_git) {
        if (i + 1 >= argc) {
            std::fputs(kUsage, stdout);
            return 0;
        }
        auto fn = grit::cmd::find_command(argv[i + 1]);
        if (!fn) {
            std::fprintf(stderr, "fatal: no such grit command: '%s'\n", argv[i + 1]);
            return 1;
        }
        show_manual_page(argv[i + 1]);
        char help_flag[] = "-h";
        char* help_argv[] = {argv[i + 1], help_flag, nullptr};
        // `help` shows the same usage on stdout, but is not a usage error.
        run_command(fn, 2, help_argv, startup);
        return 0;
    }
    auto fn = grit::cmd::find_command(name);
    if (!fn) {
        if (as_git) exec_real_git(argv);
        std::fprintf(stderr, "grit: '%s' is not a grit command. See 'grit --help'.\n", name.c_str());
        return 1;
    }
    return run_command(fn, argc - i, argv + i, startup);
}

}  // namespace

int main(int argc, char** argv) {
    grit::trace::start(argc, argv);
    int code = dispatch(argc, argv);
    grit::trace::exit(code);
    return code;
}
