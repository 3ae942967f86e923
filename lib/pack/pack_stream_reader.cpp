#include "pack/pack_stream_reader.h"

#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "odb/zlib_stream.h"
#include "util/big_endian.h"
#include "util/error.h"

namespace grit {

namespace {

constexpr std::size_t input_buffer_size = 1 << 20;
// No deflate stream expands its input more than 1032 times: a declared size
// beyond that is not allocated before the data that could fill it arrives.
constexpr std::uint64_t max_deflate_ratio = 1032;
constexpr std::size_t output_chunk = 64 * 1024;
constexpr std::uint32_t pack_signature = 0x5041434b;  // "PACK"

[[noreturn]] void bad_object(std::uint64_t offset, const std::string& why,
                             std::vector<std::string> lines = {}) {
    CorruptData e(fmt::format("pack has bad object at offset {}: {}", offset, why));
    e.error_lines = std::move(lines);
    throw e;
}

void write_all(int fd, const std::uint8_t* p, std::size_t n) {
    while (n) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            throw_errno("write error");
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
}

}  // namespace

struct PackStreamReader::Inflater {
    ZlibInflater zlib;
    std::vector<std::uint8_t> scratch = std::vector<std::uint8_t>(output_chunk);
    libdeflate_decompressor* whole = libdeflate_alloc_decompressor();
    ~Inflater() { libdeflate_free_decompressor(whole); }
};

PackStreamReader::PackStreamReader(int in_fd, int copy_fd, HashAlgo algo, std::uint64_t big_file_threshold)
    : in_fd_(in_fd), copy_fd_(copy_fd), algo_(algo), big_file_threshold_(big_file_threshold),
      buf_(input_buffer_size), pack_hash_(algo), inflater_(std::make_unique<Inflater>()) {
    struct stat st {};
    regular_file_ = ::fstat(in_fd, &st) == 0 && S_ISREG(st.st_mode);
}

void PackStreamReader::top_up() {
    // Only a file can be read ahead safely: on a pipe, the sender may wait
    // for our answer after the pack, so nothing past what is needed is asked
    // for. Consumed bytes are not flushed here, so the copy of the pack
    // grows only when fill() needs room, as git's does.
    if (!regular_file_ || end_ == buf_.size()) return;
    while (end_ < buf_.size()) {
        ssize_t n = ::read(in_fd_, buf_.data() + end_, buf_.size() - end_);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno("read error on input");
        }
        if (n == 0) break;
        end_ += static_cast<std::size_t>(n);
        if (on_input_) on_input_(consumed_ + end_);
    }
}

bool PackStreamReader::inflate_buffered(PackStreamEntry& entry, std::string& data, bool hash) {
    if (end_ - pos_ < entry.size / max_deflate_ratio + 64) top_up();
    const std::size_t avail = end_ - pos_;
    const std::uint8_t* in = buf_.data() + pos_;
    // libdeflate ignores the window size zlib enforces; leave other windows to zlib.
    if (avail < 2 || (in[0] & 0xf0) != 0x70 || entry.size > avail * max_deflate_ratio) return false;
    data.resize(static_cast<std::size_t>(entry.size));
    std::size_t in_used = 0, out_got = 0;
    auto status = libdeflate_zlib_decompress_ex(inflater_->whole, in, avail, data.data(), data.size(), &in_used,
                                                &out_got);
    if (status != LIBDEFLATE_SUCCESS || out_got != data.size()) return false;
    if (hash) {
        Hasher hasher(algo_);
        std::string header = fmt::format("{} {}", type_name(entry.type), entry.size);
        hasher.update(header.data(), header.size() + 1);  // with its NUL
        hasher.update(data.data(), data.size());
        entry.id = hasher.finish();
    }
    use(in_used);
    return true;
}

PackStreamReader::~PackStreamReader() = default;

void PackStreamReader::flush_consumed() {
    if (pos_ == 0) return;
    pack_hash_.update(buf_.data(), pos_);
    if (copy_fd_ >= 0) write_all(copy_fd_, buf_.data(), pos_);
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
}

