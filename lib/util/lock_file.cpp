#include "util/lock_file.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"

namespace grit {

namespace {

void write_all(int fd, std::string_view bytes, const std::string& path) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno("unable to write " + path);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

}  // namespace

LockFile::LockFile(std::string path, int mode) : path_(std::move(path)), lock_path_(path_ + ".lock") {
    fd_ = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd_ < 0) {
        if (errno == EEXIST)
            throw IoError("Unable to create '" + lock_path_ + "': File exists.\n\n"
                          "Another git process seems to be running in this repository, e.g.\n"
                          "an editor opened by 'git commit'. Please make sure all processes\n"
                          "are terminated then try again. If it still fails, a git process\n"
                          "may have crashed in this repository earlier:\n"
                          "remove the file manually to continue.");
        throw_errno("Unable to create '" + lock_path_ + "'");
    }
}

LockFile::~LockFile() { rollback(); }

void LockFile::write(std::string_view bytes) { write_all(fd_, bytes, lock_path_); }

void LockFile::commit(bool fsync) {
    if (fsync && ::fsync(fd_) != 0) throw_errno("fsync error on '" + lock_path_ + "'");
    if (::close(fd_) != 0) {
        fd_ = -1;
        throw_errno("unable to close " + lock_path_);
    }
    fd_ = -1;
    if (::rename(lock_path_.c_str(), path_.c_str()) != 0) {
        int saved = errno;
        ::unlink(lock_path_.c_str());
        errno = saved;
        throw_errno("unable to rename '" + lock_path_ + "' to '" + path_ + "'");
    }
    lock_path_.clear();
}

void LockFile::rollback() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!lock_path_.empty()) ::unlink(lock_path_.c_str());
    lock_path_.clear();
}

void write_file_atomically(const std::string& path, std::string_view bytes, int mode) {
    auto slash = path.rfind('/');
    std::string tmpl = (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "tmp_obj_XXXXXX";
    int fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw_errno("unable to create temporary file");
    try {
        write_all(fd, bytes, tmpl);
        if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) throw_errno("unable to set permission to '" + tmpl + "'");
        if (::close(fd) != 0) { fd = -1; throw_errno("unable to close " + tmpl); }
        fd = -1;
        if (::rename(tmpl.c_str(), path.c_str()) != 0) throw_errno("unable to rename " + tmpl);
    } catch (...) {
        if (fd >= 0) ::close(fd);
        ::unlink(tmpl.c_str());
        throw;
    }
}

}  // namespace grit
