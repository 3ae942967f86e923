#include "odb/pack_file.h"

#include <libdeflate.h>

#include <algorithm>
#include <cstring>
#include <new>

#include "delta/apply.h"
#include "odb/delta_base_cache.h"
#include "odb/zlib_stream.h"
#include "util/big_endian.h"
#include "util/error.h"

namespace grit {

// libdeflate for whole entries of known size; zlib to read only the first
// bytes of a delta and to word errors the way git (which uses zlib) does.
struct PackInflater {
    libdeflate_decompressor* whole = nullptr;
    // Deltas get their own decompressor: small deltas mostly use deflate's
    // fixed Huffman codes, whose tables libdeflate keeps from one stream to
    // the next, unless a stream with its own codes (a whole object) came in
    // between and made it build them again.
    libdeflate_decompressor* deltas = nullptr;
    ZlibInflater stream;
    // Where deltas are inflated: a delta is only read while it is applied,
    // so one buffer, grown as needed, serves them all (no allocation and no
    // zero fill per delta).
    std::unique_ptr<char[]> delta_buffer;
    std::size_t delta_capacity = 0;
    PackInflater() {
        whole = libdeflate_alloc_decompressor();
        deltas = libdeflate_alloc_decompressor();
        if (!whole || !deltas) {
            libdeflate_free_decompressor(whole);
            libdeflate_free_decompressor(deltas);
            throw std::bad_alloc();
        }
    }
    ~PackInflater() {
        libdeflate_free_decompressor(whole);
        libdeflate_free_decompressor(deltas);
    }
    PackInflater(const PackInflater&) = delete;
    PackInflater& operator=(const PackInflater&) = delete;
};

namespace {

constexpr std::size_t kPackHeaderLen = 12;

std::string idx_path_for(const std::string& pack_path) {
    std::string base = pack_path;
    if (base.size() >= 5 && base.compare(base.size() - 5, 5, ".pack") == 0) base.resize(base.size() - 5);
    return base + ".idx";
}

bool is_delta(ObjectType t) { return t == ObjectType::ofs_delta || t == ObjectType::ref_delta; }

std::string offset_text(std::uint64_t offset) { return std::to_string(offset); }

// A failure git reports with this very "error: ..." line.
CorruptData reported(const std::string& line) {
    CorruptData err(line);
    err.error_lines.push_back(line);
    return err;
}

}  // namespace

PackFile::PackFile(const std::string& pack_path, HashAlgo algo)
    : pack_path_(pack_path), algo_(algo), index_(idx_path_for(pack_path), algo) {}

PackFile::~PackFile() = default;

std::string PackFile::base_path() const {
    std::string base = pack_path_;
    if (base.size() >= 5 && base.compare(base.size() - 5, 5, ".pack") == 0) base.resize(base.size() - 5);
    return base;
}

const MappedFile& PackFile::data() {
    if (mapped_) return pack_;
    MappedFile file(pack_path_);
    const std::size_t hsz = hash_size(algo_);
    const std::uint8_t* p = file.data();
    if (file.size() < kPackHeaderLen + hsz) throw reported("file " + pack_path_ + " is far too short to be a packfile");
    if (std::memcmp(p, "PACK", 4) != 0) throw reported("file " + pack_path_ + " is not a GIT packfile");
    std::uint32_t version = load_be32(p + 4);
    if (version != 2 && version != 3)
        throw reported("packfile " + pack_path_ + " is version " + std::to_string(version) +
                          " and not supported (try upgrading GIT to a newer version)");
    std::uint32_t count = load_be32(p + 8);
    if (count != index_.count())
        throw reported("packfile " + pack_path_ + " claims to have " + std::to_string(count) +
                          " objects while index indicates " + std::to_string(index_.count()) + " objects");
    if (std::memcmp(p + file.size() - hsz, index_.pack_checksum().data(), hsz) != 0)
        throw reported("packfile " + pack_path_ + " does not match index");
    pack_ = std::move(file);
    mapped_ = true;
    return pack_;
}

std::uint64_t PackFile::pack_size() { return data().size(); }

std::uint32_t PackFile::version() { return load_be32(data().data() + 4); }

PackEntryHeader PackFile::entry_header(std::uint64_t offset) {
    const MappedFile& file = data();
    const std::uint64_t end = file.size() - hash_size(algo_);
    if (offset < kPackHeaderLen || offset >= end)
        throw CorruptData("offset " + offset_text(offset) + " is outside of pack " + pack_path_);
    const std::uint8_t* start = file.data() + offset;
    const std::uint8_t* limit = file.data() + end;
    const std::uint8_t* p = start;
    auto truncated = [&]() -> CorruptData {
        return CorruptData("object header at offset " + offset_text(offset) + " runs past the end of " + pack_path_);
    };

    PackEntryHeader h;
    std::uint8_t c = *p++;
    h.type = static_cast<ObjectType>((c >> 4) & 7);
    std::uint64_t size = c & 15;
    unsigned shift = 4;
    while (c & 0x80) {
        if (p == limit) throw truncated();
        if (shift > 57) throw CorruptData("bad object header at offset " + offset_text(offset) + " in " + pack_path_);
        c = *p++;
        size += static_cast<std::uint64_t>(c & 0x7f) << shift;
        shift += 7;
    }
    h.size = size;

    switch (h.type) {
    case ObjectType::commit:
    case ObjectType::tree:
    case ObjectType::blob:
    case ObjectType::tag:
        break;
    case ObjectType::ofs_delta: {
        if (p == limit) throw truncated();
        c = *p++;
        std::uint64_t distance = c & 0x7f;
        while (c & 0x80) {
            if (p == limit) throw truncated();
            if (distance >> 56) throw CorruptData("delta base offset overflow in pack for entry at offset " + offset_text(offset));
            c = *p++;
            distance = ((distance + 1) << 7) | (c & 0x7f);
        }
        if (distance == 0 || distance > offset - kPackHeaderLen)
            throw CorruptData("delta base offset out of bound for entry at offset " + offset_text(offset) + " in " + pack_path_);
        h.base_offset = offset - distance;
        break;
    }
    case ObjectType::ref_delta: {
        const std::size_t hsz = hash_size(algo_);
        if (static_cast<std::size_t>(limit - p) < hsz) throw truncated();
        h.base_id = ObjectId::from_raw(p, algo_);
        p += hsz;
        break;
    }
    default:
        throw reported("unknown object type " + std::to_string(static_cast<int>(h.type)) + " at offset " +
                          offset_text(offset) + " in " + pack_path_);
    }
    h.header_len = static_cast<std::uint32_t>(p - start);
    return h;
}

std::optional<std::uint64_t> PackFile::find_offset(const ObjectId& id) const {
    auto pos = index_.find(id);
    if (!pos) return std::nullopt;
    return index_.offset_at(*pos);
}

std::uint64_t PackFile::base_offset_of(std::uint64_t offset, const PackEntryHeader& header) const {
    if (header.type == ObjectType::ofs_delta) return header.base_offset;
    auto base = find_offset(*header.base_id);
    if (!base)
        throw CorruptData("failed to find delta base " + header.base_id->hex() + " for entry at offset " +
                          offset_text(offset) + " in " + pack_path_);
    return *base;
}

bool PackFile::is_ofs_delta_base(std::uint64_t offset) {
    if (!ofs_delta_bases_) {
        std::vector<std::uint64_t> bases;
        // A damaged header is reported when its object is read; here it only
        // ends the search (what stays unknown is merely not kept).
        try {
            for (std::uint32_t pos = 0; pos < index_.count(); ++pos) {
                PackEntryHeader h = entry_header(index_.offset_at(pos));
                if (h.type == ObjectType::ofs_delta) bases.push_back(h.base_offset);
            }
        } catch (const CorruptData&) {
        }
        std::sort(bases.begin(), bases.end());
        bases.erase(std::unique(bases.begin(), bases.end()), bases.end());
        ofs_delta_bases_ = std::move(bases);
    }
    return std::binary_search(ofs_delta_bases_->begin(), ofs_delta_bases_->end(), offset);
}

std::string PackFile::inflate_entry(std::uint64_t offset, const PackEntryHeader& header) {
    check_inflated_size(offset, header);
    std::string out(header.size, '\0');
    inflate_into(offset, header, out.data());
    return out;
}

std::string_view PackFile::inflate_delta(std::uint64_t offset, const PackEntryHeader& header) {
    check_inflated_size(offset, header);
    if (inflater_->delta_capacity < header.size) {
        std::size_t capacity = std::max<std::size_t>(header.size, 2 * inflater_->delta_capacity);
        inflater_->delta_buffer.reset(new char[capacity]);
        inflater_->delta_capacity = capacity;
    }
    inflate_into(offset, header, inflater_->delta_buffer.get(), inflater_->deltas);
    return {inflater_->delta_buffer.get(), static_cast<std::size_t>(header.size)};
}

void PackFile::check_inflated_size(std::uint64_t offset, const PackEntryHeader& header) {
    const MappedFile& file = data();
    if (!inflater_) inflater_ = std::make_unique<PackInflater>();
    const std::uint64_t start = offset + header.header_len;
    const std::uint64_t end = file.size() - hash_size(algo_);
    if (start > end) throw CorruptData("object at offset " + offset_text(offset) + " runs past the end of " + pack_path_);
    const std::size_t in_len = static_cast<std::size_t>(end - start);

    // Deflate cannot expand data more than 1032:1: a larger claimed size is
    // corrupt, and must not turn into a giant allocation.
    if (header.size > static_cast<std::uint64_t>(in_len) * 1032 + 1024)
        throw CorruptData("object at offset " + offset_text(offset) + " in " + pack_path_ + " claims an impossible size");
}

void PackFile::inflate_into(std::uint64_t offset, const PackEntryHeader& header, char* out) {
    inflate_into(offset, header, out, inflater_->whole);
}

void PackFile::inflate_into(std::uint64_t offset, const PackEntryHeader& header, char* out,
                            libdeflate_decompressor* with) {
    const MappedFile& file = data();
    const std::uint64_t start = offset + header.header_len;
    const std::uint8_t* in = file.data() + start;
    const std::size_t in_len = static_cast<std::size_t>(file.size() - hash_size(algo_) - start);
    const std::size_t out_len = static_cast<std::size_t>(header.size);
    std::size_t wrote = 0;
    // libdeflate stops at the end of the zlib stream, so the input may run on
    // to the trailer: no need to know where the next entry starts.
    libdeflate_result r = libdeflate_zlib_decompress_ex(with, in, in_len, out, out_len, nullptr, &wrote);
    if (r == LIBDEFLATE_SUCCESS && wrote == header.size) return;

    // Replay with zlib to report the failure in git's words.
    CorruptData err("failed to unpack object at offset " + offset_text(offset) + " from " + pack_path_);
    ZlibInflater& z = inflater_->stream;
    z.start(in, in_len);
    int status = z.inflate_all(out, out_len);
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR)
        err.error_lines.push_back(inflate_error_line(status, z.message()));
    throw err;
}

