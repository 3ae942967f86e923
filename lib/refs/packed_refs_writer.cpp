#include "refs/packed_refs_writer.h"

#include <stdexcept>

namespace grit {

std::string encode_packed_refs(const std::vector<PackedRefRecord>& records) {
    std::string out = "# pack-refs with: peeled fully-peeled sorted \n";
    std::size_t hex = records.empty() ? 0 : 2 * records.front().oid.size();
    out.reserve(out.size() + records.size() * (hex + 40));
    const std::string* previous = nullptr;
    for (const PackedRefRecord& r : records) {
        if (previous && !(*previous < r.name))
            throw std::invalid_argument("packed-refs records out of order: " + r.name);
        previous = &r.name;
        out += r.oid.hex();
        out += ' ';
        out += r.name;
        out += '\n';
        if (r.peeled) {
            out += '^';
            out += r.peeled->hex();
            out += '\n';
        }
    }
    return out;
}

}  // namespace grit
