#include "refs/ref_transaction.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <set>
#include <vector>

#include "odb/object_database.h"
#include "refs/packed_refs.h"
#include "refs/packed_refs_writer.h"
#include "refs/ref_dirs.h"
#include "refs/ref_store.h"
#include "refs/refname_available.h"
#include "refs/reflog_writer.h"
#include "repo/repository.h"
#include "util/lock_file.h"

namespace grit {

namespace {

constexpr unsigned kHaveNew = 1u << 0;
constexpr unsigned kHaveOld = 1u << 1;
constexpr unsigned kNoDeref = 1u << 2;
constexpr unsigned kForceReflog = 1u << 3;
constexpr unsigned kLogOnly = 1u << 4;  // only the reflog is written (a symbolic ref on the way)
constexpr unsigned kDeleting = 1u << 5;
constexpr unsigned kViaHead = 1u << 6;      // split off from an update of HEAD: HEAD is logged already
constexpr unsigned kNeedsCommit = 1u << 7;  // the lock holds a new value to rename into place
constexpr unsigned kDeletedLoose = 1u << 8;

struct Update {
    std::string refname;
    unsigned flags = 0;
    ObjectId new_oid, old_oid;
    std::string message;
    int parent = -1;  // the symbolic ref this update was split off from
    // Set by prepare():
    std::unique_ptr<LockFile> lock;
    ObjectId value_before;  // what the ref (or the ref it points to) held
    bool is_symref = false;
    bool only_packed = false;  // the value came from packed-refs
};

// git's refname_is_safe: what may be deleted although it is not a valid name.
bool refname_is_safe(std::string_view name) {
    if (name.starts_with("refs/")) {
        std::string_view rest = name.substr(5);
        if (rest.empty()) return false;
        for (std::size_t pos = 0;;) {
            std::size_t slash = rest.find('/', pos);
            std::string_view part = rest.substr(pos, slash == std::string_view::npos ? slash : slash - pos);
            if (part.empty() || part == "." || part == "..") return false;
            if (slash == std::string_view::npos) return true;
            pos = slash + 1;
        }
    }
    if (name.empty()) return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; });
}

bool is_branch(std::string_view name) { return name == "HEAD" || name.starts_with("refs/heads/"); }

[[noreturn]] void fail(const std::string& message) { throw RefUpdateError(message); }

}  // namespace

struct RefTransaction::Impl {
    enum class State { open, prepared, closed };

    Repository& repo;
    RefStore& refs;
    HashAlgo algo;
    State state = State::open;
    std::deque<Update> updates;  // grows while preparing; references stay valid
    std::set<std::string> affected;
    std::unique_ptr<PackedRefs> packed;  // read once per prepare, for D/F checks
    std::unique_ptr<LockFile> packed_lock;
    bool packed_rewritten = false;  // packed_lock holds packed-refs without the deleted refs

    explicit Impl(Repository& r) : repo(r), refs(r.refs()), algo(r.hash_algo()) {}

    // A loose ref's path as git's messages spell it (".git/refs/heads/x").
    std::string shown_path(const std::string& path) const {
        std::string abs_git = repo.absolute_git_dir(), common = repo.common_dir();
        if (path.starts_with(abs_git + "/")) return repo.git_dir() + path.substr(abs_git.size());
        if (path.starts_with(common + "/")) return repo.common_dir_as_spelled() + path.substr(common.size());
        return path;
    }

    std::string packed_path() const { return repo.common_dir() + "/packed-refs"; }

    const PackedRefs& packed_refs() {
        if (!packed)
            packed = std::make_unique<PackedRefs>(packed_path(), repo.common_dir_as_spelled() + "/packed-refs", algo);
        return *packed;
    }

    long timeout(std::string_view key, long fallback) const {
        auto value = repo.config().get_int(key);
        return value ? static_cast<long>(*value) : fallback;
    }

    // The name the user asked for: the top of a chain of symbolic refs.
    const std::string& original_name(const Update& u) const {
        const Update* top = &u;
        while (top->parent >= 0) top = &updates[static_cast<std::size_t>(top->parent)];
        return top->refname;
    }

    [[noreturn]] void cannot_lock(const Update& u, const std::string& reason) const {
        fail("cannot lock ref '" + original_name(u) + "': " + reason);
    }