std::uint64_t PackFile::delta_result_size(std::uint64_t offset, const PackEntryHeader& header) {
    const MappedFile& file = data();
    if (!inflater_) inflater_ = std::make_unique<PackInflater>();
    const std::uint64_t start = offset + header.header_len;
    const std::uint64_t end = file.size() - hash_size(algo_);
    if (start > end) throw CorruptData("object at offset " + offset_text(offset) + " runs past the end of " + pack_path_);
    // Like git, inflate 20 bytes (two varints of at most 10 bytes) or up to
    // the end of a shorter delta, whose checksum is then verified too.
    std::uint8_t buf[20];
    ZlibInflater& z = inflater_->stream;
    z.start(file.data() + start, static_cast<std::size_t>(end - start));
    int status = z.inflate(buf, sizeof buf, Z_FINISH);
    if (status != Z_STREAM_END && z.produced() != sizeof buf) {
        CorruptData err("failed to unpack delta at offset " + offset_text(offset) + " from " + pack_path_);
        if (status != Z_OK && status != Z_BUF_ERROR) err.error_lines.push_back(inflate_error_line(status, z.message()));
        err.error_lines.push_back("delta data unpack-initial failed");
        throw err;
    }
    return read_delta_header(buf, z.produced()).result_size;
}

ObjectHeader PackFile::object_header(std::uint64_t offset, bool want_size) {
    PackEntryHeader h = entry_header(offset);
    if (!is_delta(h.type)) return ObjectHeader{h.type, h.size, {}};
    ObjectHeader result;
    if (want_size) result.size = delta_result_size(offset, h);
    std::uint64_t current = offset;
    for (std::uint32_t hops = 0; is_delta(h.type); ++hops) {
        if (hops > index_.count())
            throw CorruptData("delta chain cycle at offset " + offset_text(offset) + " in " + pack_path_);
        current = base_offset_of(current, h);
        h = entry_header(current);
    }
    result.type = h.type;
    return result;
}

