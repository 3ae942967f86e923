#include "object/batch_format.h"

#include <charconv>
#include <cstdio>

#include "util/error.h"

namespace grit {

void append_decimal(std::string& out, std::uint64_t n) {
    char buf[24];
    auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
    out.append(buf, end);
}

BatchFormat::BatchFormat(std::string_view format) : is_default_(format == default_format) {
    std::string literal;
    auto flush_literal = [&] {
        if (!literal.empty()) pieces_.push_back({Atom::literal, std::move(literal)});
        literal.clear();
    };
    std::size_t i = 0;
    while (i < format.size()) {
        char c = format[i];
        if (c != '%') {
            literal += c;
            ++i;
            continue;
        }
        if (i + 1 < format.size() && format[i + 1] == '%') {
            literal += '%';
            i += 2;
            continue;
        }
        if (i + 1 >= format.size() || format[i + 1] != '(') {
            // Not a placeholder: the percent sign is kept as is.
            literal += '%';
            ++i;
            continue;
        }
        auto close = format.find(')', i + 2);
        if (close == std::string_view::npos)
            throw Error("format element '" + std::string(format.substr(i + 1)) + "' does not end in ')'");
        std::string_view name = format.substr(i + 2, close - i - 2);
        Atom atom;
        if (name == "objectname") {
            atom = Atom::objectname;
        } else if (name == "objecttype") {
            atom = Atom::objecttype;
            fields_.type = true;
        } else if (name == "objectsize") {
            atom = Atom::objectsize;
            fields_.size = true;
        } else if (name == "objectsize:disk") {
            atom = Atom::objectsize_disk;
            fields_.disk_size = true;
        } else if (name == "deltabase") {
            atom = Atom::deltabase;
            fields_.delta_base = true;
        } else if (name == "rest") {
            atom = Atom::rest;
            fields_.rest = true;
        } else if (name == "objectmode") {
            atom = Atom::objectmode;
            fields_.mode = true;
        } else {
            throw Error("unknown format element: " + std::string(name));
        }
        flush_literal();
        pieces_.push_back({atom, {}});
        i = close + 1;
    }
    flush_literal();
}

void BatchFormat::expand(std::string& out, const BatchValues& v) const {
    for (const Piece& p : pieces_) {
        switch (p.atom) {
        case Atom::literal: out += p.literal; break;
        case Atom::objectname: {
            std::size_t at = out.size();
            out.resize(at + v.oid.size() * 2);
            v.oid.to_hex(out.data() + at);
            break;
        }
        case Atom::objecttype: out += v.type_name; break;
        case Atom::objectsize: append_decimal(out, v.size); break;
        case Atom::objectsize_disk: append_decimal(out, v.disk_size); break;
        case Atom::deltabase: {
            std::size_t at = out.size();
            out.resize(at + v.delta_base.size() * 2);
            v.delta_base.to_hex(out.data() + at);
            break;
        }
        case Atom::rest: out += v.rest; break;
        case Atom::objectmode:
            if (v.mode) {
                char buf[16];
                int n = std::snprintf(buf, sizeof buf, "%06o", static_cast<unsigned>(*v.mode));
                out.append(buf, static_cast<std::size_t>(n));
            }
            break;
        }
    }
}

}  // namespace grit
