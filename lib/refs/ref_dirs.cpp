#include "refs/ref_dirs.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace grit {

LeadingDirs create_leading_directories(const std::string& path) {
    // Usually the directory is there already: one stat instead of one per level.
    if (auto last = path.rfind('/'); last != std::string::npos && last > 0) {
        struct stat st;
        if (::stat(path.substr(0, last).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return LeadingDirs::ok;
    }
    for (std::size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        if (path[slash - 1] == '/') continue;
        std::string dir = path.substr(0, slash);
        struct stat st;
        if (::stat(dir.c_str(), &st) == 0) {
            if (S_ISDIR(st.st_mode)) continue;
            errno = ENOTDIR;
            return LeadingDirs::blocked;
        }
        if (::mkdir(dir.c_str(), 0777) == 0) continue;
        int err = errno;
        if (err == EEXIST && ::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
        errno = err;
        if (err == EEXIST) return LeadingDirs::blocked;
        if (err == ENOENT) return LeadingDirs::vanished;
        return LeadingDirs::failed;
    }
    return LeadingDirs::ok;
}

bool remove_empty_directories(const std::string& path) {
    DIR* dir = ::opendir(path.c_str());
    if (!dir) return errno == ENOENT;
    bool empty = true;
    while (struct dirent* ent = ::readdir(dir)) {
        std::string_view name = ent->d_name;
        if (name == "." || name == "..") continue;
        if (!remove_empty_directories(path + "/" + std::string(name))) {
            empty = false;
            break;
        }
    }
    ::closedir(dir);
    return empty && (::rmdir(path.c_str()) == 0 || errno == ENOENT);
}

void remove_empty_parents(const std::string& path, std::string_view refname) {
    // The directory part of the name that may go: past "refs/<kind>/".
    std::size_t keep = 0;
    for (int level = 0; level < 2; ++level) {
        keep = refname.find('/', keep);
        if (keep == std::string_view::npos) return;
        while (keep < refname.size() && refname[keep] == '/') ++keep;
    }
    std::string base = path.substr(0, path.size() - refname.size());
    std::string_view dirs = refname;
    for (;;) {
        std::size_t slash = dirs.rfind('/');
        if (slash == std::string_view::npos || slash < keep) return;
        dirs = dirs.substr(0, slash);
        while (!dirs.empty() && dirs.back() == '/') dirs.remove_suffix(1);
        if (dirs.size() < keep || ::rmdir((base + std::string(dirs)).c_str()) != 0) return;
    }
}

}  // namespace grit
