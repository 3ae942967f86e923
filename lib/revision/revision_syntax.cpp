#include "revision/revision_syntax.h"

#include <algorithm>
#include <climits>

namespace grit {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_xdigit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// git gives up on counts that do not fit an int: such a name resolves to nothing.
std::optional<unsigned> parse_count(std::string_view digits) {
    if (digits.empty()) return 1u;
    unsigned long long n = 0;
    for (char c : digits) {
        n = n * 10 + static_cast<unsigned>(c - '0');
        if (n > INT_MAX) return std::nullopt;
    }
    return static_cast<unsigned>(n);
}

// "~N" or "^N" at the end of `rest`.
bool take_count_suffix(std::string_view& rest, RevisionOp& op) {
    std::size_t i = rest.size();
    while (i > 0 && is_digit(rest[i - 1])) --i;
    if (i == 0 || (rest[i - 1] != '~' && rest[i - 1] != '^')) return false;
    op.kind = rest[i - 1] == '^' ? RevisionOpKind::parent : RevisionOpKind::ancestor;
    op.n = parse_count(rest.substr(i));
    op.end = rest.size();
    rest = rest.substr(0, i - 1);
    return true;
}

// "^{...}" at the end of `rest`. Like git, the type is recognised by prefix
// from the last "^{", so "X^{commit}junk}" still means X^{commit}.
bool take_peel_suffix(std::string_view& rest, RevisionOp& op) {
    if (rest.size() < 4 || rest.back() != '}') return false;
    std::size_t open = rest.rfind("^{");
    if (open == std::string_view::npos) return false;
    std::string_view inside = rest.substr(open + 2);
    static constexpr std::pair<std::string_view, PeelTarget> kTypes[] = {
        {"commit}", PeelTarget::commit}, {"tag}", PeelTarget::tag},       {"tree}", PeelTarget::tree},
        {"blob}", PeelTarget::blob},     {"object}", PeelTarget::any_object}, {"}", PeelTarget::tags_only},
    };
    bool known = false;
    for (const auto& [text, target] : kTypes) {
        if (inside.substr(0, text.size()) == text) {
            op.target = target;
            known = true;
            break;
        }
    }
    if (!known && inside.front() == '/') {
        op.target = PeelTarget::message_regex;
        op.regex = inside.substr(1, inside.size() - 2);
        known = true;
    }
    if (!known) return false;
    op.kind = RevisionOpKind::peel;
    op.end = rest.size();
    rest = rest.substr(0, open);
    return true;
}

}  // namespace

RevisionChain parse_revision_chain(std::string_view expr) {
    RevisionChain chain;
    std::string_view rest = expr;
    while (!rest.empty()) {
        RevisionOp op;
        if (!take_count_suffix(rest, op) && !take_peel_suffix(rest, op)) break;
        chain.ops.push_back(op);
    }
    std::reverse(chain.ops.begin(), chain.ops.end());
    chain.base = rest;
    return chain;
}

RevisionExpression parse_revision_expression(std::string_view expr) {
    RevisionExpression e;
    if (!expr.empty() && expr[0] == ':') {
        if (expr.size() > 2 && expr[1] == '/') {
            e.form = RevisionForm::message_search;
            e.path = expr.substr(2);
        } else if (expr.size() >= 3 && expr[2] == ':' && expr[1] >= '0' && expr[1] <= '3') {
            e.form = RevisionForm::index_path;
            e.stage = expr[1] - '0';
            e.path = expr.substr(3);
        } else {
            e.form = RevisionForm::index_path;
            e.path = expr.substr(1);
        }
        return e;
    }
    int depth = 0;
    for (std::size_t i = 0; i < expr.size(); ++i) {
        char c = expr[i];
        if ((c == '@' || c == '^') && i + 1 < expr.size() && expr[i + 1] == '{') {
            ++i;
            ++depth;
        } else if (depth && c == '}') {
            --depth;
        } else if (!depth && c == ':') {
            e.form = RevisionForm::tree_path;
            e.rev = expr.substr(0, i);
            e.path = expr.substr(i + 1);
            return e;
        }
    }
    e.rev = expr;
    return e;
}

std::optional<std::string_view> describe_output_hex(std::string_view expr) {
    // Only the rightmost non-hex character can be the 'g': anything further
    // left would leave a non-hex character in the abbreviated id.
    std::size_t g = expr.size();
    while (g > 0 && is_xdigit(expr[g - 1])) --g;
    if (g < 3 || expr[g - 1] != 'g' || expr[g - 2] != '-') return std::nullopt;
    return expr.substr(g);
}

bool has_at_brace(std::string_view name) { return name.find("@{") != std::string_view::npos; }

}  // namespace grit
