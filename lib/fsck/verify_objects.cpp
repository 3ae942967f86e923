#include "fsck/verify_objects.h"

#include <dirent.h>
#include <libdeflate.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <memory>
#include <new>
#include <thread>
#include <unordered_map>
#include <fmt/format.h>
#include <zlib.h>

#include "delta/apply.h"
#include "fsck/object_check.h"
#include "hash/hasher.h"
#include "object/commit.h"
#include "object/format_check.h"
#include "object/tag.h"
#include "object/tree.h"
#include "odb/delta_base_cache.h"
#include "odb/loose_store.h"
#include "odb/object_database.h"
#include "odb/pack_file.h"
#include "repo/repository.h"
#include "util/error.h"
#include "util/mapped_file.h"

namespace grit {

namespace {

struct Edge {
    ObjectId id;
    ObjectType type;
};

// Everything fsck finds about one object while reading it.
struct JobResult {
    bool has_obj = false;  // stored and parsed
    ObjectType type = ObjectType::none;
    std::vector<Edge> edges;
    VerifyReport report;

    void reset() {
        has_obj = false;
        type = ObjectType::none;
        edges.clear();
        report.err_lines.clear();
        report.out_lines.clear();
        report.tree_error.clear();
        report.error_bits = 0;
    }
    bool has_report() const {
        return report.error_bits || !report.err_lines.empty() || !report.out_lines.empty() ||
               !report.tree_error.empty();
    }
};

struct Context {
    Repository& repo;
    const FsckOptions& opts;
    const FsckSeverities& severities;
    HashAlgo algo;
    std::string objects_dir;    // for access
    std::string objects_shown;  // as git spells it in messages
    std::vector<std::string> pack_paths;  // as opened
    std::vector<std::string> pack_shown;  // as printed
};

void parse_edges(ObjectType type, std::string_view data, HashAlgo algo, JobResult& r) {
    if (type == ObjectType::tree) {
        TreeReader reader(data, algo);
        TreeEntry e;
        try {
            while (reader.next(e)) {
                if ((e.mode & 0170000) == 0160000) continue;
                r.edges.push_back({e.oid, is_tree_mode(e.mode) ? ObjectType::tree : ObjectType::blob});
            }
        } catch (const CorruptData& err) {
            r.report.tree_error = err.what();
        }
    } else if (type == ObjectType::commit) {
        ParsedCommit c = parse_commit(data, algo);
        r.edges.push_back({c.tree, ObjectType::tree});
        for (const ObjectId& p : c.parents) r.edges.push_back({p, ObjectType::commit});
    } else if (type == ObjectType::tag) {
        ParsedTag t = parse_tag(data, algo);
        r.edges.push_back({t.object, t.type});
    }
}

// Everything git's fsck_obj does with a parsed object.
void check_parsed(const Context& ctx, const ObjectId& id, ObjectType type, std::string_view data, JobResult& r) {
    const std::string t(type_name(type));
    VerifyReport& rep = r.report;
    if (!rep.tree_error.empty()) {
        rep.err_lines.push_back("error: " + rep.tree_error);
        rep.err_lines.push_back(fmt::format("error in {} {}: broken links", t, id.hex()));
        rep.error_bits |= fsck_error_object;
    }
    std::vector<FsckFinding> findings;
    bool failed = fsck_check_object(id, type, data, ctx.severities, findings);
    for (const FsckFinding& f : findings) {
        if (!rep.tree_error.empty() && f.text.starts_with("badTree:")) rep.err_lines.push_back("error: " + rep.tree_error);
        rep.err_lines.push_back(fmt::format("{} in {} {}: {}", f.is_error ? "error" : "warning", t, id.hex(), f.text));
    }
    if (failed) {
        rep.error_bits |= fsck_error_object;
        return;
    }
    if (type == ObjectType::commit && ctx.opts.show_root) {
        bool has_parent = std::any_of(r.edges.begin(), r.edges.end(), [](const Edge& e) { return e.type == ObjectType::commit; });
        if (!has_parent) rep.out_lines.push_back("root " + id.hex());
    }
    if (type == ObjectType::tag && ctx.opts.show_tags && !r.edges.empty()) {
        ParsedTag tag = parse_tag(data, ctx.algo);
        rep.out_lines.push_back(fmt::format("tagged {} {} ({}) in {}", type_name(tag.type), tag.object.hex(), tag.name,
                                            id.hex()));
    }
}

// Parsing as git's parse_object_buffer: false (with git's lines) when it fails.
bool parse_object(const Context& ctx, const ObjectId& id, ObjectType type, std::string_view data, JobResult& r) {
    try {
        if (type == ObjectType::commit || type == ObjectType::tag) check_object_format(type, data, ctx.algo, &id);
        parse_edges(type, data, ctx.algo, r);
        return true;
    } catch (const CorruptData& e) {
        for (const std::string& l : e.error_lines) r.report.err_lines.push_back("error: " + l);
        r.edges.clear();
        return false;
    }
}

// The object has been read (and, for a full fsck, hashed): parse and check it.
void finish(const Context& ctx, const ObjectId& id, ObjectType type, std::string_view data, JobResult& r,
            const std::string& unparsable) {
    r.type = type;
    if (!parse_object(ctx, id, type, data, r)) {
        r.report.err_lines.push_back(unparsable.empty() ? fmt::format("error: {}: object corrupt or missing", id.hex())
                                                        : unparsable);
        r.report.error_bits |= fsck_error_object;
        return;
    }
    r.has_obj = true;
    if (!ctx.opts.connectivity_only) check_parsed(ctx, id, type, data, r);
}

// A packed object for the ordinary path.
struct PackedJob {
    std::uint32_t pack = 0;
    std::uint64_t offset = 0;
    std::uint64_t end = 0;  // where the entry ends (for its CRC)
    std::uint32_t idx_pos = 0;
    ObjectId id;
};

// The ordinary way: one object at a time, through the object readers, with
// git's words for every failure.
class Worker {
public:
    explicit Worker(const Context& ctx) : ctx_(ctx), loose_(ctx.objects_dir, ctx.algo) {}

