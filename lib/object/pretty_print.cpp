#include "object/pretty_print.h"

#include <cstdio>

#include "object/object_type.h"
#include "object/tree.h"

namespace grit {

std::uint32_t canonical_tree_mode(std::uint32_t mode) {
    switch (mode & 0170000) {
    case 0100000: return (mode & 0100) ? 0100755 : 0100644;
    case 0120000: return 0120000;
    case 0040000: return 0040000;
    default: return 0160000;
    }
}

namespace {

// The escape letter for a byte git quotes with a backslash sequence, 0 for
// one it writes in octal, -1 for one it leaves alone.
int escape_for(unsigned char c, bool quote_non_ascii) {
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
    default: break;
    }
    if (c < 0x20 || c == 0x7f) return 0;
    if (c >= 0x80) return quote_non_ascii ? 0 : -1;
    return -1;
}

}  // namespace

void append_quoted_path(std::string& out, std::string_view name, bool quote_non_ascii) {
    bool needs_quotes = false;
    for (char c : name) {
        if (escape_for(static_cast<unsigned char>(c), quote_non_ascii) >= 0) {
            needs_quotes = true;
            break;
        }
    }
    if (!needs_quotes) {
        out += name;
        return;
    }
    out += '"';
    for (char c : name) {
        auto u = static_cast<unsigned char>(c);
        int e = escape_for(u, quote_non_ascii);
        if (e < 0) {
            out += c;
        } else if (e > 0) {
            out += '\\';
            out += static_cast<char>(e);
        } else {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\%03o", u);
            out += buf;
        }
    }
    out += '"';
}

void append_tree_listing(std::string& out, std::string_view tree_data, HashAlgo algo, bool quote_non_ascii) {
    TreeReader reader(tree_data, algo);
    TreeEntry entry;
    char mode_buf[16];
    while (reader.next(entry)) {
        std::uint32_t mode = canonical_tree_mode(entry.mode);
        int n = std::snprintf(mode_buf, sizeof mode_buf, "%06o ", static_cast<unsigned>(mode));
        out.append(mode_buf, static_cast<std::size_t>(n));
        out += type_name(type_from_mode(mode));
        out += ' ';
        std::size_t at = out.size();
        out.resize(at + entry.oid.size() * 2);
        entry.oid.to_hex(out.data() + at);
        out += '\t';
        append_quoted_path(out, entry.name, quote_non_ascii);
        out += '\n';
    }
}

}  // namespace grit