    void add(std::string_view refname, unsigned flags, const std::optional<ObjectId>& new_oid,
             const std::optional<ObjectId>& old_oid, std::string_view message) {
        if (state != State::open) throw std::logic_error("update queued on a transaction that is not open");
        bool bad = new_oid && !new_oid->is_null() ? !is_valid_refname(refname, true) : !refname_is_safe(refname);
        if (bad) fail("refusing to update ref with bad name '" + std::string(refname) + "'");
        Update& u = updates.emplace_back();
        u.refname = std::string(refname);
        u.flags = flags | (new_oid ? kHaveNew : 0) | (old_oid ? kHaveOld : 0);
        u.new_oid = new_oid.value_or(ObjectId::null(algo));
        u.old_oid = old_oid.value_or(ObjectId::null(algo));
        u.message = std::string(message);
    }

    void release() {
        for (Update& u : updates) u.lock.reset();
        packed_lock.reset();
        packed.reset();
    }

    // An update of the branch HEAD points to is logged in HEAD's reflog too.
    void split_head_update(std::size_t index, const std::string& head_ref) {
        Update& u = updates[index];
        if (u.flags & (kLogOnly | kViaHead) || u.refname != head_ref) return;
        if (affected.count("HEAD"))
            fail("multiple updates for 'HEAD' (including one via its referent '" + u.refname + "') are not allowed");
        Update& head = updates.emplace_back();
        head.refname = "HEAD";
        head.flags = u.flags | kLogOnly | kNoDeref;
        head.new_oid = u.new_oid;
        head.old_oid = u.old_oid;
        head.message = u.message;
        affected.insert("HEAD");
    }

    // The update goes on to the ref `referent`; the symbolic ref only logs.
    void split_symref_update(std::size_t index, const std::string& referent) {
        Update& u = updates[index];
        if (affected.count(referent))
            fail("multiple updates for '" + referent + "' (including one via symref '" + u.refname +
                 "') are not allowed");
        Update& next = updates.emplace_back();
        next.refname = referent;
        next.flags = u.flags | (u.refname == "HEAD" ? kViaHead : 0);
        next.new_oid = u.new_oid;
        next.old_oid = u.old_oid;
        next.message = u.message;
        next.parent = static_cast<int>(index);
        u.flags = (u.flags | kLogOnly | kNoDeref) & ~kHaveOld;
        affected.insert(referent);
    }

    // Creates the directories, takes "<ref>.lock" and reads the ref under the
    // lock (git's lock_raw_ref). Returns the target when the ref is symbolic.
    std::optional<std::string> lock_raw_ref(Update& u, bool must_exist) {
        std::string path = refs.loose_path(u.refname);
        for (int attempts = 3;;) {
            switch (create_leading_directories(path)) {
            case LeadingDirs::ok:
                break;
            case LeadingDirs::blocked: {
                std::string conflict = refname_conflict(refs, u.refname, affected);
                if (conflict.empty())
                    cannot_lock(u, "unable to create lock file " + shown_path(path) + ".lock; non-directory in the way");
                cannot_lock(u, must_exist ? "unable to resolve reference '" + u.refname + "'" : conflict);
            }
            case LeadingDirs::vanished:
                if (--attempts > 0) continue;
                [[fallthrough]];
            case LeadingDirs::failed:
                cannot_lock(u, "unable to create directory for " + shown_path(path));
            }
            try {
                u.lock = std::make_unique<LockFile>(path, LockRetry{timeout("core.filesreflocktimeout", 100)});
                break;
            } catch (const IoError& e) {
                // A concurrent delete may have removed the directory meanwhile.
                std::string dir(path, 0, path.rfind('/'));
                if (access(dir.c_str(), F_OK) != 0 && --attempts > 0) continue;
                cannot_lock(u, e.what());
            }
        }

        refs.refresh_packed_refs();
        struct stat st;
        bool loose_exists = lstat(path.c_str(), &st) == 0;
        bool is_dir = loose_exists && S_ISDIR(st.st_mode);
        std::optional<RefValue> value;
        try {
            value = refs.read_raw(u.refname);
        } catch (const CorruptData&) {
            cannot_lock(u, "unable to resolve reference '" + u.refname + "': reference broken");
        }
        u.value_before = ObjectId::null(algo);
        if (value) {
            u.only_packed = !loose_exists || is_dir;
            if (value->is_symbolic()) {
                u.is_symref = true;
                return value->symref_target;
            }
            u.value_before = *value->oid;
            return std::nullopt;
        }
        if (must_exist) cannot_lock(u, "unable to resolve reference '" + u.refname + "'");
        if (is_dir && !remove_empty_directories(path)) {
            std::string conflict = refname_conflict(refs, u.refname, affected);
            if (!conflict.empty()) cannot_lock(u, conflict);
            cannot_lock(u, "there is a non-empty directory '" + shown_path(path) + "' blocking reference '" + u.refname + "'");
        }
        std::string conflict = packed_refname_conflict(packed_refs(), u.refname, affected);
        if (!conflict.empty()) cannot_lock(u, conflict);
        return std::nullopt;
    }

