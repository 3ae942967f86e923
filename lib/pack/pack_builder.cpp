#include "pack/pack_builder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <libdeflate.h>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "odb/delta_base_cache.h"
#include "odb/object_database.h"
#include "odb/pack_file.h"
#include "pack/object_details.h"
#include "pack/pack_index_writer.h"
#include "pack/pack_writer.h"
#include "pack/tag_refs.h"
#include "pack/write_order.h"
#include "repo/repository.h"
#include "util/error.h"

namespace grit {

namespace {

unsigned thread_count(unsigned asked) {
    if (asked) return asked;
    unsigned n = std::thread::hardware_concurrency();
    return n ? n : 1;
}

// Runs fn(k) for k in [0, n) on up to `threads` threads.
void parallel_for(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& fn) {
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, n));
    if (threads <= 1) {
        for (std::size_t k = 0; k < n; ++k) fn(k);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&] {
        try {
            for (std::size_t k; (k = next.fetch_add(1)) < n;) fn(k);
        } catch (...) {
            std::lock_guard<std::mutex> lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next = n;
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

// Rewrites the object count of a finished pack and its trailing checksum.
ObjectId fix_pack_header(int fd, std::uint32_t count, HashAlgo algo, std::uint64_t size_without_trailer) {
    std::uint8_t counted[4] = {static_cast<std::uint8_t>(count >> 24), static_cast<std::uint8_t>(count >> 16),
                               static_cast<std::uint8_t>(count >> 8), static_cast<std::uint8_t>(count)};
    if (::pwrite(fd, counted, 4, 8) != 4) throw_errno("unable to rewrite pack header");
    Hasher hasher(algo);
    std::string buf(1 << 20, '\0');
    for (std::uint64_t at = 0; at < size_without_trailer;) {
        std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), size_without_trailer - at));
        ssize_t n = ::pread(fd, buf.data(), want, static_cast<off_t>(at));
        if (n <= 0) throw_errno("unable to read pack");
        hasher.update(buf.data(), static_cast<std::size_t>(n));
        at += static_cast<std::uint64_t>(n);
    }
    ObjectId sum = hasher.finish();
    if (::pwrite(fd, sum.data(), sum.size(), static_cast<off_t>(size_without_trailer)) !=
        static_cast<ssize_t>(sum.size()))
        throw_errno("unable to write pack trailer");
    return sum;
}

}  // namespace

struct PackBuilder::Impl {
    // A whole object read and compressed ahead of its turn.
    struct Prepared {
        ObjectType type = ObjectType::none;
        std::uint64_t size = 0;
        std::string data;  // compressed
    };

    Repository& repo;
    ObjectDatabase& odb;
    PackingList& list;
    std::uint32_t result_count;
    PackBuildOptions opt;
    PackStats stats;
    std::size_t hash_len;
    unsigned threads;

    // Computed deltas, compressed, by delta_data number.
    std::vector<std::string> delta_payload;
    std::vector<std::uint64_t> delta_size;

    std::vector<std::uint32_t> sequence;
    std::size_t prepared_end = 0;  // sequence positions below this were prepared
    std::vector<Prepared> prepared;
    std::unordered_map<std::uint32_t, std::uint32_t> prepared_slot;
    std::uint32_t nr_written = 0;  // in the current pack
    std::vector<std::uint32_t> written_list;
    // Bases for the objects this command reads: a smaller budget than the
    // object database's, as each object is read about once.
    DeltaBaseCache cache{8u << 20};

    Impl(Repository& r, PackingList& l, std::uint32_t count, PackBuildOptions o)
        : repo(r), odb(r.odb()), list(l), result_count(count), opt(std::move(o)),
          hash_len(hash_size(r.hash_algo())), threads(thread_count(opt.delta.threads)) {
        if (!opt.reuse_object) opt.reuse_delta = false;
    }

    void search_deltas(const ProgressSink& compressing, const std::function<void(unsigned)>& threaded);

