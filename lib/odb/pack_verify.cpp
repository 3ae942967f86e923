#include "odb/pack_verify.h"

#include <libdeflate.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "delta/apply.h"
#include "hash/hasher.h"
#include "odb/zlib_stream.h"
#include "util/big_endian.h"
#include "util/error.h"

namespace grit {

namespace {

constexpr std::uint32_t pack_signature = 0x5041434b;  // "PACK"
constexpr std::uint32_t idx_signature = 0xff744f63;
// The buffer of git's checksummed file writer.
constexpr std::size_t write_flush_size = 128 * 1024;

bool is_delta(ObjectType t) { return t == ObjectType::ofs_delta || t == ObjectType::ref_delta; }

[[noreturn]] void bad_object(std::uint64_t offset, const std::string& why, std::vector<std::string> lines = {}) {
    CorruptData e(fmt::format("pack has bad object at offset {}: {}", offset, why));
    e.error_lines = std::move(lines);
    throw e;
}

// One entry as the front-to-back pass found it.
struct RawEntry {
    std::uint64_t data_offset = 0;  // start of the zlib stream
    std::uint64_t base_offset = 0;  // ofs_delta
    ObjectId base_id;               // ref_delta
};

// Inflates exactly `size` bytes of the zlib stream at `in`, which may run to
// the end of the pack; reports failures as index-pack does.
class EntryInflater {
public:
    EntryInflater() : fast_(libdeflate_alloc_decompressor()) {
        if (!fast_ || inflateInit(&z_) != Z_OK) throw Error("inflate: out of memory");
    }
    ~EntryInflater() {
        inflateEnd(&z_);
        libdeflate_free_decompressor(fast_);
    }
    EntryInflater(const EntryInflater&) = delete;
    EntryInflater& operator=(const EntryInflater&) = delete;

    // Returns the number of compressed bytes consumed.
    std::uint64_t inflate(const std::uint8_t* in, std::uint64_t in_len, std::string& out, std::uint64_t size,
                          std::uint64_t entry_offset) {
        out.resize(size);
        // libdeflate is much faster on whole buffers; zlib, stepping as git
        // does, runs only to find out how a stream fails.
        std::size_t fast_in = 0, fast_out = 0;
        if (libdeflate_zlib_decompress_ex(fast_, in, in_len, out.data(), size, &fast_in, &fast_out) ==
                LIBDEFLATE_SUCCESS &&
            fast_out == size)
            return fast_in;
        return inflate_stepwise(in, in_len, out, size, entry_offset);
    }

private:
    std::uint64_t inflate_stepwise(const std::uint8_t* in, std::uint64_t in_len, std::string& out, std::uint64_t size,
                                   std::uint64_t entry_offset) {
        inflateReset(&z_);
        std::uint8_t dummy = 0;
        z_.next_out = size ? reinterpret_cast<Bytef*>(out.data()) : &dummy;
        std::uint64_t out_left = size;
        std::uint64_t in_left = in_len;
        z_.next_in = const_cast<Bytef*>(in);
        z_.avail_in = 0;
        z_.avail_out = 0;
        int status;
        do {
            if (z_.avail_in == 0) {
                if (in_left == 0) throw CorruptData("early EOF");
                z_.avail_in = static_cast<uInt>(std::min<std::uint64_t>(in_left, UINT_MAX));
                in_left -= z_.avail_in;
            }
            if (z_.avail_out == 0 && out_left) {
                z_.avail_out = static_cast<uInt>(std::min<std::uint64_t>(out_left, UINT_MAX));
                out_left -= z_.avail_out;
            }
            status = ::inflate(&z_, Z_NO_FLUSH);
        } while (status == Z_OK);
        std::vector<std::string> lines;
        if (status == Z_MEM_ERROR) throw Error("inflate: out of memory");
        if (status != Z_STREAM_END && status != Z_BUF_ERROR) lines.push_back(inflate_error_line(status, z_.msg));
        if (z_.total_out != size || status != Z_STREAM_END)
            bad_object(entry_offset, fmt::format("inflate returned {}", status), std::move(lines));
        return z_.total_in;
    }

