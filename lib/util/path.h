#pragma once
// Path arithmetic as git does it: on strings, '/' separated, without touching
// the file system unless the name says so (real_path, current_directory).
#include <optional>
#include <string>
#include <string_view>

namespace grit {

inline bool is_absolute_path(std::string_view p) { return !p.empty() && p[0] == '/'; }

// The current directory as getcwd(3) reports it; throws IoError on failure.
std::string current_directory();

// Everything up to and including the last '/', or "" when there is none.
std::string_view directory_part(std::string_view path);

// "a" + "b" -> "a/b", never doubling the separator; an absolute `rel` wins.
std::string join_path(std::string_view base, std::string_view rel);

// Removes "." components, resolves ".." lexically and squeezes repeated '/'.
// Keeps a leading '/'; returns "." for an empty relative result.
std::string normalize_path(std::string_view path);

// The canonical absolute path with symlinks resolved. When `forgiving` is
// set, a missing final part is appended as is (git's strbuf_realpath with
// die_on_error=0 only for the last component); otherwise nullopt when the
// path does not exist.
std::optional<std::string> real_path(std::string_view path, bool forgiving = false);

// git's relative_path(): `in` expressed relative to directory `prefix`
// ("./" when they are the same, `in` unchanged when one is absolute and the
// other is not, or when prefix is empty).
std::string relative_path(std::string_view in, std::string_view prefix);

// "~/x" -> "$HOME/x", "~user/x" via the password database; nullopt when the
// home directory is unknown. Other paths are returned unchanged.
std::optional<std::string> expand_user_path(std::string_view path);

// Is `path` equal to or below directory `dir`? Both absolute and normalized.
bool is_path_inside(std::string_view path, std::string_view dir);

}  // namespace grit
