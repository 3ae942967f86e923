#include "common/string_option.h"

#include <cstdio>

#include "common/options.h"

namespace grit::cmd {

std::optional<std::string> take_string_option(std::vector<char*>& args, std::string_view name) {
    const std::string flag = "--" + std::string(name);
    std::optional<std::string> value;
    std::vector<char*> kept;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg == "--") {
            kept.insert(kept.end(), args.begin() + i, args.end());
            break;
        }
        if (arg == flag) {
            if (i + 1 == args.size()) {
                std::fprintf(stderr, "error: option `%s' requires a value\n", flag.c_str() + 2);
                throw ExitCode{129};
            }
            value = args[++i];
        } else if (arg.size() > flag.size() && arg.substr(0, flag.size() + 1) == flag + "=") {
            value = std::string(arg.substr(flag.size() + 1));
        } else {
            kept.push_back(args[i]);
        }
    }
    args = std::move(kept);
    return value;
}

}  // namespace grit::cmd