    void check_loose(const ObjectId& id, JobResult& r) {
        const std::string hex = id.hex();
        const std::string shown = ctx_.objects_shown + "/" + hex.substr(0, 2) + "/" + hex.substr(2);
        std::vector<std::string>& err = r.report.err_lines;
        std::optional<Object> obj;
        try {
            obj = loose_.read(id, false);
        } catch (const CorruptData& e) {
            // git reads loose objects for fsck with its own wording
            const std::string unpack_header = "unable to unpack header of " + shown;
            for (const std::string& l : e.error_lines) {
                if (l.starts_with("unable to unpack ") || l.starts_with("header for "))
                    err.push_back("error: " + unpack_header);
                else if (l.starts_with("object file ") && l.ends_with(" is empty"))
                    err.insert(err.end(), {"error: object file " + shown + " is empty",
                                           "error: unable to mmap " + shown + ": No such file or directory"});
                else
                    err.push_back("error: " + l);
            }
        }
        if (!obj) {
            err.push_back(fmt::format("error: {}: object corrupt or missing: {}", hex, shown));
            r.report.error_bits |= fsck_error_object;
            return;
        }
        if (ctx_.opts.connectivity_only) {
            finish(ctx_, id, obj->type, obj->data, r, "");
            return;
        }
        ObjectId real = hash_object_text(ctx_.algo, type_name(obj->type), obj->data);
        if (real != id) {
            err.push_back(fmt::format("error: {}: hash-path mismatch, found at: {}", real.hex(), shown));
            r.report.error_bits |= fsck_error_object;
            return;
        }
        finish(ctx_, id, obj->type, obj->data, r, fmt::format("error: {}: object could not be parsed: {}", hex, shown));
    }