    // The content of a listed object, from the pack it was found in when it
    // can be read there, else from the object database.
    std::optional<Object> read_object(const PackingEntry& e) {
        if (e.in_pack) {
            try {
                return e.in_pack->read_object(e.in_pack_offset, cache);
            } catch (const Error&) {
            }
        }
        try {
            return odb.read(e.id);
        } catch (const Error&) {
            return std::nullopt;
        }
    }

    bool usable_delta(const PackingEntry& e) const {
        if (e.delta == kNoEntry) return false;
        if (!opt.max_pack_size) return true;
        std::uint64_t base_offset = list[e.delta].offset;
        return base_offset != PackingEntry::kWrittenElsewhere && base_offset != 0;
    }

    bool reuse_copy(const PackingEntry& e, bool usable) const {
        if (!opt.reuse_object || !e.in_pack) return false;
        if (e.reused_delta()) return usable;
        return e.type == e.in_pack_type && e.delta == kNoEntry;
    }

    // Whether the entry will be written whole from the object's content.
    bool needs_whole(const PackingEntry& e) const {
        bool usable = e.delta != kNoEntry;
        if (reuse_copy(e, usable)) return false;
        return !usable;
    }

    // Reads and compresses the whole objects of the next stretch of the
    // sequence (up to ~4 MiB of content), compression on all threads.
    void prepare_from(std::size_t position) {
        prepared.clear();
        prepared_slot.clear();
        std::size_t bytes = 0;
        std::size_t p = position;
        std::vector<std::uint32_t> entries;
        for (; p < sequence.size() && bytes < (4u << 20) && entries.size() < 1024; ++p) {
            const PackingEntry& e = list[sequence[p]];
            if (!needs_whole(e)) continue;
            entries.push_back(sequence[p]);
            bytes += e.size;
        }
        prepared_end = p;
        prepared.resize(entries.size());
        for (std::size_t k = 0; k < entries.size(); ++k) {
            auto object = read_object(list[entries[k]]);
            if (!object) continue;
            prepared[k].type = object->type;
            prepared[k].size = object->data.size();
            prepared[k].data = std::move(object->data);
            prepared_slot.emplace(entries[k], static_cast<std::uint32_t>(k));
        }
        parallel_for(prepared.size(), threads, [&](std::size_t k) {
            if (prepared[k].type != ObjectType::none) prepared[k].data = compress_zlib(prepared[k].data, opt.compression);
        });
    }

    std::size_t write_header_bytes(PackStream& s, const PackingEntry& e, ObjectType type, std::uint64_t size,
                                   std::size_t datalen, std::uint64_t limit, bool& fits) {
        std::uint8_t header[32];
        std::size_t len = encode_entry_header(type, size, header);
        if (type == ObjectType::ofs_delta)
            len += encode_ofs_distance(e.offset - list[e.delta].offset, header + len);
        else if (type == ObjectType::ref_delta) {
            std::memcpy(header + len, list[e.delta].id.data(), hash_len);
            len += hash_len;
        }
        fits = !limit || len + datalen + hash_len < limit;
        if (fits) s.write(header, len);
        return len;
    }

    ObjectType delta_type(const PackingEntry& e) const {
        return opt.ofs_delta && list[e.delta].offset ? ObjectType::ofs_delta : ObjectType::ref_delta;
    }