    void check_old_value(const Update& u) const {
        if (!(u.flags & kHaveOld) || u.value_before == u.old_oid) return;
        if (u.old_oid.is_null()) cannot_lock(u, "reference already exists");
        if (u.value_before.is_null()) cannot_lock(u, "reference is missing but expected " + u.old_oid.hex());
        cannot_lock(u, "is at " + u.value_before.hex() + " but expected " + u.old_oid.hex());
    }

    void write_new_value(Update& u) {
        std::optional<ObjectHeader> header;
        try {
            header = repo.odb().read_header(u.new_oid, false, false);
        } catch (const CorruptData&) {
        }
        std::string why;
        if (!header)
            why = "trying to write ref '" + u.refname + "' with nonexistent object " + u.new_oid.hex();
        else if (header->type != ObjectType::commit && is_branch(u.refname))
            why = "trying to write non-commit object " + u.new_oid.hex() + " to branch '" + u.refname + "'";
        if (!why.empty()) fail("cannot update ref '" + u.refname + "': " + why);
        try {
            u.lock->write(u.new_oid.hex() + "\n");
            u.lock->close();
        } catch (const IoError&) {
            fail("cannot update ref '" + u.refname + "': couldn't write '" + u.lock->lock_path() + "'");
        }
    }

    // git's lock_ref_for_update.
    void lock_for_update(std::size_t index, const std::optional<std::string>& head_ref) {
        Update& u = updates[index];
        bool must_exist = (u.flags & kHaveOld) && !u.old_oid.is_null();
        if ((u.flags & kHaveNew) && u.new_oid.is_null()) u.flags |= kDeleting;
        if (head_ref) split_head_update(index, *head_ref);

        if (auto referent = lock_raw_ref(u, must_exist)) {
            if (u.flags & kNoDeref) {
                std::optional<ObjectId> target;
                try {
                    target = refs.resolve(*referent);
                } catch (const CorruptData&) {
                }
                u.value_before = target.value_or(ObjectId::null(algo));
                check_old_value(u);
            } else {
                split_symref_update(index, *referent);
            }
        } else {
            check_old_value(u);
            for (int p = u.parent; p >= 0; p = updates[static_cast<std::size_t>(p)].parent)
                updates[static_cast<std::size_t>(p)].value_before = u.value_before;
        }

        if ((u.flags & kHaveNew) && !(u.flags & (kDeleting | kLogOnly)) &&
            (u.is_symref || u.value_before != u.new_oid)) {
            write_new_value(u);
            u.flags |= kNeedsCommit;
        }
        if (!(u.flags & kNeedsCommit)) u.lock->close();
    }

    // Deleted refs must leave packed-refs too. packed-refs.lock is taken for
    // every delete, so that no one packs a ref being deleted meanwhile.
    void prepare_packed_refs(const std::set<std::string>& deleted) {
        try {
            packed_lock = std::make_unique<LockFile>(packed_path(), LockRetry{timeout("core.packedrefstimeout", 1000)});
        } catch (const IoError& e) {
            fail(e.what());
        }
        PackedRefs current(packed_path(), repo.common_dir_as_spelled() + "/packed-refs", algo);
        std::vector<PackedRefRecord> kept;
        bool changed = false;
        current.for_each("", [&](const PackedRef& ref) {
            if (deleted.count(std::string(ref.name))) {
                changed = true;
            } else if (kept.empty() || kept.back().name != ref.name) {
                kept.push_back({std::string(ref.name), ref.oid, ref.peeled});
            }
        });
        if (changed) {
            packed_lock->write(encode_packed_refs(kept));
            packed_rewritten = true;
        }
        packed_lock->close();
    }

