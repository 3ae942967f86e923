#pragma once
// A buffered writer to a file descriptor with explicit flushing, so that a
// command can answer each request of a pipe immediately or batch thousands of
// records into one write(2). Writes that fail throw IoError; a closed pipe
// raises SIGPIPE as for any writer.
#include <cstddef>
#include <string>
#include <string_view>

namespace grit {

class OutputBuffer {
public:
    explicit OutputBuffer(int fd, std::size_t capacity = 1 << 16);
    ~OutputBuffer();  // does not flush: call flush() where output must appear
    OutputBuffer(const OutputBuffer&) = delete;
    OutputBuffer& operator=(const OutputBuffer&) = delete;

    void write(std::string_view data);
    void put(char c) {
        if (buf_.size() == capacity_) drain();
        buf_.push_back(c);
    }
    void flush() { drain(); }

private:
    void drain();
    void write_all(const char* p, std::size_t n);
    int fd_;
    std::size_t capacity_;
    std::string buf_;
};

}  // namespace grit
