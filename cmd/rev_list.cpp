// git rev-list: commits (lib/revwalk/commit_walk.h) and, with --objects, the
// trees and blobs they reach (lib/revwalk/object_walk.h). Revision arguments
// (ranges, --not, --all, --branches, ...) are read by the revision half of
// rev-parse, whose output ("<oid>" / "^<oid>") names the start points.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/command.h"
#include "common/report.h"
#include "fsck/cache_tree.h"
#include "index/index_file.h"
#include "object/tag.h"
#include "odb/object_database.h"
#include "refs/ref_store.h"
#include "refs/reflog.h"
#include "repo/repository.h"
#include "revision/rev_parse.h"
#include "revwalk/commit_walk.h"
#include "revwalk/object_positions.h"
#include "revwalk/object_walk.h"
#include "util/error.h"

namespace grit::cmd {
namespace {

constexpr const char* kUsage = R"(usage: git rev-list [<options>] <commit>... [--] [<path>...]

  limiting output:
    --max-count=<n>
    --max-age=<epoch>
    --min-age=<epoch>
    --sparse
    --no-merges
    --min-parents=<n>
    --no-min-parents
    --max-parents=<n>
    --no-max-parents
    --remove-empty
    --all
    --branches
    --tags
    --remotes
    --stdin
    --exclude-hidden=[receive|uploadpack]
    --quiet
  ordering output:
    --topo-order
    --date-order
    --reverse
  formatting output:
    --parents
    --children
    --objects | --objects-edge
    --disk-usage[=human]
    --unpacked
    --header | --pretty
    --[no-]object-names
    --abbrev=<n> | --no-abbrev
    --abbrev-commit
    --left-right
    --count
  special purpose:
    --bisect
    --bisect-vars
    --bisect-all
)";
// rev-list.c's DEFAULT_OIDSET_SIZE: the buckets of its missing/omitted sets.
constexpr std::uint32_t kOidsetBuckets = 16 * 1024;

struct Start {
    ObjectId id;
    bool negated;
    std::string path;  // "<rev>:<path>" arguments name trees and blobs by their path
    // Set for index entries (--indexed-objects), which git queues without reading.
    std::optional<ObjectType> type;
};

// The path part of a "<rev>:<path>" or ":<path>" argument ("" for none).
std::string path_of(std::string_view arg) {
    if (arg.empty() || arg[0] == '-' || arg[0] == '^') return {};
    auto colon = arg.find(':');
    if (colon == std::string_view::npos || arg.find("..") < colon) return {};
    std::string_view path = arg.substr(colon + 1);
    if (colon == 0 && !path.empty() && (path[0] == '/' || (path.size() > 1 && path[1] == ':'))) return {};
    return std::string(path);
}

class Output {
public:
    ~Output() { flush(); }
    void add(std::string_view s) {
        buf_.append(s);
        if (buf_.size() > (1u << 16)) flush();
    }
    void id(const ObjectId& oid) {
        char hex[64];
        oid.to_hex(hex);
        buf_.append(hex, oid.size() * 2);
    }
    void flush() {
        std::fwrite(buf_.data(), 1, buf_.size(), stdout);
        buf_.clear();
    }

private:
    std::string buf_;
};

bool parse_long(std::string_view text, long& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    std::string s(text);
    out = std::strtol(s.c_str(), &end, 10);
    return *end == '\0';
}

class RevList {
public:
    RevList(std::vector<std::string> args, const StartupOptions& startup) : args_(std::move(args)), startup_(startup) {}

