#include "refs/ref_format.h"

#include <strings.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <numeric>

#include "util/error.h"
#include "util/quote.h"

namespace grit {

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Display width of UTF-8 text: one column per character.
std::size_t display_width(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xc0) != 0x80;
    return n;
}

bool is_blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

}  // namespace

void append_quoted(std::string& out, std::string_view value, QuoteStyle style) {
    switch (style) {
    case QuoteStyle::none:
        out += value;
        return;
    case QuoteStyle::shell:
        append_sq_quoted(out, value);
        return;
    case QuoteStyle::perl:
    case QuoteStyle::python:
        out += '\'';
        for (char c : value) {
            if (style == QuoteStyle::python && c == '\n') {
                out += "\\n";
                continue;
            }
            if (c == '\'' || c == '\\') out += '\\';
            out += c;
        }
        out += '\'';
        return;
    case QuoteStyle::tcl:
        out += '"';
        for (char c : value) {
            switch (c) {
            case '[': case ']': case '{': case '}': case '$': case '\\': case '"':
                out += '\\';
                out += c;
                break;
            case '\f': out += "\\f"; break;
            case '\r': out += "\\r"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\v': out += "\\v"; break;
            default: out += c;
            }
        }
        out += '"';
        return;
    }
}

RefFormat::RefFormat(std::string_view format, QuoteStyle quote, bool color) : quote_(quote) {
    auto add_literal = [&](std::string_view bytes) {
        if (pieces_.empty() || pieces_.back().is_atom) pieces_.push_back({false, {}, {}});
        pieces_.back().literal += bytes;
    };
    std::size_t i = 0;
    while (i < format.size()) {
        char c = format[i];
        if (c != '%') {
            add_literal(format.substr(i, 1));
            ++i;
            continue;
        }
        if (i + 1 < format.size() && format[i + 1] == '%') {
            add_literal("%");
            i += 2;
            continue;
        }
        if (i + 1 < format.size() && format[i + 1] == '(') {
            auto close = format.find(')', i + 2);
            if (close == std::string_view::npos)
                throw MalformedFormat("malformed format string " + std::string(format.substr(i)));
            Atom atom = parse_atom(format.substr(i + 2, close - i - 2));
            if (atom.kind == Atom::Kind::color) {
                // git ends the line with a reset unless the last color was one.
                reset_at_eol_ = color && atom.color != "\033[m";
                if (!color) atom.color.clear();
            }
            pieces_.push_back({true, {}, std::move(atom)});
            i = close + 1;
            continue;
        }
        if (i + 2 < format.size() && hex_digit(format[i + 1]) >= 0 && hex_digit(format[i + 2]) >= 0) {
            char byte = static_cast<char>(hex_digit(format[i + 1]) * 16 + hex_digit(format[i + 2]));
            add_literal(std::string_view(&byte, 1));
            i += 3;
            continue;
        }
        add_literal("%");
        ++i;
    }
}

void RefFormat::expand(RefValues& values, std::string& out) const {
    using K = Atom::Kind;
    struct Frame {
        std::string output;
        const Atom* opener = nullptr;  // align or if; null for the bottom
        bool then_seen = false, else_seen = false, condition = false;
        std::string then_output;
    };
    std::vector<Frame> stack(1);
    auto append_value = [&](std::string_view value) {
        if (stack.size() == 1)
            append_quoted(stack.back().output, value, quote_);
        else
            stack.back().output += value;
    };
    for (const auto& piece : pieces_) {
        if (!piece.is_atom) {
            stack.back().output += piece.literal;
            continue;
        }
        const Atom& atom = piece.atom;
        switch (atom.kind) {
        case K::align:
        case K::if_:
            stack.push_back(Frame{});
            stack.back().opener = &atom;
            break;
        case K::then: {
            Frame& f = stack.back();
            if (!f.opener || f.opener->kind != K::if_)
                throw Error("format: %(then) atom used without a %(if) atom");
            if (f.then_seen) throw Error("format: %(then) atom used more than once");
            if (f.else_seen) throw Error("format: %(then) atom used after %(else)");
            f.then_seen = true;
            if (f.opener->equals)
                f.condition = f.output == *f.opener->equals;
            else if (f.opener->notequals)
                f.condition = f.output != *f.opener->notequals;
            else
                f.condition = !is_blank(f.output);
            f.output.clear();
            break;
        }
        case K::else_: {
            Frame& f = stack.back();
            if (!f.opener || f.opener->kind != K::if_)
                throw Error("format: %(else) atom used without a %(if) atom");
            if (!f.then_seen) throw Error("format: %(else) atom used without a %(then) atom");
            if (f.else_seen) throw Error("format: %(else) atom used more than once");
            f.else_seen = true;
            f.then_output = std::move(f.output);
            f.output.clear();
            break;
        }
        case K::end: {
            if (stack.size() == 1) throw Error("format: %(end) atom used without corresponding atom");
            Frame f = std::move(stack.back());
            stack.pop_back();
            std::string result;
            if (f.opener->kind == K::if_) {
                if (!f.then_seen) throw Error("format: %(if) atom used without a %(then) atom");
                if (f.else_seen)
                    result = f.condition ? f.then_output : f.output;
                else
                    result = f.condition ? f.output : std::string();
            } else {
                std::size_t w = display_width(f.output);
                std::size_t width = static_cast<std::size_t>(f.opener->width);
                std::size_t pad = w < width ? width - w : 0;
                switch (f.opener->position) {
                case Atom::Position::left:
                    result = f.output + std::string(pad, ' ');
                    break;
                case Atom::Position::right:
                    result = std::string(pad, ' ') + f.output;
                    break;
                case Atom::Position::middle:
                    result = std::string(pad / 2, ' ') + f.output + std::string(pad - pad / 2, ' ');
                    break;
                }
            }
            append_value(result);
            break;
        }
        default:
            append_value(values.text(atom));
        }
    }
    if (stack.size() > 1) throw Error("format: %(end) atom missing");
    if (reset_at_eol_) append_value("\033[m");
    out += stack.back().output;
}

