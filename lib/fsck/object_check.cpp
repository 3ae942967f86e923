#include "fsck/object_check.h"

#include <cctype>
#include <cerrno>
#include <cinttypes>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>

#include "refs/ref_store.h"

namespace grit {

namespace {

class Reporter {
public:
    Reporter(const ObjectId& id, const FsckSeverities& sev, std::vector<FsckFinding>& out)
        : strict(sev.strict()), id_(id), sev_(sev), out_(out) {}
    // git's report(): 1 when the finding is an error, 0 otherwise.
    int operator()(FsckMsg msg, std::string_view text) {
        FsckSeverity s = sev_.severity(msg);
        if (s == FsckSeverity::ignore || sev_.skipped(id_)) return 0;
        bool error = s == FsckSeverity::error || s == FsckSeverity::fatal;
        out_.push_back({error, fmt::format("{}: {}", fsck_msg_name(msg), text)});
        if (error) any_error = true;
        return error ? 1 : 0;
    }
    bool any_error = false;
    const bool strict;

private:
    const ObjectId& id_;
    const FsckSeverities& sev_;
    std::vector<FsckFinding>& out_;
};

// Byte i of the object, or NUL past its end (git's buffers are NUL-terminated).
struct Buf {
    std::string_view d;
    char operator[](std::size_t i) const { return i < d.size() ? d[i] : '\0'; }
    std::size_t strcspn(std::size_t i, std::string_view reject) const {
        while (i < d.size() && d[i] != '\0' && reject.find(d[i]) == std::string_view::npos) ++i;
        return i;
    }
    bool starts_with(std::size_t i, std::string_view s) const { return i <= d.size() && d.substr(i).starts_with(s); }
    std::size_t find(std::size_t i, char c) const {
        auto p = d.find(c, i);
        return p == std::string_view::npos ? std::string_view::npos : p;
    }
};

// Header lines end before a blank line, the last one with a newline.
int verify_headers(Buf b, ObjectType, Reporter& report) {
    for (std::size_t i = 0; i < b.d.size(); ++i) {
        if (b.d[i] == '\0') return report(FsckMsg::nulInHeader, fmt::format("unterminated header: NUL at offset {}", i));
        if (b.d[i] == '\n' && i + 1 < b.d.size() && b.d[i + 1] == '\n') return 0;
    }
    if (!b.d.empty() && b.d.back() == '\n') return 0;
    return report(FsckMsg::unterminatedHeader, "unterminated header");
}

bool parse_oid_hex(Buf b, std::size_t at, HashAlgo algo, std::size_t& end) {
    std::size_t n = hex_size(algo);
    if (at + n > b.d.size()) return false;
    for (std::size_t i = 0; i < n; ++i)
        if (!is_hex_digit(b.d[at + i])) return false;
    end = at + n;
    return true;
}

// One "<name> <email> <date> <tz>" line starting at `p`; `next` is set to the
// start of the following line.
int fsck_ident(Buf b, std::size_t p, std::size_t& next, Reporter& report) {
    std::size_t eol = b.find(p, '\n');
    next = eol == std::string_view::npos ? b.d.size() : eol + 1;
    auto bad = [&](FsckMsg m, const char* what) {
        return report(m, fmt::format("invalid author/committer line - {}", what));
    };
    if (b[p] == '<') return bad(FsckMsg::missingNameBeforeEmail, "missing space before email");
    p = b.strcspn(p, "<>\n");
    if (b[p] == '>') return bad(FsckMsg::badName, "bad name");
    if (b[p] != '<') return bad(FsckMsg::missingEmail, "missing email");
    if (b[p - 1] != ' ') return bad(FsckMsg::missingSpaceBeforeEmail, "missing space before email");
    p = b.strcspn(p + 1, "<>\n");
    if (b[p] != '>') return bad(FsckMsg::badEmail, "bad email");
    ++p;
    if (b[p] != ' ') return bad(FsckMsg::missingSpaceBeforeDate, "missing space before date");
    ++p;
    if (b[p] == '0' && b[p + 1] != ' ') return bad(FsckMsg::zeroPaddedDate, "zero-padded date");
    // strtoumax semantics: leading blanks and a sign are accepted.
    std::string tail(b.d.substr(std::min(p, b.d.size()), 64));
    errno = 0;
    char* endp = nullptr;
    std::uintmax_t value = std::strtoumax(tail.c_str(), &endp, 10);
    std::size_t end = p + static_cast<std::size_t>(endp - tail.c_str());
    if (value > static_cast<std::uintmax_t>(INT64_MAX))
        return bad(FsckMsg::badDateOverflow, "date causes integer overflow");
    if (end == p || b[end] != ' ') return bad(FsckMsg::badDate, "bad date");
    p = end + 1;
    auto digit = [&](std::size_t i) { return std::isdigit(static_cast<unsigned char>(b[i])) != 0; };
    if ((b[p] != '+' && b[p] != '-') || !digit(p + 1) || !digit(p + 2) || !digit(p + 3) || !digit(p + 4) ||
        b[p + 5] != '\n')
        return bad(FsckMsg::badTimezone, "bad time zone");
    return 0;
}

void check_commit(Buf b, HashAlgo algo, Reporter& report) {
    if (verify_headers(b, ObjectType::commit, report)) return;
    std::size_t p = 0, end = 0;
    if (!b.starts_with(p, "tree ")) {
        report(FsckMsg::missingTree, "invalid format - expected 'tree' line");
        return;
    }
    p += 5;
    if (!parse_oid_hex(b, p, algo, end) || b[end] != '\n') {
        if (report(FsckMsg::badTreeSha1, "invalid 'tree' line format - bad sha1")) return;
        end = b.find(p, '\n');
    }
    p = end + 1;
    while (b.starts_with(p, "parent ")) {
        p += 7;
        if (!parse_oid_hex(b, p, algo, end) || b[end] != '\n') {
            if (report(FsckMsg::badParentSha1, "invalid 'parent' line format - bad sha1")) return;
            end = b.find(p, '\n');
        }
        p = end + 1;
    }
    int authors = 0;
    while (b.starts_with(p, "author ")) {
        ++authors;
        if (fsck_ident(b, p + 7, p, report)) return;
    }
    int err = 0;
    if (authors < 1)
        err = report(FsckMsg::missingAuthor, "invalid format - expected 'author' line");
    else if (authors > 1)
        err = report(FsckMsg::multipleAuthors, "invalid format - multiple 'author' lines");
    if (err) return;
    if (!b.starts_with(p, "committer ")) {
        report(FsckMsg::missingCommitter, "invalid format - expected 'committer' line");
        return;
    }
    if (fsck_ident(b, p + 10, p, report)) return;
    if (b.d.find('\0') != std::string_view::npos)
        report(FsckMsg::nulInCommit, "NUL byte in the commit object body");
}

void check_tag(Buf b, HashAlgo algo, Reporter& report) {
    if (verify_headers(b, ObjectType::tag, report)) return;
    std::size_t p = 0, end = 0;
    if (!b.starts_with(p, "object ")) {
        report(FsckMsg::missingObject, "invalid format - expected 'object' line");
        return;
    }
    p += 7;
    if (!parse_oid_hex(b, p, algo, end) || b[end] != '\n') {
        if (report(FsckMsg::badObjectSha1, "invalid 'object' line format - bad sha1")) return;
        end = b.find(p, '\n');
    }
    p = end + 1;
    if (!b.starts_with(p, "type ")) {
        report(FsckMsg::missingTypeEntry, "invalid format - expected 'type' line");
        return;
    }
    p += 5;
    std::size_t eol = b.find(p, '\n');
    if (eol == std::string_view::npos) {
        report(FsckMsg::missingType, "invalid format - unexpected end after 'type' line");
        return;
    }
    if (type_from_name(b.d.substr(p, eol - p)) == ObjectType::bad &&
        report(FsckMsg::badType, "invalid 'type' value"))
        return;
    p = eol + 1;
    if (!b.starts_with(p, "tag ")) {
        report(FsckMsg::missingTagEntry, "invalid format - expected 'tag' line");
        return;
    }
    p += 4;
    eol = b.find(p, '\n');
    if (eol == std::string_view::npos) {
        report(FsckMsg::missingTag, "invalid format - unexpected end after 'type' line");
        return;
    }
    std::string_view name = b.d.substr(p, eol - p);
    if (!is_valid_refname("refs/tags/" + std::string(name), false) &&
        report(FsckMsg::badTagName, fmt::format("invalid 'tag' name: {}", name)))
        return;
    p = eol + 1;
    if (!b.starts_with(p, "tagger ")) {
        if (report(FsckMsg::missingTaggerEntry, "invalid format - expected 'tagger' line")) return;
    } else if (fsck_ident(b, p + 7, p, report)) {
        return;
    }
    if (p >= b.d.size() || b[p] == '\0') return;
    if (b[p] != '\n') report(FsckMsg::extraHeaderEntry, "invalid format - extra header(s) after 'tagger'");
}

// One UTF-8 character of `s` from `i`, skipping the code points HFS+ ignores;
// 0 at the end or on malformed input.
std::uint32_t next_hfs_char(std::string_view s, std::size_t& i) {
    for (;;) {
        if (i >= s.size()) return 0;
        auto c = static_cast<unsigned char>(s[i]);
        std::uint32_t cp;
        int extra;
        if (c < 0x80) { cp = c; extra = 0; }
        else if ((c & 0xe0) == 0xc0) { cp = c & 0x1f; extra = 1; }
        else if ((c & 0xf0) == 0xe0) { cp = c & 0x0f; extra = 2; }
        else if ((c & 0xf8) == 0xf0) { cp = c & 0x07; extra = 3; }
        else return 0;
        if (i + extra >= s.size() + (extra ? 0 : 1)) return 0;
        for (int k = 1; k <= extra; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0) != 0x80) return 0;
            cp = (cp << 6) | (cc & 0x3f);
        }
        i += 1 + extra;
        if ((cp >= 0x200c && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x206a && cp <= 0x206f) ||
            cp == 0xfeff)
            continue;
        return cp;
    }
}