    void check_packed(const PackedJob& job, JobResult& r) {
        PackFile& p = pack(job.pack);
        const std::string& shown = ctx_.pack_shown[job.pack];
        const std::string hex = job.id.hex();
        std::vector<std::string>& err = r.report.err_lines;
        if (ctx_.opts.connectivity_only) {
            ObjectHeader h = p.object_header(job.offset, false);
            r.type = h.type;
            if (h.type == ObjectType::blob) {
                r.has_obj = true;
                return;
            }
        } else if (auto crc = p.index().crc32_at(job.idx_pos)) {
            const MappedFile& m = p.data();
            std::uint32_t actual = 0;
            if (job.end <= m.size() && job.end > job.offset)
                actual = static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(m.data()) + job.offset,
                                                          static_cast<uInt>(job.end - job.offset)));
            if (actual != *crc) {
                err.push_back(fmt::format("error: index CRC mismatch for object {} from {} at offset {}", hex, shown,
                                          job.offset));
                r.report.error_bits |= fsck_error_pack;
            }
        }
        Object obj;
        try {
            obj = p.read_object(job.offset, cache_);
        } catch (const Error& e) {
            for (const std::string& l : e.error_lines) err.push_back("error: " + l);
            err.push_back(fmt::format("error: cannot unpack {} from {} at offset {}", hex, shown, job.offset));
            r.report.error_bits |= fsck_error_pack;
            return;
        }
        if (!ctx_.opts.connectivity_only && hash_object_text(ctx_.algo, type_name(obj.type), obj.data) != job.id) {
            err.push_back(fmt::format("error: packed {} from {} is corrupt", hex, shown));
            r.report.error_bits |= fsck_error_pack;
            return;
        }
        finish(ctx_, job.id, obj.type, obj.data, r, "");
    }

private:
    PackFile& pack(std::uint32_t i) {
        if (packs_.size() <= i) packs_.resize(i + 1);
        if (!packs_[i]) packs_[i] = std::make_unique<PackFile>(ctx_.pack_paths[i], ctx_.algo);
        return *packs_[i];
    }

    const Context& ctx_;
    LooseStore loose_;
    std::vector<std::unique_ptr<PackFile>> packs_;
    DeltaBaseCache cache_{32u << 20};
};

// The checksums of a pack and of its index.
void check_trailer(const Context& ctx, PackFile& p, std::uint32_t pack, JobResult& r) {
    const std::string& shown = ctx.pack_shown[pack];
    const std::size_t raw = hash_size(ctx.algo);
    const MappedFile& idx = p.index().file();
    Hasher ih(ctx.algo);
    ih.update(idx.data(), idx.size() - raw);
    if (std::memcmp(ih.finish().data(), reinterpret_cast<const char*>(idx.data()) + idx.size() - raw, raw) != 0) {
        r.report.err_lines.push_back(fmt::format("error: Packfile index for {} hash mismatch", shown));
        r.report.error_bits |= fsck_error_pack;
    }
    const MappedFile& m = p.data();
    Hasher ph(ctx.algo);
    ph.update(m.data(), m.size() - raw);
    const char* trailer = reinterpret_cast<const char*>(m.data()) + m.size() - raw;
    if (std::memcmp(ph.finish().data(), trailer, raw) != 0) {
        r.report.err_lines.push_back(fmt::format("error: {} pack checksum mismatch", shown));
        r.report.error_bits |= fsck_error_pack;
    }
    if (std::memcmp(p.index().pack_checksum().data(), trailer, raw) != 0) {
        r.report.err_lines.push_back(fmt::format("error: {} pack checksum does not match its index", shown));
        r.report.error_bits |= fsck_error_pack;
    }
}

// A pack's entries by offset ("rank"), with each entry's deltas, so that
// every delta can be applied while its base is at hand.
struct PackPlan {
    static constexpr std::uint32_t kNoBase = UINT32_MAX;
    enum State : std::uint8_t { pending, done, ordinary };

    std::unique_ptr<PackFile> pack;
    std::uint32_t pack_index = 0;  // in Context::pack_paths
    std::uint32_t first_item = 0;  // item of rank 0
    std::vector<std::uint64_t> offsets;  // by rank, then where the trailer starts
    std::vector<std::uint32_t> idx_pos;
    std::vector<std::uint64_t> sizes;  // inflated size of the entry's data
    std::vector<std::uint16_t> header_lens;
    std::vector<ObjectType> types;  // as stored: ofs_delta / ref_delta for deltas
    std::vector<std::uint32_t> child_first;  // deltas of rank r: children[child_first[r], child_first[r + 1])
    std::vector<std::uint32_t> children;
    std::vector<std::uint32_t> roots;  // whole (non-delta) entries with sound headers
    std::vector<State> states;

