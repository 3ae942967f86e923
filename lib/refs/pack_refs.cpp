#include "refs/pack_refs.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <string_view>
#include <thread>

#include "object/object_type.h"
#include "object/tag.h"
#include "odb/object_database.h"
#include "refs/loose_ref.h"
#include "refs/packed_refs.h"
#include "refs/packed_refs_writer.h"
#include "refs/ref_store.h"
#include "repo/repository.h"
#include "util/error.h"
#include "util/lock_file.h"
#include "util/wildmatch.h"

namespace grit {
namespace {

struct Candidate {
    std::string name;
    ObjectId oid;
};

// Refs each worktree keeps for itself; git never packs them.
bool is_per_worktree(std::string_view name) {
    return name.starts_with("refs/bisect/") || name.starts_with("refs/worktree/") ||
           name.starts_with("refs/rewritten/");
}

bool matches_any(const std::vector<std::string>& patterns, std::string_view name) {
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::string& p) { return wildmatch(p, name, 0); });
}

// Every file under <common>/refs as a ref name, skipping what git's loose
// ref cache skips: dot files and *.lock.
void list_loose(const std::string& common, std::string& name, std::vector<std::string>& out) {
    DIR* dir = opendir((common + "/" + name).c_str());
    if (!dir) return;
    std::size_t base = name.size();
    while (struct dirent* ent = readdir(dir)) {
        std::string_view entry = ent->d_name;
        if (entry.starts_with('.') || entry.ends_with(".lock")) continue;
        name.append("/").append(entry);
        bool is_dir = ent->d_type == DT_DIR;
        if (ent->d_type == DT_UNKNOWN || ent->d_type == DT_LNK) {
            struct stat st;
            is_dir = stat((common + "/" + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
        }
        if (is_dir)
            list_loose(common, name, out);
        else
            out.push_back(name);
        name.resize(base);
    }
    closedir(dir);
}

// git's peel_object as packing uses it: the object an annotated tag chain
// ends at; nullopt for a non-tag, or when a tag on the way cannot be read.
std::optional<ObjectId> peel_for_packing(ObjectDatabase& odb, const ObjectId& oid) {
    try {
        auto header = odb.read_header(oid, false, false);
        if (!header || header->type != ObjectType::tag) return std::nullopt;
        ObjectId current = oid;
        for (;;) {
            auto object = odb.read(current);
            if (!object || object->type != ObjectType::tag) return std::nullopt;
            ParsedTag tag = parse_tag(object->data, odb.algo());
            if (tag.type != ObjectType::tag) return tag.object;
            current = tag.object;
        }
    } catch (const Error&) {
        return std::nullopt;
    }
}

// git's lock_file_timeout: retries a taken lock with a randomised, growing
// back-off for up to timeout_ms (forever when negative), then throws the
// "Unable to create ... File exists" IoError.
std::unique_ptr<LockFile> lock_with_timeout(const std::string& path, std::int64_t timeout_ms) {
    std::minstd_rand rng;
    std::int64_t waited_ms = 0, multiplier = 1, n = 1;
    for (;;) {
        try {
            return std::make_unique<LockFile>(path);
        } catch (const IoError&) {
            struct stat st;
            bool taken = lstat((path + ".lock").c_str(), &st) == 0;
            if (!taken || (timeout_ms >= 0 && waited_ms >= timeout_ms)) throw;
        }
        if (waited_ms == 0) rng.seed(static_cast<unsigned>(getpid()));
        std::int64_t wait_ms = static_cast<std::int64_t>(750 + rng() % 500) * multiplier / 1000;
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
        waited_ms += wait_ms;
        if (multiplier * 2 < 1000) {
            multiplier += 2 * n + 1;
            ++n;
        } else {
            multiplier = 1000;
        }
    }
}

// git's try_remove_empty_parents: removes the directories of `name` that
// became empty, deepest first, keeping the first two levels (refs/heads).
void remove_empty_parents(const std::string& common, const std::string& name) {
    std::size_t keep = name.find('/');
    keep = keep == std::string::npos ? std::string::npos : name.find('/', keep + 1);
    if (keep == std::string::npos) return;
    std::string path = common + "/" + name;
    std::size_t offset = common.size() + 1;
    for (;;) {
        std::size_t slash = path.rfind('/');
        if (slash == std::string::npos || slash <= offset + keep) return;
        path.resize(slash);
        if (rmdir(path.c_str()) != 0) return;
    }
}

// Removes the loose file of a ref just packed, under <ref>.lock, if it still
// holds the packed value. Returns git's error text, or "".
std::string prune_loose(const std::string& common, const Candidate& ref, HashAlgo algo, std::int64_t timeout_ms) {
    std::string path = common + "/" + ref.name;
    {
        std::unique_ptr<LockFile> lock;
        try {
            lock = lock_with_timeout(path, timeout_ms);
        } catch (const IoError& e) {
            return "cannot lock ref '" + ref.name + "': " + e.what();
        }
        RefValue now;
        LooseState state = read_loose_ref(path, algo, now);
        if (state == LooseState::missing) return "";
        if (state == LooseState::broken) return "unable to resolve reference '" + ref.name + "'";
        if (now.is_symbolic()) return "";  // turned into a symbolic ref meanwhile: not ours to remove
        if (*now.oid != ref.oid)
            return "cannot lock ref '" + ref.name + "': is at " + now.oid->hex() + " but expected " + ref.oid.hex();
        if (unlink(path.c_str()) != 0 && errno != ENOENT) return "unable to unlink '" + path + "'";
    }
    remove_empty_parents(common, ref.name);  // only once the lock is gone, as git
    return "";
}

// Follows a symbolic ref's target through loose files as git resolves it
// (at most five levels); a name with no loose file is looked up in
// packed-refs, mapped into `packed` on first use. Only the reading matters:
// a malformed packed-refs throws here as it makes git die.
void resolve_through_packed(Repository& repo, std::string target, std::unique_ptr<PackedRefs>& packed) {
    for (int depth = 0; depth < 5 && is_valid_refname(target, true); ++depth) {
        RefValue value;
        LooseState state = read_loose_ref(repo.common_dir() + "/" + target, repo.hash_algo(), value);
        if (state == LooseState::broken) return;
        if (state == LooseState::missing) {
            if (!packed)
                packed = std::make_unique<PackedRefs>(repo.common_dir() + "/packed-refs",
                                                      repo.common_dir_as_spelled() + "/packed-refs", repo.hash_algo());
            packed->find(target);
            return;
        }
        if (!value.is_symbolic()) return;
        target = value.symref_target;
    }
}

// The loose refs to pack, in name order. Like git's loose ref cache, every
// loose symbolic ref is resolved on the way, which reads packed-refs (and
// dies on a malformed one) as soon as a chain leaves the loose files.
std::vector<Candidate> choose_loose_refs(Repository& repo, const std::vector<std::string>& includes,
                                         const std::vector<std::string>& excludes, std::vector<std::string>& errors) {
    const std::string common = repo.common_dir();
    const HashAlgo algo = repo.hash_algo();
    std::vector<std::string> names;
    std::string start = "refs";
    list_loose(common, start, names);
    std::sort(names.begin(), names.end());

    ObjectDatabase& odb = repo.odb();
    std::unique_ptr<PackedRefs> packed;
    std::vector<Candidate> packing;
    for (const std::string& name : names) {
        if (!is_valid_refname(name, true)) continue;
        RefValue value;
        if (read_loose_ref(common + "/" + name, algo, value) != LooseState::found) continue;
        if (value.is_symbolic()) {
            resolve_through_packed(repo, value.symref_target, packed);
            continue;
        }
        if (is_per_worktree(name) || !matches_any(includes, name) || matches_any(excludes, name)) continue;
        if (value.oid->is_null()) continue;  // git takes a null id for corruption: a broken ref
        if (!odb.contains(*value.oid)) {
            errors.push_back(name + " does not point to a valid object!");
            continue;
        }
        packing.push_back({name, *value.oid});
    }
    return packing;
}

// Writes packed-refs through `lock`: its current records (read under the
// lock) merged with `packing`, which replaces records of the same name.
void write_packed_refs(Repository& repo, LockFile& lock, const std::vector<Candidate>& packing) {
    ObjectDatabase& odb = repo.odb();
    PackedRefs existing(repo.common_dir() + "/packed-refs", repo.common_dir_as_spelled() + "/packed-refs",
                        repo.hash_algo());
    std::vector<PackedRefRecord> records;
    records.reserve(packing.size());
    auto next = packing.begin();
    auto add_packing = [&](const Candidate& c) { records.push_back({c.name, c.oid, peel_for_packing(odb, c.oid)}); };
    existing.for_each("", [&](const PackedRef& old) {
        while (next != packing.end() && next->name < old.name) add_packing(*next++);
        if (next != packing.end() && next->name == old.name) {
            add_packing(*next++);
            return;
        }
        std::optional<ObjectId> peeled = existing.knows_peeled(old.name) ? old.peeled : peel_for_packing(odb, old.oid);
        records.push_back({std::string(old.name), old.oid, peeled});
    });
    while (next != packing.end()) add_packing(*next++);
    lock.write(encode_packed_refs(records));
    lock.commit();
}

}  // namespace

std::vector<std::string> pack_refs(Repository& repo, const PackRefsOptions& options) {
    std::vector<std::string> errors;
    const std::string common = repo.common_dir();
    const HashAlgo algo = repo.hash_algo();
    const Config& config = repo.config();
    const std::vector<std::string> default_includes = {"refs/tags/*"};
    const auto& includes = options.includes.empty() ? default_includes : options.includes;

    auto packed_lock = lock_with_timeout(common + "/packed-refs", config.get_int("core.packedrefstimeout").value_or(1000));
    try {
        std::vector<Candidate> packing = choose_loose_refs(repo, includes, options.excludes, errors);
        write_packed_refs(repo, *packed_lock, packing);
        packed_lock.reset();
        if (options.prune) {
            std::int64_t ref_timeout = config.get_int("core.filesreflocktimeout").value_or(100);
            // git prunes in reverse name order.
            for (auto it = packing.rbegin(); it != packing.rend(); ++it) {
                std::string error = prune_loose(common, *it, algo, ref_timeout);
                if (!error.empty()) errors.push_back(std::move(error));
            }
        }
    } catch (Error& e) {
        // git has printed these before it dies.
        e.error_lines.insert(e.error_lines.begin(), errors.begin(), errors.end());
        throw;
    }
    return errors;
}

}  // namespace grit
