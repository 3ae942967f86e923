#pragma once
// git's lock-file protocol: "<path>.lock" is created with O_EXCL, written,
// then renamed over <path> by commit(). A LockFile that is destroyed without
// commit() removes its lock, so nothing half-written is ever left in place.
#include <string>
#include <string_view>

namespace grit {

// How long to keep trying while another process holds the lock (git's
// core.filesRefLockTimeout, core.packedRefsTimeout): retries back off
// quadratically as git's do; a negative time waits forever.
struct LockRetry {
    long timeout_ms = 0;
};

class LockFile {
public:
    // Throws IoError with git's "Unable to create '<path>.lock': File exists."
    // text (and git's explanation of a stale lock), or with strerror's text.
    explicit LockFile(std::string path, int mode = 0666);
    LockFile(std::string path, LockRetry retry, int mode = 0666);
    ~LockFile();
    LockFile(const LockFile&) = delete;
    LockFile& operator=(const LockFile&) = delete;

    void write(std::string_view bytes);
    // Closes the descriptor but keeps the lock (a transaction holding many
    // locks must not run out of descriptors); commit() still renames.
    void close();
    // fsyncs if asked, then renames the lock over the target.
    void commit(bool fsync = false);
    void rollback();
    const std::string& lock_path() const { return lock_path_; }
    const std::string& path() const { return path_; }

private:
    // errno of the last attempt when the lock is not taken.
    int try_create(int mode);

    std::string path_, lock_path_;
    int fd_ = -1;
};

// Writes a whole file under a unique temporary name in the same directory and
// renames it into place; the previous content stays until the rename.
void write_file_atomically(const std::string& path, std::string_view bytes, int mode = 0444);

}  // namespace grit
