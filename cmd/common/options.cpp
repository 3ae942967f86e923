#include "common/options.h"

#include <cstdio>
#include <cstring>

namespace grit::cmd {

Options::Options(std::string usage) : usage_(std::move(usage)) {
    app.set_help_flag();
    app.allow_extras(false);
    app.positionals_at_end(false);
}

void Options::usage_error(std::string_view msg) const {
    std::fprintf(stderr, "error: %.*s\n", static_cast<int>(msg.size()), msg.data());
    usage();
}

void Options::usage() const {
    std::fputs(usage_.c_str(), stderr);
    throw ExitCode{129};
}

void Options::parse(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--") == 0) break;
        if (std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--help") == 0) {
            std::fputs(usage_.c_str(), stdout);
            throw ExitCode{129};
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        std::string what = e.what();
        auto colon = what.rfind(": ");
        std::string arg = colon == std::string::npos ? what : what.substr(colon + 2);
        if (arg.size() > 2 && arg[0] == '-' && arg[1] == '-') {
            auto eq = arg.find('=');
            usage_error("unknown option `" + arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2) + "'");
        }
        if (arg.size() >= 2 && arg[0] == '-') usage_error("unknown switch `" + arg.substr(1, 1) + "'");
        usage_error(what);
    }
}

}  // namespace grit::cmd
