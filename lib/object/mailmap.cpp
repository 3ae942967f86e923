#include "object/mailmap.h"

namespace grit {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

unsigned char lower(char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u + 32) : u;
}

// One "Name <email>" group of a mailmap line. The name is trimmed and absent
// when empty; `rest` is what follows the '>'.
struct NameAndEmail {
    std::optional<std::string_view> name;
    std::string_view email;
    std::string_view rest;
};

std::optional<NameAndEmail> parse_name_and_email(std::string_view text, bool allow_empty_email) {
    auto left = text.find('<');
    if (left == std::string_view::npos) return std::nullopt;
    auto right = text.find('>', left + 1);
    if (right == std::string_view::npos) return std::nullopt;
    if (!allow_empty_email && right == left + 1) return std::nullopt;
    NameAndEmail out;
    std::string_view name = text.substr(0, left);
    while (!name.empty() && is_space(name.front())) name.remove_prefix(1);
    while (!name.empty() && is_space(name.back())) name.remove_suffix(1);
    if (!name.empty()) out.name = name;
    out.email = text.substr(left + 1, right - left - 1);
    out.rest = text.substr(right + 1);
    return out;
}

// The person line "<name> <<email>> <date>": where name and email are, as
// offsets into the line. nullopt when there is no "<...>".
struct IdentSpan {
    std::size_t name_begin = 0, name_end = 0, mail_begin = 0, mail_end = 0;
};

std::optional<IdentSpan> split_ident(std::string_view line) {
    auto lt = line.find('<');
    if (lt == std::string_view::npos) return std::nullopt;
    IdentSpan s;
    s.mail_begin = lt + 1;
    std::size_t end = lt;
    while (end > 0 && is_space(line[end - 1])) --end;
    s.name_end = end;
    auto gt = line.find('>', s.mail_begin);
    if (gt == std::string_view::npos) return std::nullopt;
    s.mail_end = gt;
    return s;
}

}  // namespace

bool Mailmap::CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
    std::size_t n = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i) {
        unsigned char x = lower(a[i]), y = lower(b[i]);
        if (x != y) return x < y;
    }
    return a.size() < b.size();
}

void Mailmap::add_text(std::string_view text) {
    while (!text.empty()) {
        auto eol = text.find('\n');
        add_line(text.substr(0, eol));
        if (eol == std::string_view::npos) break;
        text.remove_prefix(eol + 1);
    }
}

void Mailmap::add_line(std::string_view line) {
    // git reads the line as a C string: nothing after a NUL byte counts.
    line = line.substr(0, line.find('\0'));
    if (!line.empty() && line.front() == '#') return;
    auto first = parse_name_and_email(line, false);
    if (!first) return;
    std::optional<NameAndEmail> second;
    if (!first->rest.empty()) second = parse_name_and_email(first->rest, true);

    std::optional<std::string_view> new_name = first->name, new_email = first->email;
    std::optional<std::string_view> old_name;
    std::string_view old_email;
    if (second) {
        old_name = second->name;
        old_email = second->email;
    } else {
        old_email = *new_email;
        new_email.reset();
    }

    auto it = entries_.find(old_email);
    if (it == entries_.end()) it = entries_.emplace(std::string(old_email), Entry{}).first;
    Entry& entry = it->second;
    if (!old_name) {
        if (new_name) entry.simple.name = std::string(*new_name);
        if (new_email) entry.simple.email = std::string(*new_email);
        return;
    }
    Replacement r;
    if (new_name) r.name = std::string(*new_name);
    if (new_email) r.email = std::string(*new_email);
    auto named = entry.by_name.find(*old_name);
    if (named == entry.by_name.end())
        entry.by_name.emplace(std::string(*old_name), std::move(r));
    else
        named->second = std::move(r);
}

std::optional<Mailmap::Identity> Mailmap::map(std::string_view name, std::string_view email) const {
    auto it = entries_.find(email);
    if (it == entries_.end()) return std::nullopt;
    const Replacement* r = &it->second.simple;
    if (!it->second.by_name.empty()) {
        auto named = it->second.by_name.find(name);
        if (named != it->second.by_name.end()) r = &named->second;
    }
    if (!r->name && !r->email) return std::nullopt;
    Identity id{name, email};
    if (r->email) id.email = *r->email;
    if (r->name) id.name = *r->name;
    return id;
}

void Mailmap::rewrite_object_headers(std::string& object) const {
    static constexpr std::string_view keys[] = {"author ", "committer ", "tagger "};
    // git walks the headers as a C string: a NUL ends a line as '\n' does,
    // and ends the walk where it starts a line.
    auto line_end = [&](std::size_t from) {
        std::size_t e = object.find_first_of(std::string_view("\n\0", 2), from);
        return e == std::string::npos ? object.size() : e;
    };
    std::size_t pos = 0;
    while (pos < object.size() && object[pos] != '\n' && object[pos] != '\0') {
        bool matched = false;
        for (std::string_view key : keys) {
            if (object.compare(pos, key.size(), key) != 0) continue;
            matched = true;
            std::size_t person = pos + key.size();
            pos = line_end(person);
            auto span = split_ident(std::string_view(object).substr(person, pos - person));
            if (!span) break;
            std::string_view line = std::string_view(object).substr(person, pos - person);
            auto mapped = map(line.substr(0, span->name_end),
                              line.substr(span->mail_begin, span->mail_end - span->mail_begin));
            if (!mapped) break;
            std::string replacement;
            replacement.reserve(mapped->name.size() + mapped->email.size() + 3);
            replacement.append(mapped->name).append(" <").append(mapped->email).append(">");
            std::size_t old_len = span->mail_end + 1;
            object.replace(person, old_len, replacement);
            pos = pos - old_len + replacement.size();
            break;
        }
        if (!matched) {
            pos = line_end(pos);
            if (pos >= object.size() || object[pos] == '\0') return;
        }
        ++pos;
    }
}

}  // namespace grit
