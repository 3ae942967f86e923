#pragma once
// A read-only memory mapping of a whole file. Empty files map to an empty view.
#include <cstdint>
#include <string>
#include <string_view>

namespace grit {

class MappedFile {
public:
    MappedFile() = default;
    // Throws NotFound if the file does not exist, IoError on other failures.
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(MappedFile&& o) noexcept;
    MappedFile& operator=(MappedFile&& o) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    std::string_view view() const { return {reinterpret_cast<const char*>(data_), size_}; }
    bool is_open() const { return data_ != nullptr || opened_; }

private:
    const std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
    bool opened_ = false;
};

}  // namespace grit