    std::uint32_t count() const { return static_cast<std::uint32_t>(idx_pos.size()); }

    // Reads every entry header. An entry whose header or base is not sound is
    // left to the ordinary path (as is everything built on it).
    void build(std::uint32_t pack_idx, std::uint32_t first) {
        pack_index = pack_idx;
        first_item = first;
        const PackIndex& idx = pack->index();
        const std::uint32_t n = idx.count();
        std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
        order.reserve(n);
        for (std::uint32_t i = 0; i < n; ++i) order.emplace_back(idx.offset_at(i), i);
        std::sort(order.begin(), order.end());
        offsets.resize(n + 1);
        idx_pos.resize(n);
        for (std::uint32_t k = 0; k < n; ++k) {
            offsets[k] = order[k].first;
            idx_pos[k] = order[k].second;
        }
        offsets[n] = pack->pack_size() - hash_size(pack->algo());
        order = {};
        sizes.assign(n, 0);
        header_lens.assign(n, 0);
        types.assign(n, ObjectType::none);
        states.assign(n, pending);
        std::vector<std::uint32_t> base(n, kNoBase);
        auto rank_of = [&](std::uint64_t offset) -> std::uint32_t {
            auto it = std::lower_bound(offsets.begin(), offsets.begin() + n, offset);
            return it != offsets.begin() + n && *it == offset ? static_cast<std::uint32_t>(it - offsets.begin()) : kNoBase;
        };
        for (std::uint32_t k = 0; k < n; ++k) {
            PackEntryHeader h;
            try {
                h = pack->entry_header(offsets[k]);
            } catch (const Error&) {
                states[k] = ordinary;
                continue;
            }
            if (h.header_len > UINT16_MAX || offsets[k] + h.header_len > offsets[n]) {
                states[k] = ordinary;
                continue;
            }
            types[k] = h.type;
            sizes[k] = h.size;
            header_lens[k] = static_cast<std::uint16_t>(h.header_len);
            if (h.type == ObjectType::ofs_delta) {
                base[k] = rank_of(h.base_offset);
            } else if (h.type == ObjectType::ref_delta) {
                auto at = pack->find_offset(*h.base_id);
                base[k] = at ? rank_of(*at) : kNoBase;
            } else {
                roots.push_back(k);
                continue;
            }
            if (base[k] == kNoBase || base[k] == k) states[k] = ordinary;
        }
        child_first.assign(n + 1, 0);
        for (std::uint32_t k = 0; k < n; ++k)
            if (states[k] == pending && base[k] != kNoBase) ++child_first[base[k] + 1];
        for (std::uint32_t k = 0; k < n; ++k) child_first[k + 1] += child_first[k];
        children.resize(child_first[n]);
        std::vector<std::uint32_t> fill(child_first.begin(), child_first.end() - 1);
        for (std::uint32_t k = 0; k < n; ++k)
            if (states[k] == pending && base[k] != kNoBase) children[fill[base[k]]++] = k;
    }
};

// What one thread keeps: its edges, its reports, and the ids it met that
// had no number yet (numbered after all threads are done).
struct ThreadState {
    EdgeStore edges;
    std::vector<std::pair<std::uint32_t, VerifyReport>> reports;
    std::vector<ObjectId> unknown;
    std::unordered_map<ObjectId, std::uint32_t, ObjectIdHash> unknown_index;
    JobResult scratch;
};

constexpr std::uint32_t kUnknownBit = 0x80000000u;

class Verifier {
public:
    Verifier(const Context& ctx, const ObjectNumbers& numbers, Verified& out, std::uint8_t thread, ThreadState& ts)
        : ctx_(ctx), numbers_(numbers), out_(out), thread_(thread), ts_(ts), worker_(ctx) {
        inflater_ = libdeflate_alloc_decompressor();
        if (!inflater_) throw std::bad_alloc();
    }
    ~Verifier() { libdeflate_free_decompressor(inflater_); }
    Verifier(const Verifier&) = delete;
    Verifier& operator=(const Verifier&) = delete;