Object PackFile::read_object(std::uint64_t offset, DeltaBaseCache& cache) {
    struct Link {
        std::uint64_t offset;
        PackEntryHeader header;
    };
    std::vector<Link> chain;  // deltas, from the requested entry down to the base
    std::shared_ptr<const std::string> base;
    ObjectType type = ObjectType::none;
    // git's error lines; once a step fails, every later step only reports
    // that its base could not be read, as git's unpack_entry() does.
    std::vector<std::string> lines;
    bool failed = false;

    std::uint64_t current = offset;
    for (;;) {
        if (CachedBase hit = cache.find(this, current); hit.data) {
            base = std::move(hit.data);
            type = hit.type;
            break;
        }
        PackEntryHeader h = entry_header(current);
        if (!is_delta(h.type)) {
            type = h.type;
            if (chain.empty() && !(cache.pack_order() && is_ofs_delta_base(current)))
                return Object{type, inflate_entry(current, h)};
            try {
                auto inflated = std::make_shared<const std::string>(inflate_entry(current, h));
                cache.add(this, current, type, inflated);
                base = std::move(inflated);
            } catch (const CorruptData& e) {
                if (chain.empty()) throw;
                lines = e.error_lines;
                failed = true;
            }
            break;
        }
        // A chain longer than the pack's object count must revisit an entry.
        if (chain.size() >= index_.count())
            throw CorruptData("delta chain cycle at offset " + offset_text(offset) + " in " + pack_path_);
        std::uint64_t next = base_offset_of(current, h);
        chain.push_back(Link{current, std::move(h)});
        current = next;
    }
    if (chain.empty()) return Object{type, *base};

    std::string result;
    for (std::size_t i = chain.size(); i-- > 0;) {
        const Link& link = chain[i];
        const std::uint64_t base_offset = i + 1 < chain.size() ? chain[i + 1].offset : current;
        if (failed) {
            if (auto pos = position_at_offset(base_offset))
                lines.push_back("failed to read delta base object " + index_.oid_at(*pos).hex() + " at offset " +
                                offset_text(base_offset) + " from " + pack_path_);
            continue;
        }
        std::string_view delta;
        try {
            delta = inflate_delta(link.offset, link.header);
        } catch (const CorruptData& e) {
            lines.insert(lines.end(), e.error_lines.begin(), e.error_lines.end());
            lines.push_back("failed to unpack compressed delta at offset " +
                            offset_text(link.offset + link.header.header_len) + " from " + pack_path_);
            failed = true;
            continue;
        }
        try {
            // git fails a delta with the wrong base size without a word of its own.
            DeltaHeader dh = read_delta_header(reinterpret_cast<const std::uint8_t*>(delta.data()), delta.size());
            if (dh.base_size != base->size()) throw CorruptData("");
            apply_delta(*base, delta, result);
        } catch (const CorruptData& e) {
            if (*e.what()) lines.push_back(e.what());
            lines.push_back("failed to apply delta");
            failed = true;
            continue;
        }
        if (i == 0 && !(cache.pack_order() && is_ofs_delta_base(offset))) break;
        if (i == 0) {
            cache.add(this, link.offset, type, std::make_shared<const std::string>(result));
            break;
        }
        auto shared = std::make_shared<const std::string>(std::move(result));
        cache.add(this, link.offset, type, shared);
        base = std::move(shared);
        result = std::string();
    }
    if (failed) {
        CorruptData err("failed to read object at offset " + offset_text(offset) + " from " + pack_path_);
        err.error_lines = std::move(lines);
        throw err;
    }
    return Object{type, std::move(result)};
}

