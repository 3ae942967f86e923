#include "object/commit.h"

#include "util/error.h"

namespace grit {

namespace {

// Splits off the header block (up to the first empty line) and the message.
void split_headers(std::string_view data, std::string_view& headers, std::string_view& message) {
    if (data.substr(0, 1) == "\n") {
        headers = {};
        message = data.substr(1);
        return;
    }
    auto end = data.find("\n\n");
    if (end == std::string_view::npos) {
        headers = data;
        message = {};
    } else {
        headers = data.substr(0, end + 1);
        message = data.substr(end + 2);
    }
}

bool parse_id_line(std::string_view& rest, std::string_view key, HashAlgo algo, ObjectId& out) {
    std::size_t hex = hex_size(algo);
    if (rest.size() < key.size() + 1 + hex + 1 || rest.substr(0, key.size()) != key || rest[key.size()] != ' ')
        return false;
    auto id = ObjectId::from_hex(rest.substr(key.size() + 1, hex), algo);
    if (!id || rest[key.size() + 1 + hex] != '\n') throw CorruptData("bad " + std::string(key) + " line");
    out = *id;
    rest.remove_prefix(key.size() + 1 + hex + 1);
    return true;
}

}  // namespace

std::optional<std::string_view> find_header(std::string_view headers, std::string_view key) {
    while (!headers.empty()) {
        auto eol = headers.find('\n');
        std::string_view line = headers.substr(0, eol);
        if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ' ')
            return line.substr(key.size() + 1);
        if (eol == std::string_view::npos) break;
        headers.remove_prefix(eol + 1);
    }
    return std::nullopt;
}

ParsedCommit parse_commit(std::string_view data, HashAlgo algo) {
    ParsedCommit c;
    split_headers(data, c.headers, c.message);
    std::string_view rest = c.headers;
    if (!parse_id_line(rest, "tree", algo, c.tree)) throw CorruptData("missing tree line");
    ObjectId parent;
    while (parse_id_line(rest, "parent", algo, parent)) c.parents.push_back(parent);
    c.author = find_header(rest, "author").value_or(std::string_view{});
    c.committer = find_header(rest, "committer").value_or(std::string_view{});
    c.encoding = find_header(rest, "encoding").value_or(std::string_view{});
    return c;
}

std::optional<PersonLine> parse_person(std::string_view line) {
    auto lt = line.find('<');
    auto gt = line.find('>', lt == std::string_view::npos ? 0 : lt);
    if (lt == std::string_view::npos || gt == std::string_view::npos) return std::nullopt;
    PersonLine p;
    p.name = line.substr(0, lt);
    while (!p.name.empty() && p.name.back() == ' ') p.name.remove_suffix(1);
    p.email = line.substr(lt + 1, gt - lt - 1);
    p.date = gt + 1 < line.size() ? line.substr(gt + 1) : std::string_view{};
    while (!p.date.empty() && p.date.front() == ' ') p.date.remove_prefix(1);
    return p;
}

}  // namespace grit