    // Keeps what `r` found about item `item`.
    void store(std::uint32_t item, JobResult& r) {
        VerifiedItem& v = out_.items[item];
        v.has_obj = r.has_obj;
        v.type = r.type;
        v.edge_store = thread_;
        const std::size_t first = ts_.edges.numbers.size(), count = r.edges.size();
        v.edges_first = static_cast<std::uint32_t>(first);
        v.edges_count = static_cast<std::uint32_t>(count);
        ts_.edges.numbers.resize(first + count);
        // Lookups in batches, so that their cache misses overlap.
        constexpr std::size_t kBatch = 16;
        const ObjectId* batch[kBatch];
        for (std::size_t k = 0; k < count; k += kBatch) {
            const std::size_t c = std::min(kBatch, count - k);
            for (std::size_t j = 0; j < c; ++j) batch[j] = &r.edges[k + j].id;
            numbers_.find_many(batch, c, ts_.edges.numbers.data() + first + k);
        }
        for (std::size_t k = 0; k < count; ++k) {
            const Edge& e = r.edges[k];
            std::uint32_t& n = ts_.edges.numbers[first + k];
            if (n == ObjectNumbers::kNone) {
                auto [it, added] = ts_.unknown_index.emplace(e.id, static_cast<std::uint32_t>(ts_.unknown.size()));
                if (added) ts_.unknown.push_back(e.id);
                n = kUnknownBit | it->second;
            }
            ts_.edges.types.push_back(static_cast<std::uint8_t>(e.type));
        }
        if (r.has_report()) ts_.reports.emplace_back(item, std::move(r.report));
    }

    void loose(std::uint32_t item) {
        JobResult& r = fresh();
        run_guarded(r, [&] { worker_.check_loose(numbers_.id(out_.items[item].number), r); });
        store(item, r);
    }

    void trailer(PackPlan& plan) {
        JobResult& r = fresh();
        run_guarded(r, [&] { check_trailer(ctx_, *plan.pack, plan.pack_index, r); });
        store(plan.first_item - 1, r);
    }

    // The ordinary path for one entry.
    void ordinary(PackPlan& plan, std::uint32_t rank) {
        const std::uint32_t item = plan.first_item + rank;
        PackedJob job;
        job.pack = plan.pack_index;
        job.offset = plan.offsets[rank];
        job.end = plan.offsets[rank + 1];
        job.idx_pos = plan.idx_pos[rank];
        job.id = numbers_.id(out_.items[item].number);
        JobResult& r = fresh();
        run_guarded(r, [&] { worker_.check_packed(job, r); });
        store(item, r);
    }

    // A whole entry and every delta built on it, depth first.
    void resolve_root(PackPlan& plan, std::uint32_t root) {
        const ObjectType type = plan.types[root];
        if (ctx_.opts.connectivity_only && type == ObjectType::blob) {
            mark_blobs(plan, root);
            return;
        }
        std::string data(plan.sizes[root], '\0');
        if (!inflate(plan, root, data.data()) || !accept(plan, root, type, data)) {
            give_up(plan, root);
            return;
        }
        struct Frame {
            std::uint32_t rank;
            std::uint32_t next_child;
            std::string data;
        };
        std::vector<Frame> stack;
        if (plan.child_first[root] != plan.child_first[root + 1])
            stack.push_back(Frame{root, plan.child_first[root], std::move(data)});
        while (!stack.empty()) {
            Frame& f = stack.back();
            if (f.next_child == plan.child_first[f.rank + 1]) {
                stack.pop_back();
                continue;
            }
            const std::uint32_t child = plan.children[f.next_child++];
            std::string result;
            if (!apply(plan, child, f.data, result) || !accept(plan, child, type, result)) {
                give_up(plan, child);
                continue;
            }
            if (plan.child_first[child] != plan.child_first[child + 1])
                stack.push_back(Frame{child, plan.child_first[child], std::move(result)});
        }
    }

private:
    JobResult& fresh() {
        ts_.scratch.reset();
        return ts_.scratch;
    }

