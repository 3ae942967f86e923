#pragma once
// Incremental hashing with the repository's hash function (OpenSSL libcrypto).
#include <memory>
#include <string_view>

#include "hash/object_id.h"

namespace grit {

class Hasher {
public:
    explicit Hasher(HashAlgo algo);
    ~Hasher();
    Hasher(Hasher&&) noexcept;
    Hasher& operator=(Hasher&&) noexcept;

    void update(const void* data, std::size_t len);
    void update(std::string_view s) { update(s.data(), s.size()); }
    ObjectId finish();  // the hasher may not be used afterwards
    HashAlgo algo() const { return algo_; }

private:
    struct Ctx;
    std::unique_ptr<Ctx> ctx_;
    HashAlgo algo_;
};

ObjectId hash_bytes(HashAlgo algo, std::string_view data);

}  // namespace grit