    // git's write_no_reuse_object; 0 when it does not fit under limit.
    std::uint64_t write_fresh(PackStream& s, std::uint32_t i, std::uint64_t limit, bool& usable) {
        PackingEntry& e = list[i];
        if (usable && e.delta_data == kNoEntry) usable = false;  // a reused delta that cannot be copied
        ObjectType type;
        std::uint64_t size;
        std::string local;
        const std::string* data;
        if (!usable) {
            auto slot = prepared_slot.find(i);
            if (slot != prepared_slot.end() && prepared[slot->second].type != ObjectType::none) {
                const Prepared& p = prepared[slot->second];
                type = p.type;
                size = p.size;
                data = &p.data;
            } else {
                std::optional<Object> object = read_object(e);
                if (!object) throw Error("unable to read " + e.id.hex());
                type = object->type;
                size = object->data.size();
                local = compress_zlib(object->data, opt.compression);
                data = &local;
            }
        } else {
            type = delta_type(e);
            size = delta_size[e.delta_data];
            data = &delta_payload[e.delta_data];
        }
        bool fits;
        std::size_t len = write_header_bytes(s, e, type, size, data->size(), limit, fits);
        if (!fits) return 0;
        s.write(*data);
        return len + data->size();
    }

    // git's write_reuse_object; 0 when it does not fit under limit.
    std::uint64_t write_reused(PackStream& s, std::uint32_t i, std::uint64_t limit, bool& usable) {
        PackingEntry& e = list[i];
        PackFile& pack = *e.in_pack;
        const std::uint64_t start = e.in_pack_offset;
        const std::uint64_t end = pack.entry_end(start);
        const std::uint8_t* bytes = pack.data().data();
        if (opt.check_crc && pack.index().version() > 1) {
            auto pos = pack.index().find(e.id);
            auto crc = pos ? pack.index().crc32_at(*pos) : std::nullopt;
            if (!crc || libdeflate_crc32(0, bytes + start, end - start) != *crc) {
                if (opt.on_error) opt.on_error("bad packed object CRC for " + e.id.hex());
                return write_fresh(s, i, limit, usable);
            }
        }
        const std::uint64_t data_start = start + e.in_pack_header_size;
        const std::uint64_t datalen = end - data_start;
        ObjectType type = e.delta != kNoEntry ? delta_type(e) : e.type;
        bool fits;
        std::size_t len = write_header_bytes(s, e, type, e.size, datalen, limit, fits);
        if (!fits) return 0;
        s.write(bytes + data_start, datalen);
        if (e.delta != kNoEntry) ++stats.reused_delta;
        ++stats.reused;
        return len + datalen;
    }

    // git's write_object: one entry at the current offset; false when it
    // does not fit in this pack.
    bool write_entry(PackStream& s, std::uint32_t i, bool to_stdout) {
        PackingEntry& e = list[i];
        std::uint64_t limit = 0;
        if (opt.max_pack_size && nr_written) {
            limit = opt.max_pack_size <= s.offset() ? 1 : opt.max_pack_size - s.offset();
        }
        bool usable = usable_delta(e);
        const bool copy = reuse_copy(e, usable);
        e.offset = s.offset();
        s.begin_entry();
        std::uint64_t len = copy ? write_reused(s, i, limit, usable) : write_fresh(s, i, limit, usable);
        if (!len) {
            e.offset = 0;
            return false;
        }
        if (usable) ++stats.written_delta;
        ++stats.written;
        if (!to_stdout) e.crc32 = s.end_entry();
        if (e.delta_data != kNoEntry && usable) std::string().swap(delta_payload[e.delta_data]);
        written_list.push_back(i);
        ++nr_written;
        return true;
    }

    // Writes entries from sequence[position] on into one pack; returns how
    // many were written.
    std::uint32_t write_pack(PackStream& s, std::size_t& position, std::uint32_t remaining, Progress* progress,
                             bool to_stdout) {
        s.write_header(remaining);
        nr_written = 0;
        written_list.clear();
        for (; position < sequence.size(); ++position) {
            if (position >= prepared_end) prepare_from(position);
            if (!write_entry(s, sequence[position], to_stdout)) break;
            if (progress) {
                progress->update(stats.written);
                if (to_stdout) progress->throughput(s.offset());
            }
        }
        return nr_written;
    }

    void begin_writing() {
        mark_tagged_objects(list, repo);
        std::vector<std::uint32_t> order = compute_write_order(list);
        sequence = write_sequence(list, order);
        prepared_end = 0;
    }

