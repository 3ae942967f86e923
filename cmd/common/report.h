#pragma once
// Turning library errors into git's messages and exit codes.
#include <functional>
#include <string_view>

namespace grit::cmd {

// Thrown to leave a command with an exit code after its message was printed.
struct ExitCode {
    int code;
};

// Runs body; a grit::Error becomes its error lines as "error: ..." and then
// "fatal: <message>" on stderr with exit 128; ExitCode passes its code through.
int run_reporting_errors(const std::function<int()>& body);

void print_error(std::string_view msg);    // "error: msg\n" on stderr
void print_warning(std::string_view msg);  // "warning: msg\n" on stderr
[[noreturn]] void die(std::string_view msg);  // "fatal: msg\n", ExitCode{128}

}  // namespace grit::cmd
