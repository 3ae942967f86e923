#include "pack/pack_writer.h"

#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <libdeflate.h>
#include <memory>

#include "util/error.h"

namespace grit {

std::size_t encode_entry_header(ObjectType type, std::uint64_t size, std::uint8_t* out) {
    std::size_t n = 0;
    std::uint8_t c = static_cast<std::uint8_t>((static_cast<unsigned>(type) << 4) | (size & 15));
    size >>= 4;
    while (size) {
        out[n++] = c | 0x80;
        c = size & 0x7f;
        size >>= 7;
    }
    out[n++] = c;
    return n;
}

std::size_t encode_ofs_distance(std::uint64_t distance, std::uint8_t* out) {
    std::uint8_t tmp[16];
    std::size_t pos = sizeof tmp - 1;
    tmp[pos] = distance & 127;
    while (distance >>= 7) tmp[--pos] = 128 | (--distance & 127);
    std::size_t n = sizeof tmp - pos;
    for (std::size_t i = 0; i < n; ++i) out[i] = tmp[pos + i];
    return n;
}

namespace {

struct CompressorDeleter {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

std::string compress_stored(std::string_view data) {
    uLongf bound = compressBound(data.size());
    std::string out(bound, '\0');
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &bound, reinterpret_cast<const Bytef*>(data.data()),
                  data.size(), 0) != Z_OK)
        throw Error("deflate error");
    out.resize(bound);
    return out;
}

}  // namespace

std::string compress_zlib(std::string_view data, int level) {
    if (level < 0) level = 6;  // zlib's Z_DEFAULT_COMPRESSION
    if (level == 0) return compress_stored(data);
    thread_local std::unique_ptr<libdeflate_compressor, CompressorDeleter> compressor;
    thread_local int compressor_level = -1;
    if (compressor_level != level) {
        compressor.reset(libdeflate_alloc_compressor(level));
        if (!compressor) throw Error("out of memory");
        compressor_level = level;
    }
    std::string out(libdeflate_zlib_compress_bound(compressor.get(), data.size()), '\0');
    std::size_t n = libdeflate_zlib_compress(compressor.get(), data.data(), data.size(), out.data(), out.size());
    if (n == 0) throw Error("deflate error");
    out.resize(n);
    return out;
}

PackStream::PackStream(int fd, HashAlgo algo, bool crc) : fd_(fd), hasher_(algo), want_crc_(crc) {
    buffer_.reserve(1 << 17);
}

PackStream::~PackStream() = default;

void PackStream::write_header(std::uint32_t object_count) {
    std::uint8_t header[12] = {'P', 'A', 'C', 'K', 0, 0, 0, 2};
    header[8] = static_cast<std::uint8_t>(object_count >> 24);
    header[9] = static_cast<std::uint8_t>(object_count >> 16);
    header[10] = static_cast<std::uint8_t>(object_count >> 8);
    header[11] = static_cast<std::uint8_t>(object_count);
    write(header, sizeof header);
}

void PackStream::write(const void* data, std::size_t len) {
    if (want_crc_) crc_ = libdeflate_crc32(crc_, data, len);
    hasher_.update(data, len);
    offset_ += len;
    const char* p = static_cast<const char*>(data);
    if (buffer_.size() + len <= buffer_.capacity()) {
        buffer_.append(p, len);
        return;
    }
    flush();
    if (len >= buffer_.capacity()) {
        while (len) {
            ssize_t n = ::write(fd_, p, len);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw_errno("write error");
            p += n;
            len -= static_cast<std::size_t>(n);
        }
        return;
    }
    buffer_.append(p, len);
}

void PackStream::flush() {
    const char* p = buffer_.data();
    std::size_t len = buffer_.size();
    while (len) {
        ssize_t n = ::write(fd_, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw_errno("write error");
        p += n;
        len -= static_cast<std::size_t>(n);
    }
    buffer_.clear();
}

ObjectId PackStream::finish() {
    ObjectId checksum = hasher_.finish();
    buffer_.append(reinterpret_cast<const char*>(checksum.data()), checksum.size());
    offset_ += checksum.size();
    flush();
    return checksum;
}

}  // namespace grit
