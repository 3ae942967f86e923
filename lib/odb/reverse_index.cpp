#include "odb/reverse_index.h"

#include <algorithm>

#include "util/big_endian.h"
#include "util/error.h"

namespace grit {

namespace {

constexpr std::uint32_t rev_signature = 0x52494458;  // "RIDX"
constexpr std::size_t rev_header_size = 12;

}  // namespace

ReverseIndex::ReverseIndex(std::uint32_t count, std::uint64_t pack_size, HashAlgo algo, OffsetAt offset_at)
    : count_(count), pack_size_(pack_size), algo_(algo), offset_at_(std::move(offset_at)) {}

ReverseIndex ReverseIndex::build(std::uint32_t count, const OffsetAt& offset_at, std::uint64_t pack_size,
                                 HashAlgo algo) {
    ReverseIndex rev(count, pack_size, algo, offset_at);
    rev.sorted_.resize(count);
    for (std::uint32_t pos = 0; pos < count; ++pos) rev.sorted_[pos] = {offset_at(pos), pos};
    std::sort(rev.sorted_.begin(), rev.sorted_.end());
    return rev;
}

std::optional<ReverseIndex> ReverseIndex::read(const std::string& rev_path, std::uint32_t count,
                                               OffsetAt offset_at, std::uint64_t pack_size, HashAlgo algo) {
    MappedFile file;
    try {
        file = MappedFile(rev_path);
    } catch (const NotFound&) {
        return std::nullopt;
    }
    const std::size_t min_size = rev_header_size + 2 * hash_size(algo);
    if (file.size() < min_size) throw CorruptData("reverse-index file " + rev_path + " is too small");
    if (file.size() - min_size != std::uint64_t{count} * 4)
        throw CorruptData("reverse-index file " + rev_path + " is corrupt");
    const std::uint8_t* p = file.data();
    if (load_be32(p) != rev_signature)
        throw CorruptData("reverse-index file " + rev_path + " has unknown signature");
    if (std::uint32_t version = load_be32(p + 4); version != 1)
        throw CorruptData("reverse-index file " + rev_path + " has unsupported version " +
                          std::to_string(version));
    if (std::uint32_t hash_id = load_be32(p + 8); hash_id != 1 && hash_id != 2)
        throw CorruptData("reverse-index file " + rev_path + " has unsupported hash id " +
                          std::to_string(hash_id));

    ReverseIndex rev(count, pack_size, algo, std::move(offset_at));
    rev.file_ = std::move(file);
    rev.rev_ = rev.file_.data() + rev_header_size;
    return rev;
}

std::uint32_t ReverseIndex::index_pos_for_pack_order(std::uint32_t i) const {
    if (!rev_) return sorted_[i].second;
    std::uint32_t pos = load_be32(rev_ + std::size_t{i} * 4);
    if (pos >= count_) throw CorruptData("reverse-index position " + std::to_string(pos) + " out of range");
    return pos;
}

std::uint32_t ReverseIndex::pack_order_for_index_pos(std::uint32_t pos) const {
    std::call_once(inverse_->once, [this] {
        auto& inv = inverse_->pack_order;
        inv.resize(count_);
        for (std::uint32_t i = 0; i < count_; ++i) inv[index_pos_for_pack_order(i)] = i;
    });
    return inverse_->pack_order[pos];
}

std::uint64_t ReverseIndex::offset_for_pack_order(std::uint32_t i) const {
    if (!rev_) return sorted_[i].first;
    return offset_at_(index_pos_for_pack_order(i));
}

std::optional<std::uint32_t> ReverseIndex::pack_order_for_offset(std::uint64_t offset) const {
    std::uint32_t lo = 0, hi = count_;
    while (lo < hi) {
        std::uint32_t mid = lo + (hi - lo) / 2;
        std::uint64_t at = offset_for_pack_order(mid);
        if (at == offset) return mid;
        if (at < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return std::nullopt;
}

std::uint64_t ReverseIndex::next_offset(std::uint64_t offset) const {
    auto i = pack_order_for_offset(offset);
    if (!i) throw CorruptData("bad offset for revindex");
    return *i + 1 < count_ ? offset_for_pack_order(*i + 1) : end_of_entries();
}

std::optional<ObjectId> ReverseIndex::pack_checksum() const {
    if (!rev_) return std::nullopt;
    return ObjectId::from_raw(rev_ + std::size_t{count_} * 4, algo_);
}

}  // namespace grit