bool is_hfs_dot_named(std::string_view name, std::string_view needle) {
    std::size_t i = 0;
    if (next_hfs_char(name, i) != '.') return false;
    for (char n : needle) {
        std::uint32_t c = next_hfs_char(name, i);
        if (c > 127 || std::tolower(static_cast<int>(c)) != n) return false;
    }
    std::uint32_t c = next_hfs_char(name, i);
    return c == 0 || c == '/';
}

bool is_dotgit_tail(std::string_view rest) {
    for (char c : rest) {
        if (c == '/' || c == '\\' || c == ':') return true;
        if (c != '.' && c != ' ') return false;
    }
    return true;
}

bool ieq(char c, char lower) { return std::tolower(static_cast<unsigned char>(c)) == lower; }

bool is_ntfs_dotgitmodules(std::string_view name) {
    // ".gitmodules" and its 8.3 short name "gitmod~1", followed by what NTFS ignores.
    if (name.size() >= 11 && name[0] == '.') {
        bool match = true;
        for (std::size_t k = 0; k < 10; ++k) match = match && ieq(name[1 + k], "gitmodules"[k]);
        if (match) return is_dotgit_tail(name.substr(11));
    }
    if (name.size() >= 8) {
        bool match = true;
        for (std::size_t k = 0; k < 6; ++k) match = match && ieq(name[k], "gitmod"[k]);
        if (match && name[6] == '~' && name[7] == '1') return is_dotgit_tail(name.substr(8));
    }
    return false;
}