    libdeflate_decompressor* fast_;
    z_stream z_{};
};

ObjectId hash_object(HashAlgo algo, ObjectType type, std::string_view data) {
    Hasher h(algo);
    char header[32];
    auto end = fmt::format_to(header, "{} {}", type_name(type), data.size());
    *end++ = '\0';
    h.update(header, end - header);
    h.update(data);
    return h.finish();
}

// The front-to-back pass over the pack's bytes.
class PackScanner {
public:
    PackScanner(const MappedFile& pack, HashAlgo algo) : p_(pack.data()), size_(pack.size()), algo_(algo) {}

    PackScan run(std::vector<RawEntry>& raw) {
        need(12);
        if (load_be32(p_) != pack_signature) throw CorruptData("pack signature mismatch");
        if (std::uint32_t version = load_be32(p_ + 4); version != 2 && version != 3)
            throw CorruptData(fmt::format("pack version {} unsupported", version));
        const std::uint32_t count = load_be32(p_ + 8);
        // index-pack keeps the count in an int: past INT_MAX its allocation
        // size wraps and it refuses before reading any entry.
        if (count > INT_MAX) throw Error("data too large to fit into virtual memory space");
        pos_ = 12;

        PackScan scan;
        // A damaged count must not reserve memory the pack cannot fill: every
        // entry takes at least a header byte and a two-byte zlib stream.
        const std::uint64_t plausible = std::min<std::uint64_t>(count, size_ / 3);
        scan.objects.reserve(plausible);
        raw.reserve(plausible);
        std::string data;
        for (std::uint32_t i = 0; i < count; ++i)
            read_entry(scan.objects.emplace_back(), raw.emplace_back(), data);

        const std::size_t hsz = hash_size(algo_);
        ObjectId computed = [&] {
            Hasher h(algo_);
            h.update(p_, pos_);
            return h.finish();
        }();
        need(hsz);
        if (std::memcmp(computed.data(), p_ + pos_, hsz) != 0)
            throw CorruptData("pack is corrupted (SHA1 mismatch)");
        scan.pack_checksum = computed;
        if (pos_ + hsz != size_) throw CorruptData("pack has junk at the end");
        return scan;
    }

private:
    void need(std::uint64_t n) const {
        if (size_ - pos_ < n) throw CorruptData("early EOF");
    }
    std::uint8_t byte() {
        need(1);
        return p_[pos_++];
    }

    void read_entry(PackedObjectRecord& rec, RawEntry& raw, std::string& data) {
        rec.offset = pos_;
        std::uint8_t c = byte();
        rec.stored_type = static_cast<ObjectType>((c >> 4) & 7);
        std::uint64_t size = c & 15;
        unsigned shift = 4;
        while (c & 0x80) {
            c = byte();
            if (shift < 64) size += std::uint64_t{c & 0x7fu} << shift;
            shift += 7;
        }
        rec.size = size;

        switch (rec.stored_type) {
        case ObjectType::ref_delta:
            need(hash_size(algo_));
            raw.base_id = ObjectId::from_raw(p_ + pos_, algo_);
            pos_ += hash_size(algo_);
            break;
        case ObjectType::ofs_delta: {
            c = byte();
            std::uint64_t distance = c & 127;
            while (c & 128) {
                distance += 1;
                if (distance == 0 || (distance >> 57) != 0)
                    bad_object(rec.offset, "offset value overflow for delta base object");
                c = byte();
                distance = (distance << 7) + (c & 127);
            }
            if (distance == 0 || distance >= rec.offset) bad_object(rec.offset, "delta base offset is out of bound");
            raw.base_offset = rec.offset - distance;
            break;
        }
        case ObjectType::commit:
        case ObjectType::tree:
        case ObjectType::blob:
        case ObjectType::tag:
            break;
        default:
            bad_object(rec.offset, fmt::format("unknown object type {}", static_cast<int>(rec.stored_type)));
        }

        raw.data_offset = pos_;
        pos_ += inflater_.inflate(p_ + pos_, size_ - pos_, data, size, rec.offset);
        rec.disk_size = pos_ - rec.offset;
        rec.crc32 = libdeflate_crc32(0, p_ + rec.offset, rec.disk_size);
        rec.type = rec.stored_type;
        if (!is_delta(rec.stored_type)) rec.id = hash_object(algo_, rec.type, data);
    }

