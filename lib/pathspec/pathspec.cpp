#include "pathspec/pathspec.h"

#include "util/error.h"
#include "util/repo_path.h"

namespace grit {

namespace {

struct MagicName {
    unsigned bit;
    std::string_view name;
    char mnemonic;  // 0: long form only
};

constexpr MagicName kMagicNames[] = {
    {kPathspecTop, "top", '/'},         {kPathspecLiteral, "literal", 0}, {kPathspecGlob, "glob", 0},
    {kPathspecIcase, "icase", 0},       {kPathspecExclude, "exclude", '!'}, {kPathspecAttr, "attr", 0},
};

// Characters git reserves for short magic (its ctype class GIT_PATHSPEC_MAGIC).
bool is_reserved_magic_char(char c) {
    return std::string_view("!\"#%&',-/:;<=>@_`~").find(c) != std::string_view::npos;
}

// ":(name,name)rest": sets the bits, returns where the path starts.
std::size_t parse_long_magic(std::string_view arg, unsigned& magic) {
    auto close = arg.find(')', 2);
    if (close == std::string_view::npos)
        throw BadName("Missing ')' at the end of pathspec magic in '" + std::string(arg) + "'");
    std::string_view names = arg.substr(2, close - 2);
    while (true) {
        auto comma = names.find(',');
        auto name = names.substr(0, comma);
        if (!name.empty()) {
            bool known = false;
            for (const auto& m : kMagicNames) {
                bool matches = m.bit == kPathspecAttr ? name.substr(0, 5) == "attr:" : name == m.name;
                if (matches) {
                    magic |= m.bit;
                    known = true;
                    break;
                }
            }
            if (!known)
                throw BadName("Invalid pathspec magic '" + std::string(name) + "' in '" + std::string(arg) + "'");
        }
        if (comma == std::string_view::npos) break;
        names.remove_prefix(comma + 1);
    }
    return close + 1;
}

// ":/!rest" or ":/:rest": sets the bits, returns where the path starts.
std::size_t parse_short_magic(std::string_view arg, unsigned& magic) {
    std::size_t pos = 1;
    for (; pos < arg.size() && arg[pos] != ':'; ++pos) {
        char c = arg[pos];
        if (c == '^') {
            magic |= kPathspecExclude;
            continue;
        }
        if (!is_reserved_magic_char(c)) break;
        bool known = false;
        for (const auto& m : kMagicNames) {
            if (m.mnemonic == c) {
                magic |= m.bit;
                known = true;
                break;
            }
        }
        if (!known)
            throw BadName(std::string("Unimplemented pathspec magic '") + c + "' in '" + std::string(arg) + "'");
    }
    if (pos < arg.size() && arg[pos] == ':') ++pos;
    return pos;
}

// The path from the top for a path relative to the current directory, or
// nullopt when it is outside the work tree.
std::optional<std::string> path_from_top(std::string_view path, const PathspecContext& ctx) {
    if (!path.empty() && path[0] == '/') {
        if (!ctx.work_tree) return std::nullopt;
        auto absolute = normalize_repo_path(path);
        if (!absolute) return std::nullopt;
        std::string_view top = *ctx.work_tree;
        while (top.size() > 1 && top.back() == '/') top.remove_suffix(1);
        std::string_view rest = *absolute;  // normalize_repo_path dropped the leading '/'
        std::string_view top_rel = top.substr(1);
        if (rest.substr(0, top_rel.size()) != top_rel) return std::nullopt;
        rest.remove_prefix(top_rel.size());
        if (rest.empty()) return std::string();
        if (!top_rel.empty()) {
            if (rest[0] != '/') return std::nullopt;
            rest.remove_prefix(1);
        }
        return std::string(rest);
    }
    std::string joined = ctx.prefix;
    joined.append(path);
    return normalize_repo_path(joined);
}

std::string describe_unsupported(unsigned magic) {
    std::string out;
    for (const auto& m : kMagicNames) {
        if (!(magic & m.bit)) continue;
        if (!out.empty()) out += ", ";
        out += "'" + std::string(m.name) + "'";
        if (m.mnemonic) out += std::string(" (mnemonic: '") + m.mnemonic + "')";
    }
    return out;
}

PathspecItem parse_item(const std::string& arg, const PathspecContext& ctx, unsigned allowed_magic) {
    PathspecItem item;
    item.original = arg;
    std::size_t start = 0;
    if (!ctx.literal_pathspecs && !arg.empty() && arg[0] == ':') {
        start = arg.size() > 1 && arg[1] == '(' ? parse_long_magic(arg, item.magic)
                                                : parse_short_magic(arg, item.magic);
    }
    if ((item.magic & kPathspecLiteral) && (item.magic & kPathspecGlob))
        throw BadName(arg + ": 'literal' and 'glob' are incompatible");
    std::string_view path = std::string_view(arg).substr(start);
    if (item.magic & kPathspecTop) {
        item.match = std::string(path);
    } else {
        auto from_top = path_from_top(path, ctx);
        if (!from_top)
            throw BadName(arg + ": '" + std::string(path) + "' is outside repository at '" + ctx.root_for_messages +
                          "'");
        item.match = std::move(*from_top);
    }
    if (unsigned unsupported = item.magic & ~allowed_magic)
        throw BadName(arg + ": pathspec magic not supported by this command: " + describe_unsupported(unsupported));
    return item;
}

}  // namespace

std::vector<PathspecItem> parse_pathspec(const std::vector<std::string>& args, const PathspecContext& ctx,
                                         unsigned allowed_magic) {
    std::vector<PathspecItem> items;
    if (args.empty()) {
        if (!ctx.prefix.empty()) items.push_back({ctx.prefix, ctx.prefix, 0});
        return items;
    }
    for (const auto& arg : args) {
        if (arg.empty())
            throw BadName("empty string is not a valid pathspec. please use . instead if you meant to match all paths");
    }
    for (const auto& arg : args) items.push_back(parse_item(arg, ctx, allowed_magic));
    return items;
}

}  // namespace grit
