#include <catch2/catch.hpp>

#include <zlib.h>

#include "odb/object_database.h"
#include "repo/config.h"
#include "util/error.h"

using namespace grit;

namespace {

OdbOptions options_from(const std::string& text) {
    Config config;
    config.add_text(text, "test", ConfigScope::local);
    return OdbOptions::from_config(config);
}

}  // namespace

TEST_CASE("object database options come from core.* config", "[odb][config]") {
    OdbOptions defaults = options_from("");
    CHECK(defaults.delta_base_cache_limit == 96u << 20);
    CHECK(defaults.loose_compression == Z_BEST_SPEED);
    CHECK(defaults.use_multi_pack_index);

    OdbOptions set = options_from("[core]\n\tdeltaBaseCacheLimit = 4g\n\tcompression = 6\n\tmultiPackIndex = false\n");
    CHECK(set.delta_base_cache_limit == 4ull << 30);
    CHECK(set.loose_compression == 6);
    CHECK_FALSE(set.use_multi_pack_index);

    // core.looseCompression wins whichever comes first.
    CHECK(options_from("[core]\n\tlooseCompression = 9\n\tcompression = 2\n").loose_compression == 9);
    CHECK(options_from("[core]\n\tcompression = -1\n").loose_compression == Z_DEFAULT_COMPRESSION);
    CHECK_THROWS_WITH(options_from("[core]\n\tcompression = 10\n"), "bad zlib compression level 10");
}
