#pragma once
// Writing objects/pack/multi-pack-index (version 1) as git 2.39 does, byte
// for byte: chunks PNAM (the ".idx" names, sorted, NUL-terminated, padded to
// four bytes), OIDF, OIDL, OOFF and, only when an offset needs 64 bits, LOFF.
// An object in several packs is taken from the preferred pack, else from
// the newest pack (pack file time), else from the pack first by name.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "util/progress.h"

namespace grit {

struct MidxWriteOptions {
    std::optional<std::string> preferred_pack;            // ".pack" or ".idx" name
    std::optional<std::vector<std::string>> only_packs;  // --stdin-packs: ".idx" names to index
};

// Indexes the packs of `objects_dir`/pack (those with both .idx and .pack)
// and installs the file under multi-pack-index.lock. `report` receives
// git's whole "warning: ..." / "error: ..." lines ("warning: unknown
// preferred pack: 'x'"). Returns false, after reporting git's error ("no
// pack files to index."), when nothing was written. Throws CorruptData when
// the existing multi-pack-index is damaged in a way git dies on.
bool write_multi_pack_index(const std::string& objects_dir, HashAlgo algo, const MidxWriteOptions& options,
                            const std::function<void(std::string_view)>& report, ProgressSink progress);

}  // namespace grit