const ReverseIndex& PackFile::reverse_index() {
    if (rev_) return *rev_;
    auto offset_at = [this](std::uint32_t pos) { return index_.offset_at(pos); };
    const std::uint64_t size = data().size();
    try {
        rev_ = ReverseIndex::read(base_path() + ".rev", index_.count(), offset_at, size, algo_);
    } catch (const CorruptData&) {
        rev_.reset();
    }
    if (!rev_) rev_ = ReverseIndex::build(index_.count(), offset_at, size, algo_);
    return *rev_;
}

std::optional<std::uint32_t> PackFile::position_at_offset(std::uint64_t offset) {
    const ReverseIndex& rev = reverse_index();
    auto order = rev.pack_order_for_offset(offset);
    if (!order) return std::nullopt;
    return rev.index_pos_for_pack_order(*order);
}

std::uint64_t PackFile::entry_end(std::uint64_t offset) { return reverse_index().next_offset(offset); }

std::optional<ObjectId> PackFile::delta_base_id(std::uint64_t offset) {
    PackEntryHeader h = entry_header(offset);
    if (h.type == ObjectType::ref_delta) return h.base_id;
    if (h.type != ObjectType::ofs_delta) return std::nullopt;
    auto pos = position_at_offset(h.base_offset);
    if (!pos) throw CorruptData("delta base offset " + offset_text(h.base_offset) + " is not an entry of " + pack_path_);
    return index_.oid_at(*pos);
}

}  // namespace grit
