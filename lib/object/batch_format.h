#pragma once
// The <format> of `cat-file --batch[-check|-command]=<format>`: literal text
// with %(atom) placeholders, "%%" for a percent sign. Parsing happens once,
// up front, so that an unknown atom is reported before any input is read, and
// tells which object properties the format needs (nothing beyond existence
// for "%(objectname)", the pack entry header for type and size...).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"

namespace grit {

// What expanding a format needs to know about each object.
struct BatchFields {
    bool type = false;
    bool size = false;
    bool disk_size = false;
    bool delta_base = false;
    bool rest = false;  // the input line is split at its first whitespace
    bool mode = false;
    // Type, size, disk size or delta base: anything beyond existence.
    bool needs_object_info() const { return type || size || disk_size || delta_base; }
};

// One object's values; only those the format asked for need to be set.
struct BatchValues {
    ObjectId oid;
    std::string_view type_name;
    std::uint64_t size = 0;
    std::uint64_t disk_size = 0;
    ObjectId delta_base;  // the null id when not stored as a delta
    std::string_view rest;
    std::optional<std::uint32_t> mode;  // a tree entry's mode, when the name had one
};

class BatchFormat {
public:
    static constexpr std::string_view default_format = "%(objectname) %(objecttype) %(objectsize)";

    // Throws Error with git's "unknown format element: <atom>" or
    // "format element '<rest>' does not end in ')'".
    explicit BatchFormat(std::string_view format);

    const BatchFields& fields() const { return fields_; }
    // True for the default "<oid> <type> <size>" format.
    bool is_default() const { return is_default_; }
    // Appends the expansion (without the record delimiter) to out.
    void expand(std::string& out, const BatchValues& values) const;

private:
    enum class Atom : std::uint8_t { literal, objectname, objecttype, objectsize, objectsize_disk, deltabase, rest, objectmode };
    struct Piece {
        Atom atom = Atom::literal;
        std::string literal;
    };
    std::vector<Piece> pieces_;
    BatchFields fields_;
    bool is_default_ = false;
};

// Appends the decimal digits of n.
void append_decimal(std::string& out, std::uint64_t n);

}  // namespace grit