    int run() {
        repo_ = Repository::discover(startup_);
        revisions_ = std::make_unique<RevParseRevisions>(
            *repo_, args_, [this](std::string_view text) { collect(text); },
            [](std::string_view line) { std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data()); });
        for (std::size_t i = 0; i < args_.size(); ++i) {
            if (option(i)) continue;
            const std::string& arg = args_[i];
            if (arg == "--not") negated_ = !negated_;
            if (arg == "--") {
                if (starts_.empty() && !saw_revision_option_) usage();
                // Path limiting is not implemented: refuse rather than list too much.
                if (i + 1 < args_.size()) die("grit rev-list: paths are not supported");
                break;
            }
            if (arg == "-h") usage();
            if (arg == "--stdin") {
                if (read_stdin_) die("--stdin given twice?");
                read_stdin_ = true;
                read_stdin();
                continue;
            }
            bool handled = false;
            current_path_ = path_of(arg);
            try {
                handled = revisions_->handle(i);
            } catch (const BadName&) {
                // git: a negated name that does not resolve is never taken for a file.
                if (arg.starts_with("^")) die("bad revision '" + arg + "'");
                throw;
            }
            if (!handled) usage();
            if (arg == "--all") add_head(negated_);
        }
        if (starts_.empty() && !saw_revision_option_) usage();
        if (filter_.kind != ObjectFilter::Kind::none && !objects_) die("object filtering requires --objects");
        if (unpacked_) walk_options_.ignore = [this](const ObjectId& id) { return odb_packed(id); };
        return list();
    }

private:
    [[noreturn]] static void usage() {
        std::fputs(kUsage, stderr);
        throw ExitCode{129};
    }

    // --all also names HEAD, which rev-parse's --all leaves out.
    void add_head(bool negated) {
        if (auto head = repo_->refs().resolve("HEAD")) starts_.push_back(Start{*head, negated, {}, {}});
    }

    // --stdin, read where it stands among the arguments, as git 2.42 does:
    // revisions and the pseudo-options that name revisions, one a line, up
    // to an empty line or "--"; the command line's --not does not reach
    // them, a --not line toggles the lines after it; after
    // --end-of-options every line is a revision.
    void read_stdin() {
        std::vector<std::string> lines;
        std::string line;
        bool dashdash = false;
        while (std::getline(std::cin, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty()) break;
            if (line == "--") {
                dashdash = true;
                break;
            }
            lines.push_back(line);
        }
        if (dashdash) {
            // Paths follow; path limiting is not implemented.
            while (std::getline(std::cin, line))
                if (!line.empty()) die("grit rev-list: paths are not supported");
        }
        RevParseRevisions stdin_revisions(
            *repo_, lines, [this](std::string_view text) { collect(text); },
            [](std::string_view l) { std::fprintf(stderr, "%.*s\n", static_cast<int>(l.size()), l.data()); });
        bool saved_negated = negated_;
        negated_ = false;
        from_stdin_ = true;
        bool end_of_options = false;
        for (std::size_t k = 0; k < lines.size(); ++k) {
            const std::string& l = lines[k];
            if (!end_of_options && l[0] == '-') {
                if (l == "--end-of-options") {
                    end_of_options = true;
                    continue;
                }
                if (!stdin_pseudo_option(l)) die("invalid option '" + l + "' in --stdin mode");
                if (l == "--not") negated_ = !negated_;
                if (l == "--reflog") {
                    add_reflogs(repo_->common_dir() + "/logs");
                    continue;
                }
                if (l == "--indexed-objects") {
                    add_index_objects();
                    continue;
                }
                stdin_revisions.handle(k);
                if (l == "--all") add_head(negated_);
                continue;
            }
            current_path_ = path_of(l);
            if (!stdin_revisions.handle(k)) die("bad revision '" + l + "'");
        }
        saw_revision_option_ = true;
        from_stdin_ = false;
        negated_ = saved_negated;
    }

    static bool stdin_pseudo_option(std::string_view l) {
        return l == "--all" || l == "--not" || l == "--reflog" || l == "--indexed-objects" || l == "--branches" ||
               l == "--tags" || l == "--remotes" || l.starts_with("--branches=") || l.starts_with("--tags=") ||
               l.starts_with("--remotes=") || l.starts_with("--glob=") || l.starts_with("--exclude=");
    }

