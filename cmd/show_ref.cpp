// git show-ref: list refs and their object names, or check that refs exist.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/command.h"
#include "common/report.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "odb/object_database.h"
#include "refs/ref_store.h"
#include "repo/repository.h"
#include "revision/resolve.h"

namespace grit::cmd {

namespace {

constexpr const char* kUsage =
    "usage: git show-ref [-q | --quiet] [--verify] [--head] [-d | --dereference]\n"
    "                    [-s | --hash[=<n>]] [--abbrev[=<n>]] [--tags]\n"
    "                    [--heads] [--] [<pattern>...]\n"
    "   or: git show-ref --exclude-existing[=<pattern>]\n"
    "\n"
    "    --tags                only show tags (can be combined with heads)\n"
    "    --heads               only show heads (can be combined with tags)\n"
    "    --verify              stricter reference checking, requires exact ref path\n"
    "    --head                show the HEAD reference, even if it would be filtered out\n"
    "    -d, --dereference     dereference tags into object IDs\n"
    "    -s, --hash[=<n>]      only show SHA1 hash using <n> digits\n"
    "    --abbrev[=<n>]        use <n> digits to display object names\n"
    "    -q, --quiet           do not print results to stdout (useful with --verify)\n"
    "    --exclude-existing[=<pattern>]\n"
    "                          show refs from stdin that aren't in local repository\n"
    "\n";

constexpr int kAbbrevDefault = -1;  // core.abbrev

struct Args {
    int tags = 0, heads = 0, verify = 0, head = 0, deref = 0, quiet = 0, exists = 0;
    int hash_only = 0;
    int abbrev = 0;  // 0: full ids
    std::optional<std::string> exclude_existing;
    std::vector<std::string> patterns;
};

// git's OPT__ABBREV value: a number, raised to 4 and capped at the hex size
// later; no value means core.abbrev.
std::optional<std::string> parse_abbrev(const char* value, const char* option, int& abbrev) {
    if (!value) {
        abbrev = kAbbrevDefault;
        return std::nullopt;
    }
    char* end = nullptr;
    long v = std::strtol(value, &end, 10);
    if (!*value || *end) return "option `" + std::string(option) + "' expects a numerical value";
    abbrev = v != 0 && v < 4 ? 4 : static_cast<int>(v);
    return std::nullopt;
}

Args parse(int argc, char** argv) {
    Args a;
    using G = GitOption;
    GitOption hash = G::make_callback("hash", [&a](const char* v, bool) -> std::optional<std::string> {
        a.hash_only = 1;
        if (!v) return std::nullopt;
        return parse_abbrev(v, "hash", a.abbrev);
    });
    hash.short_name = 's';
    std::vector<GitOption> table = {
        G::make_bool(0, "tags", &a.tags),
        G::make_bool(0, "heads", &a.heads),
        G::make_bool(0, "verify", &a.verify),
        G::make_bool(0, "head", &a.head),
        G::make_bool('d', "dereference", &a.deref),
        hash,
        G::make_callback("abbrev", [&a](const char* v, bool) { return parse_abbrev(v, "abbrev", a.abbrev); }),
        G::make_bool('q', "quiet", &a.quiet),
        G::make_callback("exclude-existing", [&a](const char* v, bool) -> std::optional<std::string> {
            a.exclude_existing = v ? v : "";
            return std::nullopt;
        }),
        // git 2.43, as documented.
        G::make_bool(0, "exists", &a.exists),
    };
    a.patterns = parse_git_options(argc, argv, std::move(table), kUsage);
    return a;
}

// show-ref's rule: the pattern equals the name or its last components.
bool tail_matches(std::string_view refname, const std::vector<std::string>& patterns) {
    for (std::string_view p : patterns) {
        if (p.size() > refname.size() || !refname.ends_with(p)) continue;
        if (p.size() == refname.size() || refname[refname.size() - p.size() - 1] == '/') return true;
    }
    return false;
}

class Shower {
public:
    Shower(Repository& repo, const Args& a) : repo_(repo), a_(a) {}