    template <class F>
    void run_guarded(JobResult& r, F&& f) {
        try {
            f();
        } catch (const Error& e) {
            for (const std::string& l : e.error_lines) r.report.err_lines.push_back("error: " + l);
            r.report.err_lines.push_back(std::string("error: ") + e.what());
            r.report.error_bits |= fsck_error_object;
        }
    }

    // Connectivity only: blobs are not read at all.
    void mark_blobs(PackPlan& plan, std::uint32_t root) {
        std::vector<std::uint32_t> todo{root};
        while (!todo.empty()) {
            const std::uint32_t k = todo.back();
            todo.pop_back();
            plan.states[k] = PackPlan::done;
            VerifiedItem& v = out_.items[plan.first_item + k];
            v.has_obj = true;
            v.type = ObjectType::blob;
            v.edge_store = thread_;
            for (std::uint32_t c = plan.child_first[k]; c < plan.child_first[k + 1]; ++c) todo.push_back(plan.children[c]);
        }
    }

    // Leaves `rank` and everything built on it to the ordinary path.
    void give_up(PackPlan& plan, std::uint32_t rank) {
        std::vector<std::uint32_t> todo{rank};
        while (!todo.empty()) {
            const std::uint32_t k = todo.back();
            todo.pop_back();
            plan.states[k] = PackPlan::ordinary;
            for (std::uint32_t c = plan.child_first[k]; c < plan.child_first[k + 1]; ++c) todo.push_back(plan.children[c]);
        }
    }

    bool inflate(PackPlan& plan, std::uint32_t rank, char* out) {
        const MappedFile& m = plan.pack->data();
        const std::uint64_t start = plan.offsets[rank] + plan.header_lens[rank];
        const std::uint64_t end = plan.offsets[plan.count()];
        const std::size_t size = static_cast<std::size_t>(plan.sizes[rank]);
        // a claim beyond what deflate can produce is left to the ordinary path
        if (start > end || plan.sizes[rank] > (end - start) * 1032 + 1024) return false;
        std::size_t wrote = 0;
        libdeflate_result res = libdeflate_zlib_decompress_ex(inflater_, m.data() + start, static_cast<std::size_t>(end - start),
                                                              out, size, nullptr, &wrote);
        return res == LIBDEFLATE_SUCCESS && wrote == size;
    }

    bool apply(PackPlan& plan, std::uint32_t rank, const std::string& base, std::string& result) {
        const std::size_t size = static_cast<std::size_t>(plan.sizes[rank]);
        if (delta_capacity_ < size || !delta_) {
            delta_capacity_ = std::max<std::size_t>({size, 2 * delta_capacity_, 4096});
            delta_.reset(new char[delta_capacity_]);
        }
        if (!inflate(plan, rank, delta_.get())) return false;
        try {
            DeltaHeader dh = read_delta_header(reinterpret_cast<const std::uint8_t*>(delta_.get()), size);
            if (dh.base_size != base.size()) return false;
            apply_delta(base, std::string_view(delta_.get(), size), result);
        } catch (const CorruptData&) {
            return false;
        }
        return true;
    }

    // Checks an entry read on the fast path; false leaves it to the ordinary
    // path, which reports what is wrong.
    bool accept(PackPlan& plan, std::uint32_t rank, ObjectType type, const std::string& data) {
        const std::uint32_t item = plan.first_item + rank;
        const ObjectId& id = numbers_.id(out_.items[item].number);
        if (!ctx_.opts.connectivity_only) {
            if (auto crc = plan.pack->index().crc32_at(plan.idx_pos[rank])) {
                const std::uint64_t begin = plan.offsets[rank], end = plan.offsets[rank + 1];
                const auto actual = static_cast<std::uint32_t>(
                    crc32(0, plan.pack->data().data() + begin, static_cast<uInt>(end - begin)));
                if (actual != *crc) return false;
            }
            if (hash_object_text(ctx_.algo, type_name(type), data) != id) return false;
        }
        JobResult& r = fresh();
        try {
            finish(ctx_, id, type, data, r, "");
        } catch (const Error&) {
            return false;
        }
        store(item, r);
        plan.states[rank] = PackPlan::done;
        return true;
    }

