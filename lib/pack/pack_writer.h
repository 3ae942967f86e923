#pragma once
// Writing a pack stream (gitformat-pack): the 12-byte header, entries
// (type/size header, an ofs_delta distance or ref_delta base id, zlib data)
// and the trailing checksum of everything before it. The stream is hashed as
// it is written and buffered; each entry's CRC32 (header and data, as the
// .idx records it) is computed when asked for.
#include <cstdint>
#include <string>
#include <string_view>

#include "hash/hasher.h"
#include "hash/object_id.h"
#include "object/object_type.h"

namespace grit {

// The in-pack type/size header; returns its length (at most 10 bytes for
// 64-bit sizes). `out` must hold 16 bytes.
std::size_t encode_entry_header(ObjectType type, std::uint64_t size, std::uint8_t* out);
// The ofs_delta base distance (git's big-endian base-128 with the +1 bias);
// returns its length. `out` must hold 16 bytes.
std::size_t encode_ofs_distance(std::uint64_t distance, std::uint8_t* out);

// zlib-compresses `data` at a zlib level (-1: default, 0: stored, 1..9),
// with libdeflate (zlib for level 0). Thread-safe: one compressor per
// thread and level is kept.
std::string compress_zlib(std::string_view data, int level);

class PackStream {
public:
    // Writes to fd (not owned). crc: compute each entry's CRC32.
    PackStream(int fd, HashAlgo algo, bool crc);
    ~PackStream();
    PackStream(const PackStream&) = delete;
    PackStream& operator=(const PackStream&) = delete;

    void write_header(std::uint32_t object_count);
    std::uint64_t offset() const { return offset_; }
    // Starts an entry's CRC32; end_entry() returns it.
    void begin_entry() { crc_ = 0; }
    std::uint32_t end_entry() const { return crc_; }
    void write(const void* data, std::size_t len);
    void write(std::string_view s) { write(s.data(), s.size()); }
    // Appends the checksum, flushes, and returns the checksum. Throws IoError.
    ObjectId finish();

private:
    void flush();

    int fd_;
    Hasher hasher_;
    bool want_crc_;
    std::uint32_t crc_ = 0;
    std::uint64_t offset_ = 0;
    std::string buffer_;
};

}  // namespace grit
