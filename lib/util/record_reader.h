#pragma once
// Reads delimiter-terminated records from a file descriptor, as git's
// strbuf_getline (newline, a trailing CR dropped) and strbuf_getline_nul do.
// A final record without its delimiter is still returned. Reading returns as
// soon as a whole record is available, so a peer writing one request at a
// time is answered at once.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace grit {

class RecordReader {
public:
    RecordReader(int fd, char delimiter, bool strip_cr);
    // The next record without its delimiter, valid until the next call;
    // nullopt at end of input. Throws IoError on a read error.
    std::optional<std::string_view> next();

private:
    int fd_;
    char delimiter_;
    bool strip_cr_;
    bool eof_ = false;
    std::string buf_;
    std::size_t start_ = 0;  // first unread byte of buf_
};

}  // namespace grit
