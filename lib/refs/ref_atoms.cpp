#include "refs/ref_atoms.h"

#include <charconv>
#include <unordered_set>
#include <vector>

#include "object/commit.h"
#include "object/object_type.h"
#include "object/tag.h"
#include "odb/object_database.h"
#include "refs/ref_store.h"
#include "repo/config.h"
#include "repo/repository.h"
#include "revision/ref_dwim.h"
#include "revision/resolve.h"
#include "revwalk/commit_reader.h"
#include "util/error.h"

namespace grit {

namespace {

std::optional<int> parse_int(std::string_view s) {
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

// "lstrip=N" / "rstrip=N" / "strip=N" and "short" for the ref-name atoms.
void parse_name_option(Atom& atom, std::string_view full, std::string_view arg, bool allow_track) {
    if (arg.empty()) return;
    if (arg == "short") {
        atom.name = Atom::Name::short_name;
        return;
    }
    for (std::string_view key : {"lstrip=", "strip=", "rstrip="}) {
        if (!arg.starts_with(key)) continue;
        auto n = parse_int(arg.substr(key.size()));
        if (!n) throw Error("Integer value expected refname:" + std::string(arg));
        atom.name = key == "rstrip=" ? Atom::Name::rstrip : Atom::Name::lstrip;
        atom.strip = *n;
        return;
    }
    if (allow_track) {
        std::string_view first = arg.substr(0, arg.find(','));
        std::string_view rest = first.size() < arg.size() ? arg.substr(first.size() + 1) : std::string_view();
        if ((first == "track" || first == "trackshort") && (rest.empty() || rest == "nobracket")) {
            atom.name = first == "track" ? Atom::Name::track : Atom::Name::trackshort;
            atom.nobracket = !rest.empty();
            return;
        }
    }
    throw Error("unrecognized %(" + std::string(full) + ") argument: " + std::string(arg));
}

void parse_objectname_option(Atom& atom, std::string_view full, std::string_view arg) {
    if (arg.empty()) return;
    if (arg == "short") {
        atom.abbrev = 0;
        return;
    }
    if (arg.starts_with("short=")) {
        auto n = parse_int(arg.substr(6));
        if (!n || *n <= 0)
            throw Error("positive value expected '" + std::string(arg.substr(6)) + "' in %(" + std::string(full) + ")");
        atom.abbrev = std::max(*n, 4);
        return;
    }
    throw Error("unrecognized %(" + std::string(full) + ") argument: " + std::string(arg));
}

// A non-negative decimal, as git's strtoul_ui accepts.
std::optional<int> parse_unsigned(std::string_view s) {
    if (s.empty() || s[0] == '-' || s[0] == '+') return std::nullopt;
    return parse_int(s);
}

[[noreturn]] void bad_color(std::string_view spec) {
    Error e("unrecognized color: %(color:" + std::string(spec) + ")");
    e.error_lines.push_back("invalid color value: " + std::string(spec));
    throw e;
}

std::string color_escape(std::string_view spec) {
    static const char* names[] = {"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"};
    static const std::pair<const char*, int> attrs[] = {{"bold", 1}, {"dim", 2}, {"italic", 3}, {"ul", 4},
                                                        {"blink", 5}, {"reverse", 7}, {"strike", 9}};
    if (spec == "reset") return "\033[m";
    std::vector<std::string> codes, colors;
    std::size_t pos = 0;
    int color_count = 0;
    while (pos < spec.size()) {
        std::size_t end = spec.find(' ', pos);
        std::string_view word = spec.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? spec.size() : end + 1;
        if (word.empty()) continue;
        bool done = false;
        for (const auto& [attr, code] : attrs) {
            if (word == attr) {
                codes.push_back(std::to_string(code));
                done = true;
            } else if (word.starts_with("no") && word.substr(word.starts_with("no-") ? 3 : 2) == attr) {
                codes.push_back(std::to_string(code == 1 ? 22 : code + 20));
                done = true;
            }
        }
        if (done) continue;
        int base = color_count == 0 ? 30 : 40;
        if (color_count >= 2) bad_color(spec);
        ++color_count;
        if (word == "normal") continue;
        if (word == "default") {
            colors.push_back(std::to_string(base + 9));
            continue;
        }
        bool bright = word.starts_with("bright");
        std::string_view plain = bright ? word.substr(6) : word;
        bool named = false;
        for (int i = 0; i < 8; ++i) {
            if (plain == names[i]) {
                colors.push_back(std::to_string((bright ? base + 60 : base) + i));
                named = true;
            }
        }
        if (named) continue;
        if (word.size() == 7 && word[0] == '#' &&
            word.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string_view::npos) {
            auto channel = [&](std::size_t at) { return std::to_string(std::stoi(std::string(word.substr(at, 2)), nullptr, 16)); };
            colors.push_back(std::to_string(base + 8) + ";2;" + channel(1) + ";" + channel(3) + ";" + channel(5));
            continue;
        }
        if (auto n = parse_int(word); n && *n >= -1 && *n < 256) {
            if (*n >= 0) colors.push_back(std::to_string(base + 8) + ";5;" + std::to_string(*n));
            continue;
        }
        bad_color(spec);
    }
    codes.insert(codes.end(), colors.begin(), colors.end());
    if (codes.empty()) return "";
    std::string out = "\033[";
    for (std::size_t i = 0; i < codes.size(); ++i) out += (i ? ";" : "") + codes[i];
    return out + "m";
}

void parse_align(Atom& atom, std::string_view arg) {
    bool have_width = false;
    std::size_t pos = 0;
    while (pos <= arg.size() && !arg.empty()) {
        std::size_t end = arg.find(',', pos);
        std::string_view word = arg.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? arg.size() + 1 : end + 1;
        auto position_of = [&](std::string_view v) -> std::optional<Atom::Position> {
            if (v == "left") return Atom::Position::left;
            if (v == "right") return Atom::Position::right;
            if (v == "middle") return Atom::Position::middle;
            return std::nullopt;
        };
        if (word.starts_with("position=")) {
            auto p = position_of(word.substr(9));
            if (!p) throw Error("unrecognized position:" + std::string(word.substr(9)));
            atom.position = *p;
        } else if (word.starts_with("width=")) {
            auto n = parse_unsigned(word.substr(6));
            if (!n) throw Error("unrecognized width:" + std::string(word.substr(6)));
            atom.width = *n;
            have_width = true;
        } else if (auto p = position_of(word)) {
            atom.position = *p;
        } else if (auto n = parse_unsigned(word)) {
            atom.width = *n;
            have_width = true;
        } else {
            throw Error("unrecognized %(align) argument: " + std::string(word));
        }
    }
    if (!have_width) throw Error("positive width expected with the %(align) atom");
}

bool parse_person(Atom& atom, std::string_view name, std::string_view arg) {
    static const std::pair<const char*, Atom::Role> roles[] = {{"author", Atom::Role::author},
                                                               {"committer", Atom::Role::committer},
                                                               {"tagger", Atom::Role::tagger},
                                                               {"creator", Atom::Role::creator}};
    for (const auto& [role_name, role] : roles) {
        std::string_view r = role_name;
        if (!name.starts_with(r)) continue;
        std::string_view part = name.substr(r.size());
        atom.kind = Atom::Kind::person;
        atom.role = role;
        if (role == Atom::Role::creator && part != "date" && !part.empty()) return false;
        if (part.empty()) {
            atom.part = Atom::Part::whole;
        } else if (part == "name") {
            atom.part = Atom::Part::name;
        } else if (part == "email") {
            atom.part = Atom::Part::email;
            if (arg == "trim") atom.email_trim = true;
            else if (arg == "localpart") atom.email_localpart = true;
            else if (!arg.empty()) throw Error("unrecognized email option: " + std::string(arg));
            return true;
        } else if (part == "date") {
            atom.part = Atom::Part::date;
            if (arg.starts_with("format:")) {
                atom.date_strftime = std::string(arg.substr(7));
            } else if (!arg.empty()) {
                auto f = parse_date_format(arg);
                if (!f) throw Error("unknown date format " + std::string(arg));
                atom.date_format = *f;
            }
            return true;
        } else {
            return false;
        }
        return true;
    }
    return false;
}

}  // namespace

bool Atom::numeric() const {
    return kind == Kind::objectsize || kind == Kind::numparent || (kind == Kind::person && part == Part::date);
}

Atom parse_atom(std::string_view text) {
    Atom atom;
    std::string_view body = text;
    if (body.starts_with('*')) {
        atom.deref = true;
        body.remove_prefix(1);
    }
    std::size_t colon = body.find(':');
    std::string_view name = body.substr(0, colon);
    std::string_view arg = colon == std::string_view::npos ? std::string_view() : body.substr(colon + 1);
    if (name.empty()) throw Error("malformed field name: " + std::string(text));
    using K = Atom::Kind;
    auto no_arg = [&] {
        if (colon != std::string_view::npos)
            throw Error("%(" + std::string(name) + ") does not take arguments");
    };
    if (name == "refname" || name == "symref" || name == "upstream" || name == "push") {
        atom.kind = name == "refname" ? K::refname : name == "symref" ? K::symref : name == "push" ? K::push : K::upstream;
        parse_name_option(atom, text, arg, atom.kind == K::upstream || atom.kind == K::push);
    } else if (name == "objectname" || name == "tree" || name == "parent" || name == "object") {
        atom.kind = name == "objectname" ? K::objectname : name == "tree" ? K::tree : name == "parent" ? K::parent : K::object;
        parse_objectname_option(atom, text, arg);
    } else if (name == "numparent" || name == "type" || name == "tag" || name == "HEAD" || name == "worktreepath") {
        // These ignore any argument, as git does.
        atom.kind = name == "numparent" ? K::numparent : name == "type" ? K::type : name == "tag" ? K::tag
                  : name == "HEAD" ? K::head : K::worktreepath;
    } else if (name == "objecttype" || name == "deltabase" || name == "body") {
        atom.kind = name == "objecttype" ? K::objecttype : name == "deltabase" ? K::deltabase : K::body;
        no_arg();
    } else if (name == "rest") {
        throw Error("this command reject atom %(rest)");
    } else if (name == "raw") {
        atom.kind = K::raw;
        if (arg == "size") atom.raw_size = true;
        else if (!arg.empty()) throw Error("unrecognized %(raw) argument: " + std::string(arg));
    } else if (name == "objectsize") {
        atom.kind = K::objectsize;
        if (arg == "disk") atom.disk = true;
        else if (!arg.empty()) throw Error("unrecognized %(objectsize) argument: " + std::string(arg));
    } else if (name == "subject") {
        atom.kind = K::subject;
        if (arg == "sanitize") atom.sanitize = true;
        else if (!arg.empty()) throw Error("unrecognized %(subject) argument: " + std::string(arg));
    } else if (name == "contents") {
        atom.kind = K::contents;
        if (arg == "subject") atom.contents = Atom::Contents::subject;
        else if (arg == "body") atom.contents = Atom::Contents::body;
        else if (arg == "signature") atom.contents = Atom::Contents::signature;
        else if (arg.starts_with("lines=")) {
            auto n = parse_unsigned(arg.substr(6));
            if (!n) throw Error("positive value expected contents:lines=" + std::string(arg.substr(6)));
            atom.contents = Atom::Contents::lines;
            atom.lines = *n;
        } else if (!arg.empty()) {
            throw Error("unrecognized %(contents) argument: " + std::string(arg));
        }
    } else if (name == "ahead-behind") {
        atom.kind = K::ahead_behind;
        if (arg.empty()) throw Error("expected format: %(ahead-behind:<committish>)");
        atom.committish = std::string(arg);
    } else if (name == "color") {
        atom.kind = K::color;
        if (arg.empty()) throw Error("expected format: %(color:<color>)");
        atom.color = color_escape(arg);
    } else if (name == "align") {
        atom.kind = K::align;
        if (colon == std::string_view::npos) throw Error("expected format: %(align:<width>,<position>)");
        parse_align(atom, arg);
    } else if (name == "if") {
        atom.kind = K::if_;
        if (arg.starts_with("equals=")) atom.equals = std::string(arg.substr(7));
        else if (arg.starts_with("notequals=")) atom.notequals = std::string(arg.substr(10));
        else if (!arg.empty()) throw Error("unrecognized %(if) argument: " + std::string(arg));
    } else if (name == "then" || name == "else" || name == "end") {
        atom.kind = name == "then" ? K::then : name == "else" ? K::else_ : K::end;
    } else if (!parse_person(atom, name, arg)) {
        throw Error("unknown field name: " + std::string(text));
    }
    return atom;
}

// ---- values --------------------------------------------------------------------

struct RefValues::Loaded {
    bool tried = false;
    std::optional<Object> object;
    ObjectId id;
};

struct RefValues::Objects {
    Loaded own, deref;
};

RefValues::RefValues(Repository& repo, const RefItem& ref, RefContext& context)
    : repo_(repo), ref_(ref), context_(context), head_ref_(context.head_ref()), objects_(std::make_unique<Objects>()) {}

namespace {

// Every commit reachable from `tips`, stopping at (and collecting in
// *boundary) commits of `stop` when given.
std::unordered_set<ObjectId, ObjectIdHash> walk_commits(CommitReader& reader, std::vector<ObjectId> stack,
                                                        const std::unordered_set<ObjectId, ObjectIdHash>* stop,
                                                        std::vector<ObjectId>* boundary) {
    std::unordered_set<ObjectId, ObjectIdHash> seen;
    std::vector<ObjectId> parents;
    while (!stack.empty()) {
        ObjectId id = stack.back();
        stack.pop_back();
        if (!seen.insert(id).second) continue;
        if (stop && stop->count(id)) {
            boundary->push_back(id);
            continue;
        }
        if (!reader.read(id, parents)) continue;
        for (const auto& p : parents)
            if (!seen.count(p)) stack.push_back(p);
    }
    return seen;
}

}  // namespace

const std::unordered_set<ObjectId, ObjectIdHash>& RefContext::reachable_from(Repository& repo,
                                                                            const std::string& committish) {
    auto it = reachable_.find(committish);
    if (it != reachable_.end()) return it->second;
    Resolution res = resolve_revision(repo, committish, ResolveOptions{.hint = Disambiguate::committish, .quiet = true});
    std::optional<ObjectId> commit;
    if (res.found()) commit = peel_to_type(repo, res.oid, ObjectType::commit);
    if (!commit) throw Error("failed to find '" + committish + "'");
    CommitReader reader(repo);
    return reachable_[committish] = walk_commits(reader, {*commit}, nullptr, nullptr);
}

RefValues::~RefValues() = default;

namespace {

std::string strip_components(std::string_view name, Atom::Name how, int n) {
    auto count = [&] { return static_cast<int>(std::count(name.begin(), name.end(), '/')) + 1; };
    if (how == Atom::Name::lstrip) {
        if (n < 0) n = std::max(0, count() + n);
        for (; n > 0; --n) {
            auto slash = name.find('/');
            if (slash == std::string_view::npos) return "";
            name.remove_prefix(slash + 1);
        }
    } else {
        if (n < 0) n = std::max(0, count() + n);
        for (; n > 0; --n) {
            auto slash = name.rfind('/');
            if (slash == std::string_view::npos) return "";
            name = name.substr(0, slash);
        }
    }
    return std::string(name);
}

// The message layout git's find_subpos sees in a commit or tag.
struct MessageParts {
    std::string_view subject, body, nonsig_body, signature, whole;
};

MessageParts split_message(std::string_view data) {
    MessageParts m;
    // Signature: from the last line that starts an armored signature.
    std::size_t sigstart = data.size();
    for (std::size_t pos = 0; pos < data.size();) {
        std::string_view line = data.substr(pos);
        if (line.starts_with("-----BEGIN PGP SIGNATURE-----") || line.starts_with("-----BEGIN PGP MESSAGE-----") ||
            line.starts_with("-----BEGIN SSH SIGNATURE-----") || line.starts_with("-----BEGIN SIGNED MESSAGE-----"))
            sigstart = pos;
        auto eol = data.find('\n', pos);
        if (eol == std::string_view::npos) break;
        pos = eol + 1;
    }
    std::size_t p = 0;
    while (p < data.size() && data[p] != '\n') {
        auto eol = data.find('\n', p);
        p = eol == std::string_view::npos ? data.size() : eol + 1;
    }
    while (p < data.size() && data[p] == '\n') ++p;
    std::size_t sub = p;
    m.whole = data.substr(sub);
    std::size_t eol = data.find("\n\n", sub);
    if (eol == std::string_view::npos) eol = data.find("\r\n\r\n", sub);
    eol = eol == std::string_view::npos ? sigstart : std::min(eol, sigstart);
    if (eol < sub) eol = sub;
    std::size_t sublen = eol - sub;
    while (sublen && (data[sub + sublen - 1] == '\n' || data[sub + sublen - 1] == '\r')) --sublen;
    m.subject = data.substr(sub, sublen);
    p = eol;
    while (p < data.size() && (data[p] == '\n' || data[p] == '\r')) ++p;
    m.body = data.substr(p);
    m.nonsig_body = data.substr(p, sigstart > p ? sigstart - p : 0);
    m.signature = data.substr(std::min(sigstart, data.size()));
    return m;
}

std::string one_line_subject(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
        out += s[i] == '\n' ? ' ' : s[i];
    }
    return out;
}

// git's format_sanitized_subject: runs of characters other than
// alphanumerics, '.' and '_' become one '-'; no leading or trailing '-',
// no "..", no trailing '.'.
std::string sanitized_subject(std::string_view s) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool title_char = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_';
        if (title_char) {
            if (space && !out.empty()) out += '-';
            space = false;
            out += c;
            if (c == '.')
                while (i + 1 < s.size() && s[i + 1] == '.') ++i;
        } else {
            space = true;
        }
    }
    while (!out.empty() && (out.back() == '.' || out.back() == '-')) out.pop_back();
    return out;
}

