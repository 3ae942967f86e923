#include "odb/loose_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include "hash/hasher.h"
#include "odb/zlib_stream.h"
#include "util/error.h"
#include "util/mapped_file.h"

namespace grit {

namespace {

// git inflates at most this much before insisting on the header's NUL.
constexpr std::size_t kMaxHeaderLen = 32;
// Enough compressed input for the header of almost any object.
constexpr std::size_t kHeaderReadLen = 4096;
// Larger files are mapped rather than read into a buffer.
constexpr std::size_t kMapThreshold = 256 * 1024;

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

private:
    int fd_;
};

// Reads up to `limit` bytes (all when limit is 0) of the file at fd.
std::string read_file(int fd, std::size_t file_size, std::size_t limit, const std::string& path) {
    std::size_t want = limit && limit < file_size ? limit : file_size;
    std::string buf(want, '\0');
    std::size_t got = 0;
    while (got < want) {
        ssize_t n = ::pread(fd, buf.data() + got, want - got, static_cast<off_t>(got));
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno("unable to read " + path);
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    buf.resize(got);
    return buf;
}

struct ParsedHeader {
    std::string_view type_name;
    std::uint64_t size = 0;
};

// "<type> <size>" in canonical decimal (no leading zeros, no sign), as git requires.
std::optional<ParsedHeader> parse_header(std::string_view hdr) {
    auto space = hdr.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    ParsedHeader parsed{hdr.substr(0, space), 0};
    std::string_view digits = hdr.substr(space + 1);
    if (digits.empty() || digits.size() > 20) return std::nullopt;
    if (digits[0] == '0' && digits.size() > 1) return std::nullopt;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        std::uint64_t next = parsed.size * 10 + static_cast<unsigned>(c - '0');
        if (next / 10 != parsed.size) return std::nullopt;
        parsed.size = next;
    }
    return parsed;
}

// A loose object opened and inflated as far as its header.
struct OpenedLoose {
    std::string buffer;        // a small file's bytes, read
    MappedFile mapping;        // a large file, mapped
    std::string_view compressed;  // the file (or its first kHeaderReadLen bytes)
    bool whole_file = false;
    ZlibInflater z;
    std::string header;        // without the NUL
    std::string after_header;  // body bytes inflated along with the header
    int status = Z_OK;         // of the last inflate call
};

class LooseReader {
public:
    LooseReader(const LooseStore& store, const ObjectId& id, bool allow_unknown)
        : id_(id), path_(store.path_of(id)), allow_unknown_(allow_unknown) {}

    // False when the file does not exist.
    bool open(bool need_whole_file, OpenedLoose& out) {
        int raw = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (raw < 0) {
            if (errno == ENOENT) return false;
            throw_errno("unable to open loose object " + id_.hex());
        }
        Fd fd(raw);
        struct stat st;
        if (::fstat(fd.get(), &st) != 0) throw_errno("unable to stat " + path_);
        auto size = static_cast<std::size_t>(st.st_size);
        if (size == 0) fail("object file " + path_ + " is empty");
        load(fd.get(), size, need_whole_file ? 0 : kHeaderReadLen, out);
        inflate_header(fd.get(), size, out);
        return true;
    }

    // `reading_body`: git goes on to inflate the body even after a header it
    // could not parse, which adds its own error when that fails too.
    ObjectHeader header_of(const OpenedLoose& opened, bool reading_body) {
        auto parsed = parse_header(opened.header);
        if (!parsed) {
            lines_.push_back("unable to parse " + id_.hex() + " header");
            bool empty_rest = opened.after_header.empty() && opened.status == Z_STREAM_END &&
                              opened.z.input_left() == 0;
            if (!reading_body || empty_rest) fail();
            fail("corrupt loose object '" + id_.hex() + "'");
        }
        ObjectHeader h;
        h.type = type_from_name(parsed->type_name);
        h.size = parsed->size;
        if (h.type == ObjectType::bad) {
            if (!allow_unknown_) throw CorruptData("invalid object type");
            h.unknown_type = std::string(parsed->type_name);
        }
        return h;
    }

