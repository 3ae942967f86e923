#pragma once
// Scratch repositories built with the real git for unit tests.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "util/error.h"

namespace grit_test {

// A temporary directory removed when the fixture goes away.
class ScratchDir {
public:
    ScratchDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "grit-unit-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

inline std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

// Runs a shell script in `dir` with a fixed identity and dates; throws when it fails.
inline void run(const std::string& dir, const std::string& script) {
    std::string cmd = "cd " + shell_quote(dir) +
                      " && export GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@x GIT_COMMITTER_NAME=C"
                      " GIT_COMMITTER_EMAIL=c@x GIT_AUTHOR_DATE='1700000000 +0000'"
                      " GIT_COMMITTER_DATE='1700000000 +0000' GIT_CONFIG_NOSYSTEM=1 HOME=" +
                      shell_quote(dir) + " && { " + script + "\n} >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("fixture script failed: " + script);
}

// Runs a command in `dir` and returns its standard output.
inline std::string capture(const std::string& dir, const std::string& script) {
    std::string cmd = "cd " + shell_quote(dir) + " && HOME=" + shell_quote(dir) + " GIT_CONFIG_NOSYSTEM=1 " + script;
    FILE* f = popen(cmd.c_str(), "r");
    if (!f) throw std::runtime_error("popen failed");
    std::string out;
    char buf[65536];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    if (pclose(f) != 0) throw std::runtime_error("command failed: " + script);
    return out;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// The path of the only pack in a repository's objects/pack ("" if none).
inline std::string only_pack(const std::string& git_dir) {
    for (const auto& e : std::filesystem::directory_iterator(git_dir + "/objects/pack"))
        if (e.path().extension() == ".pack") return e.path().string();
    return "";
}

// What git printed on stderr for `git <args>`.
inline std::string stderr_of(const std::string& repo, const std::string& args) {
    return capture(repo, "git " + args + " 2>&1 >/dev/null; true");
}

// What grit's commands print for a library error: its error lines, then the
// fatal, with every occurrence of `strip` (e.g. a temporary path) removed.
inline std::string as_printed(const grit::Error& e, const std::string& fatal, const std::string& strip) {
    std::string out;
    for (const std::string& line : e.error_lines) out += "error: " + line + "\n";
    out += "fatal: " + fatal + "\n";
    for (std::size_t at; (at = out.find(strip)) != std::string::npos;) out.erase(at, strip.size());
    return out;
}

}  // namespace grit_test
