#include "refs/loose_ref.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

#include "util/error.h"

namespace grit {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

LooseState read_loose_ref(const std::string& path, HashAlgo algo, RefValue& out) {
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return LooseState::missing;
        throw_errno("unable to stat '" + path + "'");
    }
    if (S_ISDIR(st.st_mode)) return LooseState::missing;
    if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = readlink(path.c_str(), target, sizeof target);
        std::string_view t(target, n > 0 ? static_cast<std::size_t>(n) : 0);
        if (t.starts_with("refs/") && is_valid_refname(t, true)) {
            out.symref_target = std::string(t);
            return LooseState::found;
        }
    }
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return LooseState::missing;
        throw_errno("unable to open '" + path + "'");
    }
    // A ref file is one short line; 256 bytes hold any object id and most
    // symbolic targets in a single read.
    char small[256];
    std::string large;
    std::size_t size = 0;
    ssize_t n;
    while ((n = read(fd, small + size, sizeof small - size)) > 0) {
        size += static_cast<std::size_t>(n);
        if (size == sizeof small) {
            large.append(small, size);
            size = 0;
        }
    }
    close(fd);
    if (!large.empty()) large.append(small, size);
    std::string_view v = large.empty() ? std::string_view(small, size) : std::string_view(large);
    while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
    if (v.starts_with("ref:")) {
        v.remove_prefix(4);
        while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
        out.symref_target = std::string(v);
        return LooseState::found;
    }
    std::size_t hexsz = hex_size(algo);
    if (v.size() < hexsz || (v.size() > hexsz && !is_space(v[hexsz]))) return LooseState::broken;
    out.oid = ObjectId::from_hex(v.substr(0, hexsz), algo);
    return out.oid ? LooseState::found : LooseState::broken;
}

}  // namespace grit
