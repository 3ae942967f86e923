#include "object/object_hash.h"

#include <string>

#include "hash/hasher.h"

namespace grit {

ObjectId hash_object_data(HashAlgo algo, std::string_view type_name, std::string_view data) {
    std::string header(type_name);
    header += ' ';
    header += std::to_string(data.size());
    header += '\0';
    Hasher hasher(algo);
    hasher.update(header);
    hasher.update(data);
    return hasher.finish();
}

}  // namespace grit
