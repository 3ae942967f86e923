#pragma once
// A temporary directory in which unit tests build fixtures with the real git.
// Removed when the sandbox goes out of scope.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace grit::test {

class GitSandbox {
public:
    GitSandbox() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "grit-unit.XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        dir_ = tmpl;
    }
    ~GitSandbox() {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    GitSandbox(const GitSandbox&) = delete;
    GitSandbox& operator=(const GitSandbox&) = delete;

    const std::string& dir() const { return dir_; }
    std::string path(const std::string& rel) const { return dir_ + "/" + rel; }

    // Runs a shell script in the sandbox with a fixed identity and dates;
    // returns its stdout and throws if it fails.
    std::string run(const std::string& script) const {
        std::string cmd = "cd '" + dir_ + "' && export HOME='" + dir_ +
                          "' GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@x "
                          "GIT_COMMITTER_NAME=C GIT_COMMITTER_EMAIL=c@x "
                          "GIT_AUTHOR_DATE='1112911993 -0700' GIT_COMMITTER_DATE='1112911993 -0700' && (" +
                          script + ")";
        FILE* pipe = popen(cmd.c_str(), "r");
        if (!pipe) throw std::runtime_error("popen failed");
        std::string out;
        std::array<char, 4096> buf;
        std::size_t n;
        while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
        if (pclose(pipe) != 0) throw std::runtime_error("fixture script failed: " + script);
        return out;
    }

private:
    std::string dir_;
};

}  // namespace grit::test
