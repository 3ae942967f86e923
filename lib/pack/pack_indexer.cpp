#include "pack/pack_indexer.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <mutex>
#include <unistd.h>
#include <vector>

#include "fsck/object_check.h"
#include "hash/hasher.h"
#include "object/commit.h"
#include "object/tag.h"
#include "object/tree.h"
#include "odb/loose_store.h"
#include "odb/object_database.h"
#include "pack/delta_resolver.h"
#include "pack/pack_index_writer.h"
#include "pack/pack_stream_reader.h"
#include "util/error.h"
#include "util/mapped_file.h"

namespace grit {

namespace {

void pwrite_all(int fd, const void* data, std::size_t n, std::uint64_t at) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    while (n) {
        ssize_t w = ::pwrite(fd, p, n, static_cast<off_t>(at));
        if (w < 0) {
            if (errno == EINTR) continue;
            throw_errno("write error");
        }
        p += w;
        n -= static_cast<std::size_t>(w);
        at += static_cast<std::uint64_t>(w);
    }
}

std::string inflate_entry_data(const IndexedObject& obj, std::string_view pack) {
    std::string out(static_cast<std::size_t>(obj.size), '\0');
    z_stream z{};
    if (inflateInit(&z) != Z_OK) throw std::bad_alloc();
    const std::uint64_t from = obj.offset + obj.header_len;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(pack.data() + from));
    z.avail_in = static_cast<uInt>(std::min<std::uint64_t>(pack.size() - from, UINT32_MAX));
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int status = inflate(&z, Z_FINISH);
    inflateEnd(&z);
    if (status != Z_STREAM_END || z.total_out != out.size()) throw CorruptData("serious inflate inconsistency");
    return out;
}

// Collision and fsck checks of each object, serialized: the object database
// is not safe to read from several threads.
class ObjectChecker {
public:
    ObjectChecker(ObjectDatabase* odb, const PackIndexerOptions& options) : odb_(odb), options_(options) {}

    void check(const ObjectId& id, ObjectType type, std::string_view data) {
        std::lock_guard lock(mutex_);
        if (odb_ && odb_->contains(id)) compare_with_existing(id, type, data);
        if (options_.strict && type != ObjectType::blob) {
            run_fsck(id, type, data);
            collect_links(type, data);
        }
    }

    // --strict: every object the pack's objects name must be in the pack or
    // in the repository, with the type they name it as.
    void check_links(const std::vector<IndexedObject>& objects) const {
        if (links_.empty()) return;
        std::vector<ObjectId> in_pack;
        in_pack.reserve(objects.size());
        for (const IndexedObject& obj : objects) in_pack.push_back(obj.id);
        std::sort(in_pack.begin(), in_pack.end());
        for (const auto& [id, type] : links_) {
            if (std::binary_search(in_pack.begin(), in_pack.end(), id)) continue;
            auto header = odb_ ? odb_->read_header(id) : std::nullopt;
            if (!header) throw CorruptData("did not receive expected object " + id.hex());
            if (header->type != type)
                throw CorruptData(fmt::format("object {}: expected type {}, found {}", id.hex(), type_name(type),
                                              type_name(header->type)));
        }
    }

    // A blob too large to have been kept in memory while it streamed by.
    void check_streamed(const IndexedObject& obj, std::string_view pack) {
        {
            std::lock_guard lock(mutex_);
            if (!odb_ || !odb_->contains(obj.id)) return;
        }
        std::string data = inflate_entry_data(obj, pack);
        check(obj.id, obj.type, data);
    }

private:
    void compare_with_existing(const ObjectId& id, ObjectType type, std::string_view data) {
        auto header = odb_->read_header(id);
        if (!header) throw CorruptData("cannot read existing object info " + id.hex());
        if (header->type != type || header->size != data.size())
            throw CorruptData("SHA1 COLLISION FOUND WITH " + id.hex() + " !");
        auto existing = odb_->read(id);
        if (!existing) throw CorruptData("cannot read existing object " + id.hex());
        if (existing->type != type || existing->data != data)
            throw CorruptData("SHA1 COLLISION FOUND WITH " + id.hex() + " !");
    }

    void run_fsck(const ObjectId& id, ObjectType type, std::string_view data) {
        std::vector<FsckFinding> findings;
        bool failed = fsck_check_object(id, type, data, *options_.fsck_severities, findings);
        std::vector<std::string> errors;
        for (const FsckFinding& f : findings) {
            std::string line = "object " + id.hex() + ": " + f.text;
            if (f.is_error)
                errors.push_back(std::move(line));
            else if (options_.on_warning)
                options_.on_warning(line);
        }
        if (failed) {
            CorruptData e("fsck error in packed object");
            e.error_lines = std::move(errors);
            throw e;
        }
    }

