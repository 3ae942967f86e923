#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "index/index_file.h"
#include "object/tree.h"
#include "odb/object_database.h"
#include "repo/repository.h"
#include "revision/resolver.h"
#include "util/error.h"

namespace grit {
namespace resolver_detail {

namespace {

// git's normalize_path_copy: drops "." and empty components, applies "..";
// nullopt when ".." climbs above the top.
std::optional<std::string> normalize_path(std::string_view path) {
    std::vector<std::string_view> parts;
    bool trailing_slash = false;
    while (!path.empty()) {
        auto slash = path.find('/');
        std::string_view part = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        trailing_slash = slash != std::string_view::npos || part == "." || part == "..";
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (parts.empty()) return std::nullopt;
            parts.pop_back();
            continue;
        }
        parts.push_back(part);
    }
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += '/';
        out.append(parts[i]);
    }
    if (trailing_slash && !out.empty()) out += '/';
    return out;
}

}  // namespace

std::optional<TreeHit> Resolver::find_in_tree(const ObjectId& tree_ish, std::string_view path) {
    auto root = peel_to_type(repo_, tree_ish, ObjectType::tree);
    if (!root) return std::nullopt;
    if (path.empty()) return TreeHit{*root, 040000};
    ObjectId current = *root;
    // Entries are sorted, so the scan stops at the first name past `path`.
    while (true) {
        auto object = odb_.read(current);
        if (!object || object->type != ObjectType::tree) return std::nullopt;
        TreeReader reader(object->data, current.algo);
        TreeEntry entry;
        bool descended = false;
        while (!descended && reader.next(entry)) {
            std::size_t len = entry.name.size();
            if (len > path.size()) continue;
            int cmp = std::memcmp(path.data(), entry.name.data(), len);
            if (cmp > 0) continue;
            if (cmp < 0) break;
            if (len == path.size()) return TreeHit{entry.oid, entry.mode};
            if (path[len] != '/') continue;
            if (!is_tree_mode(entry.mode)) break;
            if (len + 1 == path.size()) return TreeHit{entry.oid, entry.mode};
            path.remove_prefix(len + 1);
            current = entry.oid;
            descended = true;
        }
        if (!descended) return std::nullopt;
    }
}

std::string Resolver::diagnose_missing_path(std::string_view rev, const std::string& filename,
                                            const ObjectId& tree_ish) {
    std::string in = "'" + std::string(rev) + "'";
    int error = 0;
    if (exists_on_disk(filename, error)) return "path '" + filename + "' exists on disk, but not in " + in;
    if (error == ENOENT || error == ENOTDIR) {
        std::string full = repo_.prefix() + filename;
        if (full != filename && find_in_tree(tree_ish, full))
            return "path '" + full + "' exists, but not '" + filename + "'\nhint: Did you mean '" + std::string(rev) +
                   ":" + full + "' aka '" + std::string(rev) + ":./" + filename + "'?";
        return "path '" + filename + "' does not exist in " + in;
    }
    return {};
}

// "./" and "../" paths are relative to the current directory in the work tree.
std::string Resolver::relative_to_top(std::string_view path) {
    std::string filename(path);
    if (path.substr(0, 2) != "./" && path.substr(0, 3) != "../") return filename;
    if (!repo_.work_tree() || repo_.inside_git_dir())
        throw BadName("relative path syntax can't be used outside working tree");
    auto normalized = normalize_path(repo_.prefix() + filename);
    if (!normalized) throw BadName("'" + filename + "' is outside repository at '" + *repo_.work_tree() + "'");
    return *normalized;
}

// git looks from where it works after its setup (the top of the work tree).
bool Resolver::exists_on_disk(const std::string& path, int& error) {
    std::string on_disk = repo_.working_directory() + "/" + path;
    struct stat st {};
    if (lstat(on_disk.c_str(), &st) == 0) return true;
    error = errno;
    return false;
}

std::string Resolver::diagnose_index_path(const IndexFile* index, int stage, const std::string& filename) {
    auto usable = [&](std::string_view path) -> const IndexEntry* {
        const IndexEntry* entry = index ? index->find(path) : nullptr;
        return entry && entry->mode != 040000 ? entry : nullptr;
    };
    std::string n = std::to_string(stage);
    if (const IndexEntry* entry = usable(filename))
        return "path '" + filename + "' is in the index, but not at stage " + n + "\nhint: Did you mean ':" +
               std::to_string(entry->stage) + ":" + filename + "'?";
    std::string full = repo_.prefix() + filename;
    if (const IndexEntry* entry = usable(full)) {
        std::string at = ":" + std::to_string(entry->stage) + ":";
        return "path '" + full + "' is in the index, but not '" + filename + "'\nhint: Did you mean '" + at + full +
               "' aka '" + at + "./" + filename + "'?";
    }
    int error = 0;
    if (exists_on_disk(filename, error)) return "path '" + filename + "' exists on disk, but not in the index";
    if (error == ENOENT || error == ENOTDIR)
        return "path '" + filename + "' does not exist (neither on disk nor in the index)";
    return {};
}

void Resolver::index_path(const RevisionExpression& e, std::string_view expr) {
    std::string filename = relative_to_top(e.path);
    const char* index_env = std::getenv("GIT_INDEX_FILE");
    std::string index_file = index_env && *index_env ? index_env : repo_.git_dir() + "/index";
    auto index = IndexFile::read(index_file, repo_.hash_algo());
    const IndexEntry* entry = index ? index->find(filename, e.stage) : nullptr;
    // A sparse directory entry names a tree git will not hand out this way.
    if (entry && entry->mode != 040000) {
        out_.status = ResolveStatus::found;
        out_.oid = entry->oid;
        out_.mode = entry->mode;
        out_.path = std::move(filename);
        return;
    }
    if (expr.size() > 1 && expr[1] != '/') out_.fatal = diagnose_index_path(index ? &*index : nullptr, e.stage, filename);
}

void Resolver::tree_path(const RevisionExpression& e) {
    ObjectId tree_ish;
    Got got = chain(e.rev, {Disambiguate::treeish, options_.quiet}, tree_ish);
    if (got != Got::found) {
        if (got == Got::ambiguous) out_.status = ResolveStatus::ambiguous;
        if (got != Got::unsupported) out_.fatal = "invalid object name '" + std::string(e.rev) + "'.";
        return;
    }
    std::string filename = relative_to_top(e.path);
    auto hit = find_in_tree(tree_ish, filename);
    if (!hit) {
        out_.fatal = diagnose_missing_path(e.rev, filename, tree_ish);
        return;
    }
    out_.status = ResolveStatus::found;
    out_.oid = hit->oid;
    out_.mode = hit->mode;
    out_.path = std::move(filename);
}

}  // namespace resolver_detail
}  // namespace grit
