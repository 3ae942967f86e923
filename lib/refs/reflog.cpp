#include "refs/reflog.h"

#include <sys/stat.h>

#include "util/error.h"
#include "util/mapped_file.h"

namespace grit {

namespace {

bool is_per_worktree(std::string_view refname) {
    if (refname.substr(0, 5) != "refs/") return true;
    for (std::string_view prefix : {"refs/bisect/", "refs/worktree/", "refs/rewritten/"})
        if (refname.substr(0, prefix.size()) == prefix) return true;
    return false;
}

}  // namespace

std::string reflog_path(const std::string& git_dir, const std::string& common_dir, std::string_view refname) {
    return (is_per_worktree(refname) ? git_dir : common_dir) + "/logs/" + std::string(refname);
}

bool reflog_exists(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::optional<std::vector<ReflogEntry>> read_reflog(const std::string& path, HashAlgo algo) {
    MappedFile file;
    try {
        file = MappedFile(path);
    } catch (const NotFound&) {
        return std::nullopt;
    }
    std::vector<ReflogEntry> entries;
    std::string_view rest = file.view();
    const std::size_t hex = hex_size(algo);
    while (!rest.empty()) {
        auto eol = rest.find('\n');
        std::string_view line = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
        if (line.size() < 2 * hex + 2 || line[hex] != ' ' || line[2 * hex + 1] != ' ') continue;
        auto old_oid = ObjectId::from_hex(line.substr(0, hex), algo);
        auto new_oid = ObjectId::from_hex(line.substr(hex + 1, hex), algo);
        if (!old_oid || !new_oid) continue;
        auto tab = line.find('\t');
        entries.push_back({*old_oid, *new_oid, tab == std::string_view::npos ? "" : std::string(line.substr(tab + 1))});
    }
    return entries;
}

}  // namespace grit