const std::uint8_t* PackStreamReader::fill(std::size_t min) {
    if (end_ - pos_ >= min) return buf_.data() + pos_;
    flush_consumed();
    while (end_ < min) {
        ssize_t n = ::read(in_fd_, buf_.data() + end_, buf_.size() - end_);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno("read error on input");
        }
        if (n == 0) throw CorruptData("early EOF");
        end_ += static_cast<std::size_t>(n);
        if (on_input_) on_input_(consumed_ + end_);
    }
    return buf_.data();
}

void PackStreamReader::use(std::size_t n) {
    crc_ = static_cast<std::uint32_t>(libdeflate_crc32(crc_, buf_.data() + pos_, n));
    pos_ += n;
    consumed_ += n;
}

std::uint8_t PackStreamReader::next_byte() {
    std::uint8_t c = *fill(1);
    use(1);
    return c;
}

PackStreamReader::RawHeader PackStreamReader::read_raw_header() {
    const std::uint8_t* p = fill(12);
    RawHeader h{load_be32(p), load_be32(p + 4), load_be32(p + 8)};
    use(12);
    return h;
}

std::uint32_t PackStreamReader::read_header() {
    RawHeader h = read_raw_header();
    if (h.signature != pack_signature) throw CorruptData("pack signature mismatch");
    if (!version_ok(h.version)) throw CorruptData(fmt::format("pack version {} unsupported", h.version));
    return h.count;
}

PackStreamReader::HeaderProblem PackStreamReader::read_entry_header(PackStreamEntry& entry) {
    entry.offset = consumed_;
    crc_ = 0;
    std::uint8_t c = next_byte();
    entry.type = static_cast<ObjectType>((c >> 4) & 7);
    std::uint64_t size = c & 15;
    unsigned shift = 4;
    while (c & 0x80) {
        c = next_byte();
        if (shift < 64) size += std::uint64_t{c & 0x7fu} << shift;
        shift += 7;
    }
    entry.size = size;

    switch (entry.type) {
    case ObjectType::ref_delta: {
        const std::size_t raw = hash_size(algo_);
        entry.base_id = ObjectId::from_raw(fill(raw), algo_);
        use(raw);
        break;
    }
    case ObjectType::ofs_delta: {
        c = next_byte();
        std::uint64_t distance = c & 127;
        while (c & 128) {
            distance += 1;
            if (distance == 0 || (distance >> 57) != 0) return HeaderProblem::offset_overflow;
            c = next_byte();
            distance = (distance << 7) + (c & 127);
        }
        if (distance == 0 || distance >= entry.offset) return HeaderProblem::offset_out_of_bound;
        entry.base_offset = entry.offset - distance;
        break;
    }
    case ObjectType::commit:
    case ObjectType::tree:
    case ObjectType::blob:
    case ObjectType::tag:
        break;
    default:
        return HeaderProblem::unknown_type;
    }
    entry.header_len = static_cast<std::uint32_t>(consumed_ - entry.offset);
    return HeaderProblem::none;
}

void PackStreamReader::next_entry(PackStreamEntry& entry, std::string& data) {
    switch (read_entry_header(entry)) {
    case HeaderProblem::none: break;
    case HeaderProblem::unknown_type:
        bad_object(entry.offset, fmt::format("unknown object type {}", static_cast<int>(entry.type)));
    case HeaderProblem::offset_overflow:
        bad_object(entry.offset, "offset value overflow for delta base object");
    case HeaderProblem::offset_out_of_bound:
        bad_object(entry.offset, "delta base offset is out of bound");
    }
    const bool whole = entry.type != ObjectType::ofs_delta && entry.type != ObjectType::ref_delta;
    // git inflates into a buffer of exactly the declared size, except for
    // blobs above core.bigFileThreshold which stream through a small one.
    const bool capped = !(entry.type == ObjectType::blob && entry.size > big_file_threshold_);
    InflateResult r = inflate_data(entry, data, whole, capped);
    if (!r.ok) {
        std::vector<std::string> lines;
        if (!r.error_line.empty()) lines.push_back(r.error_line);
        bad_object(entry.offset, fmt::format("inflate returned {}", r.status), std::move(lines));
    }
    entry.crc32 = crc_;
}

