#include "hash/hasher.h"

#include <openssl/evp.h>

#include "util/error.h"

namespace grit {

struct Hasher::Ctx {
    EVP_MD_CTX* md = nullptr;
    ~Ctx() { EVP_MD_CTX_free(md); }
};

namespace {

// Fetched once: EVP_sha1() makes every EVP_DigestInit_ex look the algorithm
// up in the provider tables again, which costs more than hashing a small
// object (index-pack hashes every object of a pack).
const EVP_MD* digest_for(HashAlgo algo) {
    static EVP_MD* const sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
    static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return algo == HashAlgo::sha1 ? sha1 : sha256;
}

}  // namespace

Hasher::Hasher(HashAlgo algo) : ctx_(std::make_unique<Ctx>()), algo_(algo) {
    ctx_->md = EVP_MD_CTX_new();
    const EVP_MD* md = digest_for(algo);
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
