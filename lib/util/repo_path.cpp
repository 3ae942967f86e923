#include "util/repo_path.h"

#include <vector>

namespace grit {

namespace {

// Splits on '/', dropping empty components.
std::vector<std::string_view> components(std::string_view path) {
    std::vector<std::string_view> out;
    while (!path.empty()) {
        auto slash = path.find('/');
        auto part = path.substr(0, slash);
        if (!part.empty()) out.push_back(part);
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

}  // namespace

std::optional<std::string> normalize_repo_path(std::string_view path) {
    std::vector<std::string_view> kept;
    auto parts = components(path);
    for (auto part : parts) {
        if (part == ".") continue;
        if (part == "..") {
            if (kept.empty()) return std::nullopt;
            kept.pop_back();
            continue;
        }
        kept.push_back(part);
    }
    std::string out;
    for (std::size_t i = 0; i < kept.size(); ++i) {
        if (i) out += '/';
        out.append(kept[i]);
    }
    bool names_directory = !path.empty() && path.back() == '/';
    if (!parts.empty() && (parts.back() == "." || parts.back() == "..")) names_directory = true;
    if (names_directory && !out.empty()) out += '/';
    return out;
}

std::string relative_to_prefix(std::string_view path, std::string_view prefix) {
    if (prefix.empty()) return std::string(path);
    auto dirs = components(prefix);
    std::size_t shared = 0;
    std::string_view rest = path;
    while (shared < dirs.size() && !rest.empty()) {
        auto slash = rest.find('/');
        if (rest.substr(0, slash) != dirs[shared]) break;
        ++shared;
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    }
    std::string out;
    for (std::size_t i = shared; i < dirs.size(); ++i) out += "../";
    out.append(rest);
    if (out.empty()) out = "./";
    return out;
}

}  // namespace grit
