#pragma once
// git multi-pack-index verify: the checksum, that every pack it names
// exists, fan-out and id order, and that each object's recorded offset is
// the one its pack's .idx gives. Problems are reported in git's words
// (without a prefix, as git prints them) and verification goes on.
#include <functional>
#include <string>
#include <string_view>

#include "hash/object_id.h"
#include "util/progress.h"

namespace grit {

// True when nothing was reported. A missing file is fine; one git cannot
// read at all throws CorruptData with git's fatal message.
bool verify_multi_pack_index(const std::string& objects_dir, HashAlgo algo,
                             const std::function<void(std::string_view)>& report, const ProgressSink& progress);

}  // namespace grit