    void collect(std::string_view text) {
        while (!text.empty()) {
            auto nl = text.find('\n');
            std::string_view line = text.substr(0, nl);
            text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
            bool neg = !line.empty() && line[0] == '^';
            if (neg) line.remove_prefix(1);
            auto id = ObjectId::from_hex(line, repo_->hash_algo());
            if (!id && from_stdin_) die("bad revision '" + std::string(neg ? "^" : "") + std::string(line) + "'");
            if (!id && neg) die("bad revision '^" + std::string(line) + "'");
            // A name rev-parse took for a file: rev-list has no path limiting.
            if (!id)
                die("ambiguous argument '" + std::string(line) +
                    "': unknown revision or path not in the working tree.\n"
                    "Use '--' to separate paths from revisions, like this:\n"
                    "'git <command> [<revision>...] -- [<file>...]'");
            starts_.push_back(Start{*id, neg, current_path_, {}});
        }
    }

    bool option(std::size_t& i) {
        const std::string& a = args_[i];
        std::string_view v;
        long n = 0;
        auto value_of = [&](std::string_view prefix) {
            if (!a.starts_with(prefix)) return false;
            v = std::string_view(a).substr(prefix.size());
            return true;
        };
        if (a == "--count") count_ = true;
        else if (a == "--parents") parents_ = true;
        else if (a == "--topo-order") walk_options_.order = CommitOrder::topo;
        else if (a == "--date-order") walk_options_.order = CommitOrder::date;
        else if (a == "--reverse") walk_options_.reverse = true;
        else if (a == "--objects") objects_ = true;
        else if (a == "--objects-edge") objects_ = edges_ = true;
        else if (a == "--no-object-names") names_ = false;
        else if (a == "--object-names") names_ = true;
        else if (a == "--in-commit-order") in_commit_order_ = true;
        else if (a == "--filter-print-omitted") print_omitted_ = true;
        else if (a == "--no-filter") filter_ = ObjectFilter{};
        else if (value_of("--missing=")) {
            // As git 2.39: the first valid value wins; others are ignored.
            if (!missing_given_) {
                missing_given_ = true;
                if (v == "error") missing_ = MissingAction::error;
                else if (v == "allow-any") missing_ = MissingAction::allow_any;
                else if (v == "print") missing_ = MissingAction::print;
                else missing_given_ = false;
            }
        } else if (value_of("--filter=")) {
            parse_filter(v);
        } else if (value_of("--max-count=")) {
            if (!parse_long(v, n)) die("'" + std::string(v) + "': not an integer");
            walk_options_.max_count = n < 0 ? -1 : n;
        } else if (a == "-n" || a == "--max-count") {
            if (i + 1 >= args_.size()) die("'" + a + "' requires a value");
            if (!parse_long(args_[++i], n)) die("'" + args_[i] + "': not an integer");
            walk_options_.max_count = n < 0 ? -1 : n;
        } else if (a.size() > 2 && a.starts_with("-n") && parse_long(std::string_view(a).substr(2), n)) {
            walk_options_.max_count = n < 0 ? -1 : n;
        } else if (a.size() > 1 && a[0] == '-' && parse_long(std::string_view(a).substr(1), n)) {
            walk_options_.max_count = n;
        } else if (a == "--reflog") {
            add_reflogs(repo_->common_dir() + "/logs");
            saw_revision_option_ = true;
        } else if (a == "--indexed-objects") {
            add_index_objects();
            saw_revision_option_ = true;
        } else if (a == "--unpacked") {
            unpacked_ = true;
        } else {
            if (a == "--all" || a.starts_with("--branches") || a.starts_with("--tags") ||
                a.starts_with("--remotes") || a.starts_with("--glob="))
                saw_revision_option_ = true;
            return false;
        }
        return true;
    }

