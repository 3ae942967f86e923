#pragma once
// Writing and deleting symbolic refs (git symbolic-ref), each under git's
// lock-file protocol, with the reflog entry git writes.
#include <string>
#include <string_view>

namespace grit {

class Repository;

// Points `name` at `target` ("ref: <target>\n" written through
// <name>.lock). When the target resolves, appends "<old> <new> <ident>
// [\t<message>]" to the reflog of `name` if it exists or
// core.logAllRefUpdates asks for one (HEAD, refs/heads/, refs/remotes/,
// refs/notes/; every ref with "always"). The caller validates the names.
void create_symref(Repository& repo, std::string_view name, std::string_view target, std::string_view message);

// Removes the loose ref file `name` and its reflog.
void delete_symref(Repository& repo, std::string_view name);

}  // namespace grit
