#include "hash/object_id.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace grit {

std::string_view hash_name(HashAlgo a) { return a == HashAlgo::sha1 ? "sha1" : "sha256"; }

std::optional<HashAlgo> hash_from_name(std::string_view name) {
    if (name == "sha1") return HashAlgo::sha1;
    if (name == "sha256") return HashAlgo::sha256;
    return std::nullopt;
}

bool is_hex_digit(char c) { return hex_value(c) >= 0; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

ObjectId ObjectId::from_raw(const void* raw, HashAlgo algo) {
    ObjectId id;
    id.algo = algo;
    std::memcpy(id.bytes.data(), raw, hash_size(algo));
    return id;
}

namespace {

// Digit values by byte, -1 for a non-digit: ref listings parse ids by the
// hundred thousand, and a table lookup beats the comparisons.
constexpr std::array<std::int8_t, 256> kHexValues = [] {
    std::array<std::int8_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        t[c] = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
    return t;
}();

}  // namespace

std::optional<ObjectId> ObjectId::from_hex(std::string_view hex, HashAlgo algo) {
    if (hex.size() != hex_size(algo)) return std::nullopt;
    ObjectId id;
    id.algo = algo;
    const auto* digits = reinterpret_cast<const unsigned char*>(hex.data());
    int invalid = 0;
    for (std::size_t i = 0; i < hash_size(algo); ++i) {
        int hi = kHexValues[digits[2 * i]], lo = kHexValues[digits[2 * i + 1]];
        invalid |= hi | lo;  // negative once any digit is not hex
        id.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    if (invalid < 0) return std::nullopt;
    return id;
}

bool ObjectId::is_null() const {
    for (std::size_t i = 0; i < size(); ++i)
        if (bytes[i]) return false;
    return true;
}

void ObjectId::to_hex(char* out) const {
    static constexpr char digits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < size(); ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
}

std::string ObjectId::hex() const {
    std::string s(2 * size(), '\0');
    to_hex(s.data());
    return s;
}

}  // namespace grit
