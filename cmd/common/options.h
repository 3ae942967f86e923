#pragma once
// git's option conventions on top of CLI11: "-h" prints the usage to stdout
// and exits 129; an unknown option prints "error: unknown option `x'" (or
// "unknown switch `x'") and the usage to stderr and exits 129. Options with an
// optional value take it only as "--opt=value", as git's parse-options does:
// declare them with add_flag("--opt{<default>}", str).
#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

#include "common/report.h"

namespace grit::cmd {

class Options {
public:
    // usage: exactly what `git <cmd> -h` prints (git 2.39), ending in "\n".
    explicit Options(std::string usage);
    CLI::App app;
    // Parses argv[1..]; on -h or a usage error prints as git and throws ExitCode{129}.
    void parse(int argc, char** argv);
    // "error: <msg>" + usage on stderr, then ExitCode{129}.
    [[noreturn]] void usage_error(std::string_view msg) const;
    // Prints the usage to stderr and throws ExitCode{129} (git's usage_with_options).
    [[noreturn]] void usage() const;
    const std::string& usage_text() const { return usage_; }

private:
    std::string usage_;
};

}  // namespace grit::cmd
