#include "revwalk/commit_reader.h"

#include <sys/stat.h>

#include "object/commit.h"
#include "odb/object_database.h"
#include "refs/ref_store.h"
#include "repo/repository.h"
#include "util/error.h"

namespace grit {

namespace {

bool graph_allowed(Repository& repo) {
    if (!repo.config().get_bool("core.commitgraph").value_or(true)) return false;
    struct stat st {};
    if (stat((repo.common_dir() + "/shallow").c_str(), &st) == 0) return false;
    bool replaced = false;
    repo.refs().for_each_ref("refs/replace/", [&](const Ref&) { replaced = true; });
    return !replaced;
}

std::int64_t committer_time(std::string_view committer) {
    auto gt = committer.rfind('>');
    if (gt == std::string_view::npos) return 0;
    std::int64_t t = 0;
    std::size_t i = gt + 1;
    while (i < committer.size() && committer[i] == ' ') ++i;
    while (i < committer.size() && committer[i] >= '0' && committer[i] <= '9') t = t * 10 + (committer[i++] - '0');
    return t;
}

}  // namespace

CommitReader::CommitReader(Repository& repo) : repo_(repo) {
    if (!graph_allowed(repo)) return;
    // Like git, a damaged graph is no reason to fail: the commits still are there.
    try {
        graph_ = CommitGraph::open(repo.odb().objects_dir(), repo.hash_algo());
    } catch (const CorruptData&) {
        graph_.reset();
    }
}

bool CommitReader::read(const ObjectId& id, std::vector<ObjectId>& parents, std::int64_t* commit_time,
                        ObjectId* tree) {
    parents.clear();
    if (graph_) {
        if (auto pos = graph_->position(id)) {
            graph_->parents(*pos, positions_);
            for (std::uint32_t p : positions_) parents.push_back(graph_->id_at(p));
            if (commit_time) *commit_time = graph_->commit_time(*pos);
            if (tree) *tree = graph_->tree_at(*pos);
            return true;
        }
    }
    auto object = repo_.odb().read(id);
    if (!object || object->type != ObjectType::commit) return false;
    ParsedCommit commit = parse_commit(object->data, id.algo);
    parents = std::move(commit.parents);
    if (commit_time) *commit_time = committer_time(commit.committer);
    if (tree) *tree = commit.tree;
    return true;
}

}  // namespace grit
