#pragma once
// The registry of subcommands. Each cmd/<name>.cpp registers itself with
// GRIT_COMMAND("name", function); main.cpp dispatches by name.
#include <map>
#include <string>
#include <string_view>

#include "repo/startup_options.h"

namespace grit::cmd {

// argv[0] is the subcommand name; the rest are its arguments.
using CommandFn = int (*)(int argc, char** argv, const StartupOptions& startup);

std::map<std::string, CommandFn, std::less<>>& command_table();
CommandFn find_command(std::string_view name);

struct CommandRegistration {
    CommandRegistration(const char* name, CommandFn fn) { command_table()[name] = fn; }
};

#define GRIT_COMMAND(name, fn) \
    static const ::grit::cmd::CommandRegistration grit_command_registration_{name, fn}

}  // namespace grit::cmd
