#include "util/lock_file.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
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

int LockFile::try_create(int mode) {
    fd_ = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    return fd_ >= 0 ? 0 : errno;
}

LockFile::LockFile(std::string path, int mode) : LockFile(std::move(path), LockRetry{0}, mode) {}

LockFile::LockFile(std::string path, LockRetry retry, int mode)
    : path_(std::move(path)), lock_path_(path_ + ".lock") {
    int err = try_create(mode);
    // Back off for n^2 steps of 1 ms (at most 1 s), each randomized by +-25%.
    long remaining_ms = retry.timeout_ms;
    long step = 1, multiplier = 1;
    static bool seeded = false;
    if (!seeded) {
        std::srand(static_cast<unsigned>(::getpid()));
        seeded = true;
    }
    while (err == EEXIST && retry.timeout_ms != 0 && (retry.timeout_ms < 0 || remaining_ms > 0)) {
        long wait_ms = (750 + std::rand() % 500) * multiplier / 1000;
        struct timespec ts{wait_ms / 1000, (wait_ms % 1000) * 1000000};
        ::nanosleep(&ts, nullptr);
        remaining_ms -= wait_ms;
        multiplier += 2 * step + 1;
        if (multiplier > 1000)
            multiplier = 1000;
        else
            ++step;
        err = try_create(mode);
    }
    if (err == 0) return;
    lock_path_.clear();
    std::string shown = path_ + ".lock";
    if (err == EEXIST)
        throw IoError("Unable to create '" + shown + "': File exists.\n\n"
                      "Another git process seems to be running in this repository, e.g.\n"
                      "an editor opened by 'git commit'. Please make sure all processes\n"
                      "are terminated then try again. If it still fails, a git process\n"
                      "may have crashed in this repository earlier:\n"
                      "remove the file manually to continue.");
    errno = err;
    throw_errno("Unable to create '" + shown + "'");
}

LockFile::~LockFile() { rollback(); }

void LockFile::write(std::string_view bytes) { write_all(fd_, bytes, lock_path_); }

void LockFile::close() {
    if (fd_ < 0) return;
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw_errno("unable to close " + lock_path_);
}

void LockFile::commit(bool fsync) {
    if (fsync && fd_ >= 0 && ::fsync(fd_) != 0) throw_errno("fsync error on '" + lock_path_ + "'");
    close();
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
