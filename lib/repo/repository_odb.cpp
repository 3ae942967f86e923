// The object database of a repository, in its own file so that commands
// which never read objects do not link the object store.
#include <cstdlib>

#include "odb/object_database.h"
#include "repo/repository_impl.h"
#include "util/path.h"

namespace grit {
namespace {

std::string absolute_in(const std::string& dir, const std::string& path) {
    return normalize_path(join_path(dir, path));
}

}  // namespace

ObjectDatabase& Repository::odb() {
    if (!impl_->odb) {
        const auto& l = impl_->layout;
        const char* objects_env = std::getenv("GIT_OBJECT_DIRECTORY");
        std::string objects = objects_env ? absolute_in(l.working_dir, objects_env) : l.abs_common_dir + "/objects";
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