    // --reflog: every object a reflog entry names, old then new, log by log
    // in directory order (git's reflog iterator), missing objects skipped.
    void add_reflogs(const std::string& dir) {
        DIR* d = opendir(dir.c_str());
        if (!d) return;
        std::vector<std::string> names;
        while (dirent* e = readdir(d)) {
            std::string name = e->d_name;
            if (name != "." && name != "..") names.push_back(name);
        }
        closedir(d);
        for (const std::string& name : names) {
            std::string path = dir + "/" + name;
            struct stat st {};
            if (stat(path.c_str(), &st) != 0) continue;
            if (S_ISDIR(st.st_mode)) {
                add_reflogs(path);
                continue;
            }
            auto entries = read_reflog(path, repo_->hash_algo());
            if (!entries) continue;
            for (const ReflogEntry& e : *entries)
                for (const ObjectId* id : {&e.old_oid, &e.new_oid})
                    if (!id->is_null() && repo_->odb().contains(*id)) starts_.push_back(Start{*id, negated_, {}, {}});
        }
    }

    // --indexed-objects: the blobs of every index (this worktree's, then the
    // other worktrees' in directory order), each under its path, then the
    // trees of its cache tree that are valid.
    void add_index_objects() {
        std::string own = repo_->git_dir() + "/index";
        add_index_objects(own);
        std::string common = repo_->common_dir();
        std::vector<std::string> others{common + "/index"};
        if (DIR* d = opendir((common + "/worktrees").c_str())) {
            while (dirent* e = readdir(d)) {
                std::string name = e->d_name;
                if (name != "." && name != "..") others.push_back(common + "/worktrees/" + name + "/index");
            }
            closedir(d);
        }
        struct stat own_st {};
        bool have_own = stat(own.c_str(), &own_st) == 0;
        for (const std::string& path : others) {
            struct stat st {};
            if (stat(path.c_str(), &st) != 0) continue;
            if (have_own && st.st_dev == own_st.st_dev && st.st_ino == own_st.st_ino) continue;
            add_index_objects(path);
        }
    }

    void add_index_objects(const std::string& path) {
        auto index = IndexFile::read(path, repo_->hash_algo());
        if (!index) return;
        for (const IndexEntry& e : index->entries()) {
            if ((e.mode & 0170000) == 0160000) continue;  // gitlinks
            starts_.push_back(Start{e.oid, negated_, e.path, ObjectType::blob});
        }
        std::vector<CacheTreeNode> nodes = read_cache_tree(path, repo_->hash_algo());
        std::size_t next = 0;
        if (!nodes.empty()) add_cache_tree(nodes, next, "");
    }

    // One cache-tree node and, recursively, its subtrees, as git's
    // add_cache_tree queues them: subtrees by name length, then name.
    void add_cache_tree(const std::vector<CacheTreeNode>& nodes, std::size_t& next, const std::string& path) {
        const CacheTreeNode& node = nodes[next++];
        if (node.valid) starts_.push_back(Start{node.oid, negated_, path, ObjectType::tree});
        std::vector<std::pair<std::string, std::size_t>> subdirs;  // name, first node
        for (std::uint32_t k = 0; k < node.subtrees && next < nodes.size(); ++k) {
            subdirs.emplace_back(nodes[next].name, next);
            skip_cache_tree(nodes, next);
        }
        std::stable_sort(subdirs.begin(), subdirs.end(), [](const auto& a, const auto& b) {
            return a.first.size() != b.first.size() ? a.first.size() < b.first.size() : a.first < b.first;
        });
        std::size_t after = next;
        for (const auto& [name, first] : subdirs) {
            std::size_t at = first;
            add_cache_tree(nodes, at, path.empty() ? name : path + "/" + name);
        }
        next = after;
    }

    static void skip_cache_tree(const std::vector<CacheTreeNode>& nodes, std::size_t& next) {
        std::uint32_t subtrees = nodes[next++].subtrees;
        for (std::uint32_t k = 0; k < subtrees && next < nodes.size(); ++k) skip_cache_tree(nodes, next);
    }