    const std::uint8_t* p_;
    std::uint64_t size_;
    std::uint64_t pos_ = 0;
    HashAlgo algo_;
    EntryInflater inflater_;
};

// Applies every delta to its base, walking from each whole object down its
// tree of deltas (ref_delta children before ofs_delta children, as git).
class DeltaResolver {
public:
    DeltaResolver(const MappedFile& pack, HashAlgo algo, PackScan& scan, const std::vector<RawEntry>& raw)
        : pack_(pack), algo_(algo), scan_(scan), raw_(raw) {
        for (std::uint32_t i = 0; i < scan.objects.size(); ++i) {
            ObjectType t = scan.objects[i].stored_type;
            if (t == ObjectType::ofs_delta) by_base_offset_.emplace_back(raw[i].base_offset, i);
            if (t == ObjectType::ref_delta) by_base_id_.emplace_back(raw[i].base_id, i);
        }
        std::sort(by_base_offset_.begin(), by_base_offset_.end());
        std::sort(by_base_id_.begin(), by_base_id_.end());
        scan.delta_count = static_cast<std::uint32_t>(by_base_offset_.size() + by_base_id_.size());
    }

    void run() {
        std::uint32_t resolved = 0;
        for (std::uint32_t i = 0; i < scan_.objects.size(); ++i)
            if (!is_delta(scan_.objects[i].stored_type)) resolved += resolve_from(i);
        if (std::uint32_t left = scan_.delta_count - resolved; left != 0)
            throw CorruptData(fmt::format("pack has {} unresolved delta{}", left, left == 1 ? "" : "s"));
    }

private:
    using RefChildren = std::vector<std::pair<ObjectId, std::uint32_t>>::const_iterator;
    using OfsChildren = std::vector<std::pair<std::uint64_t, std::uint32_t>>::const_iterator;

    // A resolved object whose own deltas are being resolved.
    struct Frame {
        std::uint32_t object;
        std::string data;
        RefChildren ref, ref_end;
        OfsChildren ofs, ofs_end;

        bool done() const { return ref == ref_end && ofs == ofs_end; }
        std::uint32_t next_child() { return ref != ref_end ? (ref++)->second : (ofs++)->second; }
    };

    // Positions the frame on the deltas based on its object; false if none.
    bool find_children(Frame& f) const {
        const PackedObjectRecord& rec = scan_.objects[f.object];
        f.ref = std::lower_bound(by_base_id_.begin(), by_base_id_.end(), std::make_pair(rec.id, 0u));
        f.ref_end = f.ref;
        while (f.ref_end != by_base_id_.end() && f.ref_end->first == rec.id) ++f.ref_end;
        f.ofs = std::lower_bound(by_base_offset_.begin(), by_base_offset_.end(), std::make_pair(rec.offset, 0u));
        f.ofs_end = f.ofs;
        while (f.ofs_end != by_base_offset_.end() && f.ofs_end->first == rec.offset) ++f.ofs_end;
        return !f.done();
    }

    void inflate(std::uint32_t i, std::string& out) {
        const std::uint64_t at = raw_[i].data_offset;
        inflater_.inflate(pack_.data() + at, pack_.size() - at, out, scan_.objects[i].size, scan_.objects[i].offset);
    }

    // Resolves the deltas that rest on object `root`; returns how many.
    std::uint32_t resolve_from(std::uint32_t root) {
        Frame first{root, {}, {}, {}, {}, {}};
        if (!find_children(first)) return 0;
        inflate(root, first.data);
        std::uint32_t resolved = 0;
        std::vector<Frame> stack;
        stack.push_back(std::move(first));
        while (!stack.empty()) {
            if (stack.back().done()) {
                stack.pop_back();
                continue;
            }
            const std::uint32_t base = stack.back().object;
            const std::uint32_t child = stack.back().next_child();
            PackedObjectRecord& rec = scan_.objects[child];
            const PackedObjectRecord& base_rec = scan_.objects[base];
            rec.depth = base_rec.depth + 1;
            rec.base = base;
            rec.type = base_rec.type;
            scan_.deepest_chain = std::max(scan_.deepest_chain, rec.depth);
            inflate(child, delta_);
            Frame next{child, {}, {}, {}, {}, {}};
            apply(stack.back().data, delta_, rec.offset, next.data);
            rec.id = hash_object(algo_, rec.type, next.data);
            ++resolved;
            if (find_children(next)) stack.push_back(std::move(next));
        }
        return resolved;
    }

