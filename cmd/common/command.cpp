#include "common/command.h"

namespace grit::cmd {

std::map<std::string, CommandFn, std::less<>>& command_table() {
    static std::map<std::string, CommandFn, std::less<>> table;
    return table;
}

CommandFn find_command(std::string_view name) {
    auto& table = command_table();
    auto it = table.find(name);
    return it == table.end() ? nullptr : it->second;
}

}  // namespace grit::cmd
