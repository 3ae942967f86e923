#include "util/record_reader.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/error.h"

namespace grit {

RecordReader::RecordReader(int fd, char delimiter, bool strip_cr)
    : fd_(fd), delimiter_(delimiter), strip_cr_(strip_cr) {}

std::optional<std::string_view> RecordReader::next() {
    std::size_t scanned = start_;
    while (true) {
        const char* base = buf_.data();
        const void* hit = scanned < buf_.size() ? std::memchr(base + scanned, delimiter_, buf_.size() - scanned) : nullptr;
        if (hit) {
            std::size_t end = static_cast<std::size_t>(static_cast<const char*>(hit) - base);
            std::string_view record(base + start_, end - start_);
            start_ = end + 1;
            if (strip_cr_ && !record.empty() && record.back() == '\r') record.remove_suffix(1);
            return record;
        }
        if (eof_) {
            if (start_ >= buf_.size()) return std::nullopt;
            std::string_view record(base + start_, buf_.size() - start_);
            start_ = buf_.size();
            if (strip_cr_ && !record.empty() && record.back() == '\r') record.remove_suffix(1);
            return record;
        }
        // Keep the unread tail, then read more after it.
        if (start_ > 0) {
            buf_.erase(0, start_);
            start_ = 0;
        }
        scanned = buf_.size();
        std::size_t old = buf_.size();
        buf_.resize(old + 65536);
        ssize_t n;
        do {
            n = ::read(fd_, buf_.data() + old, 65536);
        } while (n < 0 && errno == EINTR);
        if (n < 0) {
            buf_.resize(old);
            throw_errno("read error");
        }
        buf_.resize(old + static_cast<std::size_t>(n));
        if (n == 0) eof_ = true;
    }
}

}  // namespace grit