// Where `remote`'s fetch refspecs store its branch `ref` (a ref on the remote);
// empty if no refspec maps it.
std::string remote_tracking_ref(const Config& config, const std::string& remote, std::string_view ref) {
    for (const auto& spec_text : config.get_all("remote." + remote + ".fetch")) {
        std::string_view spec = spec_text;
        if (spec.starts_with('+')) spec.remove_prefix(1);
        auto colon = spec.find(':');
        if (colon == std::string_view::npos) continue;
        std::string_view src = spec.substr(0, colon), dst = spec.substr(colon + 1);
        auto star = src.find('*');
        auto dst_star = dst.find('*');
        if (star == std::string_view::npos || dst_star == std::string_view::npos) {
            if (src == ref) return std::string(dst);
            continue;
        }
        std::string_view head = src.substr(0, star), tail = src.substr(star + 1);
        if (ref.size() < head.size() + tail.size() || !ref.starts_with(head) || !ref.ends_with(tail)) continue;
        std::string_view middle = ref.substr(head.size(), ref.size() - head.size() - tail.size());
        return std::string(dst.substr(0, dst_star)) + std::string(middle) + std::string(dst.substr(dst_star + 1));
    }
    return "";
}

// branch.<name>.remote and .merge mapped to the remote-tracking ref.
std::string upstream_of(const Config& config, const std::string& refname) {
    std::string branch = refname.substr(11);
    auto remote = config.get("branch." + branch + ".remote");
    auto merge = config.get("branch." + branch + ".merge");
    if (!remote || !merge) return "";
    if (*remote == ".") return *merge;  // the local repository: the branch itself
    return remote_tracking_ref(config, *remote, *merge);
}

