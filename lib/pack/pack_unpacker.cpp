#include "pack/pack_unpacker.h"

#include <algorithm>
#include <fmt/format.h>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "delta/apply.h"
#include "fsck/object_check.h"
#include "object/commit.h"
#include "object/tag.h"
#include "object/tree.h"
#include "odb/object_database.h"
#include "pack/pack_stream_reader.h"
#include "util/error.h"

namespace grit {

namespace {

struct HeldObject {
    ObjectType type;
    std::string data;
};

class Unpacker {
public:
    Unpacker(int in_fd, ObjectDatabase& odb, const UnpackOptions& options)
        : reader_(in_fd, -1, odb.algo(), UINT64_MAX), odb_(odb), options_(options), algo_(odb.algo()) {}

    UnpackResult run() {
        auto header = reader_.read_raw_header();
        if (header.signature != 0x5041434b) throw CorruptData("bad pack file");
        if (!PackStreamReader::version_ok(header.version))
            throw CorruptData(fmt::format("unknown pack file version {}", header.version));
        {
            std::optional<Progress> meter;
            if (options_.progress) meter.emplace(options_.progress, "Unpacking objects", header.count);
            for (std::uint32_t nr = 0; nr < header.count; ++nr) {
                if (!unpack_one(nr)) {
                    result_.stopped = true;
                    return result_;
                }
                if (meter) meter->update(nr + 1);
            }
        }
        if (!pending_.empty()) throw CorruptData("unresolved deltas left after unpacking");
        ObjectId checksum = reader_.running_checksum();
        if (options_.strict) write_rest();
        if (!reader_.consume_trailer(checksum)) throw CorruptData("final sha1 did not match");
        result_.after_pack = std::string(reader_.unread());
        return result_;
    }

private:
    struct Entry {
        std::uint64_t offset = 0;
        ObjectId id;  // null until known
    };
    struct PendingDelta {
        std::uint32_t nr;
        ObjectId base_id;            // ref_delta
        std::uint64_t base_offset;  // ofs_delta (0 for ref_delta)
        std::string delta;
    };

    // Reports an entry git could not read; false when that ends the run.
    bool entry_error(const std::string& line) {
        if (options_.on_error) options_.on_error(line);
        result_.had_errors = true;
        return options_.recover;
    }

    // The entry's data; nullopt (after reporting) when it does not inflate.
    std::optional<std::string> get_data(PackStreamEntry& entry, bool& go_on) {
        std::string data;
        auto r = reader_.inflate_data(entry, data, false, true);
        go_on = true;
        if (!r.ok) {
            if (!r.error_line.empty() && options_.on_error) options_.on_error(r.error_line);
            go_on = entry_error(fmt::format("inflate returned {}", r.status));
            return std::nullopt;
        }
        return data;
    }

    bool unpack_one(std::uint32_t nr) {
        PackStreamEntry entry;
        auto problem = reader_.read_entry_header(entry);
        entries_.push_back({entry.offset, ObjectId::null(algo_)});
        switch (problem) {
        case PackStreamReader::HeaderProblem::none: break;
        case PackStreamReader::HeaderProblem::unknown_type:
            return entry_error(fmt::format("bad object type {}", static_cast<int>(entry.type)));
        case PackStreamReader::HeaderProblem::offset_overflow:
            throw CorruptData("offset value overflow for delta base object");
        case PackStreamReader::HeaderProblem::offset_out_of_bound:
            throw CorruptData("offset value out of bound for delta base object");
        }
        bool go_on;
        auto data = get_data(entry, go_on);
        if (!data || options_.dry_run) return go_on;

        if (entry.type != ObjectType::ofs_delta && entry.type != ObjectType::ref_delta) {
            write_object(nr, entry.type, std::move(*data));
            return true;
        }
        ObjectId base = ObjectId::null(algo_);
        if (entry.type == ObjectType::ref_delta) {
            base = entry.base_id;
            if (!odb_.contains(base) && !held_.count(base)) {
                pending_.push_back({nr, base, 0, std::move(*data)});
                return true;
            }
        } else {
            auto it = std::lower_bound(entries_.begin(), entries_.begin() + nr, entry.base_offset,
                                       [](const Entry& e, std::uint64_t off) { return e.offset < off; });
            if (it == entries_.begin() + nr || it->offset != entry.base_offset || it->id.is_null()) {
                // The base is a delta not resolved yet.
                pending_.push_back({nr, ObjectId::null(algo_), entry.base_offset, std::move(*data)});
                return true;
            }
            base = it->id;
        }
        if (auto held = held_.find(base); held != held_.end()) {
            resolve_delta(nr, held->second.type, held->second.data, *data);
            return true;
        }
        auto base_object = odb_.read(base);
        if (!base_object) return entry_error("failed to read delta-pack base object " + base.hex());
        resolve_delta(nr, base_object->type, base_object->data, *data);
        return true;
    }

    void resolve_delta(std::uint32_t nr, ObjectType type, std::string_view base, std::string_view delta) {
        std::string result;
        try {
            apply_delta(base, delta, result);
        } catch (const CorruptData&) {
            throw CorruptData("failed to apply delta");
        }
        write_object(nr, type, std::move(result));
    }

