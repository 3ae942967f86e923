#include "odb/pack_order_scan.h"

#include <algorithm>

#include "delta/apply.h"
#include "odb/pack_file.h"
#include "odb/zlib_peek.h"
#include "util/mapped_file.h"
#include "odb/reverse_index.h"
#include "util/error.h"

namespace grit {

namespace {

bool is_delta(ObjectType t) { return t == ObjectType::ofs_delta || t == ObjectType::ref_delta; }

}  // namespace

PackOrderScan::PackOrderScan(PackFile& pack) : pack_(pack) {
    const ReverseIndex& rev = pack.reverse_index();
    offsets_.reserve(rev.count());
    index_pos_.reserve(rev.count());
    for (std::uint32_t i = 0; i < rev.count(); ++i) {
        std::uint32_t pos = rev.index_pos_for_pack_order(i);
        index_pos_.push_back(pos);
        offsets_.push_back(rev.offset_for_pack_order(i));
    }
    types_.assign(offsets_.size(), ObjectType::none);
    end_of_entries_ = pack.data().size() - hash_size(pack.algo());
}

std::size_t PackOrderScan::order_of(std::uint64_t offset) const {
    auto it = std::lower_bound(offsets_.begin(), offsets_.end(), offset);
    if (it == offsets_.end() || *it != offset)
        throw CorruptData("bad offset for revindex");
    return static_cast<std::size_t>(it - offsets_.begin());
}

// The type of the entry at `order`, following deltas to bases whose type is
// not known yet (a ref_delta base may come later in the pack).
ObjectType PackOrderScan::type_at_order(std::size_t order) {
    std::vector<std::size_t> pending;
    ObjectType type = ObjectType::none;
    while (true) {
        if (types_[order] != ObjectType::none) {
            type = types_[order];
            break;
        }
        PackEntryHeader h = pack_.entry_header(offsets_[order]);
        if (!is_delta(h.type)) {
            type = h.type;
            types_[order] = type;
            break;
        }
        if (pending.size() > offsets_.size())
            throw CorruptData("delta chain cycle at offset " + std::to_string(offsets_[order]) + " in " +
                              pack_.pack_path());
        pending.push_back(order);
        std::uint64_t base;
        if (h.type == ObjectType::ofs_delta) {
            base = h.base_offset;
        } else {
            auto found = pack_.find_offset(*h.base_id);
            if (!found)
                throw CorruptData("failed to find delta base " + h.base_id->hex() + " for entry at offset " +
                                  std::to_string(offsets_[order]) + " in " + pack_.pack_path());
            base = *found;
        }
        order = order_of(base);
    }
    for (std::size_t o : pending) types_[o] = type;
    return type;
}

// Most delta headers can be read with the small decoder; zlib takes the rest.
// As git, a delta shorter than the 20 bytes asked for must end with a good
// checksum, while the head of a longer one is taken as it comes.
std::uint64_t PackOrderScan::delta_size(std::uint64_t offset, const PackEntryHeader& h) {
    const MappedFile& file = pack_.data();
    std::uint64_t start = offset + h.header_len;
    if (start < end_of_entries_) {
        std::uint8_t buf[20];
        std::size_t want = h.size < sizeof buf ? static_cast<std::size_t>(h.size) : sizeof buf;
        auto got = peek_zlib(file.data() + start, static_cast<std::size_t>(end_of_entries_ - start), buf, want,
                             h.size < sizeof buf);
        if (got) {
            try {
                return read_delta_header(buf, *got).result_size;
            } catch (const CorruptData&) {
                // Fall through to zlib, which reports it as git does.
            }
        }
    }
    return pack_.delta_result_size(offset, h);
}

PackedObjectInfo PackOrderScan::info_at(std::uint64_t offset, bool want_delta_base) {
    std::size_t order =
        cursor_ < offsets_.size() && offsets_[cursor_] == offset ? cursor_ : order_of(offset);
    cursor_ = order + 1;
    PackedObjectInfo info;
    info.disk_size = (order + 1 < offsets_.size() ? offsets_[order + 1] : end_of_entries_) - offset;
    PackEntryHeader h = pack_.entry_header(offset);
    if (!is_delta(h.type)) {
        types_[order] = h.type;
        info.type = h.type;
        info.size = h.size;
        return info;
    }
    info.is_delta = true;
    info.size = delta_size(offset, h);
    info.type = type_at_order(order);
    if (want_delta_base) {
        if (h.type == ObjectType::ref_delta)
            info.delta_base = *h.base_id;
        else
            info.delta_base = pack_.index().oid_at(index_pos_[order_of(h.base_offset)]);
    }
    return info;
}

}  // namespace grit
