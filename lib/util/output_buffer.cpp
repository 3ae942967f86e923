#include "util/output_buffer.h"

#include <unistd.h>

#include <cerrno>

#include "util/error.h"

namespace grit {

OutputBuffer::OutputBuffer(int fd, std::size_t capacity) : fd_(fd), capacity_(capacity) { buf_.reserve(capacity_); }

OutputBuffer::~OutputBuffer() = default;

void OutputBuffer::write(std::string_view data) {
    if (buf_.size() + data.size() <= capacity_) {
        buf_.append(data);
        return;
    }
    drain();
    if (data.size() >= capacity_) {
        write_all(data.data(), data.size());
        return;
    }
    buf_.append(data);
}

void OutputBuffer::drain() {
    if (buf_.empty()) return;
    write_all(buf_.data(), buf_.size());
    buf_.clear();
}

void OutputBuffer::write_all(const char* p, std::size_t n) {
    while (n > 0) {
        ssize_t w = ::write(fd_, p, n);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            throw_errno("write error");
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
}

}  // namespace grit
