// git check-ref-format's rules for a reference name.
#include "refs/ref_store.h"

namespace grit {
namespace {

bool forbidden_char(unsigned char c) {
    return c < 0x20 || c == 0x7f || c == ' ' || c == '~' || c == '^' || c == ':' || c == '?' || c == '[' ||
           c == '\\' || c == '*';
}

// One '/'-separated part: not empty, not starting with '.', no "..", no "@{",
// no forbidden character, not ending in ".lock".
bool valid_component(std::string_view part) {
    if (part.empty() || part[0] == '.') return false;
    for (std::size_t i = 0; i < part.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(part[i]);
        if (forbidden_char(c)) return false;
        if (c == '.' && i + 1 < part.size() && part[i + 1] == '.') return false;
        if (c == '@' && i + 1 < part.size() && part[i + 1] == '{') return false;
    }
    return !part.ends_with(".lock");
}

}  // namespace

bool is_valid_refname(std::string_view name, bool allow_onelevel) {
    if (name.empty() || name == "@" || name.back() == '.') return false;
    std::size_t components = 0;
    std::size_t pos = 0;
    for (;;) {
        auto slash = name.find('/', pos);
        auto part = name.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
        if (!valid_component(part)) return false;
        ++components;
        if (slash == std::string_view::npos) break;
        pos = slash + 1;
    }
    return allow_onelevel || components >= 2;
}

}  // namespace grit
