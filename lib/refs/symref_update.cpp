#include "refs/symref_update.h"

#include <unistd.h>

#include <cerrno>
#include <fcntl.h>

#include "hash/object_id.h"
#include "refs/ref_dirs.h"
#include "refs/ref_store.h"
#include "refs/reflog_writer.h"
#include "repo/repository.h"
#include "util/error.h"
#include "util/lock_file.h"

namespace grit {

void create_symref(Repository& repo, std::string_view name, std::string_view target, std::string_view message) {
    RefStore& refs = repo.refs();
    std::optional<ObjectId> old_oid;
    try {
        old_oid = refs.resolve(name);
    } catch (const CorruptData&) {
    }
    std::string path = refs.loose_path(name);
    if (create_leading_directories(path) != LeadingDirs::ok) throw_errno("unable to create directory for " + path);
    LockFile lock(path);
    lock.write("ref: " + std::string(target) + "\n");

    std::optional<ObjectId> new_oid;
    try {
        new_oid = refs.resolve(target);
    } catch (const CorruptData&) {
    }
    if (new_oid)
        append_reflog(repo, name, old_oid.value_or(ObjectId::null(repo.hash_algo())), *new_oid, message, false);
    lock.commit();
}

void delete_symref(Repository& repo, std::string_view name) {
    std::string path = repo.refs().loose_path(name);
    LockFile lock(path);
    if (unlink(path.c_str()) != 0 && errno != ENOENT) throw_errno("unable to delete '" + path + "'");
    delete_reflog(repo, name);
    lock.rollback();
}

}  // namespace grit