    std::string body_of(OpenedLoose& opened, std::uint64_t size) {
        // Deflate cannot expand data more than 1032:1; git would fail the
        // same way after a giant allocation.
        if (size > static_cast<std::uint64_t>(opened.compressed.size()) * 1032 + 1024)
            fail("corrupt loose object '" + id_.hex() + "'");
        // Like git: a body shorter than announced is zero padded, a longer one is corrupt.
        std::string body(size, '\0');
        std::size_t have = std::min<std::size_t>(opened.after_header.size(), size);
        std::memcpy(body.data(), opened.after_header.data(), have);
        int status = opened.status;
        if (status != Z_STREAM_END) status = opened.z.inflate_all(body.data() + have, size - have);
        if (status == Z_STREAM_END && opened.z.input_left() == 0) return body;
        if (status != Z_STREAM_END && status != Z_OK && status != Z_BUF_ERROR)
            lines_.push_back(inflate_error_line(status, opened.z.message()));
        if (status < 0)
            fail("corrupt loose object '" + id_.hex() + "'");
        else
            fail("garbage at end of loose object '" + id_.hex() + "'");
    }

    [[noreturn]] void fail(std::string line) {
        lines_.push_back(std::move(line));
        fail();
    }

    [[noreturn]] void fail() {
        CorruptData err("loose object " + id_.hex() + " (stored in " + path_ + ") is corrupt");
        err.error_lines = std::move(lines_);
        throw err;
    }

private:
    void inflate_header(int fd, std::size_t file_size, OpenedLoose& out) {
        char buf[kMaxHeaderLen];
        out.z.start(out.compressed.data(), out.compressed.size());
        int status = out.z.inflate(buf, sizeof buf);
        if (status == Z_BUF_ERROR && !out.whole_file) {
            // The header needs more than the first block of the file.
            reread_whole(fd, file_size, out);
            out.z.start(out.compressed.data(), out.compressed.size());
            status = out.z.inflate(buf, sizeof buf);
        }
        out.status = status;
        if (status != Z_OK && status != Z_STREAM_END) {
            if (status != Z_BUF_ERROR) lines_.push_back(inflate_error_line(status, out.z.message()));
            fail("unable to unpack " + id_.hex() + " header");
        }
        std::size_t got = out.z.produced();
        if (const void* nul = std::memchr(buf, '\0', got)) {
            std::size_t hlen = static_cast<const char*>(nul) - buf;
            out.header.assign(buf, hlen);
            out.after_header.assign(buf + hlen + 1, got - hlen - 1);
            return;
        }
        if (!allow_unknown_) fail("header for " + id_.hex() + " too long, exceeds 32 bytes");
        // --allow-unknown-type: keep inflating until the header ends.
        if (!out.whole_file) reread_and_skip(fd, file_size, out, got);
        out.header.assign(buf, got);
        while (status != Z_STREAM_END) {
            status = out.z.inflate(buf, sizeof buf);
            out.status = status;
            if (status != Z_OK && status != Z_STREAM_END) {
                if (status != Z_BUF_ERROR) lines_.push_back(inflate_error_line(status, out.z.message()));
                fail("unable to unpack " + id_.hex() + " header");
            }
            std::size_t n = sizeof buf - out.z.output_left();
            if (const void* nul = std::memchr(buf, '\0', n)) {
                std::size_t hlen = static_cast<const char*>(nul) - buf;
                out.header.append(buf, hlen);
                out.after_header.assign(buf + hlen + 1, n - hlen - 1);
                return;
            }
            out.header.append(buf, n);
        }
        fail("header for " + id_.hex() + " too long, exceeds 32 bytes");
    }

    // Reads (or maps) the first `limit` bytes of the file, all when limit is 0.
    void load(int fd, std::size_t file_size, std::size_t limit, OpenedLoose& out) {
        std::size_t want = limit && limit < file_size ? limit : file_size;
        if (want >= kMapThreshold) {
            out.mapping = MappedFile(path_);
            out.compressed = out.mapping.view();
        } else {
            out.buffer = read_file(fd, file_size, limit, path_);
            out.compressed = out.buffer;
        }
        out.whole_file = out.compressed.size() >= file_size;
    }

    void reread_whole(int fd, std::size_t file_size, OpenedLoose& out) { load(fd, file_size, 0, out); }

    // Restarts on the whole file and inflates the `skip` bytes already seen.
    void reread_and_skip(int fd, std::size_t file_size, OpenedLoose& out, std::size_t skip) {
        reread_whole(fd, file_size, out);
        out.z.start(out.compressed.data(), out.compressed.size());
        char scratch[kMaxHeaderLen];
        out.status = out.z.inflate(scratch, skip);
    }