// Where "git push" would send the branch, as a remote-tracking ref
// (branch.<name>.pushRemote, remote.pushDefault, push.default).
std::string push_destination_of(const Config& config, const std::string& refname) {
    std::string branch = refname.substr(11);
    // Without configuration a branch fetches from and pushes to "origin".
    std::string remote = config.get("branch." + branch + ".remote").value_or("origin");
    auto push_remote = config.get("branch." + branch + ".pushRemote");
    if (!push_remote) push_remote = config.get("remote.pushDefault");
    if (!push_remote) push_remote = remote;
    std::string mode = config.get("push.default").value_or("simple");
    if (mode == "nothing") return "";
    if (mode == "upstream") return upstream_of(config, refname);
    std::string current = remote_tracking_ref(config, *push_remote, refname);
    if (mode == "current" || mode == "matching") return current;
    // simple: only when the upstream is where "current" would push too.
    return current == upstream_of(config, refname) ? current : "";
}

}  // namespace

std::string RefValues::text(const Atom& atom) {
    using K = Atom::Kind;
    auto name_form = [&](std::string_view full) -> std::string {
        switch (atom.name) {
        case Atom::Name::short_name:
            return shorten_ref(repo_, full, warn_ambiguous_refs(repo_));
        case Atom::Name::lstrip:
        case Atom::Name::rstrip:
            return strip_components(full, atom.name, atom.strip);
        default:
            return std::string(full);
        }
    };
    switch (atom.kind) {
    case K::refname:
        return atom.deref ? name_form(ref_.name) + "^{}" : name_form(ref_.name);
    case K::worktreepath:
        return ref_.name == head_ref_ && repo_.work_tree() ? *repo_.work_tree() : std::string();
    case K::symref:
        return ref_.symref_target.empty() ? std::string() : name_form(ref_.symref_target);
    case K::head:
        return ref_.name == head_ref_ ? "*" : " ";
    case K::upstream:
    case K::push: {
        if (atom.deref || !ref_.name.starts_with("refs/heads/")) return "";
        std::string tracking = atom.kind == K::upstream ? upstream_of(repo_.config(), ref_.name)
                                                        : push_destination_of(repo_.config(), ref_.name);
        if (tracking.empty()) return "";
        if (atom.name != Atom::Name::track && atom.name != Atom::Name::trackshort) return name_form(tracking);
        auto upstream_oid = repo_.refs().resolve(tracking);
        if (!upstream_oid) {
            if (atom.name == Atom::Name::trackshort) return "";
            return atom.nobracket ? "gone" : "[gone]";
        }
        // Commits on one side only, by marking everything reachable from each.
        CommitReader reader(repo_);
        auto reach = [&](const ObjectId& tip) { return walk_commits(reader, {tip}, nullptr, nullptr); };
        auto ours = reach(ref_.oid), theirs = reach(*upstream_oid);
        int ahead = 0, behind = 0;
        for (const auto& id : ours) ahead += !theirs.count(id);
        for (const auto& id : theirs) behind += !ours.count(id);
        if (atom.name == Atom::Name::trackshort)
            return ahead && behind ? "<>" : ahead ? ">" : behind ? "<" : "=";
        std::string text;
        if (ahead && behind) text = "ahead " + std::to_string(ahead) + ", behind " + std::to_string(behind);
        else if (ahead) text = "ahead " + std::to_string(ahead);
        else if (behind) text = "behind " + std::to_string(behind);
        else return "";
        return atom.nobracket ? text : "[" + text + "]";
    }
    case K::color:
        return atom.color;
    case K::ahead_behind: {
        const auto& base = context_.reachable_from(repo_, atom.committish);
        auto commit = peel_to_type(repo_, ref_.oid, ObjectType::commit);
        if (!commit) return "";
        // Ahead: what the ref reaches outside the base's history. Behind:
        // the base's history minus what the ref reaches inside it, which is
        // everything below the boundary where the ref's walk entered it.
        CommitReader reader(repo_);
        std::vector<ObjectId> boundary;
        auto outside = walk_commits(reader, {*commit}, &base, &boundary);
        std::size_t ahead = outside.size() - boundary.size();
        std::size_t shared = boundary.empty() ? 0 : walk_commits(reader, boundary, nullptr, nullptr).size();
        return std::to_string(ahead) + " " + std::to_string(base.size() - shared);
    }
    default:
        break;
    }

    auto hex_form = [&](const ObjectId& id) {
        if (atom.abbrev < 0) return id.hex();
        return abbreviate(repo_, id, atom.abbrev == 0 ? -1 : atom.abbrev);
    };
    // As in git, the ref's own id needs no object: it prints even when the
    // object is missing.
    if (atom.kind == K::objectname && !atom.deref) return hex_form(ref_.oid);
    // "*objectname" needs the tag and, like git, only the existence of what
    // it names, not its contents.
    if (atom.kind == K::objectname && !objects_->deref.tried) {
        Loaded& own = load(false);
        if (own.object->type != ObjectType::tag) return "";
        ObjectId target = parse_tag(own.object->data, repo_.hash_algo()).object;
        if (!repo_.odb().contains(target)) throw Error("missing object " + target.hex() + " for " + ref_.name);
        return hex_form(target);
    }

    // Everything else describes the object (or for "*" the tagged object).
    Loaded& slot = load(atom.deref);
    if (!slot.object) return "";
    const Object& obj = *slot.object;
    if (atom.kind == K::objectname) return hex_form(slot.id);
    if (atom.kind == K::objecttype) return std::string(type_name(obj.type));
    std::optional<ParsedCommit> commit;
    std::optional<ParsedTag> tag;
    if (obj.type == ObjectType::commit) commit = parse_commit(obj.data, repo_.hash_algo());
    if (obj.type == ObjectType::tag) tag = parse_tag(obj.data, repo_.hash_algo());

    switch (atom.kind) {
    case K::objectname:
        return hex_form(slot.id);
    case K::objecttype:
        return std::string(type_name(obj.type));
    case K::raw:
        return atom.raw_size ? std::to_string(obj.data.size()) : obj.data;
    case K::objectsize:
        return std::to_string(number(atom));
    case K::numparent:
        return commit ? std::to_string(commit->parents.size()) : "";
    case K::deltabase: {
        auto info = repo_.odb().storage_info(slot.id);
        return info && info->delta_base ? info->delta_base->hex() : ObjectId::null(repo_.hash_algo()).hex();
    }
    case K::tree:
        return commit ? hex_form(commit->tree) : "";
    case K::parent: {
        std::string out;
        if (commit)
            for (const auto& p : commit->parents) out += (out.empty() ? "" : " ") + hex_form(p);
        return out;
    }
    case K::object:
        return tag ? hex_form(tag->object) : "";
    case K::type:
        return tag ? std::string(tag->type_text) : "";
    case K::tag:
        return tag ? std::string(tag->name) : "";
    case K::person: {
        std::string_view line;
        Atom::Role role = atom.role;
        if (role == Atom::Role::creator) role = tag ? Atom::Role::tagger : Atom::Role::committer;
        if (commit && role == Atom::Role::author) line = commit->author;
        if (commit && role == Atom::Role::committer) line = commit->committer;
        if (tag && role == Atom::Role::tagger) line = tag->tagger;
        if (line.empty()) return "";
        if (atom.part == Atom::Part::whole) return std::string(line);
        auto person = grit::parse_person(line);
        if (!person) return "";
        if (atom.part == Atom::Part::name) return std::string(person->name);
        if (atom.part == Atom::Part::email) {
            std::string_view email = person->email;
            if (atom.email_localpart) return std::string(email.substr(0, email.find('@')));
            if (atom.email_trim) return std::string(email);
            return "<" + std::string(email) + ">";
        }
        auto date = parse_stored_date(person->date);
        if (!date) return "";
        return atom.date_strftime ? format_date_strftime(*date, *atom.date_strftime) : format_date(*date, atom.date_format);
    }
    case K::subject:
    case K::body:
    case K::contents: {
        if (!commit && !tag) return "";
        MessageParts m = split_message(obj.data);
        if (atom.kind == K::subject) {
            std::string s = one_line_subject(m.subject);
            return atom.sanitize ? sanitized_subject(s) : s;
        }
        if (atom.kind == K::body) return std::string(m.body);
        switch (atom.contents) {
        case Atom::Contents::subject:
            return one_line_subject(m.subject);
        case Atom::Contents::body:
            return std::string(m.nonsig_body);
        case Atom::Contents::signature:
            return std::string(m.signature);
        case Atom::Contents::lines: {
            std::string_view rest = m.whole.substr(0, static_cast<std::size_t>(m.nonsig_body.data() +
                                                                             m.nonsig_body.size() - m.whole.data()));
            std::string out;
            for (int i = 0; i < atom.lines && !rest.empty(); ++i) {
                if (i) out += "\n    ";
                auto eol = rest.find('\n');
                out += rest.substr(0, eol);
                if (eol == std::string_view::npos) break;
                rest.remove_prefix(eol + 1);
            }
            return out;
        }
        default:
            return std::string(m.whole);
        }
    }
    default:
        return "";
    }
}

