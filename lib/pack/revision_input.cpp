#include "pack/revision_input.h"

#include <dirent.h>
#include <sys/stat.h>

#include <memory>
#include <unordered_set>

#include "index/index_file.h"
#include "object/tag.h"
#include "odb/object_database.h"
#include "refs/ref_store.h"
#include "refs/reflog.h"
#include "repo/repository.h"
#include "revision/rev_parse.h"
#include "revwalk/commit_walk.h"
#include "revwalk/object_walk.h"
#include "util/error.h"

namespace grit {

namespace {

struct Start {
    ObjectId id;
    bool negated = false;
    ObjectType type = ObjectType::none;  // blob/tree named with a path (index entries)
    std::string path;
};

class RevisionWalker {
public:
    RevisionWalker(Repository& repo, const RevisionSink& sink) : repo_(repo), odb_(repo.odb()), sink_(sink) {}

    void collect(const RevisionInput& input) {
        std::vector<std::string> args = input.options;
        const std::size_t option_count = args.size();
        for (const std::string& line : input.lines) {
            if (!line.empty() && line[0] == '-' && line != "--not") {
                if (line.starts_with("--shallow ")) continue;
                throw BadName("not a rev '" + line + "'");
            }
            args.push_back(line);
        }
        RevParseRevisions revisions(
            repo_, args, [this](std::string_view text) { take(text); }, [](std::string_view) {});
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string& arg = args[i];
            if (arg == "--reflog") {
                add_reflogs(repo_.common_dir() + "/logs");
                continue;
            }
            if (arg == "--indexed-objects") {
                add_index_objects();
                continue;
            }
            current_ = arg;
            try {
                if (!revisions.handle(i)) throw BadName("bad revision '" + arg + "'");
            } catch (const BadName&) {
                if (i < option_count) throw;
                throw BadName("bad revision '" + arg + "'");
            }
            if (arg == "--all")
                if (auto head = repo_.refs().resolve("HEAD")) starts_.push_back(Start{*head, negated_, {}, {}});
            if (arg == "--not") negated_ = !negated_;
        }
    }

    void walk(bool unpacked, bool edges) {
        CommitWalk commits(repo_);
        ObjectWalk objects(odb_, MissingAction::error, ObjectFilter{},
                           [this](const ObjectId& id, ObjectType type, std::string_view name) {
                               sink_.object(id, type, name);
                           });
        objects.expect(odb_.approximate_object_count());
        for (const Start& s : starts_) add_start(commits, objects, s);
        std::vector<ObjectId> shown;
        commits.run(CommitWalkOptions{}, [&](const ObjectId& id, std::span<const ObjectId>) {
            if (unpacked && odb_.find_packed(id)) return;
            shown.push_back(id);
            sink_.commit(id);
        });
        std::unordered_set<ObjectId, ObjectIdHash> edge_shown;
        commits.for_each_listed([&](const ObjectId& id, bool uninteresting, std::span<const ObjectId> parents,
                                    std::span<const std::uint8_t> parent_uninteresting) {
            if (uninteresting) {
                if (auto tree = commits.tree(id)) objects.mark_tree_uninteresting(*tree);
                return;
            }
            for (std::size_t k = 0; k < parents.size(); ++k) {
                if (!parent_uninteresting[k]) continue;
                if (auto tree = commits.tree(parents[k])) objects.mark_tree_uninteresting(*tree);
                if (edges && edge_shown.insert(parents[k]).second) sink_.edge(parents[k]);
            }
        });
        for (const ObjectId& id : shown) {
            auto tree = commits.tree(id);
            if (!tree) throw Error("unable to load root tree for commit " + id.hex());
            objects.add_commit_tree(*tree);
        }
        objects.flush();
    }

private:
    void take(std::string_view text) {
        while (!text.empty()) {
            auto nl = text.find('\n');
            std::string_view line = text.substr(0, nl);
            text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
            bool neg = !line.empty() && line[0] == '^';
            if (neg) line.remove_prefix(1);
            auto id = ObjectId::from_hex(line, repo_.hash_algo());
            if (!id) throw BadName("bad revision '" + current_ + "'");
            starts_.push_back(Start{*id, neg, {}, {}});
        }
    }

    // --reflog: every object a reflog entry names, old then new, log by log.
    void add_reflogs(const std::string& dir) {
        DIR* d = ::opendir(dir.c_str());
        if (!d) return;
        std::vector<std::string> names;
        while (dirent* e = ::readdir(d)) {
            std::string name = e->d_name;
            if (name != "." && name != "..") names.push_back(name);
        }
        ::closedir(d);
        for (const std::string& name : names) {
            std::string path = dir + "/" + name;
            struct stat st {};
            if (::stat(path.c_str(), &st) != 0) continue;
            if (S_ISDIR(st.st_mode)) {
                add_reflogs(path);
                continue;
            }
            auto entries = read_reflog(path, repo_.hash_algo());
            if (!entries) continue;
            for (const ReflogEntry& e : *entries)
                for (const ObjectId* id : {&e.old_oid, &e.new_oid})
                    if (!id->is_null() && odb_.contains(*id)) starts_.push_back(Start{*id, negated_, {}, {}});
        }
    }

    // --indexed-objects: the blobs the index names, by path.
    void add_index_objects() {
        auto index = IndexFile::read(repo_.git_path("index"), repo_.hash_algo());
        if (!index) return;
        for (const IndexEntry& e : index->entries()) {
            if ((e.mode & 0170000) == 0160000) continue;
            ObjectType type = (e.mode & 0170000) == 0040000 ? ObjectType::tree : ObjectType::blob;
            starts_.push_back(Start{e.oid, false, type, e.path});
        }
        for (const IndexTreeNode& node : index->cache_tree())
            starts_.push_back(Start{node.oid, false, ObjectType::tree, node.path});
    }

    void add_start(CommitWalk& commits, ObjectWalk& objects, const Start& s) {
        if (s.type != ObjectType::none) {
            objects.add_pending(s.id, s.type, s.path);
            return;
        }
        ObjectId id = s.id;
        for (;;) {
            auto header = odb_.read_header(id, false, false);
            if (!header) throw BadName("bad object " + id.hex());
            if (header->type == ObjectType::tag) {
                auto object = odb_.read(id);
                ParsedTag tag = parse_tag(object->data, id.algo);
                if (!s.negated) objects.add_pending(id, ObjectType::tag, std::string(tag.name));
                id = tag.object;
                continue;
            }
            if (header->type == ObjectType::commit)
                commits.add_start(id, s.negated);
            else if (header->type == ObjectType::tree) {
                if (s.negated)
                    objects.mark_tree_uninteresting(id);
                else
                    objects.add_pending(id, ObjectType::tree, {});
            } else if (header->type == ObjectType::blob && !s.negated) {
                objects.add_pending(id, ObjectType::blob, {});
            }
            return;
        }
    }

    Repository& repo_;
    ObjectDatabase& odb_;
    const RevisionSink& sink_;
    std::vector<Start> starts_;
    std::string current_;
    bool negated_ = false;
};

}  // namespace

void walk_revisions(Repository& repo, const RevisionInput& input, const RevisionSink& sink) {
    RevisionWalker walker(repo, sink);
    walker.collect(input);
    walker.walk(input.unpacked, input.edges);
}

}  // namespace grit
