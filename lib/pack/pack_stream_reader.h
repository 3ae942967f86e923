#pragma once
// A pack (.pack, version 2 or 3) read front to back from a file descriptor —
// a file or a pipe — the way `git index-pack` and `git unpack-objects` read
// one: entry headers parsed as bytes arrive, every entry inflated to check it
// (and to hash whole objects), a CRC32 per entry, a running checksum of the
// whole stream compared with the trailer. Memory never follows a declared
// size ahead of the data: an entry's buffer grows only as inflate produces
// output, so a header lying about a huge size costs nothing.
//
// Errors are CorruptData / IoError with git's messages: "pack signature
// mismatch", "pack version N unsupported", "early EOF", "read error on
// input: ...", "pack has bad object at offset N: <why>" (why: "inflate
// returned S" — after the "inflate: ..." error line zlib's failures get —,
// "unknown object type T", "offset value overflow for delta base object",
// "delta base offset is out of bound"), "pack is corrupted (SHA1 mismatch)",
// "pack has junk at the end".
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hash/hasher.h"
#include "hash/object_id.h"
#include "object/object_type.h"

namespace grit {

struct PackStreamEntry {
    std::uint64_t offset = 0;
    ObjectType type = ObjectType::none;  // as stored: may be ofs_delta / ref_delta
    std::uint64_t size = 0;              // declared (and checked) inflated size
    std::uint32_t header_len = 0;        // bytes before the zlib stream
    std::uint64_t base_offset = 0;       // ofs_delta: absolute offset of the base
    ObjectId base_id;                    // ref_delta: the base's id
    std::uint32_t crc32 = 0;             // of the header and compressed bytes
    ObjectId id;                         // whole objects: "<type> <size>\0<data>" hashed
};

class PackStreamReader {
public:
    // Reads from in_fd. Every byte consumed before the trailer is also
    // written to copy_fd when it is >= 0 (index-pack --stdin keeps the pack).
    // Blobs larger than big_file_threshold are hashed while streaming and not
    // kept (git's core.bigFileThreshold), and their inflate is not capped.
    PackStreamReader(int in_fd, int copy_fd, HashAlgo algo, std::uint64_t big_file_threshold = 512u << 20);
    ~PackStreamReader();
    PackStreamReader(const PackStreamReader&) = delete;
    PackStreamReader& operator=(const PackStreamReader&) = delete;

    // Reads the 12-byte header; returns the object count it declares.
    std::uint32_t read_header();
    // The same without judging it (unpack-objects words its own messages).
    struct RawHeader {
        std::uint32_t signature = 0, version = 0, count = 0;
    };
    RawHeader read_raw_header();
    static bool version_ok(std::uint32_t version) { return version == 2 || version == 3; }
    // Reads the next entry. `data` receives its inflated bytes (the raw delta
    // for deltas) unless it is a blob above the threshold (then left empty);
    // its capacity is reused from call to call.
    void next_entry(PackStreamEntry& entry, std::string& data);

    // The two halves of next_entry(), for callers with their own messages.
    enum class HeaderProblem { none, unknown_type, offset_overflow, offset_out_of_bound };
    // Reads the entry's type, size and base, stopping at the first problem.
    HeaderProblem read_entry_header(PackStreamEntry& entry);
    struct InflateResult {
        bool ok = false;  // the stream ended exactly at the declared size
        int status = 0;   // zlib's last status
        std::string error_line;  // git's "inflate: ..." line for zlib errors, else empty
    };
    // Inflates the entry's data as git does into a buffer of the declared
    // size (uncapped: through a small buffer, keeping nothing), hashing it
    // as an object of entry.type when `hash` is set (entry.id).
    InflateResult inflate_data(PackStreamEntry& entry, std::string& data, bool hash, bool capped);
    std::uint32_t entry_crc32() const { return crc_; }

    // The checksum of everything consumed so far, and whether the next
    // bytes of the input are that checksum (consuming them if so).
    ObjectId running_checksum();
    bool consume_trailer(const ObjectId& checksum);

    // After the last entry: checks the trailer against the running checksum
    // and (for a regular file) that nothing follows it; returns the checksum.
    // The trailer is not copied to copy_fd.
    ObjectId finish();

    // Bytes consumed so far (the offset of the next entry; after finish(),
    // the size of the pack including its trailer).
    std::uint64_t consumed() const { return consumed_; }
    // Bytes already read past the trailer (a pipe: what follows the pack).
    std::string_view unread() const;
    // Called with the running byte count whenever more input arrived.
    void set_on_input(std::function<void(std::uint64_t)> fn) { on_input_ = std::move(fn); }

private:
    const std::uint8_t* fill(std::size_t min);
    void use(std::size_t n);
    void flush_consumed();
    std::uint8_t next_byte();
    void top_up();
    bool inflate_buffered(PackStreamEntry& entry, std::string& data, bool hash);

    struct Inflater;
    int in_fd_, copy_fd_;
    bool regular_file_ = false;
    HashAlgo algo_;
    std::uint64_t big_file_threshold_;
    std::vector<std::uint8_t> buf_;
    std::size_t pos_ = 0, end_ = 0;  // unconsumed bytes are buf_[pos_, end_)
    std::uint64_t consumed_ = 0;
    std::uint32_t crc_ = 0;
    Hasher pack_hash_;
    std::unique_ptr<Inflater> inflater_;
    std::function<void(std::uint64_t)> on_input_;
};

}  // namespace grit