bool is_less_than_slash(char c) { return c != '\0' && c < '/'; }

bool is_dir_mode(std::uint32_t mode) { return (mode & 0170000) == 0040000; }

enum class Order { ok, unordered, dups };

Order verify_ordered(std::uint32_t mode1, std::string_view name1, std::uint32_t mode2, std::string_view name2,
                     std::vector<std::string_view>& candidates) {
    std::size_t len = std::min(name1.size(), name2.size());
    int cmp = std::memcmp(name1.data(), name2.data(), len);
    if (cmp < 0) return Order::ok;
    if (cmp > 0) return Order::unordered;
    auto c1 = static_cast<unsigned char>(len < name1.size() ? name1[len] : '\0');
    auto c2 = static_cast<unsigned char>(len < name2.size() ? name2[len] : '\0');
    if (!c1 && !c2) return Order::dups;
    if (!c1 && is_dir_mode(mode1)) c1 = '/';
    if (!c2 && is_dir_mode(mode2)) c2 = '/';
    // A file "foo" and a directory "foo" need not be adjacent ("foo",
    // "foo.bar", "foo/"): remember files that a later directory could clash with.
    if (!c1 && is_less_than_slash(static_cast<char>(c2))) {
        candidates.push_back(name1);
    } else if (c2 == '/' && is_less_than_slash(static_cast<char>(c1))) {
        while (!candidates.empty()) {
            std::string_view f = candidates.back();
            if (!name2.starts_with(f)) break;
            if (name2.size() == f.size()) return Order::dups;
            if (is_less_than_slash(name2[f.size()])) {
                candidates.pop_back();
                continue;
            }
            break;
        }
    }
    return c1 < c2 ? Order::ok : Order::unordered;
}