    void check_count() const {
        if (stats.written != result_count)
            throw Error("wrote " + std::to_string(stats.written) + " objects while expecting " +
                        std::to_string(result_count));
    }
};

void PackBuilder::Impl::search_deltas(const ProgressSink& compressing,
                                      const std::function<void(unsigned)>& threaded) {
    std::vector<DeltaSearchEntry> entries;
    std::vector<std::uint32_t> entry_of;
    std::unordered_map<const PackFile*, std::uint32_t> pack_numbers;
    // Longest chain of reused deltas below each entry (git's check_delta_limit).
    std::vector<std::uint32_t> below(list.size(), 0);
    {
        std::vector<std::uint32_t> by_depth;
        for (std::uint32_t i = 0; i < list.size(); ++i)
            if (list[i].delta != kNoEntry) by_depth.push_back(i);
        std::sort(by_depth.begin(), by_depth.end(),
                  [&](std::uint32_t a, std::uint32_t b) { return list[a].depth > list[b].depth; });
        for (std::uint32_t i : by_depth) {
            std::uint32_t& b = below[list[i].delta];
            b = std::max(b, below[i] + 1);
        }
    }
    for (std::uint32_t i = 0; i < list.size(); ++i) {
        const PackingEntry& e = list[i];
        if (e.delta != kNoEntry || e.reused_delta()) continue;
        if (e.type < ObjectType::commit || e.type > ObjectType::tag || e.size < 50) continue;
        if (e.no_try_delta || (e.type == ObjectType::blob && e.size > opt.big_file_threshold)) continue;
        DeltaSearchEntry d{e.type, e.name_hash, e.size};
        d.preferred_base = e.preferred_base;
        d.reused_children_depth = below[i];
        if (opt.reuse_delta && e.in_pack) {
            auto [it, added] = pack_numbers.emplace(e.in_pack, static_cast<std::uint32_t>(pack_numbers.size() + 1));
            d.reuse_pack = it->second;
            d.reuse_pack_delta = e.in_pack_type == ObjectType::ofs_delta || e.in_pack_type == ObjectType::ref_delta;
        }
        entries.push_back(d);
        entry_of.push_back(i);
    }
    const std::size_t total = delta_search_total(entries);
    if (!total || entries.size() < 2) return;
    Progress meter(compressing, "Compressing objects", total);
    if (threads > 1 && threaded) threaded(threads);
    std::mutex read_mutex;
    auto load = [&](std::size_t k) {
        std::lock_guard<std::mutex> lock(read_mutex);
        auto object = read_object(list[entry_of[k]]);
        if (!object) throw Error("unable to read " + list[entry_of[k]].id.hex());
        return std::move(object->data);
    };
    std::vector<std::uint64_t> raw_sizes(entries.size(), 0);
    DeltaSearchOptions search = opt.delta;
    search.threads = threads;
    search.hash_size = static_cast<unsigned>(hash_len);
    std::vector<DeltaChoice> choices = find_deltas(
        entries, load, search, [&](std::size_t done) { meter.update(done); },
        [&](std::size_t k, DeltaChoice& choice) {
            raw_sizes[k] = choice.delta.size();
            choice.delta = compress_zlib(choice.delta, opt.compression);
        });
    meter.finish();
    for (std::size_t k = 0; k < choices.size(); ++k) {
        DeltaChoice& c = choices[k];
        if (c.base < 0) continue;
        PackingEntry& e = list[entry_of[k]];
        e.delta = entry_of[static_cast<std::size_t>(c.base)];
        e.depth = c.depth;
        e.delta_data = static_cast<std::uint32_t>(delta_payload.size());
        delta_payload.push_back(std::move(c.delta));
        delta_size.push_back(raw_sizes[k]);
    }
}

PackBuilder::PackBuilder(Repository& repo, PackingList& list, std::uint32_t result_count, PackBuildOptions options)
    : impl_(std::make_unique<Impl>(repo, list, result_count, std::move(options))) {}