    bool odb_packed(const ObjectId& id) {
        if (!positions_) positions_ = std::make_unique<ObjectPositions>(repo_->odb());
        return positions_->packed(positions_->position(id));
    }

    void parse_filter(std::string_view spec) {
        if (spec == "blob:none") {
            filter_.kind = ObjectFilter::Kind::blob_none;
            return;
        }
        if (spec.starts_with("blob:limit=")) {
            if (!parse_scaled(spec.substr(11), filter_.blob_limit)) die("invalid filter-spec '" + std::string(spec) + "'");
            filter_.kind = ObjectFilter::Kind::blob_limit;
            return;
        }
        if (spec.starts_with("tree:")) {
            std::uint64_t depth = 0;
            if (!parse_scaled(spec.substr(5), depth)) die("expected 'tree:<depth>'");
            filter_.kind = ObjectFilter::Kind::tree_depth;
            filter_.tree_depth = depth;
            return;
        }
        die("invalid filter-spec '" + std::string(spec) + "'");
    }

    // git_parse_ulong: digits with an optional k, m or g (any case).
    static bool parse_scaled(std::string_view text, std::uint64_t& out) {
        std::uint64_t value = 0;
        std::size_t i = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') value = value * 10 + (text[i++] - '0');
        std::string_view unit = text.substr(i);
        std::uint64_t scale = unit.empty()                  ? 1
                              : unit == "k" || unit == "K" ? 1024
                              : unit == "m" || unit == "M" ? 1024 * 1024
                              : unit == "g" || unit == "G" ? 1024ull * 1024 * 1024
                                                           : 0;
        if (i == 0 || scale == 0) return false;
        out = value * scale;
        return true;
    }

    int list() {
        ObjectDatabase& odb = repo_->odb();
        CommitWalk walk(*repo_);
        std::size_t count = 0;
        ObjectWalk objects(odb, missing_, filter_, [&](const ObjectId& id, ObjectType, std::string_view name) {
            ++count;
            if (count_) return;
            out_.id(id);
            if (names_) {
                out_.add(" ");
                out_.add(name.substr(0, name.find('\n')));
            }
            out_.add("\n");
        });
        objects.track_omitted(print_omitted_);
        for (const Start& s : starts_) add_start(walk, objects, s);

        // With --objects commits are printed after the edges are marked.
        std::vector<ObjectId> shown;
        std::vector<std::size_t> shown_parents;  // per shown commit, with --parents
        std::vector<ObjectId> shown_parents_ids;
        auto print_commit = [&](const ObjectId& id, std::span<const ObjectId> parents) {
            out_.id(id);
            if (parents_)
                for (const ObjectId& p : parents) {
                    out_.add(" ");
                    out_.id(p);
                }
            out_.add("\n");
        };
        walk.run(walk_options_, [&](const ObjectId& id, std::span<const ObjectId> parents) {
            ++count;
            if (objects_) {
                shown.push_back(id);
                if (parents_) {
                    shown_parents.push_back(parents.size());
                    shown_parents_ids.insert(shown_parents_ids.end(), parents.begin(), parents.end());
                }
            } else if (!count_) {
                print_commit(id, parents);
            }
        });
        if (objects_) list_objects(walk, objects, shown, shown_parents, shown_parents_ids);
        if (count_) out_.add(std::to_string(count) + "\n");
        return 0;
    }

