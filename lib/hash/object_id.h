#pragma once
// Object ids of both hash functions git supports. An ObjectId is a value type:
// 32 bytes of storage, of which the first size() are meaningful.
#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace grit {

enum class HashAlgo : std::uint8_t { sha1 = 1, sha256 = 2 };

constexpr std::size_t hash_size(HashAlgo a) { return a == HashAlgo::sha1 ? 20 : 32; }
constexpr std::size_t hex_size(HashAlgo a) { return 2 * hash_size(a); }
// The name used by extensions.objectFormat.
std::string_view hash_name(HashAlgo a);
std::optional<HashAlgo> hash_from_name(std::string_view name);

struct ObjectId {
    std::array<std::uint8_t, 32> bytes{};
    HashAlgo algo = HashAlgo::sha1;

    static ObjectId from_raw(const void* raw, HashAlgo algo);
    // Exactly hex_size(algo) hex digits (either case); nullopt otherwise.
    static std::optional<ObjectId> from_hex(std::string_view hex, HashAlgo algo);
    static ObjectId null(HashAlgo algo) { ObjectId id; id.algo = algo; return id; }

    std::size_t size() const { return hash_size(algo); }
    const std::uint8_t* data() const { return bytes.data(); }
    std::uint8_t* data() { return bytes.data(); }
    bool is_null() const;
    std::string hex() const;
    // Writes size()*2 lowercase hex digits to out.
    void to_hex(char* out) const;

    friend bool operator==(const ObjectId& a, const ObjectId& b) {
        return std::memcmp(a.bytes.data(), b.bytes.data(), 32) == 0;
    }
    friend std::strong_ordering operator<=>(const ObjectId& a, const ObjectId& b) {
        int c = std::memcmp(a.bytes.data(), b.bytes.data(), 32);
        return c < 0 ? std::strong_ordering::less
                     : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
    }
};

struct ObjectIdHash {
    std::size_t operator()(const ObjectId& id) const {
        std::size_t h;
        std::memcpy(&h, id.bytes.data(), sizeof h);
        return h;
    }
};

bool is_hex_digit(char c);
int hex_value(char c);  // -1 if not a hex digit

}  // namespace grit