    void collect_links(ObjectType type, std::string_view data) {
        const HashAlgo algo = options_.algo;
        try {
            if (type == ObjectType::commit) {
                ParsedCommit commit = parse_commit(data, algo);
                links_.emplace_back(commit.tree, ObjectType::tree);
                for (const ObjectId& parent : commit.parents) links_.emplace_back(parent, ObjectType::commit);
            } else if (type == ObjectType::tag) {
                ParsedTag tag = parse_tag(data, algo);
                links_.emplace_back(tag.object, tag.type);
            } else if (type == ObjectType::tree) {
                collect_tree_links(data, algo);
            }
        } catch (const CorruptData&) {
            // fsck has reported what makes the object unparsable.
        }
    }

    void collect_tree_links(std::string_view data, HashAlgo algo) {
        const std::size_t raw = hash_size(algo);
        while (!data.empty()) {
            auto space = data.find(' ');
            auto nul = data.find('\0');
            if (space == std::string_view::npos || nul == std::string_view::npos || nul + 1 + raw > data.size())
                return;
            std::uint32_t mode = 0;
            for (char c : data.substr(0, space)) mode = mode * 8 + static_cast<std::uint32_t>(c - '0');
            ObjectType type = type_from_mode(mode);
            if (type == ObjectType::tree || type == ObjectType::blob)
                links_.emplace_back(ObjectId::from_raw(data.data() + nul + 1, algo), type);
            data.remove_prefix(nul + 1 + raw);
        }
    }

    ObjectDatabase* odb_;
    const PackIndexerOptions& options_;
    std::mutex mutex_;
    std::vector<std::pair<ObjectId, ObjectType>> links_;
};

std::string entry_header(ObjectType type, std::uint64_t size) {
    std::string h;
    std::uint8_t c = static_cast<std::uint8_t>((static_cast<int>(type) << 4) | (size & 15));
    size >>= 4;
    while (size) {
        h.push_back(static_cast<char>(c | 0x80));
        c = size & 0x7f;
        size >>= 7;
    }
    h.push_back(static_cast<char>(c));
    return h;
}

std::string deflate_whole(std::string_view data, int level) {
    z_stream z{};
    if (deflateInit(&z, level) != Z_OK) throw std::bad_alloc();
    std::string out(deflateBound(&z, data.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int status = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (status != Z_STREAM_END) throw CorruptData(fmt::format("unable to deflate appended object ({})", status));
    return out;
}

// Completes a thin pack: appends the bases its unresolved ref_deltas name,
// read from the repository, and resolves what lies below each. Returns the
// offset where the appended entries end.
std::uint64_t append_thin_bases(std::vector<IndexedObject>& objects, DeltaResolver& resolver, ObjectDatabase& odb,
                                int pack_fd, std::uint64_t end, const PackIndexerOptions& options) {
    for (const auto& [index, base_id] : resolver.unresolved_ref_deltas()) {
        if (resolver.is_resolved(index)) continue;
        auto base = odb.read(base_id);
        if (!base) continue;
        if (odb.hash(base->type, base->data) != base_id)
            throw CorruptData("local object " + base_id.hex() + " is corrupt");
        std::string bytes = entry_header(base->type, base->data.size());
        const auto header_len = static_cast<std::uint32_t>(bytes.size());
        bytes += deflate_whole(base->data, options.compression);
        pwrite_all(pack_fd, bytes.data(), bytes.size(), end);
        IndexedObject obj;
        obj.id = base_id;
        obj.offset = end;
        obj.size = base->data.size();
        obj.crc32 = static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
        obj.header_len = header_len;
        obj.type = obj.real_type = base->type;
        objects.push_back(obj);
        end += bytes.size();
        resolver.resolve_below(static_cast<std::uint32_t>(objects.size() - 1), std::move(base->data));
    }
    return end;
}

// Rewrites the object count of a completed thin pack and appends its new
// trailer, checking on the way that the bytes received are still those
// whose checksum the original trailer gave.
ObjectId rewrite_header_and_trailer(int pack_fd, const std::string& pack_path, std::uint32_t count,
                                    std::uint64_t received_end, std::uint64_t end, const ObjectId& received,
                                    HashAlgo algo) {
    Hasher old_hash(algo), new_hash(algo);
    std::vector<std::uint8_t> buf(1 << 16);
    std::uint64_t at = 0;
    while (at < end) {
        std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), end - at));
        ssize_t n = ::pread(pack_fd, buf.data(), want, static_cast<off_t>(at));
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno("Failed to checksum '" + pack_path + "'");
        }
        if (n == 0) throw CorruptData("Unexpected tail checksum for " + pack_path + " (disk corruption?)");
        std::size_t got = static_cast<std::size_t>(n);
        if (at < received_end) old_hash.update(buf.data(), std::min<std::uint64_t>(got, received_end - at));
        if (at == 0) {
            const std::uint8_t c[4] = {static_cast<std::uint8_t>(count >> 24), static_cast<std::uint8_t>(count >> 16),
                                       static_cast<std::uint8_t>(count >> 8), static_cast<std::uint8_t>(count)};
            std::memcpy(buf.data() + 8, c, 4);
            pwrite_all(pack_fd, c, 4, 8);
        }
        new_hash.update(buf.data(), got);
        at += got;
    }
    if (old_hash.finish() != received)
        throw CorruptData("Unexpected tail checksum for " + pack_path + " (disk corruption?)");
    ObjectId checksum = new_hash.finish();
    pwrite_all(pack_fd, checksum.data(), checksum.size(), end);
    return checksum;
}

}  // namespace

