#pragma once
// The grammar of gitrevisions(7), without a repository: splitting an
// expression into its base name, the chain of suffix operators applied to it,
// and an optional ":<path>". Pure string work, so it is unit-tested alone.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace grit {

enum class RevisionOpKind {
    parent,    // ^N  (^ is ^1, ^0 is the commit itself)
    ancestor,  // ~N  (~ is ~1)
    peel,      // ^{type}, ^{}, ^{/regex}
};

// What "^{...}" asks for.
enum class PeelTarget { tags_only, any_object, commit, tree, blob, tag, message_regex };

struct RevisionOp {
    RevisionOpKind kind = RevisionOpKind::parent;
    // ^N / ~N; nullopt when the number overflows (git then finds nothing).
    std::optional<unsigned> n;
    PeelTarget target = PeelTarget::tags_only;
    std::string_view regex;  // for message_regex
    // Length of the expression prefix that ends with this operator ("HEAD^{tree}"
    // in "HEAD^{tree}:x"), which git names in its peel errors.
    std::size_t end = 0;
};

// "<base><ops...>", as git reads it: operators are taken from the right
// ("~N"/"^N" first, then a recognised "^{...}"), so "v1^{tree}~2" has base
// "v1". An unrecognised "^{...}" stays part of the base (and will not resolve).
struct RevisionChain {
    std::string_view base;
    std::vector<RevisionOp> ops;  // in the order they apply
};
RevisionChain parse_revision_chain(std::string_view expr);

enum class RevisionForm {
    chain,        // <rev>
    tree_path,    // <rev>:<path>
    index_path,   // :<path>, :<stage>:<path>
    message_search,  // :/<regex>
};

struct RevisionExpression {
    RevisionForm form = RevisionForm::chain;
    std::string_view rev;   // the part before ':' (chain and tree_path)
    std::string_view path;  // after ':' (tree_path, index_path), the regex for message_search
    int stage = 0;          // index_path
};
// Splits at the first ':' that is not inside "^{...}" or "@{...}".
RevisionExpression parse_revision_expression(std::string_view expr);

// git's "describe" output "<anything>-g<hex>": the hex after the last "-g".
// (git 2.39 does not check what comes before.)
std::optional<std::string_view> describe_output_hex(std::string_view expr);

// True when name contains "@{" (reflog, upstream, push, @{-N} syntax).
bool has_at_brace(std::string_view name);

}  // namespace grit