    static void apply(std::string_view base, std::string_view delta, std::uint64_t offset, std::string& out) {
        // git's patch_delta refuses a delta shorter than its two smallest varints
        // and a copy instruction, without a word.
        constexpr std::size_t delta_size_min = 4;
        if (delta.size() < delta_size_min) bad_object(offset, "failed to apply delta");
        try {
            apply_delta(base, delta, out);
        } catch (const CorruptData& e) {
            // git's patch_delta speaks up only for these two; other refusals are silent.
            std::string_view why = e.what();
            std::vector<std::string> lines;
            if (why == "delta replay has gone wild" || why == "unexpected delta opcode 0") lines.emplace_back(why);
            bad_object(offset, "failed to apply delta", std::move(lines));
        }
    }

    const MappedFile& pack_;
    HashAlgo algo_;
    PackScan& scan_;
    const std::vector<RawEntry>& raw_;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> by_base_offset_;
    std::vector<std::pair<ObjectId, std::uint32_t>> by_base_id_;
    EntryInflater inflater_;
    std::string delta_;  // reused for every delta's inflated data
};

void put_be32(std::string& out, std::uint32_t v) {
    const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    out.append(b, 4);
}

// Offsets a version 2 index keeps in its 64-bit table although they would
// fit the 32-bit one; git writes them the same way again. Like git, an entry
// is only refused when it starts within the last 8 bytes of the file.
std::vector<std::uint64_t> anomalous_large_offsets(const PackIndex& index, const std::string& pack_path) {
    std::vector<std::uint64_t> out;
    if (index.version() != 2) return out;
    const std::uint8_t* base = index.file().data();
    const std::size_t n = index.count();
    const std::size_t off32_at = 8 + 1024 + n * (hash_size(index.algo()) + 4);
    const std::size_t off64_at = off32_at + n * 4;
    for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t off = load_be32(base + off32_at + i * 4);
        if (!(off & 0x80000000u)) continue;
        std::size_t at = off64_at + std::size_t{off & 0x7fffffffu} * 8;
        if (at >= index.file().size() - 8)
            throw CorruptData("offset beyond end of pack index for " + pack_path + " (truncated index?)");
        if (load_be32(base + at) == 0) out.push_back(load_be32(base + at + 4));
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The bytes of the index git would write for the scanned pack.
std::string expected_index(const PackScan& scan, const PackIndex& existing,
                           const std::vector<std::uint64_t>& anomalies, HashAlgo algo) {
    std::vector<const PackedObjectRecord*> sorted;
    sorted.reserve(scan.objects.size());
    for (const PackedObjectRecord& rec : scan.objects) sorted.push_back(&rec);
    std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
    for (std::size_t i = 1; i < sorted.size(); ++i)
        if (sorted[i]->id == sorted[i - 1]->id)
            throw CorruptData("The same object " + sorted[i]->id.hex() + " appears twice in the pack");

    const std::size_t hsz = hash_size(algo);
    std::string out;
    if (existing.version() == 2) {
        put_be32(out, idx_signature);
        put_be32(out, 2);
    }
    std::uint32_t fanout[256] = {};
    for (const auto* rec : sorted) ++fanout[rec->id.bytes[0]];
    for (std::uint32_t b = 0, total = 0; b < 256; ++b) put_be32(out, total += fanout[b]);

    if (existing.version() == 1) {
        for (const auto* rec : sorted) {
            put_be32(out, static_cast<std::uint32_t>(rec->offset));
            out.append(reinterpret_cast<const char*>(rec->id.data()), hsz);
        }
    } else {
        auto needs_large = [&](std::uint64_t offset) {
            return (offset >> 31) != 0 || std::binary_search(anomalies.begin(), anomalies.end(), offset);
        };
        for (const auto* rec : sorted) out.append(reinterpret_cast<const char*>(rec->id.data()), hsz);
        for (const auto* rec : sorted) put_be32(out, rec->crc32);
        std::uint32_t large = 0;
        for (const auto* rec : sorted)
            put_be32(out, needs_large(rec->offset) ? 0x80000000u | large++ : static_cast<std::uint32_t>(rec->offset));
        for (const auto* rec : sorted)
            if (needs_large(rec->offset)) {
                put_be32(out, static_cast<std::uint32_t>(rec->offset >> 32));
                put_be32(out, static_cast<std::uint32_t>(rec->offset));
            }
    }
    out.append(reinterpret_cast<const char*>(scan.pack_checksum.data()), hsz);
    ObjectId own = hash_bytes(algo, out);
    out.append(reinterpret_cast<const char*>(own.data()), hsz);
    return out;
}

// The .rev git would write: "RIDX", version, hash id, then each object's
// index position in pack order, the pack checksum and its own checksum.
std::string expected_reverse_index(const PackScan& scan, HashAlgo algo) {
    const std::size_t n = scan.objects.size();
    std::vector<std::uint32_t> by_id(n);
    for (std::uint32_t i = 0; i < n; ++i) by_id[i] = i;
    std::sort(by_id.begin(), by_id.end(),
              [&](std::uint32_t a, std::uint32_t b) { return scan.objects[a].id < scan.objects[b].id; });
    std::vector<std::uint32_t> index_pos(n);
    for (std::uint32_t pos = 0; pos < n; ++pos) index_pos[by_id[pos]] = pos;

    std::string out = "RIDX";
    put_be32(out, 1);
    put_be32(out, algo == HashAlgo::sha1 ? 1 : 2);
    for (std::uint32_t pos : index_pos) put_be32(out, pos);
    out.append(reinterpret_cast<const char*>(scan.pack_checksum.data()), hash_size(algo));
    ObjectId own = hash_bytes(algo, out);
    out.append(reinterpret_cast<const char*>(own.data()), hash_size(algo));
    return out;
}

// Compares what git is about to write with an existing file, the way its
// checksummed writer in checking mode does: piece by piece as it flushes
// (the body in 128 KiB pieces, then the trailing checksum), so the first
// piece the file cannot fill or does not match decides the message.
void compare_as_written(const std::string& expected, std::string_view existing, std::size_t hsz,
                        const std::string& name) {
    const std::size_t body = expected.size() - hsz;
    std::vector<std::pair<std::size_t, std::size_t>> pieces;
    for (std::size_t at = 0; at < body; at += write_flush_size)
        pieces.emplace_back(at, std::min(body, at + write_flush_size));
    pieces.emplace_back(body, expected.size());
    for (auto [from, to] : pieces) {
        if (existing.size() < to) throw CorruptData(name + ": sha1 file truncated");
        if (existing.substr(from, to - from) != std::string_view(expected).substr(from, to - from))
            throw CorruptData("sha1 file '" + name + "' validation error");
    }
    if (existing.size() > expected.size()) throw CorruptData(name + ": sha1 file has trailing garbage");
}

std::string with_extension(const std::string& pack_path, std::string_view ext) {
    std::string base = pack_path;
    if (base.size() >= 5 && base.compare(base.size() - 5, 5, ".pack") == 0) base.resize(base.size() - 5);
    return base + std::string(ext);
}

}  // namespace

PackVerifier::PackVerifier(std::string pack_path, HashAlgo algo)
    : pack_path_(std::move(pack_path)), index_path_(with_extension(pack_path_, ".idx")), algo_(algo) {
    struct stat st;
    if (::stat(pack_path_.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        throw NotFound("Cannot open existing pack file '" + index_path_ + "'");
    const std::string refusal = "Cannot open existing pack idx file for '" + index_path_ + "'";
    try {
        index_.emplace(index_path_, algo_);
    } catch (const CorruptData& e) {
        CorruptData wrapped(refusal);
        wrapped.error_lines = e.error_lines;
        wrapped.error_lines.emplace_back(e.what());
        throw wrapped;
    } catch (const Error&) {
        throw NotFound(refusal);
    }
    anomalies_ = anomalous_large_offsets(*index_, pack_path_);
}

PackScan PackVerifier::scan() {
    MappedFile pack;
    try {
        pack = MappedFile(pack_path_);
    } catch (const NotFound&) {
        throw IoError("cannot open packfile '" + pack_path_ + "': No such file or directory");
    }
    std::vector<RawEntry> raw;
    PackScan result = PackScanner(pack, algo_).run(raw);
    DeltaResolver(pack, algo_, result, raw).run();
    return result;
}

void PackVerifier::check_index(const PackScan& scan) const {
    compare_as_written(expected_index(scan, *index_, anomalies_, algo_), index_->file().view(), hash_size(algo_),
                       index_path_);
}

void PackVerifier::check_reverse_index(const PackScan& scan) const {
    const std::string rev_path = with_extension(pack_path_, ".rev");
    MappedFile existing;
    try {
        existing = MappedFile(rev_path);
    } catch (const NotFound&) {
        return;  // .rev files are optional
    }
    compare_as_written(expected_reverse_index(scan, algo_), existing.view(), hash_size(algo_), rev_path);
}

}  // namespace grit
