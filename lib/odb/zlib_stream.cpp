#include "odb/zlib_stream.h"

#include <algorithm>
#include <limits>
#include <new>

#include "util/error.h"

namespace grit {

std::string inflate_error_line(int status, const char* msg) {
    const char* what;
    switch (status) {
    case Z_MEM_ERROR: what = "out of memory"; break;
    case Z_VERSION_ERROR: what = "wrong version"; break;
    case Z_NEED_DICT: what = "needs dictionary"; break;
    case Z_DATA_ERROR: what = "data stream error"; break;
    case Z_STREAM_ERROR: what = "stream consistency error"; break;
    default: what = "unknown error"; break;
    }
    return std::string("inflate: ") + what + " (" + (msg ? msg : "no message") + ")";
}

ZlibInflater::ZlibInflater() = default;

ZlibInflater::~ZlibInflater() {
    if (initialized_) inflateEnd(&stream_);
}

void ZlibInflater::start(const void* in, std::size_t in_len) {
    if (!initialized_) {
        stream_ = z_stream{};
        if (inflateInit(&stream_) != Z_OK) throw std::bad_alloc();
        initialized_ = true;
    } else {
        inflateReset(&stream_);
    }
    stream_.next_in = static_cast<Bytef*>(const_cast<void*>(in));
    // zlib counts in uInt: a stream is limited to 4 GiB of compressed input here.
    stream_.avail_in = static_cast<uInt>(std::min<std::size_t>(in_len, std::numeric_limits<uInt>::max()));
}

int ZlibInflater::inflate(void* out, std::size_t out_len, int flush) {
    stream_.next_out = static_cast<Bytef*>(out);
    stream_.avail_out = static_cast<uInt>(std::min<std::size_t>(out_len, std::numeric_limits<uInt>::max()));
    return ::inflate(&stream_, flush);
}

int ZlibInflater::inflate_all(void* out, std::size_t out_len) {
    auto* dst = static_cast<Bytef*>(out);
    std::size_t left = out_len;
    for (;;) {
        std::size_t chunk = std::min<std::size_t>(left, std::numeric_limits<uInt>::max());
        stream_.next_out = dst;
        stream_.avail_out = static_cast<uInt>(chunk);
        int status = ::inflate(&stream_, Z_FINISH);
        std::size_t wrote = chunk - stream_.avail_out;
        dst += wrote;
        left -= wrote;
        if (status != Z_OK && status != Z_BUF_ERROR) return status;
        if (left > 0 && stream_.avail_in > 0 && wrote > 0) continue;
        if (left == 0 && stream_.avail_in > 0) {
            // The output is exactly full; the end-of-stream marker may still be pending.
            stream_.avail_out = 0;
            status = ::inflate(&stream_, Z_FINISH);
            if (status == Z_STREAM_END || (status != Z_OK && status != Z_BUF_ERROR)) return status;
        }
        return Z_BUF_ERROR;
    }
}

}  // namespace grit