    const ObjectId& id_;
    std::string path_;
    bool allow_unknown_;
    std::vector<std::string> lines_;
};

}  // namespace

LooseStore::LooseStore(std::string objects_dir, HashAlgo algo) : objects_dir_(std::move(objects_dir)), algo_(algo) {}

std::string LooseStore::path_of(const ObjectId& id) const {
    char hex[64];
    id.to_hex(hex);
    std::string path;
    path.reserve(objects_dir_.size() + 2 + hex_size(algo_));
    path.append(objects_dir_).append("/").append(hex, 2).append("/").append(hex + 2, hex_size(algo_) - 2);
    return path;
}

bool LooseStore::contains(const ObjectId& id) const { return ::access(path_of(id).c_str(), F_OK) == 0; }

std::optional<std::uint64_t> LooseStore::file_size(const ObjectId& id) const {
    struct stat st;
    if (::stat(path_of(id).c_str(), &st) != 0) return std::nullopt;
    return static_cast<std::uint64_t>(st.st_size);
}

std::optional<ObjectHeader> LooseStore::read_header(const ObjectId& id, bool allow_unknown_type) const {
    LooseReader reader(*this, id, allow_unknown_type);
    OpenedLoose opened;
    if (!reader.open(false, opened)) return std::nullopt;
    return reader.header_of(opened, false);
}

std::optional<Object> LooseStore::read(const ObjectId& id, bool allow_unknown_type) const {
    LooseReader reader(*this, id, allow_unknown_type);
    OpenedLoose opened;
    if (!reader.open(true, opened)) return std::nullopt;
    ObjectHeader h = reader.header_of(opened, true);
    return Object{h.type, reader.body_of(opened, h.size)};
}

ObjectId hash_object_text(HashAlgo algo, std::string_view type_name, std::string_view data) {
    std::string header = std::string(type_name) + ' ' + std::to_string(data.size());
    Hasher hasher(algo);
    hasher.update(header.data(), header.size() + 1);  // with the NUL
    hasher.update(data);
    return hasher.finish();
}

namespace {

// A write failure git reports as "error: <line>" before the command's fatal.
[[noreturn]] void reported_failure(std::string line) {
    IoError err(line);
    err.error_lines.push_back(std::move(line));
    throw err;
}

[[noreturn]] void reported_errno(const std::string& what) { reported_failure(what + ": " + std::strerror(errno)); }

void write_all(int fd, const unsigned char* p, std::size_t n, const std::string& path) {
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            throw IoError("unable to write loose object file");
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
}

std::string deflate_object(std::string_view header_with_nul, std::string_view data, int level) {
    z_stream s{};
    if (deflateInit(&s, level) != Z_OK) throw std::bad_alloc();
    std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&s, deflateEnd);
    std::string out(deflateBound(&s, header_with_nul.size() + data.size()), '\0');
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = static_cast<uInt>(out.size());
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(header_with_nul.data()));
    s.avail_in = static_cast<uInt>(header_with_nul.size());
    if (deflate(&s, Z_NO_FLUSH) != Z_OK) throw std::bad_alloc();
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    s.avail_in = static_cast<uInt>(data.size());
    if (deflate(&s, Z_FINISH) != Z_STREAM_END) throw std::bad_alloc();
    out.resize(s.total_out);
    return out;
}

}  // namespace