    void list_objects(CommitWalk& walk, ObjectWalk& objects, const std::vector<ObjectId>& shown,
                      const std::vector<std::size_t>& parent_counts, const std::vector<ObjectId>& parent_ids) {
        walk.for_each_listed([&](const ObjectId& id, bool uninteresting, std::span<const ObjectId> parents,
                                 std::span<const std::uint8_t> parent_uninteresting) {
            if (uninteresting) {
                if (auto tree = walk.tree(id)) objects.mark_tree_uninteresting(*tree);
                return;
            }
            for (std::size_t k = 0; k < parents.size(); ++k) {
                if (!parent_uninteresting[k]) continue;
                if (auto tree = walk.tree(parents[k])) objects.mark_tree_uninteresting(*tree);
                if (edges_ && edge_shown_.insert(parents[k]).second) {
                    out_.add("-");
                    out_.id(parents[k]);
                    out_.add("\n");
                }
            }
        });
        std::size_t next_parent = 0;
        for (std::size_t k = 0; k < shown.size(); ++k) {
            const ObjectId& id = shown[k];
            auto tree = walk.tree(id);
            if (!tree) throw Error("unable to load root tree for commit " + id.hex());
            objects.add_commit_tree(*tree);
            if (!count_) {
                out_.id(id);
                if (parents_) {
                    for (std::size_t p = 0; p < parent_counts[k]; ++p) {
                        out_.add(" ");
                        out_.id(parent_ids[next_parent++]);
                    }
                }
                out_.add("\n");
            }
            if (in_commit_order_) objects.flush();
        }
        objects.flush();
        if (print_omitted_)
            for (const ObjectId& id : objects.omitted_in_oidset_order(kOidsetBuckets)) {
                out_.add("~");
                out_.id(id);
                out_.add("\n");
            }
        if (missing_ == MissingAction::print)
            for (const ObjectId& id : oidset_order(objects.missing(), kOidsetBuckets)) {
                out_.add("?");
                out_.id(id);
                out_.add("\n");
            }
    }

    void add_start(CommitWalk& walk, ObjectWalk& objects, const Start& s) {
        ObjectDatabase& odb = repo_->odb();
        ObjectId id = s.id;
        if (s.type) {
            if (!objects_) return;
            if (*s.type == ObjectType::tree && s.negated) objects.mark_tree_uninteresting(id);
            else if (s.negated) objects.mark_blob_uninteresting(id);
            else objects.add_pending(id, *s.type, s.path);
            return;
        }
        for (;;) {
            auto header = odb.read_header(id, false, false);
            if (!header) throw BadName("bad object " + id.hex());
            if (header->type == ObjectType::tag) {
                auto object = odb.read(id);
                ParsedTag tag = parse_tag(object->data, id.algo);
                if (objects_ && !s.negated) objects.add_pending(id, ObjectType::tag, std::string(tag.name));
                id = tag.object;
                continue;
            }
            if (header->type == ObjectType::commit) {
                walk.add_start(id, s.negated);
            } else if (objects_ && header->type == ObjectType::tree) {
                if (s.negated) objects.mark_tree_uninteresting(id);
                else objects.add_pending(id, ObjectType::tree, s.path);
            } else if (objects_ && header->type == ObjectType::blob) {
                if (s.negated) objects.mark_blob_uninteresting(id);
                else objects.add_pending(id, ObjectType::blob, s.path);
            }
            return;
        }
    }

    std::vector<std::string> args_;
    const StartupOptions& startup_;
    std::unique_ptr<Repository> repo_;
    std::unique_ptr<RevParseRevisions> revisions_;
    std::vector<Start> starts_;
    std::string current_path_;
    bool negated_ = false;
    bool saw_revision_option_ = false;
    bool read_stdin_ = false;
    bool from_stdin_ = false;
    bool unpacked_ = false;
    std::unique_ptr<ObjectPositions> positions_;
    CommitWalkOptions walk_options_;
    bool count_ = false;
    bool parents_ = false;
    bool objects_ = false;
    bool edges_ = false;
    bool names_ = true;
    bool in_commit_order_ = false;
    bool print_omitted_ = false;
    MissingAction missing_ = MissingAction::error;
    bool missing_given_ = false;
    ObjectFilter filter_;
    std::unordered_set<ObjectId, ObjectIdHash> edge_shown_;
    Output out_;
};

int rev_list_main(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&] {
        RevList command(std::vector<std::string>(argv + 1, argv + argc), startup);
        return command.run();
    });
}

}  // namespace

GRIT_COMMAND("rev-list", rev_list_main);

}  // namespace grit::cmd