    void prepare() {
        if (state != State::open) throw std::logic_error("prepare called on a transaction that is not open");
        try {
            // Objects received by a push are not in the repository yet.
            if (std::getenv("GIT_QUARANTINE_PATH")) fail("ref updates forbidden inside quarantine environment");
            std::vector<std::string> names;
            for (const Update& u : updates) names.push_back(u.refname);
            std::sort(names.begin(), names.end());
            auto dup = std::adjacent_find(names.begin(), names.end());
            if (dup != names.end()) fail("multiple updates for ref '" + *dup + "' not allowed");
            affected.insert(names.begin(), names.end());

            std::optional<std::string> head_ref;
            try {
                auto head = refs.read_raw("HEAD");
                if (head && head->is_symbolic()) head_ref = head->symref_target;
            } catch (const CorruptData&) {
            }

            std::set<std::string> deleted;
            for (std::size_t i = 0; i < updates.size(); ++i) {
                lock_for_update(i, head_ref);
                const Update& u = updates[i];
                if ((u.flags & kDeleting) && !(u.flags & kLogOnly)) deleted.insert(u.refname);
            }
            if (!deleted.empty()) prepare_packed_refs(deleted);
        } catch (...) {
            release();
            state = State::closed;
            throw;
        }
        state = State::prepared;
    }

    void finish() {
        // New values first, so that objects stay referenced throughout.
        for (Update& u : updates) {
            if (u.flags & (kNeedsCommit | kLogOnly)) {
                try {
                    append_reflog(repo, u.refname, u.value_before, u.new_oid, u.message, u.flags & kForceReflog);
                } catch (const IoError& e) {
                    fail("cannot update the ref '" + u.refname + "': " + e.what());
                }
            }
            if (u.flags & kNeedsCommit) {
                const std::string& path = u.lock->path();
                struct stat st;
                if (lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) remove_empty_directories(path);
                try {
                    u.lock->commit();
                } catch (const IoError&) {
                    fail("couldn't set '" + u.refname + "'");
                }
            }
        }
        // Then deletes: reflogs before refs (a ref without its log is less
        // wrong than a log without its ref), packed copies before loose ones.
        for (const Update& u : updates)
            if ((u.flags & kDeleting) && !(u.flags & kLogOnly)) delete_reflog(repo, u.refname);
        if (packed_rewritten) {
            packed_lock->commit();
            refs.refresh_packed_refs();
        }
        for (Update& u : updates) {
            if (!(u.flags & kDeleting) || (u.flags & kLogOnly)) continue;
            u.flags |= kDeletedLoose;
            if (u.only_packed && !u.is_symref) continue;
            std::string path = u.lock->path();
            if (unlink(path.c_str()) != 0 && errno != ENOENT)
                fail("unable to unlink '" + path + "': " + std::strerror(errno));
        }
    }

    void commit() {
        if (state == State::open) prepare();
        if (state != State::prepared) throw std::logic_error("commit called on a closed transaction");
        try {
            finish();
        } catch (...) {
            release();
            state = State::closed;
            throw;
        }
        release();
        state = State::closed;
        // Only now that the locks are gone can their directories go too.
        for (const Update& u : updates)
            if (u.flags & kDeletedLoose) remove_empty_parents(refs.loose_path(u.refname), u.refname);
    }
};

RefTransaction::RefTransaction(Repository& repo) : impl_(std::make_unique<Impl>(repo)) {}

RefTransaction::~RefTransaction() { impl_->release(); }

void RefTransaction::update(std::string_view refname, std::optional<ObjectId> new_oid,
                            std::optional<ObjectId> old_oid, const RefUpdateOptions& options,
                            std::string_view message) {
    unsigned flags = (options.no_deref ? kNoDeref : 0) | (options.force_create_reflog ? kForceReflog : 0);
    impl_->add(refname, flags, new_oid, old_oid, message);
}

void RefTransaction::create(std::string_view refname, const ObjectId& new_oid, const RefUpdateOptions& options,
                            std::string_view message) {
    update(refname, new_oid, ObjectId::null(new_oid.algo), options, message);
}

void RefTransaction::remove(std::string_view refname, std::optional<ObjectId> old_oid,
                            const RefUpdateOptions& options, std::string_view message) {
    update(refname, ObjectId::null(impl_->algo), old_oid, options, message);
}

void RefTransaction::verify(std::string_view refname, const ObjectId& old_oid, const RefUpdateOptions& options) {
    update(refname, std::nullopt, old_oid, options, "");
}

void RefTransaction::prepare() { impl_->prepare(); }

void RefTransaction::commit() { impl_->commit(); }

void RefTransaction::abort() {
    impl_->release();
    impl_->state = Impl::State::closed;
}

bool RefTransaction::is_open() const { return impl_->state == Impl::State::open; }

bool RefTransaction::is_prepared() const { return impl_->state == Impl::State::prepared; }

}  // namespace grit
