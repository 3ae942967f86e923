#pragma once
// git's OPT_STRING for a long option, which CLI11 cannot express exactly:
// "--name=<v>" (an empty <v> included) or "--name <v>" whatever <v> looks
// like, the last occurrence winning.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grit::cmd {

// Removes every occurrence of --<name> and its value from args (up to "--")
// and returns the last value. When --<name> ends the command line, prints
// "error: option `<name>' requires a value" and throws ExitCode{129}.
std::optional<std::string> take_string_option(std::vector<char*>& args, std::string_view name);

}  // namespace grit::cmd
