#include "refs/refname_available.h"

#include <functional>
#include <optional>

#include "refs/packed_refs.h"
#include "refs/ref_store.h"
#include "util/error.h"

namespace grit {

namespace {

using Exists = std::function<bool(const std::string&)>;
// The first ref named "<prefix>..." (prefix ends in '/'), if any.
using FirstUnder = std::function<std::optional<std::string>(const std::string&)>;

std::string conflict(std::string_view refname, const std::set<std::string>& extras, const Exists& exists,
                     const FirstUnder& first_under) {
    std::string name(refname);
    // Every leading directory ("refs/foo" of "refs/foo/bar") must not be a ref.
    for (std::size_t slash = name.find('/'); slash != std::string::npos; slash = name.find('/', slash + 1)) {
        std::string dir = name.substr(0, slash);
        if (exists(dir)) return "'" + dir + "' exists; cannot create '" + name + "'";
        if (extras.count(dir)) return "cannot process '" + name + "' and '" + dir + "' at the same time";
    }
    // Nor may any ref live below the name itself.
    std::string below = name + "/";
    if (auto found = first_under(below)) return "'" + *found + "' exists; cannot create '" + name + "'";
    auto extra = extras.lower_bound(below);
    if (extra != extras.end() && extra->starts_with(below))
        return "cannot process '" + name + "' and '" + *extra + "' at the same time";
    return {};
}

}  // namespace

std::string refname_conflict(const RefStore& refs, std::string_view refname, const std::set<std::string>& extras) {
    auto exists = [&](const std::string& name) {
        try {
            return refs.read_raw(name).has_value();
        } catch (const CorruptData&) {
            return false;  // git cannot read it as a ref either
        }
    };
    auto first_under = [&](const std::string& prefix) {
        std::optional<std::string> first;
        refs.for_each_ref(prefix, [&](const Ref& ref) {
            if (!first) first = ref.name;
        });
        return first;
    };
    return conflict(refname, extras, exists, first_under);
}

std::string packed_refname_conflict(const PackedRefs& packed, std::string_view refname,
                                    const std::set<std::string>& extras) {
    auto exists = [&](const std::string& name) { return packed.find(name).has_value(); };
    auto first_under = [&](const std::string& prefix) {
        std::optional<std::string> first;
        packed.for_each(prefix, [&](const PackedRef& ref) {
            if (!first) first = std::string(ref.name);
        });
        return first;
    };
    return conflict(refname, extras, exists, first_under);
}

}  // namespace grit
