#include "util/quote.h"

namespace grit {

namespace {

// The escape letter for bytes git writes as a named escape, 0 otherwise.
char named_escape(unsigned char c) {
    switch (c) {
    case '\a': return 'a';
    case '\b': return 'b';
    case '\t': return 't';
    case '\n': return 'n';
    case '\v': return 'v';
    case '\f': return 'f';
    case '\r': return 'r';
    case '"': return '"';
    case '\\': return '\\';
    default: return 0;
    }
}

bool needs_quoting(unsigned char c, bool quote_high_bytes) {
    return c < 0x20 || c == '"' || c == '\\' || c == 0x7f || (c >= 0x80 && quote_high_bytes);
}

}  // namespace

void append_c_quoted(std::string& out, std::string_view name, bool quote_high_bytes) {
    std::size_t first = 0;
    while (first < name.size() && !needs_quoting(static_cast<unsigned char>(name[first]), quote_high_bytes))
        ++first;
    if (first == name.size()) {
        out.append(name);
        return;
    }
    out += '"';
    out.append(name.substr(0, first));
    for (std::size_t i = first; i < name.size(); ++i) {
        auto c = static_cast<unsigned char>(name[i]);
        if (!needs_quoting(c, quote_high_bytes)) {
            out += static_cast<char>(c);
        } else if (char e = named_escape(c)) {
            out += '\\';
            out += e;
        } else {
            out += '\\';
            out += static_cast<char>('0' + ((c >> 6) & 3));
            out += static_cast<char>('0' + ((c >> 3) & 7));
            out += static_cast<char>('0' + (c & 7));
        }
    }
    out += '"';
}

std::optional<std::string> unquote_c_style(std::string_view quoted, std::size_t* consumed) {
    if (quoted.empty() || quoted[0] != '"') return std::nullopt;
    std::string out;
    std::size_t i = 1;
    while (i < quoted.size()) {
        char c = quoted[i++];
        if (c == '"') {
            if (consumed) *consumed = i;
            return out;
        }
        if (c != '\\') {
            out += c;
            continue;
        }
        if (i >= quoted.size()) return std::nullopt;
        char e = quoted[i++];
        switch (e) {
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 't': out += '\t'; break;
        case 'n': out += '\n'; break;
        case 'v': out += '\v'; break;
        case 'f': out += '\f'; break;
        case 'r': out += '\r'; break;
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '0': case '1': case '2': case '3': {
            if (i + 2 > quoted.size()) return std::nullopt;
            int value = e - '0';
            for (int k = 0; k < 2; ++k) {
                char d = quoted[i++];
                if (d < '0' || d > '7') return std::nullopt;
                value = value * 8 + (d - '0');
            }
            out += static_cast<char>(value);
            break;
        }
        default: return std::nullopt;
        }
    }
    return std::nullopt;
}

void append_sq_quoted(std::string& out, std::string_view s) {
    out += '\'';
    for (char c : s) {
        if (c == '\'' || c == '!') {
            out += "'\\";
            out += c;
            out += '\'';
        } else {
            out += c;
        }
    }
    out += '\'';
}

}  // namespace grit
