#pragma once
// Rewrites of argv before CLI11 sees it, where CLI11 and git's parse-options
// disagree: git accepts unique prefixes of long options ("--name-o") and
// their negations ("--no-full"), and "--opt=" with an empty value.
#include <string>
#include <string_view>
#include <vector>

namespace grit::cmd {

class Options;

// An owned argv that CLI11 can parse.
class ArgvCopy {
public:
    explicit ArgvCopy(std::vector<std::string> args);
    int argc() const { return static_cast<int>(ptrs_.size()) - 1; }
    char** argv() { return ptrs_.data(); }

private:
    std::vector<std::string> args_;
    std::vector<char*> ptrs_;
};

// A long option as git's option table declares it, in the table's order.
struct LongOption {
    enum Value { flag, required_value, optional_value };
    std::string_view name;   // without "--"
    bool negatable = false;  // "--no-<name>" is accepted
    Value value = flag;      // with a required value, "--<name>=" means ""
};

// Spells out abbreviated long options in full (an ambiguous one is git's
// "error: ambiguous option: ..." with the usage on stdout, exit 129), refuses
// a value for a flag ("error: option `x' takes no value", exit 129) and
// splits "--opt=" into "--opt" "" for options that take a value. Stops at "--".
ArgvCopy git_style_argv(int argc, char** argv, const std::vector<LongOption>& table, const Options& options);

}  // namespace grit::cmd