PackBuilder::~PackBuilder() = default;

const PackStats& PackBuilder::stats() const { return impl_->stats; }

void PackBuilder::prepare(const ProgressSink& counting, const ProgressSink& compressing,
                          const std::function<void(unsigned)>& threaded) {
    Impl& d = *impl_;
    // What the counting walk cached is of no use from here on.
    d.odb.clear_delta_base_cache();
    {
        Progress meter(counting, "Counting objects", d.list.size());
        std::uint64_t done = 0;
        find_object_details(d.list, d.odb, DetailsOptions{d.opt.reuse_delta, d.opt.delta.depth},
                            [&] { meter.update(++done); });
        meter.finish();
    }
    if (d.list.size() && d.opt.delta.window && d.opt.delta.depth) d.search_deltas(compressing, threaded);
}

void PackBuilder::write_stream(int fd, const ProgressSink& writing) {
    Impl& d = *impl_;
    Progress meter(writing, "Writing objects", d.result_count);
    d.begin_writing();
    PackStream stream(fd, d.repo.hash_algo(), false);
    std::size_t position = 0;
    d.write_pack(stream, position, d.result_count, &meter, true);
    stream.finish();
    meter.throughput(stream.offset());
    meter.finish();
    d.check_count();
}

void PackBuilder::write_files(const std::string& base_name, const ProgressSink& writing,
                              const std::function<void(const ObjectId&)>& on_pack) {
    Impl& d = *impl_;
    Progress meter(writing, "Writing objects", d.result_count);
    d.begin_writing();
    const std::string pack_dir = d.odb.objects_dir() + "/pack";
    ::mkdir(pack_dir.c_str(), 0777);
    std::size_t position = 0;
    std::uint32_t remaining = d.result_count;
    time_t last_mtime = 0;
    do {
        std::string tmp = pack_dir + "/tmp_pack_XXXXXX";
        int fd = ::mkstemp(tmp.data());
        if (fd < 0) throw_errno("unable to create temporary file");
        ObjectId checksum;
        std::uint32_t written;
        try {
            PackStream stream(fd, d.repo.hash_algo(), true);
            written = d.write_pack(stream, position, remaining, &meter, false);
            checksum = stream.finish();
            if (written != remaining)
                checksum = fix_pack_header(fd, written, d.repo.hash_algo(), stream.offset() - d.hash_len);
        } catch (...) {
            ::close(fd);
            ::unlink(tmp.c_str());
            throw;
        }
        ::close(fd);
        // Later packs of a split get older mtimes: packs are searched newest first.
        struct stat st;
        if (::stat(tmp.c_str(), &st) == 0) {
            if (!last_mtime) {
                last_mtime = st.st_mtime;
            } else {
                struct utimbuf times {st.st_atime, --last_mtime};
                ::utime(tmp.c_str(), &times);
            }
        }
        std::vector<PackedObjectEntry> entries;
        entries.reserve(d.written_list.size());
        for (std::uint32_t i : d.written_list) entries.push_back(PackedObjectEntry{d.list[i].id, d.list[i].offset, d.list[i].crc32});
        std::string idx = encode_pack_index(entries, checksum, d.opt.index_version, d.opt.index_large_offset);
        std::optional<std::string> rev;
        if (d.opt.write_rev_index) rev = encode_reverse_index(entries, checksum);
        try {
            install_pack_files(tmp, idx, rev ? std::optional<std::string_view>(*rev) : std::nullopt,
                               base_name + "-" + checksum.hex());
        } catch (...) {
            ::unlink(tmp.c_str());
            throw;
        }
        on_pack(checksum);
        for (std::uint32_t i : d.written_list) d.list[i].offset = PackingEntry::kWrittenElsewhere;
        remaining -= written;
    } while (remaining && position < d.sequence.size());
    meter.finish();
    d.check_count();
}

}  // namespace grit
