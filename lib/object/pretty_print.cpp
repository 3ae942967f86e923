#include "object/pretty_print.h"

#include <cstdio>

#include "object/object_type.h"
#include "object/tree.h"
#include "util/quote.h"

namespace grit {

void append_tree_listing(std::string& out, std::string_view tree_data, HashAlgo algo, bool quote_non_ascii) {
    TreeReader reader(tree_data, algo);
    TreeEntry entry;
    char mode_buf[16];
    while (reader.next(entry)) {
        std::uint32_t mode = canonical_tree_mode(entry.mode);
        int n = std::snprintf(mode_buf, sizeof mode_buf, "%06o ", static_cast<unsigned>(mode));
        out.append(mode_buf, static_cast<std::size_t>(n));
        out += type_name(type_from_mode(mode));
        out += ' ';
        std::size_t at = out.size();
        out.resize(at + entry.oid.size() * 2);
        entry.oid.to_hex(out.data() + at);
        out += '\t';
        append_c_quoted(out, entry.name, quote_non_ascii);
        out += '\n';
    }
}

}  // namespace grit
