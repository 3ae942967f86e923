#pragma once
// The whole contents of an open file: mapped when it is a regular file, read
// to the end otherwise (pipes, terminals).
#include <string>
#include <string_view>

namespace grit {

class FileContents {
public:
    // Reads from fd, which stays open and owned by the caller. Throws
    // IoError when the descriptor cannot be read (a directory, say).
    explicit FileContents(int fd);
    ~FileContents();
    FileContents(const FileContents&) = delete;
    FileContents& operator=(const FileContents&) = delete;

    std::string_view view() const { return view_; }

private:
    void* mapping_ = nullptr;
    std::size_t mapped_size_ = 0;
    std::string buffer_;
    std::string_view view_;
};

}  // namespace grit
