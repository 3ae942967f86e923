#include "util/wildmatch.h"

#include <cctype>
#include <cstring>
#include <optional>

namespace grit {
namespace {

enum class Result { match, no_match, abort_all, abort_to_starstar };

char fold(char c, bool casefold) {
    return casefold ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

bool in_class(std::string_view name, unsigned char c) {
    if (name == "alnum") return std::isalnum(c);
    if (name == "alpha") return std::isalpha(c);
    if (name == "blank") return c == ' ' || c == '\t';
    if (name == "cntrl") return std::iscntrl(c);
    if (name == "digit") return std::isdigit(c);
    if (name == "graph") return std::isgraph(c);
    if (name == "lower") return std::islower(c);
    if (name == "print") return std::isprint(c);
    if (name == "punct") return std::ispunct(c);
    if (name == "space") return std::isspace(c);
    if (name == "upper") return std::isupper(c);
    if (name == "xdigit") return std::isxdigit(c);
    return false;
}

class Matcher {
public:
    Matcher(std::string_view pattern, unsigned flags)
        : pat_(pattern), casefold_(flags & wm_casefold), pathname_(flags & wm_pathname) {}

    Result match(std::size_t p, std::string_view text) const {
        std::size_t t = 0;
        for (; p < pat_.size(); ++p, ++t) {
            char pc = pat_[p];
            if (t >= text.size() && pc != '*') return Result::abort_all;
            char tc = t < text.size() ? text[t] : '\0';
            switch (pc) {
            case '\\':
                if (++p >= pat_.size()) return Result::no_match;
                if (fold(pat_[p], casefold_) != fold(tc, casefold_)) return Result::no_match;
                break;
            case '?':
                if (pathname_ && tc == '/') return Result::no_match;
                break;
            case '*':
                return star(p, text.substr(t));
            case '[': {
                auto r = bracket(p, tc);
                if (!r) return Result::abort_all;  // malformed class
                if (!*r) return Result::no_match;
                break;
            }
            default:
                if (fold(pc, casefold_) != fold(tc, casefold_)) return Result::no_match;
            }
        }
        return t >= text.size() ? Result::match : Result::no_match;
    }

private:
    Result star(std::size_t p, std::string_view text) const {
        std::size_t star_begin = p;
        bool match_slash;
        if (p + 1 < pat_.size() && pat_[p + 1] == '*') {
            while (p + 1 < pat_.size() && pat_[p + 1] == '*') ++p;
            bool at_start = star_begin == 0 || pat_[star_begin - 1] == '/';
            std::size_t after = p + 1;
            bool at_end = after >= pat_.size() || pat_[after] == '/' ||
                          (pat_[after] == '\\' && after + 1 < pat_.size() && pat_[after + 1] == '/');
            if (!pathname_) {
                match_slash = true;
            } else if (at_start && at_end) {
                // "**/" may also match no directory at all.
                if (after < pat_.size() && pat_[after] == '/' && match(after + 1, text) == Result::match)
                    return Result::match;
                match_slash = true;
            } else {
                match_slash = false;
            }
        } else {
            match_slash = !pathname_;
        }
        ++p;
        if (p >= pat_.size()) {
            if (!match_slash && text.find('/') != std::string_view::npos) return Result::abort_to_starstar;
            return Result::match;
        }
        if (!match_slash && pat_[p] == '/') {
            auto slash = text.find('/');
            if (slash == std::string_view::npos) return Result::abort_all;
            return match(p, text.substr(slash));
        }
        for (std::size_t t = 0;; ++t) {
            Result r = match(p, text.substr(t));
            if (r != Result::no_match) {
                if (!match_slash || r != Result::abort_to_starstar) return r;
            }
            if (t >= text.size()) return Result::abort_all;
            if (!match_slash && text[t] == '/') return Result::abort_to_starstar;
        }
    }

    // Matches c against the class starting at pat_[p] == '['; leaves p on ']'.
    // nullopt when the class is not closed.
    std::optional<bool> bracket(std::size_t& p, char c) const {
        unsigned char tc = static_cast<unsigned char>(c);
        ++p;
        if (p >= pat_.size()) return std::nullopt;
        bool negated = pat_[p] == '!' || pat_[p] == '^';
        if (negated) ++p;
        bool matched = false;
        std::size_t first = p;
        unsigned char prev = 0;
        for (;; ++p) {
            if (p >= pat_.size()) return std::nullopt;
            unsigned char pc = static_cast<unsigned char>(pat_[p]);
            if (pc == ']' && p != first) break;
            if (pc == '\\') {
                if (++p >= pat_.size()) return std::nullopt;
                pc = static_cast<unsigned char>(pat_[p]);
                if (pc == tc || (casefold_ && std::tolower(pc) == std::tolower(tc))) matched = true;
            } else if (pc == '-' && prev && p + 1 < pat_.size() && pat_[p + 1] != ']') {
                unsigned char hi = static_cast<unsigned char>(pat_[++p]);
                if (hi == '\\') {
                    if (++p >= pat_.size()) return std::nullopt;
                    hi = static_cast<unsigned char>(pat_[p]);
                }
                if (tc <= hi && tc >= prev) matched = true;
                if (casefold_ && std::islower(tc)) {
                    unsigned char up = static_cast<unsigned char>(std::toupper(tc));
                    if (up <= hi && up >= prev) matched = true;
                }
                pc = 0;
            } else if (pc == '[' && p + 1 < pat_.size() && pat_[p + 1] == ':') {
                auto close = pat_.find(":]", p + 2);
                if (close == std::string_view::npos) return std::nullopt;
                auto name = pat_.substr(p + 2, close - p - 2);
                if (in_class(name, tc) || (casefold_ && name == "upper" && std::islower(tc))) matched = true;
                p = close + 1;
                pc = 0;
            } else if (pc == tc || (casefold_ && std::tolower(pc) == std::tolower(tc))) {
                matched = true;
            }
            prev = pc;
        }
        if (matched == negated) return false;
        if (pathname_ && tc == '/') return false;
        return true;
    }

    std::string_view pat_;
    bool casefold_;
    bool pathname_;
};

}  // namespace

bool wildmatch(std::string_view pattern, std::string_view text, unsigned flags) {
    return Matcher(pattern, flags).match(0, text) == Result::match;
}

}  // namespace grit