RefValues::Loaded& RefValues::load(bool deref) {
    Loaded& slot = deref ? objects_->deref : objects_->own;
    if (slot.tried) return slot;
    slot.tried = true;
    if (!deref) {
        slot.id = ref_.oid;
        slot.object = repo_.odb().read(ref_.oid);
        if (!slot.object) throw Error("missing object " + ref_.oid.hex() + " for " + ref_.name);
        return slot;
    }
    Loaded& own = load(false);
    if (own.object->type == ObjectType::tag) {
        // git 2.39 dereferences a tag one level only.
        slot.id = parse_tag(own.object->data, repo_.hash_algo()).object;
        slot.object = repo_.odb().read(slot.id);
        if (!slot.object) throw Error("missing object " + slot.id.hex() + " for " + ref_.name);
    }
    return slot;
}

std::uint64_t RefValues::number(const Atom& atom) {
    using K = Atom::Kind;
    if (atom.kind == K::objectsize) {
        load(atom.deref);
        Loaded& slot = atom.deref ? objects_->deref : objects_->own;
        if (!slot.object) return 0;
        if (atom.disk) {
            auto info = repo_.odb().storage_info(slot.id);
            return info ? info->disk_size : 0;
        }
        return slot.object->data.size();
    }
    if (atom.kind == K::numparent) {
        load(atom.deref);
        Loaded& slot = atom.deref ? objects_->deref : objects_->own;
        if (!slot.object || slot.object->type != ObjectType::commit) return 0;
        return parse_commit(slot.object->data, repo_.hash_algo()).parents.size();
    }
    if (atom.kind == K::person && atom.part == Atom::Part::date) {
        Atom raw = atom;
        raw.date_format = DateFormat::unix_seconds;
        raw.date_strftime.reset();
        std::string s = text(raw);
        std::uint64_t v = 0;
        std::from_chars(s.data(), s.data() + s.size(), v);
        return v;
    }
    return 0;
}

}  // namespace grit