    // Writes (or with strict, holds) an object, then resolves the deltas
    // waiting for it, and theirs in turn.
    void write_object(std::uint32_t nr, ObjectType type, std::string data) {
        struct Ready {
            std::uint32_t nr;
            ObjectType type;
            std::string data;
        };
        std::vector<Ready> ready;
        ready.push_back({nr, type, std::move(data)});
        while (!ready.empty()) {
            Ready r = std::move(ready.back());
            ready.pop_back();
            ObjectId id;
            if (options_.strict && r.type != ObjectType::blob) {
                id = odb_.hash(r.type, r.data);
            } else {
                id = odb_.write(r.type, r.data);
                if (options_.strict) written_.insert(id);
            }
            entries_[r.nr].id = id;
            for (std::size_t i = 0; i < pending_.size();) {
                PendingDelta& p = pending_[i];
                if (p.base_id == id || (p.base_offset && p.base_offset == entries_[r.nr].offset)) {
                    std::string result;
                    try {
                        apply_delta(r.data, p.delta, result);
                    } catch (const CorruptData&) {
                        throw CorruptData("failed to apply delta");
                    }
                    ready.push_back({p.nr, r.type, std::move(result)});
                    pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(i));
                    continue;
                }
                ++i;
            }
            if (options_.strict && r.type != ObjectType::blob) {
                held_order_.push_back(id);
                held_.emplace(id, HeldObject{r.type, std::move(r.data)});
            }
        }
    }

    std::vector<std::pair<ObjectId, ObjectType>> links_of(ObjectType type, std::string_view data) const {
        std::vector<std::pair<ObjectId, ObjectType>> links;
        try {
            if (type == ObjectType::commit) {
                ParsedCommit commit = parse_commit(data, algo_);
                links.emplace_back(commit.tree, ObjectType::tree);
                for (const ObjectId& parent : commit.parents) links.emplace_back(parent, ObjectType::commit);
            } else if (type == ObjectType::tag) {
                ParsedTag tag = parse_tag(data, algo_);
                links.emplace_back(tag.object, tag.type);
            } else if (type == ObjectType::tree) {
                const std::size_t raw = hash_size(algo_);
                while (!data.empty()) {
                    auto space = data.find(' ');
                    auto nul = data.find('\0');
                    if (space == std::string_view::npos || nul == std::string_view::npos || nul + 1 + raw > data.size())
                        break;
                    std::uint32_t mode = 0;
                    for (char c : data.substr(0, space)) mode = mode * 8 + static_cast<std::uint32_t>(c - '0');
                    ObjectType t = type_from_mode(mode);
                    if (t == ObjectType::tree || t == ObjectType::blob)
                        links.emplace_back(ObjectId::from_raw(data.data() + nul + 1, algo_), t);
                    data.remove_prefix(nul + 1 + raw);
                }
            }
        } catch (const CorruptData&) {
            throw CorruptData(fmt::format("invalid {}", type_name(type)));
        }
        return links;
    }

    // --strict: each held object is checked, the objects it names checked
    // (recursively) or found in the repository, and only then written.
    void write_rest() {
        struct Visit {
            ObjectId id;
            ObjectType type;
            bool expanded;
        };
        for (const ObjectId& root : held_order_) {
            std::vector<Visit> stack{{root, ObjectType::none, false}};
            while (!stack.empty()) {
                Visit v = stack.back();
                if (written_.count(v.id)) {
                    stack.pop_back();
                    continue;
                }
                auto held = held_.find(v.id);
                if (held == held_.end()) {
                    auto header = odb_.read_header(v.id);
                    if (!header || (v.type != ObjectType::none && header->type != v.type))
                        throw CorruptData("object of unexpected type");
                    written_.insert(v.id);
                    stack.pop_back();
                    continue;
                }
                if (v.type != ObjectType::none && held->second.type != v.type) throw CorruptData("object type mismatch");
                if (!v.expanded) {
                    stack.back().expanded = true;
                    check_fsck(v.id, held->second.type, held->second.data);
                    for (const auto& [id, type] : links_of(held->second.type, held->second.data))
                        if (!written_.count(id)) stack.push_back({id, type, false});
                    continue;
                }
                odb_.write(held->second.type, held->second.data);
                written_.insert(v.id);
                stack.pop_back();
            }
        }
    }

    void check_fsck(const ObjectId& id, ObjectType type, std::string_view data) {
        std::vector<FsckFinding> findings;
        if (!fsck_check_object(id, type, data, *options_.fsck_severities, findings)) return;
        CorruptData e("fsck error in packed object");
        for (const FsckFinding& f : findings)
            if (f.is_error) e.error_lines.push_back("object " + id.hex() + ": " + f.text);
        throw e;
    }

    PackStreamReader reader_;
    ObjectDatabase& odb_;
    const UnpackOptions& options_;
    HashAlgo algo_;
    UnpackResult result_;
    std::vector<Entry> entries_;
    std::vector<PendingDelta> pending_;
    std::unordered_map<ObjectId, HeldObject, ObjectIdHash> held_;
    std::vector<ObjectId> held_order_;
    std::unordered_set<ObjectId, ObjectIdHash> written_;
};

}  // namespace

UnpackResult unpack_objects(int in_fd, ObjectDatabase& odb, const UnpackOptions& options) {
    return Unpacker(in_fd, odb, options).run();
}

}  // namespace grit
