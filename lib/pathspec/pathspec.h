#pragma once
// Parsing pathspec arguments the way git's parse_pathspec does: magic
// (":(top,literal)x", ":/x", ":!x"), the current directory's prefix, and
// normalization ("./a/../b" -> "b"). Matching is left to the user of the
// items (tree walks match literally, as ls-tree does).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grit {

enum PathspecMagic : unsigned {
    kPathspecTop = 1u << 0,
    kPathspecLiteral = 1u << 1,
    kPathspecGlob = 1u << 2,
    kPathspecIcase = 1u << 3,
    kPathspecExclude = 1u << 4,
    kPathspecAttr = 1u << 5,
};

struct PathspecItem {
    std::string original;  // the argument as given
    std::string match;     // path from the top of the work tree, normalized
    unsigned magic = 0;
};

struct PathspecContext {
    std::string prefix;                    // current directory below the top, "" or "dir/"
    std::optional<std::string> work_tree;  // absolute; nullopt when there is none
    // What "outside repository at '%s'" names: the work tree, or "<git dir>/."
    // when there is none.
    std::string root_for_messages;
    // GIT_LITERAL_PATHSPECS: no magic is parsed.
    bool literal_pathspecs = false;
};

// Parses args; with no args, the prefix itself when there is one (git's
// PATHSPEC_PREFER_CWD). Throws BadName with git's messages ("empty string is
// not a valid pathspec...", "Invalid pathspec magic ...", "<arg>: '<path>' is
// outside repository at '<root>'", "<arg>: pathspec magic not supported by
// this command: 'glob'") when an argument uses magic outside `allowed_magic`.
std::vector<PathspecItem> parse_pathspec(const std::vector<std::string>& args, const PathspecContext& ctx,
                                         unsigned allowed_magic);

}  // namespace grit