    void show(const std::string& refname, const ObjectId& oid, const std::optional<ObjectId>& peeled) {
        if (!repo_.odb().contains(oid)) die("git show-ref: bad ref " + refname + " (" + oid.hex() + ")");
        if (a_.quiet) return;
        out_ += hex(oid);
        if (!a_.hash_only) out_ += ' ' + refname;
        out_ += '\n';
        if (!a_.deref) return;
        std::optional<ObjectId> target = peeled;
        if (!target) {
            auto header = repo_.odb().read_header(oid);
            if (header && header->type == ObjectType::tag) target = peel_to_type(repo_, oid, ObjectType::none);
        }
        if (target) out_ += hex(*target) + ' ' + refname + "^{}\n";
    }

    void flush() {
        std::fwrite(out_.data(), 1, out_.size(), stdout);
        out_.clear();
    }

private:
    std::string hex(const ObjectId& oid) {
        if (a_.abbrev == 0) return oid.hex();
        return abbreviate(repo_, oid, a_.abbrev == kAbbrevDefault ? -1 : a_.abbrev);
    }

    Repository& repo_;
    const Args& a_;
    std::string out_;
};

// --exclude-existing: the stdin lines naming refs this repository lacks.
int exclude_existing(Repository& repo, const std::string& match) {
    std::set<std::string> existing;
    repo.refs().for_each_ref("refs/", [&](const Ref& ref) { existing.insert(ref.name); });
    std::string line, out;
    while (std::getline(std::cin, line)) {
        std::string_view shown = line;
        if (shown.ends_with("^{}")) shown.remove_suffix(3);
        std::size_t start = shown.size();
        while (start > 0 && !std::isspace(static_cast<unsigned char>(shown[start - 1]))) --start;
        std::string ref(shown.substr(start));
        if (!match.empty() && !ref.starts_with(match)) continue;
        if (!is_valid_refname(ref, false)) {
            std::fflush(stdout);
            print_warning("ref '" + ref + "' ignored");
            continue;
        }
        if (!existing.count(ref)) out.append(shown).append("\n");
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

int show_ref(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&]() -> int {
        std::unique_ptr<Repository> repo;
        if (!(argc == 2 && std::string_view(argv[1]) == "-h")) repo = Repository::discover(startup);
        Args a = parse(argc, argv);
        int hexsz = static_cast<int>(hex_size(repo->hash_algo()));
        if (a.abbrev > hexsz) a.abbrev = hexsz;

        if (a.exclude_existing) return exclude_existing(*repo, *a.exclude_existing);

        if (a.exists) {
            if (a.patterns.size() != 1) usage_message("--exists requires exactly one reference", kUsage);
            std::optional<RefValue> value;
            try {
                value = repo->refs().read_raw(a.patterns[0]);
            } catch (const CorruptData& e) {
                print_error(e.what());
                return 1;
            }
            if (!value) {
                print_error("reference does not exist");
                return 2;
            }
            return 0;
        }

        Shower shower(*repo, a);
        if (a.verify) {
            if (a.patterns.empty()) die("--verify requires a reference");
            for (const auto& name : a.patterns) {
                std::optional<ObjectId> oid;
                if (name.starts_with("refs/") || name == "HEAD") {
                    try {
                        oid = repo->refs().resolve(name);
                    } catch (const CorruptData&) {
                    }
                }
                if (!oid) {
                    shower.flush();
                    if (a.quiet) return 1;
                    die("'" + name + "' - not a valid ref");
                }
                shower.show(name, *oid, std::nullopt);
            }
            shower.flush();
            return 0;
        }

        int found = 0;
        try {
            if (a.head) {
                if (auto oid = repo->refs().resolve("HEAD")) {
                    ++found;
                    shower.show("HEAD", *oid, std::nullopt);
                }
            }
            repo->refs().for_each_ref("refs/", [&](const Ref& ref) {
                if (a.tags || a.heads) {
                    bool kind = (a.heads && ref.name.starts_with("refs/heads/")) ||
                                (a.tags && ref.name.starts_with("refs/tags/"));
                    if (!kind) return;
                }
                if (!a.patterns.empty() && !tail_matches(ref.name, a.patterns)) return;
                ++found;
                shower.show(ref.name, ref.oid, ref.peeled);
            });
        } catch (...) {
            shower.flush();
            throw;
        }
        shower.flush();
        return found ? 0 : 1;
    });
}

}  // namespace

GRIT_COMMAND("show-ref", show_ref);

}  // namespace grit::cmd