SortKey parse_sort_key(std::string_view key) {
    SortKey sk;
    if (key.starts_with('-')) {
        sk.reverse = true;
        key.remove_prefix(1);
    }
    if (key.starts_with("version:") || key.starts_with("v:")) {
        sk.version = true;
        key.remove_prefix(key.find(':') + 1);
    }
    sk.atom = parse_atom(key);
    return sk;
}

std::vector<std::size_t> sort_order(const std::vector<RefItem>& refs, const std::vector<SortKey>& keys,
                                    bool ignore_case, const std::function<RefValues&(std::size_t)>& values_of) {
    std::vector<std::size_t> order(refs.size());
    std::iota(order.begin(), order.end(), 0);
    // Plain refname order is the order refs come in.
    bool by_name = keys.size() == 1 && keys[0].atom.kind == Atom::Kind::refname && !keys[0].atom.deref &&
                   keys[0].atom.name == Atom::Name::full && !keys[0].reverse && !keys[0].version && !ignore_case;
    if (refs.empty() || by_name) return order;
    // Each key's value for each ref, computed once.
    struct Value {
        std::string text;
        std::uint64_t number = 0;
    };
    std::vector<std::vector<Value>> table(keys.size(), std::vector<Value>(refs.size()));
    for (std::size_t r = 0; r < refs.size(); ++r) {
        RefValues& values = values_of(r);
        for (std::size_t k = 0; k < keys.size(); ++k) {
            if (keys[k].atom.numeric())
                table[k][r].number = values.number(keys[k].atom);
            else
                table[k][r].text = values.text(keys[k].atom);
        }
    }
    auto compare_text = [&](const std::string& a, const std::string& b) {
        return ignore_case ? strcasecmp(a.c_str(), b.c_str()) : std::strcmp(a.c_str(), b.c_str());
    };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        for (std::size_t k = keys.size(); k-- > 0;) {
            const SortKey& key = keys[k];
            const Value& va = table[k][a];
            const Value& vb = table[k][b];
            int cmp;
            if (key.version)
                cmp = strverscmp(va.text.c_str(), vb.text.c_str());
            else if (key.atom.numeric())
                cmp = va.number < vb.number ? -1 : va.number > vb.number ? 1 : 0;
            else
                cmp = compare_text(va.text, vb.text);
            if (cmp) return key.reverse ? cmp > 0 : cmp < 0;
        }
        return compare_text(refs[a].name, refs[b].name) < 0;
    });
    return order;
}

void sort_refs(Repository& repo, std::vector<RefItem>& refs, const std::vector<SortKey>& keys, bool ignore_case,
               RefContext& context) {
    std::unique_ptr<RefValues> current;
    auto order = sort_order(refs, keys, ignore_case, [&](std::size_t i) -> RefValues& {
        current = std::make_unique<RefValues>(repo, refs[i], context);
        return *current;
    });
    std::vector<RefItem> sorted;
    sorted.reserve(refs.size());
    for (auto i : order) sorted.push_back(std::move(refs[i]));
    refs = std::move(sorted);
}

}  // namespace grit
