// OdbOptions::from_config lives apart from the object database so that code
// using the database without a Config does not pull in the config parser.
#include <zlib.h>

#include "odb/object_database.h"
#include "repo/config.h"
#include "util/error.h"

namespace grit {

namespace {

int compression_level(const Config& config, std::string_view key) {
    auto level = config.get_int(key);
    if (*level == -1) return Z_DEFAULT_COMPRESSION;
    if (*level < 0 || *level > Z_BEST_COMPRESSION)
        throw ConfigError("bad zlib compression level " + std::to_string(*level));
    return static_cast<int>(*level);
}

}  // namespace

OdbOptions OdbOptions::from_config(const Config& config) {
    OdbOptions options;
    if (auto limit = config.get_ulong("core.deltabasecachelimit")) options.delta_base_cache_limit = *limit;
    // core.looseCompression wins over core.compression whatever their order.
    if (config.get("core.loosecompression"))
        options.loose_compression = compression_level(config, "core.loosecompression");
    else if (config.get("core.compression"))
        options.loose_compression = compression_level(config, "core.compression");
    if (auto midx = config.get_bool("core.multipackindex")) options.use_multi_pack_index = *midx;
    return options;
}

}  // namespace grit
