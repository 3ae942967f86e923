#include "revwalk/oid_set.h"

#include <cstring>
#include <utility>

namespace grit {

namespace {

constexpr double kUpperLoad = 0.77;  // khash's __ac_HASH_UPPER

std::uint32_t round_up_pow2(std::uint32_t n) {
    std::uint32_t p = 1;
    while (p < n) p <<= 1;
    return p;
}

std::uint32_t upper_bound_for(std::uint32_t buckets) {
    return static_cast<std::uint32_t>(buckets * kUpperLoad + 0.5);
}

}  // namespace

OidSet::OidSet(std::uint32_t initial_size) {
    if (initial_size) resize(initial_size);
}

std::uint32_t OidSet::hash(const ObjectId& id) {
    std::uint32_t h;
    std::memcpy(&h, id.data(), sizeof h);
    return h;
}

void OidSet::resize(std::uint32_t requested) {
    std::uint32_t n = round_up_pow2(requested);
    if (n < 4) n = 4;
    if (size_ >= upper_bound_for(n)) return;  // khash refuses to shrink below its load
    const std::uint32_t old_n = buckets();
    std::vector<std::uint8_t> placed(n, 0);  // the new table's slots taken so far
    if (n > old_n) keys_.resize(n);
    const std::uint32_t mask = n - 1;
    // khash moves each live key to its new slot, kicking out (and then
    // placing) an old key not yet moved that sits there.
    for (std::uint32_t j = 0; j < old_n; ++j) {
        if (state_[j] != live) continue;
        ObjectId key = keys_[j];
        state_[j] = deleted;
        for (;;) {
            std::uint32_t i = hash(key) & mask, step = 0;
            while (placed[i]) i = (i + ++step) & mask;
            placed[i] = 1;
            if (i < old_n && state_[i] == live) {
                std::swap(key, keys_[i]);
                state_[i] = deleted;
                continue;
            }
            keys_[i] = key;
            break;
        }
    }
    if (n < old_n) keys_.resize(n);
    state_.assign(n, empty);
    for (std::uint32_t i = 0; i < n; ++i)
        if (placed[i]) state_[i] = live;
    occupied_ = size_;
    upper_bound_ = upper_bound_for(n);
}

std::uint32_t OidSet::find(const ObjectId& id) const {
    const std::uint32_t n = buckets();
    if (!n) return 0;
    const std::uint32_t mask = n - 1;
    std::uint32_t i = hash(id) & mask, last = i, step = 0;
    while (state_[i] != empty && (state_[i] == deleted || !(keys_[i] == id))) {
        i = (i + ++step) & mask;
        if (i == last) return n;
    }
    return state_[i] == live ? i : n;
}

bool OidSet::contains(const ObjectId& id) const { return buckets() && find(id) != buckets(); }

bool OidSet::insert(const ObjectId& id) {
    if (occupied_ >= upper_bound_) {
        if (buckets() > (size_ << 1))
            resize(buckets() - 1);  // same size: drops the tombstones
        else
            resize(buckets() + 1);
    }
    const std::uint32_t n = buckets(), mask = n - 1;
    std::uint32_t i = hash(id) & mask, x = n, site = n;
    if (state_[i] == empty) {
        x = i;
    } else {
        std::uint32_t last = i, step = 0;
        while (state_[i] != empty && (state_[i] == deleted || !(keys_[i] == id))) {
            if (state_[i] == deleted) site = i;
            i = (i + ++step) & mask;
            if (i == last) {
                x = site;
                break;
            }
        }
        if (x == n) x = (state_[i] == empty && site != n) ? site : i;
    }
    if (state_[x] == live) return false;
    if (state_[x] == empty) ++occupied_;
    keys_[x] = id;
    state_[x] = live;
    ++size_;
    return true;
}

bool OidSet::remove(const ObjectId& id) {
    const std::uint32_t x = find(id);
    if (x == buckets()) return false;
    state_[x] = deleted;
    --size_;
    return true;
}

std::vector<ObjectId> OidSet::ordered() const {
    std::vector<ObjectId> out;
    out.reserve(size_);
    for (std::uint32_t i = 0; i < buckets(); ++i)
        if (state_[i] == live) out.push_back(keys_[i]);
    return out;
}

}  // namespace grit
