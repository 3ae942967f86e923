// The object database of a repository, in its own file so that commands
// which never read objects do not link the object store.
#include <unistd.h>

#include <cstdlib>

#include "odb/object_database.h"
#include "repo/repository_impl.h"
#include "util/path.h"

namespace grit {
namespace {

std::string absolute_in(const std::string& dir, const std::string& path) {
    return normalize_path(join_path(dir, path));
}

// The objects directory as git spells it in messages (".git/objects/..." at
// the top of the work tree): git's spelling is relative to where git runs
// after setup, which is our current directory unless git would have moved.
std::string objects_dir_as_spelled(const RepositoryLayout& l) {
    // Inside a bare repository git says "objects/...", not "./objects/...".
    std::string spelled = l.common_dir == "." ? "objects" : l.common_dir + "/objects";
    if (!l.common_dir.empty() && l.common_dir[0] == '/') return spelled;
    char* cwd = ::getcwd(nullptr, 0);
    bool here = cwd && l.working_dir == cwd;
    std::free(cwd);
    return here ? spelled : l.abs_common_dir + "/objects";
}

}  // namespace

ObjectDatabase& Repository::odb() {
    if (!impl_->odb) {
        const auto& l = impl_->layout;
        const char* objects_env = std::getenv("GIT_OBJECT_DIRECTORY");
        std::string objects = objects_env ? absolute_in(l.working_dir, objects_env) : objects_dir_as_spelled(l);
        OdbOptions options = OdbOptions::from_config(impl_->config);
        if (const char* alternates = std::getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES")) {
            std::string_view rest = alternates;
            while (!rest.empty()) {
                auto colon = rest.find(':');
                std::string_view one = rest.substr(0, colon);
                if (!one.empty()) options.extra_alternates.push_back(absolute_in(l.working_dir, std::string(one)));
                if (colon == std::string_view::npos) break;
                rest.remove_prefix(colon + 1);
            }
        }
        impl_->odb = {new ObjectDatabase(std::move(objects), hash_algo(), std::move(options)),
                      [](ObjectDatabase* db) { delete db; }};
    }
    return *impl_->odb;
}

}  // namespace grit
