#include "util/file_contents.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "util/error.h"

namespace grit {

FileContents::FileContents(int fd) {
    struct stat st {};
    if (fstat(fd, &st) != 0) throw_errno("unable to stat");
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
        mapped_size_ = static_cast<std::size_t>(st.st_size);
        void* p = mmap(nullptr, mapped_size_, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            mapping_ = p;
            view_ = {static_cast<const char*>(p), mapped_size_};
            return;
        }
        mapped_size_ = 0;
    }
    char chunk[65536];
    while (true) {
        ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno("read error");
        }
        if (n == 0) break;
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
    view_ = buffer_;
}

FileContents::~FileContents() {
    if (mapping_) munmap(mapping_, mapped_size_);
}

}  // namespace grit
