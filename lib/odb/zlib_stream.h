#pragma once
// A reusable zlib inflate stream, and git's wording of inflate failures.
#include <zlib.h>

#include <cstddef>
#include <string>

namespace grit {

// git's "inflate: data stream error (incorrect header check)" line for a
// failed inflate() status and zlib's message.
std::string inflate_error_line(int status, const char* msg);

class ZlibInflater {
public:
    ZlibInflater();
    ~ZlibInflater();
    ZlibInflater(const ZlibInflater&) = delete;
    ZlibInflater& operator=(const ZlibInflater&) = delete;

    // Starts a new stream over `in` (inflateReset, so buffers are reused).
    void start(const void* in, std::size_t in_len);
    // Inflates into [out, out+out_len); returns zlib's status.
    int inflate(void* out, std::size_t out_len, int flush = Z_NO_FLUSH);
    // Inflates into [out, out+out_len) until the stream ends or an error;
    // returns the final status (Z_STREAM_END on success, Z_BUF_ERROR when the
    // output is full or the input runs out first).
    int inflate_all(void* out, std::size_t out_len);

    std::size_t produced() const { return stream_.total_out; }
    std::size_t consumed() const { return stream_.total_in; }
    std::size_t input_left() const { return stream_.avail_in; }
    std::size_t output_left() const { return stream_.avail_out; }
    const char* message() const { return stream_.msg; }
    z_stream& raw() { return stream_; }

private:
    z_stream stream_{};
    bool initialized_ = false;
};

}  // namespace grit
