#include "odb/alternates.h"

#include <sys/stat.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace grit {

namespace {

constexpr int kMaxDepth = 5;

// git's C-style quoting of a path in an alternates line.
std::string unquote(const std::string& line) {
    if (line.size() < 2 || line.front() != '"') return line;
    std::string out;
    for (std::size_t i = 1; i < line.size(); ++i) {
        char c = line[i];
        if (c == '"') return out;
        if (c != '\\' || i + 1 >= line.size()) {
            out.push_back(c);
            continue;
        }
        char e = line[++i];
        switch (e) {
        case 'a': out.push_back('\a'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'v': out.push_back('\v'); break;
        default:
            if (e >= '0' && e <= '3' && i + 2 < line.size()) {
                out.push_back(static_cast<char>((e - '0') << 6 | (line[i + 1] - '0') << 3 | (line[i + 2] - '0')));
                i += 2;
            } else {
                out.push_back(e);
            }
        }
    }
    return line;  // no closing quote: taken literally
}

std::string canonical(const std::string& path) {
    char buf[PATH_MAX];
    if (::realpath(path.c_str(), buf)) return buf;
    return path;
}

bool is_directory(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

struct Resolver {
    std::set<std::string> seen;
    std::vector<std::string> found;

    void add(const std::string& path, int depth) {
        std::string trimmed = path;
        while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
        if (trimmed.empty() || !is_directory(trimmed)) return;
        if (!seen.insert(canonical(trimmed)).second) return;
        found.push_back(trimmed);
        read_file(trimmed, depth + 1);
    }

    void read_file(const std::string& objects_dir, int depth) {
        if (depth > kMaxDepth) return;
        std::ifstream in(objects_dir + "/info/alternates");
        if (!in) return;
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty() || line[0] == '#') continue;
            std::string path = unquote(line);
            if (path.empty()) continue;
            if (path[0] != '/') path = objects_dir + "/" + path;
            add(path, depth);
        }
    }
};

}  // namespace

std::vector<std::string> resolve_alternates(const std::string& objects_dir,
                                            const std::vector<std::string>& extra_alternates) {
    Resolver r;
    r.seen.insert(canonical(objects_dir));
    for (const std::string& extra : extra_alternates) r.add(extra, 0);
    r.read_file(objects_dir, 0);
    return r.found;
}

}  // namespace grit
