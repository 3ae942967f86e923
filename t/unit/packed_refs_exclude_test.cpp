#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "refs/packed_refs.h"

using grit::HashAlgo;
using grit::PackedRef;
using grit::PackedRefs;

namespace {

// A packed-refs file written by hand: sorted, with a peeled line.
struct PackedFile {
    std::filesystem::path dir;
    std::string path;
    PackedFile(const std::vector<std::string>& names) {
        char tmpl[] = "/tmp/grit-packed-test.XXXXXX";
        dir = mkdtemp(tmpl);
        path = (dir / "packed-refs").string();
        std::ofstream out(path);
        out << "# pack-refs with: peeled fully-peeled sorted \n";
        for (const auto& n : names) {
            out << std::string(40, 'a') << ' ' << n << '\n';
            if (n.starts_with("refs/tags/")) out << '^' << std::string(40, 'b') << '\n';
        }
    }
    ~PackedFile() { std::filesystem::remove_all(dir); }
};

std::vector<std::string> listed(const PackedRefs& refs, std::string_view prefix, const std::vector<std::string>& excluded) {
    std::vector<std::string> out;
    refs.for_each(prefix, excluded, [&](const PackedRef& r) { out.emplace_back(r.name); });
    return out;
}

}  // namespace

TEST_CASE("packed-refs exclusions skip whole regions, on component boundaries", "[refs]") {
    PackedFile f({"refs/heads/a", "refs/heads/foo", "refs/heads/foo/bar", "refs/heads/foo0", "refs/heads/foobar",
                  "refs/heads/z", "refs/tags/v1", "refs/tags/v2"});
    PackedRefs refs(f.path, "packed-refs", HashAlgo::sha1);

    CHECK(listed(refs, "", {"refs/heads/foo"}) ==
          std::vector<std::string>{"refs/heads/a", "refs/heads/foo0", "refs/heads/foobar", "refs/heads/z",
                                   "refs/tags/v1", "refs/tags/v2"});
    CHECK(listed(refs, "", {"refs/tags/"}) ==
          std::vector<std::string>{"refs/heads/a", "refs/heads/foo", "refs/heads/foo/bar", "refs/heads/foo0",
                                   "refs/heads/foobar", "refs/heads/z"});
    CHECK(listed(refs, "refs/", {"refs/heads", "refs/tags/v1"}) == std::vector<std::string>{"refs/tags/v2"});
    CHECK(listed(refs, "refs/tags/", {"refs/heads"}) == std::vector<std::string>{"refs/tags/v1", "refs/tags/v2"});
    CHECK(listed(refs, "", {"refs/nothing", "refs/heads/z", "refs/heads/a"}).size() == 6);
    CHECK(listed(refs, "", {"refs"}).empty());
}
