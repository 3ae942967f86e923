#pragma once
// The engine of `cat-file --batch`, `--batch-check` and `--batch-command`:
// answers requests for objects by name, or for every object, writing git's
// records to an OutputBuffer:
//   "<format expansion><delim>" and, with contents, "<object data><delim>";
//   "<name> missing<delim>", "<name> ambiguous<delim>";
//   with --follow-symlinks, "dangling|loop|notdir <len><delim><name><delim>"
//   and "symlink <len><delim><target><delim>".
// <delim> is '\n', or NUL with -Z. Each request is flushed when it is
// answered unless the caller asked for buffering (--buffer); "missing" and
// the other failure records always flush, as git does.
#include <functional>
#include <string_view>

#include "hash/object_id.h"
#include "object/batch_format.h"

namespace grit {

class Mailmap;
class ReplaceMap;
class OutputBuffer;
class Repository;

struct ObjectBatchOptions {
    bool follow_symlinks = false;
    bool buffered = false;
    char delimiter = '\n';
    // Rewrites idents in the contents of commits and tags (not their size,
    // as git 2.39 does).
    const Mailmap* mailmap = nullptr;
    // Objects named on the input are read through their replacements (not
    // with --batch-all-objects, as git).
    const ReplaceMap* replace = nullptr;
};

class ObjectBatch {
public:
    // Receives each complete stderr line git would print on the way
    // ("error: ...", "hint: ..."), without the newline.
    using DiagnosticSink = std::function<void(std::string_view line)>;

    ObjectBatch(Repository& repo, const BatchFormat& format, const ObjectBatchOptions& options, OutputBuffer& out,
                DiagnosticSink diagnostics);

    // One request: `name` as read from the input, `rest` the text %(rest)
    // shows. Throws Error for what git dies on (unreadable object data,
    // objects of unknown type, syntax grit does not support).
    void request(std::string_view name, std::string_view rest, bool with_contents);

    // --batch-all-objects: every object once, in hash order, or in storage
    // order (packs in pack order) when unordered.
    void all_objects(bool unordered, bool with_contents);

private:
    void write_object(const ObjectId& oid, std::string_view shown_name, std::string_view rest,
                      std::optional<std::uint32_t> mode, bool with_contents, bool replace = true);
    void write_failure(std::string_view name, std::string_view what);
    void write_counted(std::string_view what, std::string_view text);
    void request_following_symlinks(std::string_view name, std::string_view rev, std::string_view path,
                                    std::string_view rest, bool with_contents);

    Repository& repo_;
    const BatchFormat& format_;
    ObjectBatchOptions options_;
    OutputBuffer& out_;
    DiagnosticSink diagnostics_;
    std::string record_;
};

}  // namespace grit
