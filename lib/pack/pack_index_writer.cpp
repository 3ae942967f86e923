#include "pack/pack_index_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash/hasher.h"
#include "util/error.h"

namespace grit {

namespace {

constexpr std::uint32_t idx_signature = 0xff744f63;  // "\377tOc"
constexpr std::uint32_t rev_signature = 0x52494458;  // "RIDX"

void append_be32(std::string& out, std::uint32_t v) {
    const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                       static_cast<char>(v)};
    out.append(b, 4);
}

void append_checksum_of_self(std::string& out, HashAlgo algo) {
    ObjectId own = hash_bytes(algo, out);
    out.append(reinterpret_cast<const char*>(own.data()), own.size());
}

}  // namespace

std::string encode_pack_index(std::vector<PackedObjectEntry>& entries, const ObjectId& pack_checksum,
                              int version, std::uint64_t large_offset_threshold, bool reject_duplicates) {
    const HashAlgo algo = pack_checksum.algo;
    const std::size_t raw = hash_size(algo);
    std::sort(entries.begin(), entries.end(),
              [](const PackedObjectEntry& a, const PackedObjectEntry& b) { return a.id < b.id; });

    auto needs_large = [&](std::uint64_t offset) { return (offset >> 31) != 0 || offset > large_offset_threshold; };
    std::uint64_t max_offset = 0;
    for (const auto& e : entries) max_offset = std::max(max_offset, e.offset);
    if (needs_large(max_offset)) version = 2;

    std::string out;
    std::size_t per_entry = version >= 2 ? raw + 8 : raw + 4;
    out.reserve(8 + 1024 + entries.size() * per_entry + 2 * raw);
    if (version >= 2) {
        append_be32(out, idx_signature);
        append_be32(out, static_cast<std::uint32_t>(version));
    }

    std::size_t next = 0;
    for (int byte = 0; byte < 256; ++byte) {
        while (next < entries.size() && entries[next].id.bytes[0] == byte) ++next;
        append_be32(out, static_cast<std::uint32_t>(next));
    }

    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        if (version < 2) append_be32(out, static_cast<std::uint32_t>(e.offset));
        out.append(reinterpret_cast<const char*>(e.id.data()), raw);
        if (reject_duplicates && i > 0 && entries[i - 1].id == e.id)
            throw CorruptData("The same object " + e.id.hex() + " appears twice in the pack");
    }

    if (version >= 2) {
        for (const auto& e : entries) append_be32(out, e.crc32);
        std::uint32_t large_count = 0;
        for (const auto& e : entries)
            append_be32(out, needs_large(e.offset) ? (0x80000000u | large_count++)
                                                   : static_cast<std::uint32_t>(e.offset));
        for (const auto& e : entries) {
            if (!needs_large(e.offset)) continue;
            append_be32(out, static_cast<std::uint32_t>(e.offset >> 32));
            append_be32(out, static_cast<std::uint32_t>(e.offset));
        }
    }

    out.append(reinterpret_cast<const char*>(pack_checksum.data()), raw);
    append_checksum_of_self(out, algo);
    return out;
}

std::string encode_reverse_index(const std::vector<PackedObjectEntry>& sorted_entries,
                                 const ObjectId& pack_checksum) {
    const HashAlgo algo = pack_checksum.algo;
    std::vector<std::uint32_t> order(sorted_entries.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return sorted_entries[a].offset < sorted_entries[b].offset;
    });

    std::string out;
    out.reserve(12 + order.size() * 4 + 2 * hash_size(algo));
    append_be32(out, rev_signature);
    append_be32(out, 1);
    append_be32(out, algo == HashAlgo::sha1 ? 1 : 2);
    for (std::uint32_t pos : order) append_be32(out, pos);
    out.append(reinterpret_cast<const char*>(pack_checksum.data()), pack_checksum.size());
    append_checksum_of_self(out, algo);
    return out;
}

std::string write_temporary_file(const std::string& dir, const std::string& prefix, std::string_view bytes) {
    std::string path = dir + "/" + prefix + "XXXXXX";
    int fd = ::mkstemp(path.data());
    if (fd < 0) throw_errno("unable to create temporary file");
    try {
        if (::fchmod(fd, 0444) != 0) throw_errno("unable to set permission to '" + path + "'");
        while (!bytes.empty()) {
            ssize_t n = ::write(fd, bytes.data(), bytes.size());
            if (n < 0) {
                if (errno == EINTR) continue;
                throw_errno("unable to write file " + path);
            }
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        if (::close(fd) != 0) {
            fd = -1;
            throw_errno("unable to close " + path);
        }
    } catch (...) {
        if (fd >= 0) ::close(fd);
        ::unlink(path.c_str());
        throw;
    }
    return path;
}

void finalize_file(const std::string& tmp_path, const std::string& final_path, std::string_view ext) {
    int err = ::link(tmp_path.c_str(), final_path.c_str()) == 0 ? 0 : errno;
    if (err != 0 && err != EEXIST) {
        // Some file systems refuse hard links; a rename then does the same job.
        if (::rename(tmp_path.c_str(), final_path.c_str()) == 0) return;
        err = errno;
    }
    ::unlink(tmp_path.c_str());
    if (err != 0 && err != EEXIST) {
        IoError e("unable to rename temporary '*." + std::string(ext) + "' file to '" + final_path + "'");
        e.error_lines.push_back("unable to write file " + final_path + ": " + std::strerror(err));
        throw e;
    }
}

void install_pack_files(const std::string& tmp_pack_path, std::string_view idx_bytes,
                        std::optional<std::string_view> rev_bytes, const std::string& base) {
    const auto slash = base.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : base.substr(0, slash);
    std::string tmp_idx = write_temporary_file(dir, "tmp_idx_", idx_bytes);
    std::string tmp_rev;
    try {
        if (rev_bytes) tmp_rev = write_temporary_file(dir, "tmp_rev_", *rev_bytes);
        ::chmod(tmp_pack_path.c_str(), 0444);
        finalize_file(tmp_pack_path, base + ".pack", "pack");
        if (rev_bytes) finalize_file(tmp_rev, base + ".rev", "rev");
        finalize_file(tmp_idx, base + ".idx", "idx");
    } catch (...) {
        ::unlink(tmp_idx.c_str());
        if (!tmp_rev.empty()) ::unlink(tmp_rev.c_str());
        throw;
    }
}

}  // namespace grit
