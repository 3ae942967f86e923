#include "common/report.h"

#include <cstdio>
#include <new>

#include "util/error.h"

namespace grit::cmd {

void print_error(std::string_view msg) {
    std::fprintf(stderr, "error: %.*s\n", static_cast<int>(msg.size()), msg.data());
}

void print_warning(std::string_view msg) {
    std::fprintf(stderr, "warning: %.*s\n", static_cast<int>(msg.size()), msg.data());
}

void die(std::string_view msg) {
    std::fflush(stdout);
    std::fprintf(stderr, "fatal: %.*s\n", static_cast<int>(msg.size()), msg.data());
    throw ExitCode{128};
}

int run_reporting_errors(const std::function<int()>& body) {
    try {
        return body();
    } catch (const ExitCode& e) {
        return e.code;
    } catch (const Error& e) {
        std::fflush(stdout);
        for (const auto& line : e.error_lines) print_error(line);
        std::fprintf(stderr, "fatal: %s\n", e.what());
        return 128;
    } catch (const std::bad_alloc&) {
        std::fflush(stdout);
        std::fputs("fatal: out of memory\n", stderr);
        return 128;
    }
}

}  // namespace grit::cmd