void check_tree(Buf b, HashAlgo algo, Reporter& report) {
    const std::size_t raw = hash_size(algo);
    bool null_sha1 = false, full_path = false, dot = false, dotdot = false, dotgit = false,
         zero_pad = false, bad_modes = false, dups = false, unsorted = false;
    std::vector<std::string_view> candidates;
    std::string_view rest = b.d, prev_name;
    std::uint32_t prev_mode = 0;
    bool have_prev = false;
    while (!rest.empty()) {
        // git's decode_tree_entry conditions
        if (rest.size() < raw + 3 || rest[rest.size() - raw - 1] != '\0') {
            report(FsckMsg::badTree, "cannot be parsed as a tree");
            return;
        }
        std::uint32_t mode = 0;
        std::size_t i = 0;
        bool mode_ok = rest[0] != ' ';
        for (; mode_ok && rest[i] != ' '; ++i) {
            if (rest[i] < '0' || rest[i] > '7') mode_ok = false;
            else mode = (mode << 3) + static_cast<std::uint32_t>(rest[i] - '0');
        }
        if (!mode_ok || rest[i + 1] == '\0') {
            report(FsckMsg::badTree, "cannot be parsed as a tree");
            return;
        }
        std::size_t nul = rest.find('\0', i + 1);
        std::string_view name = rest.substr(i + 1, nul - i - 1);
        ObjectId oid = ObjectId::from_raw(rest.data() + nul + 1, algo);
        null_sha1 |= oid.is_null();
        full_path |= name.find('/') != std::string_view::npos;
        dot |= name == ".";
        dotdot |= name == "..";
        dotgit |= is_hfs_dotgit(name) || is_ntfs_dotgit(name);
        zero_pad |= rest[0] == '0';
        bool symlink = (mode & 0170000) == 0120000;
        if ((is_hfs_dot_named(name, "gitmodules") || is_ntfs_dotgitmodules(name)) && symlink)
            report(FsckMsg::gitmodulesSymlink, ".gitmodules is a symbolic link");
        if (is_hfs_dot_named(name, "gitattributes") && symlink)
            report(FsckMsg::gitattributesSymlink, ".gitattributes is a symlink");
        if (symlink) {
            if (is_hfs_dot_named(name, "gitignore")) report(FsckMsg::gitignoreSymlink, ".gitignore is a symlink");
            if (is_hfs_dot_named(name, "mailmap")) report(FsckMsg::mailmapSymlink, ".mailmap is a symlink");
        }
        for (std::size_t bs = name.find('\\'); bs != std::string_view::npos; bs = name.find('\\', bs + 1))
            dotgit |= is_ntfs_dotgit(name.substr(bs + 1));
        rest.remove_prefix(nul + 1 + raw);
        switch (mode) {
        case 0100755: case 0100644: case 0120000: case 0040000: case 0160000: break;
        case 0100664:
            if (!report.strict) break;
            [[fallthrough]];
        default: bad_modes = true;
        }
        if (have_prev) {
            Order o = verify_ordered(prev_mode, prev_name, mode, name, candidates);
            if (o == Order::unordered) unsorted = true;
            else if (o == Order::dups) dups = true;
        }
        prev_mode = mode;
        prev_name = name;
        have_prev = true;
    }
    if (null_sha1) report(FsckMsg::nullSha1, "contains entries pointing to null sha1");
    if (full_path) report(FsckMsg::fullPathname, "contains full pathnames");
    if (dot) report(FsckMsg::hasDot, "contains '.'");
    if (dotdot) report(FsckMsg::hasDotdot, "contains '..'");
    if (dotgit) report(FsckMsg::hasDotgit, "contains '.git'");
    if (zero_pad) report(FsckMsg::zeroPaddedFilemode, "contains zero-padded file modes");
    if (bad_modes) report(FsckMsg::badFilemode, "contains bad file modes");
    if (dups) report(FsckMsg::duplicateEntries, "contains duplicate file entries");
    if (unsorted) report(FsckMsg::treeNotSorted, "not properly sorted");
}

}  // namespace

bool is_hfs_dotgit(std::string_view name) { return is_hfs_dot_named(name, "git"); }

bool is_ntfs_dotgit(std::string_view name) {
    if (name.size() >= 4 && name[0] == '.' && ieq(name[1], 'g') && ieq(name[2], 'i') && ieq(name[3], 't'))
        return is_dotgit_tail(name.substr(4));
    if (name.size() >= 5 && ieq(name[0], 'g') && ieq(name[1], 'i') && ieq(name[2], 't') && name[3] == '~' &&
        name[4] == '1')
        return is_dotgit_tail(name.substr(5));
    return false;
}

bool fsck_check_object(const ObjectId& id, ObjectType type, std::string_view data,
                       const FsckSeverities& severities, std::vector<FsckFinding>& findings) {
    Reporter report(id, severities, findings);
    Buf b{data};
    switch (type) {
    case ObjectType::tree: check_tree(b, id.algo, report); break;
    case ObjectType::commit: check_commit(b, id.algo, report); break;
    case ObjectType::tag: check_tag(b, id.algo, report); break;
    default: break;
    }
    return report.any_error;
}

}  // namespace grit
