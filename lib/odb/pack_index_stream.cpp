#include "odb/pack_index_stream.h"

#include <string>

#include "util/big_endian.h"
#include "util/error.h"

namespace grit {

namespace {

constexpr std::uint32_t idx_signature = 0xff744f63;  // "\377tOc"

// A cursor over the stream that fails the way fread(..., 1, stdin) != 1 does.
class Reader {
public:
    explicit Reader(std::string_view bytes) : p_(reinterpret_cast<const std::uint8_t*>(bytes.data())), left_(bytes.size()) {}
    // Whole records of `size` bytes still available.
    std::uint64_t available(std::size_t size) const { return left_ / size; }
    const std::uint8_t* take(std::size_t size) {
        const std::uint8_t* at = p_;
        p_ += size;
        left_ -= size;
        return at;
    }
    bool has(std::size_t size) const { return left_ >= size; }

private:
    const std::uint8_t* p_;
    std::size_t left_;
};

std::string of(std::uint64_t i, std::uint32_t nr) { return std::to_string(i) + "/" + std::to_string(nr); }

}  // namespace

void read_pack_index_stream(std::string_view bytes, HashAlgo algo,
                            const std::function<void(const IndexStreamEntry&)>& on_entry) {
    const std::size_t hsz = hash_size(algo);
    Reader in(bytes);
    if (!in.has(8)) throw CorruptData("unable to read header");
    const std::uint8_t* head = in.take(8);
    const std::uint8_t* fanout;
    unsigned version;
    if (load_be32(head) == idx_signature) {
        version = load_be32(head + 4);
        if (version != 2) throw CorruptData("unknown index version");
        if (!in.has(256 * 4)) throw CorruptData("unable to read index");
        fanout = in.take(256 * 4);
    } else {
        // Version 1 has no header: those 8 bytes were the first two fan-out entries.
        version = 1;
        if (!in.has(254 * 4)) throw CorruptData("unable to read index");
        in.take(254 * 4);
        fanout = head;
    }
    std::uint32_t nr = 0;
    for (int i = 0; i < 256; ++i) {
        std::uint32_t n = load_be32(fanout + 4 * i);
        if (n < nr) throw CorruptData("corrupt index file");
        nr = n;
    }

    IndexStreamEntry entry;
    if (version == 1) {
        for (std::uint32_t i = 0; i < nr; ++i) {
            if (!in.has(4 + hsz)) throw CorruptData("unable to read entry " + of(i, nr));
            const std::uint8_t* e = in.take(4 + hsz);
            entry.offset = load_be32(e);
            entry.id = ObjectId::from_raw(e + 4, algo);
            on_entry(entry);
        }
        return;
    }

    if (in.available(hsz) < nr) throw CorruptData("unable to read sha1 " + of(in.available(hsz), nr));
    const std::uint8_t* oids = in.take(std::size_t{nr} * hsz);
    if (in.available(4) < nr) throw CorruptData("unable to read crc " + of(in.available(4), nr));
    const std::uint8_t* crcs = in.take(std::size_t{nr} * 4);
    if (in.available(4) < nr) throw CorruptData("unable to read 32b offset " + of(in.available(4), nr));
    const std::uint8_t* offsets = in.take(std::size_t{nr} * 4);
    std::uint32_t large_count = 0;
    for (std::uint32_t i = 0; i < nr; ++i) {
        std::uint32_t off = load_be32(offsets + std::size_t{i} * 4);
        if (!(off & 0x80000000u)) {
            entry.offset = off;
        } else {
            if ((off & 0x7fffffffu) != large_count) throw CorruptData("inconsistent 64b offset index");
            if (!in.has(8)) throw CorruptData("unable to read 64b offset " + std::to_string(large_count));
            entry.offset = load_be64(in.take(8));
            ++large_count;
        }
        entry.id = ObjectId::from_raw(oids + std::size_t{i} * hsz, algo);
        entry.crc32 = load_be32(crcs + std::size_t{i} * 4);
        on_entry(entry);
    }
}

}  // namespace grit
