#include "util/path.h"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <vector>

#include "util/error.h"

namespace grit {

std::string current_directory() {
    std::string buf(256, '\0');
    while (getcwd(buf.data(), buf.size()) == nullptr) {
        if (errno != ERANGE) throw_errno("unable to get current working directory");
        buf.resize(buf.size() * 2);
    }
    buf.resize(std::char_traits<char>::length(buf.c_str()));
    return buf;
}

std::string_view directory_part(std::string_view path) {
    auto slash = path.rfind('/');
    return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash + 1);
}

std::string join_path(std::string_view base, std::string_view rel) {
    if (is_absolute_path(rel) || base.empty()) return std::string(rel);
    std::string out(base);
    if (out.back() != '/') out += '/';
    out += rel;
    return out;
}

std::string normalize_path(std::string_view path) {
    bool absolute = is_absolute_path(path);
    std::vector<std::string_view> parts;
    std::size_t pos = 0;
    while (pos <= path.size()) {
        auto slash = path.find('/', pos);
        if (slash == std::string_view::npos) slash = path.size();
        auto part = path.substr(pos, slash - pos);
        pos = slash + 1;
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..")
                parts.pop_back();
            else if (!absolute)
                parts.push_back(part);
            continue;
        }
        parts.push_back(part);
    }
    std::string out = absolute ? "/" : "";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += '/';
        out += parts[i];
    }
    if (out.empty()) out = ".";
    return out;
}

std::optional<std::string> real_path(std::string_view path, bool forgiving) {
    std::string abs = is_absolute_path(path) ? std::string(path) : join_path(current_directory(), path);
    if (char* resolved = ::realpath(abs.c_str(), nullptr)) {
        std::string out(resolved);
        std::free(resolved);
        return out;
    }
    if (!forgiving || errno != ENOENT) return std::nullopt;
    std::string norm = normalize_path(abs);
    if (norm == "/") return norm;
    auto slash = norm.rfind('/');
    auto parent = real_path(slash == 0 ? "/" : std::string_view(norm).substr(0, slash), false);
    if (!parent) return std::nullopt;
    return join_path(*parent, std::string_view(norm).substr(slash + 1));
}

std::string relative_path(std::string_view in, std::string_view prefix) {
    if (in.empty()) return "./";
    if (prefix.empty()) return std::string(in);
    if (is_absolute_path(in) != is_absolute_path(prefix)) return std::string(in);

    auto skip_slashes = [](std::string_view s, std::size_t i) {
        while (i < s.size() && s[i] == '/') ++i;
        return i;
    };
    std::size_t i = 0, j = 0, in_off = 0, prefix_off = 0;
    while (i < in.size() && j < prefix.size() && in[i] == prefix[j]) {
        if (in[i] == '/') {
            i = skip_slashes(in, i);
            j = skip_slashes(prefix, j);
            in_off = i;
            prefix_off = j;
        } else {
            ++i;
            ++j;
        }
    }
    if (i >= in.size() && j >= prefix.size()) {
        in_off = in.size();
        prefix_off = prefix.size();
    } else if (j >= prefix.size() && in[i] == '/') {
        in_off = skip_slashes(in, i);
        prefix_off = prefix.size();
    } else if (i >= in.size() && prefix[j] == '/') {
        in_off = in.size();
        prefix_off = skip_slashes(prefix, j);
    }

    std::string out;
    for (std::size_t k = prefix_off; k < prefix.size();) {
        k = skip_slashes(prefix, k);
        if (k >= prefix.size()) break;
        out += "../";
        while (k < prefix.size() && prefix[k] != '/') ++k;
    }
    out += in.substr(in_off);
    if (out.empty()) out = "./";
    return out;
}

std::optional<std::string> expand_user_path(std::string_view path) {
    if (path.empty() || path[0] != '~') return std::string(path);
    auto slash = path.find('/');
    std::string_view user = path.substr(1, slash == std::string_view::npos ? path.size() - 1 : slash - 1);
    std::string_view rest = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
    std::string home;
    if (user.empty()) {
        const char* env = std::getenv("HOME");
        if (!env || !*env) return std::nullopt;
        home = env;
    } else {
        struct passwd* pw = getpwnam(std::string(user).c_str());
        if (!pw) return std::nullopt;
        home = pw->pw_dir;
    }
    return home + std::string(rest);
}

bool is_path_inside(std::string_view path, std::string_view dir) {
    if (dir == "/") return is_absolute_path(path);
    if (path.substr(0, dir.size()) != dir) return false;
    return path.size() == dir.size() || path[dir.size()] == '/';
}

}  // namespace grit
