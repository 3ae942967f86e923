#pragma once
// `git fsck`: validates every stored object (loose objects, then packs, with
// the checks of object_check.h), then walks what refs, HEAD, reflogs and the
// given heads reach, reporting missing, dangling and unreachable objects in
// git's words and order. The library never prints: lines go to the sink.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace grit {

class Repository;

struct FsckOptions {
    bool show_unreachable = false;
    bool show_dangling = true;
    bool show_root = false;
    bool show_tags = false;
    bool include_reflogs = true;
    bool keep_cache = false;  // --cache: the index's objects are heads even with heads given
    bool connectivity_only = false;
    bool strict = false;
    bool lost_found = false;  // write dangling objects to lost-found/{commit,other}/ (implies no reflogs)
    bool verbose = false;
    bool progress = false;  // git's progress lines on stderr (the caller decides, as git: --progress or a terminal)
    unsigned threads = 2;
    std::vector<std::string> heads;  // object names given on the command line
};

struct FsckSink {
    std::function<void(std::string_view)> out;  // a stdout line, without "\n"
    std::function<void(std::string_view)> err;  // a stderr line, without "\n"
    std::function<void(std::string_view)> progress;  // raw stderr text (progress, with its own "\r"/"\n")
};

// git's exit status bits.
enum FsckErrorBits : int {
    fsck_error_object = 1,
    fsck_error_reachable = 2,
    fsck_error_pack = 4,
    fsck_error_refs = 8,
};

// Returns git's exit status (a bitmask of FsckErrorBits).
int run_fsck(Repository& repo, const FsckOptions& options, const FsckSink& sink);

}  // namespace grit