    const Context& ctx_;
    const ObjectNumbers& numbers_;
    Verified& out_;
    std::uint8_t thread_;
    ThreadState& ts_;
    Worker worker_;
    libdeflate_decompressor* inflater_ = nullptr;
    std::unique_ptr<char[]> delta_;
    std::size_t delta_capacity_ = 0;
};

void list_loose(const std::string& dir, HashAlgo algo, std::vector<ObjectId>& ids) {
    LooseStore store(dir, algo);
    store.for_each([&](const ObjectId& id) { ids.push_back(id); });
}

// Work in git's order of items, spread over the threads.
struct Task {
    enum Kind : std::uint8_t { loose, trailer, roots, ordinary } kind;
    std::uint32_t plan = 0;
    std::uint32_t begin = 0, end = 0;  // items (loose) or roots / ranks of the plan
};

}  // namespace

Verified verify_objects(Repository& repo, const FsckOptions& opts, const FsckSeverities& severities,
                        ObjectNumbers& numbers, const FsckSink& sink) {
    Context ctx{repo, opts, severities, repo.hash_algo(), repo.odb().objects_dir(), repo.git_path("objects"), {}, {}};
    Verified out;

    std::vector<ObjectId> loose_ids;
    list_loose(ctx.objects_dir, ctx.algo, loose_ids);
    std::vector<PackPlan> plans;
    {
        DIR* d = opendir((ctx.objects_dir + "/pack").c_str());
        std::vector<std::string> names;
        while (d) {
            dirent* e = readdir(d);
            if (!e) break;
            std::string n = e->d_name;
            if (n.size() > 5 && n.ends_with(".pack")) names.push_back(n);
        }
        if (d) closedir(d);
        std::sort(names.begin(), names.end());
        for (const std::string& n : names) {
            // git lists only packs that have an index
            const std::string idx_path = ctx.objects_dir + "/pack/" + n.substr(0, n.size() - 5) + ".idx";
            if (!std::filesystem::exists(idx_path)) continue;
            std::unique_ptr<PackFile> p;
            const std::string shown = ctx.objects_shown + "/pack/" + n;
            try {
                p = std::make_unique<PackFile>(ctx.objects_dir + "/pack/" + n, ctx.algo);
                p->data();
            } catch (const Error& e) {
                // A pack git cannot open: its objects are not there for it.
                if (!opts.connectivity_only) {
                    std::vector<std::string> lines = e.error_lines;
                    if (lines.empty() && !p) lines.push_back(e.what());
                    for (std::string l : lines) {
                        if (auto at = l.find(ctx.objects_dir); at != std::string::npos)
                            l.replace(at, ctx.objects_dir.size(), ctx.objects_shown);
                        sink.err("error: " + l);
                    }
                    sink.err("error: packfile " + shown + (p ? " cannot be accessed" : " index not opened"));
                    out.errors |= fsck_error_pack;
                }
                continue;
            }
            ctx.pack_paths.push_back(p->pack_path());
            ctx.pack_shown.push_back(shown);
            plans.emplace_back().pack = std::move(p);
        }
    }

    // Items in git's order, each object with the number of its id.
    std::size_t total = loose_ids.size();
    for (const PackPlan& plan : plans) total += plan.pack->index().count() + 1;
    numbers.reserve(total);
    out.items.reserve(total);
    for (const ObjectId& id : loose_ids) {
        VerifiedItem v;
        v.kind = VerifiedItem::loose;
        v.number = numbers.insert(id);
        out.items.push_back(v);
    }
    loose_ids = {};
    for (std::uint32_t pi = 0; pi < plans.size(); ++pi) {
        PackPlan& plan = plans[pi];
        if (!opts.connectivity_only) {
            VerifiedItem t;
            t.kind = VerifiedItem::pack_trailer;
            t.pack = pi;
            out.items.push_back(t);
        }
        plan.build(pi, static_cast<std::uint32_t>(out.items.size()));
        // Numbered in index order (sorted ids fill the table front to back).
        const PackIndex& idx = plan.pack->index();
        std::vector<std::uint32_t> number_at(idx.count());
        for (std::uint32_t pos = 0; pos < idx.count(); ++pos) number_at[pos] = numbers.insert(idx.oid_at(pos));
        for (std::uint32_t k = 0; k < plan.count(); ++k) {
            VerifiedItem v;
            v.kind = VerifiedItem::packed;
            v.pack = pi;
            v.number = number_at[plan.idx_pos[k]];
            out.items.push_back(v);
        }
    }

    const unsigned nthreads =
        std::max(1u, std::min<unsigned>(std::min(opts.threads, 255u), static_cast<unsigned>(total / 64 + 1)));
    std::vector<ThreadState> states(nthreads);

    auto run_tasks = [&](const std::vector<Task>& tasks) {
        std::atomic<std::size_t> next{0};
        auto work = [&](std::uint8_t t) {
            Verifier v(ctx, numbers, out, t, states[t]);
            for (std::size_t i; (i = next.fetch_add(1)) < tasks.size();) {
                const Task& task = tasks[i];
                switch (task.kind) {
                case Task::loose:
                    for (std::uint32_t k = task.begin; k < task.end; ++k) v.loose(k);
                    break;
                case Task::trailer: v.trailer(plans[task.plan]); break;
                case Task::roots:
                    for (std::uint32_t k = task.begin; k < task.end; ++k)
                        v.resolve_root(plans[task.plan], plans[task.plan].roots[k]);
                    break;
                case Task::ordinary:
                    for (std::uint32_t k = task.begin; k < task.end; ++k)
                        if (plans[task.plan].states[k] != PackPlan::done) v.ordinary(plans[task.plan], k);
                    break;
                }
            }
        };
        std::vector<std::thread> threads;
        for (unsigned t = 1; t < nthreads; ++t) threads.emplace_back(work, static_cast<std::uint8_t>(t));
        work(0);
        for (std::thread& t : threads) t.join();
    };

    // Fast path: pack checksums first (one long task each), loose objects,
    // then every pack's delta trees.
    std::vector<Task> tasks;
    for (std::uint32_t pi = 0; pi < plans.size(); ++pi)
        if (!opts.connectivity_only) tasks.push_back(Task{Task::trailer, pi, 0, 0});
    std::uint32_t loose_items = 0;
    while (loose_items < out.items.size() && out.items[loose_items].kind == VerifiedItem::loose) ++loose_items;
    for (std::uint32_t k = 0; k < loose_items; k += 256) tasks.push_back(Task{Task::loose, 0, k, std::min(loose_items, k + 256)});
    for (std::uint32_t pi = 0; pi < plans.size(); ++pi) {
        const auto n = static_cast<std::uint32_t>(plans[pi].roots.size());
        for (std::uint32_t k = 0; k < n; k += 128) tasks.push_back(Task{Task::roots, pi, k, std::min(n, k + 128)});
    }
    run_tasks(tasks);

    // The ordinary path for whatever the fast path could not do.
    tasks.clear();
    for (std::uint32_t pi = 0; pi < plans.size(); ++pi) {
        const PackPlan& plan = plans[pi];
        for (std::uint32_t k = 0; k < plan.count(); ++k) {
            if (plan.states[k] == PackPlan::done) continue;
            std::uint32_t end = std::min(plan.count(), k + 256);
            tasks.push_back(Task{Task::ordinary, pi, k, end});
            k = end - 1;
        }
    }
    run_tasks(tasks);
    plans.clear();

    // Number the ids only threads met, then gather edges and reports.
    for (ThreadState& ts : states) {
        std::vector<std::uint32_t> global(ts.unknown.size());
        for (std::size_t i = 0; i < ts.unknown.size(); ++i) global[i] = numbers.insert(ts.unknown[i]);
        for (std::uint32_t& n : ts.edges.numbers)
            if (n & kUnknownBit) n = global[n & ~kUnknownBit];
        out.edges.push_back(std::move(ts.edges));
        for (auto& r : ts.reports) out.reports.push_back(std::move(r));
    }
    std::sort(out.reports.begin(), out.reports.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
}

}  // namespace grit
