#include "object/replace_map.h"

#include <cstdlib>
#include <string>

#include "refs/ref_store.h"
#include "repo/repository.h"
#include "util/error.h"

namespace grit {

ReplaceMap ReplaceMap::load(Repository& repo, bool disabled_by_option) {
    ReplaceMap out;
    if (disabled_by_option || std::getenv("GIT_NO_REPLACE_OBJECTS")) return out;
    if (!repo.config().get_bool("core.usereplacerefs").value_or(true)) return out;
    std::string base = "refs/replace/";
    if (const char* env = std::getenv("GIT_REPLACE_REF_BASE"); env && *env) {
        base = env;
        if (base.back() != '/') base += '/';
    }
    const HashAlgo algo = repo.hash_algo();
    repo.refs().for_each_ref(base, [&](const Ref& ref) {
        auto original = ObjectId::from_hex(std::string_view(ref.name).substr(base.size()), algo);
        if (original) out.map_[*original] = ref.oid;
    });
    return out;
}

ObjectId ReplaceMap::resolve(const ObjectId& oid) const {
    if (map_.empty()) return oid;
    ObjectId current = oid;
    for (int depth = 0; depth < 5; ++depth) {
        auto it = map_.find(current);
        if (it == map_.end()) return current;
        current = it->second;
    }
    if (map_.find(current) == map_.end()) return current;
    throw Error("replace depth too high for object " + oid.hex());
}

}  // namespace grit