PackStreamReader::InflateResult PackStreamReader::inflate_data(PackStreamEntry& entry, std::string& data, bool hash,
                                                               bool capped) {
    // Whole streams already read are inflated at once; zlib, fed as bytes
    // arrive, does the rest and words every failure as git does.
    if (capped && inflate_buffered(entry, data, hash)) return {true, Z_STREAM_END, {}};
    std::optional<Hasher> hasher;
    if (hash) {
        hasher.emplace(algo_);
        std::string header = fmt::format("{} {}", type_name(entry.type), entry.size);
        hasher->update(header.data(), header.size() + 1);  // with its NUL
    }
    data.clear();
    z_stream& z = inflater_->zlib.raw();
    inflater_->zlib.start(nullptr, 0);
    std::uint64_t total_out = 0;
    int status;
    do {
        const std::uint8_t* in = fill(1);
        const std::size_t avail = end_ - pos_;
        z.next_in = const_cast<Bytef*>(in);
        z.avail_in = static_cast<uInt>(avail);
        std::uint8_t* out;
        std::size_t room;
        if (capped) {
            // The buffer grows with the output, never ahead of it.
            room = static_cast<std::size_t>(std::min<std::uint64_t>(entry.size - total_out, output_chunk));
            if (data.size() < total_out + room) {
                std::size_t grow = std::max<std::size_t>(
                    total_out + room, static_cast<std::size_t>(std::min<std::uint64_t>(entry.size, data.size() * 2)));
                data.resize(grow);
            }
            out = reinterpret_cast<std::uint8_t*>(data.data()) + total_out;
        } else {
            out = inflater_->scratch.data();
            room = inflater_->scratch.size();
        }
        z.next_out = out;
        z.avail_out = static_cast<uInt>(room);
        status = ::inflate(&z, Z_NO_FLUSH);
        const std::size_t produced = room - z.avail_out;
        if (hasher && produced) hasher->update(out, produced);
        total_out += produced;
        use(avail - z.avail_in);
    } while (status == Z_OK);
    if (capped) data.resize(static_cast<std::size_t>(total_out));
    InflateResult r;
    r.status = status;
    r.ok = total_out == entry.size && status == Z_STREAM_END;
    if (status != Z_STREAM_END && status != Z_BUF_ERROR && status != Z_OK) r.error_line = inflate_error_line(status, z.msg);
    if (hasher) entry.id = hasher->finish();
    return r;
}

ObjectId PackStreamReader::running_checksum() {
    flush_consumed();
    Hasher copy = std::move(pack_hash_);
    ObjectId sum = copy.finish();
    pack_hash_ = Hasher(algo_);  // the reader's checksum ends here
    return sum;
}

bool PackStreamReader::consume_trailer(const ObjectId& checksum) {
    const std::size_t raw = hash_size(algo_);
    const std::uint8_t* trailer = fill(raw);
    if (std::memcmp(trailer, checksum.data(), raw) != 0) return false;
    pos_ += raw;
    consumed_ += raw;
    return true;
}

ObjectId PackStreamReader::finish() {
    ObjectId checksum = running_checksum();
    if (!consume_trailer(checksum)) throw CorruptData("pack is corrupted (SHA1 mismatch)");
    struct stat st {};
    if (::fstat(in_fd_, &st) != 0) throw_errno("cannot fstat packfile");
    if (S_ISREG(st.st_mode)) {
        off_t at = ::lseek(in_fd_, 0, SEEK_CUR);
        if (at - static_cast<off_t>(end_ - pos_) != st.st_size) throw CorruptData("pack has junk at the end");
    }
    return checksum;
}

std::string_view PackStreamReader::unread() const {
    return {reinterpret_cast<const char*>(buf_.data() + pos_), end_ - pos_};
}

}  // namespace grit