void LooseStore::write(const ObjectId& id, std::string_view type_name, std::string_view data, int level) {
    std::string header = std::string(type_name) + ' ' + std::to_string(data.size());
    header.push_back('\0');
    std::string path = path_of(id);
    if (::access(path.c_str(), F_OK) == 0) return;

    std::string dir = path.substr(0, path.rfind('/'));
    std::string tmp = dir + "/tmp_obj_XXXXXX";
    int raw = ::mkstemp(tmp.data());
    if (raw < 0 && errno == ENOENT) {
        if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) reported_errno("unable to create directory " + dir);
        tmp = dir + "/tmp_obj_XXXXXX";
        raw = ::mkstemp(tmp.data());
    }
    if (raw < 0) {
        if (errno == EACCES)
            reported_failure("insufficient permission for adding an object to repository database " + objects_dir_);
        reported_errno("unable to create temporary file");
    }
    Fd fd(raw);
    try {
        std::string compressed = deflate_object(header, data, level);
        write_all(fd.get(), reinterpret_cast<const unsigned char*>(compressed.data()), compressed.size(), tmp);
        if (::fchmod(fd.get(), 0444) != 0) throw_errno("unable to set permission to '" + tmp + "'");
        if (::close(fd.release()) != 0) throw_errno("error when closing loose object file");
        // link() refuses to replace an existing object; fall back to rename
        // only where the filesystem has no hard links.
        if (::link(tmp.c_str(), path.c_str()) != 0) {
            int err = errno;
            if (err != EEXIST) {
                if (::rename(tmp.c_str(), path.c_str()) != 0)
                    reported_errno("unable to write file " + path);
                tmp.clear();
            }
        }
        if (!tmp.empty()) ::unlink(tmp.c_str());
    } catch (...) {
        if (!tmp.empty()) ::unlink(tmp.c_str());
        throw;
    }
    if (auto& list = listings_[id.bytes[0]]) {
        auto at = std::lower_bound(list->begin(), list->end(), id);
        if (at == list->end() || *at != id) list->insert(at, id);
    }
}

void LooseStore::for_each(const std::function<void(const ObjectId&)>& fn) const {
    static constexpr char digits[] = "0123456789abcdef";
    const std::size_t rest = hex_size(algo_) - 2;
    std::string dir = objects_dir_ + "/xx";
    std::string hex(hex_size(algo_), '0');
    for (int d = 0; d < 256; ++d) {
        dir[dir.size() - 2] = digits[d >> 4];
        dir[dir.size() - 1] = digits[d & 15];
        DIR* dp = ::opendir(dir.c_str());
        if (!dp) continue;
        std::unique_ptr<DIR, int (*)(DIR*)> guard(dp, ::closedir);
        hex[0] = dir[dir.size() - 2];
        hex[1] = dir[dir.size() - 1];
        while (dirent* e = ::readdir(dp)) {
            if (std::strlen(e->d_name) != rest) continue;
            std::memcpy(hex.data() + 2, e->d_name, rest);
            if (auto id = ObjectId::from_hex(hex, algo_)) fn(*id);
        }
    }
}

const std::vector<ObjectId>& LooseStore::listing(int d) {
    auto& slot = listings_[d];
    if (slot) return *slot;
    static constexpr char digits[] = "0123456789abcdef";
    const std::size_t rest = hex_size(algo_) - 2;
    std::vector<ObjectId> ids;
    std::string dir = objects_dir_ + "/" + digits[d >> 4] + digits[d & 15];
    if (DIR* dp = ::opendir(dir.c_str())) {
        std::unique_ptr<DIR, int (*)(DIR*)> guard(dp, ::closedir);
        std::string hex(hex_size(algo_), '0');
        hex[0] = digits[d >> 4];
        hex[1] = digits[d & 15];
        while (dirent* e = ::readdir(dp)) {
            if (std::strlen(e->d_name) != rest) continue;
            std::memcpy(hex.data() + 2, e->d_name, rest);
            if (auto id = ObjectId::from_hex(hex, algo_)) ids.push_back(*id);
        }
    }
    std::sort(ids.begin(), ids.end());
    slot = std::move(ids);
    return *slot;
}

void LooseStore::find_by_prefix(std::string_view hex_prefix, std::vector<ObjectId>& out) {
    if (hex_prefix.empty()) {
        for (int d = 0; d < 256; ++d) out.insert(out.end(), listing(d).begin(), listing(d).end());
        return;
    }
    int hi = hex_value(hex_prefix[0]);
    if (hi < 0) return;
    int first = hi << 4, last = first | 15;
    if (hex_prefix.size() >= 2) {
        int lo = hex_value(hex_prefix[1]);
        if (lo < 0) return;
        first = last = first | lo;
    }
    char hex[64];
    for (int d = first; d <= last; ++d)
        for (const ObjectId& id : listing(d)) {
            id.to_hex(hex);
            if (std::string_view(hex, hex_prefix.size()) == hex_prefix) out.push_back(id);
        }
}

void LooseStore::reset_cache() {
    for (auto& slot : listings_) slot.reset();
}

}  // namespace grit