IndexedPack index_pack_stream(int in_fd, int pack_fd, const std::string& pack_path, ObjectDatabase* odb,
                              const PackIndexerOptions& options) {
    const HashAlgo algo = options.algo;
    PackStreamReader reader(in_fd, pack_fd, algo, options.big_file_threshold);
    ObjectChecker checker(odb, options);
    const std::uint32_t declared = reader.read_header();
    // git counts objects in an int: a count past its range overflows the
    // size of git's object table.
    if (declared > 0x7fffffffu) throw CorruptData("data too large to fit into virtual memory space");

    std::vector<IndexedObject> objects;
    objects.reserve(std::min<std::uint32_t>(declared, 1u << 20));
    DeltaEdges edges;
    std::vector<std::uint32_t> big_blobs;  // checked once the pack is on disk
    {
        std::optional<Progress> meter;
        if (options.progress)
            meter.emplace(options.progress, options.title, declared);
        PackStreamEntry entry;
        std::string data;
        for (std::uint32_t i = 0; i < declared; ++i) {
            reader.next_entry(entry, data);
            IndexedObject obj;
            obj.offset = entry.offset;
            obj.size = entry.size;
            obj.crc32 = entry.crc32;
            obj.header_len = entry.header_len;
            obj.type = obj.real_type = entry.type;
            if (entry.type == ObjectType::ofs_delta) {
                edges.ofs.emplace_back(entry.base_offset, i);
            } else if (entry.type == ObjectType::ref_delta) {
                edges.ref.emplace_back(entry.base_id, i);
            } else {
                obj.id = entry.id;
                if (data.size() == entry.size)
                    checker.check(obj.id, obj.type, data);
                else
                    big_blobs.push_back(i);
            }
            objects.push_back(obj);
            if (meter) meter->update(i + 1);
        }
    }
    const std::uint64_t end_of_entries = reader.consumed();
    IndexedPack result;
    const ObjectId received = reader.finish();
    result.after_pack = std::string(reader.unread());

    MappedFile pack(pack_path);
    if (pack.size() < end_of_entries) throw CorruptData("serious inflate inconsistency");
    const std::string_view pack_bytes(reinterpret_cast<const char*>(pack.data()), end_of_entries);

    for (std::uint32_t i : big_blobs) {
        const IndexedObject& obj = objects[i];
        checker.check_streamed(obj, pack_bytes);
    }

    std::optional<Progress> resolving;
    DeltaResolver resolver(
        objects, std::move(edges), algo,
        [&](const ObjectId& id, ObjectType type, std::string_view data) { checker.check(id, type, data); });
    const std::uint32_t deltas = resolver.delta_count();
    if (options.progress && deltas) resolving.emplace(options.progress, "Resolving deltas", deltas);
    if (resolving) {
        resolving->update(0);
        resolver.set_progress(&*resolving);
    }
    resolver.resolve(pack_bytes, end_of_entries, options.threads);

    std::uint64_t end = end_of_entries;
    result.checksum = received;
    if (resolver.resolved_count() != deltas && options.fix_thin && odb && pack_fd >= 0) {
        end = append_thin_bases(objects, resolver, *odb, pack_fd, end, options);
        result.appended_bases = static_cast<std::uint32_t>(objects.size() - declared);
        if (resolving)
            resolving->finish(fmt::format("completed with {} local object{}", result.appended_bases,
                                          result.appended_bases == 1 ? "" : "s"));
        result.checksum = rewrite_header_and_trailer(pack_fd, pack_path, static_cast<std::uint32_t>(objects.size()),
                                                     end_of_entries, end, received, algo);
    }
    if (std::uint32_t left = deltas - resolver.resolved_count())
        throw CorruptData(fmt::format("pack has {} unresolved delta{}", left, left == 1 ? "" : "s"));
    if (pack_fd >= 0 && result.appended_bases == 0)
        pwrite_all(pack_fd, received.data(), received.size(), end_of_entries);
    if (options.strict) checker.check_links(objects);
    if (resolving) resolving->finish();

    result.entries.reserve(objects.size());
    for (const IndexedObject& obj : objects) result.entries.push_back({obj.id, obj.offset, obj.crc32});
    return result;
}

}  // namespace grit
