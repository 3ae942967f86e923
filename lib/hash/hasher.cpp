#include "hash/hasher.h"

#include <openssl/evp.h>

#include "util/error.h"

namespace grit {

struct Hasher::Ctx {
    EVP_MD_CTX* md = nullptr;
    ~Ctx() { EVP_MD_CTX_free(md); }
};

Hasher::Hasher(HashAlgo algo) : ctx_(std::make_unique<Ctx>()), algo_(algo) {
    ctx_->md = EVP_MD_CTX_new();
    const EVP_MD* md = algo == HashAlgo::sha1 ? EVP_sha1() : EVP_sha256();
    if (!ctx_->md || EVP_DigestInit_ex(ctx_->md, md, nullptr) != 1)
        throw Error("unable to initialize hash context");
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(const void* data, std::size_t len) { EVP_DigestUpdate(ctx_->md, data, len); }

ObjectId Hasher::finish() {
    ObjectId id;
    id.algo = algo_;
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_->md, id.bytes.data(), &len);
    return id;
}

ObjectId hash_bytes(HashAlgo algo, std::string_view data) {
    Hasher h(algo);
    h.update(data);
    return h.finish();
}

}  // namespace grit
