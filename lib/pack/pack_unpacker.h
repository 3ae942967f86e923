#pragma once
// `git unpack-objects`: the objects of a pack read from a stream
// (pack_stream_reader.h) written one by one as loose objects, deltas applied
// to bases met earlier in the pack or found in the repository, and deltas
// whose base comes later held until it does. With strict, trees, commits and
// tags are held until the end, checked by fsck and for connectivity, and
// written only then.
#include <cstdint>
#include <functional>
#include <string>

#include "hash/object_id.h"
#include "util/progress.h"

namespace grit {

class ObjectDatabase;
class FsckSeverities;

struct UnpackOptions {
    bool dry_run = false;  // -n: read and check, write nothing
    bool recover = false;  // -r: go on after a damaged entry
    bool strict = false;
    const FsckSeverities* fsck_severities = nullptr;  // required with strict
    ProgressSink progress;  // empty: no meter
    // git's "error: ..." lines, as they happen.
    std::function<void(const std::string&)> on_error;
};

struct UnpackResult {
    // An entry could not be read: git exits 1 (at once, without recover).
    bool had_errors = false;
    bool stopped = false;    // without recover, nothing after the error was read
    std::string after_pack;  // bytes read past the trailer
};

// Errors git dies of are thrown with its messages: "bad pack file",
// "unknown pack file version N", "early EOF", "offset value overflow for
// delta base object", "offset value out of bound for delta base object",
// "failed to apply delta", "unresolved deltas left after unpacking", "final
// sha1 did not match", and with strict "fsck error in packed object" (after
// the fsck error lines) and "object of unexpected type".
UnpackResult unpack_objects(int in_fd, ObjectDatabase& odb, const UnpackOptions& options);

}  // namespace grit
