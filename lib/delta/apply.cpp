#include "delta/apply.h"

#include <cstring>

#include "util/error.h"

namespace grit {

namespace {

std::uint64_t read_size_varint(const std::uint8_t*& p, const std::uint8_t* end) {
    std::uint64_t value = 0;
    unsigned shift = 0;
    for (;;) {
        if (p == end || shift > 63) throw CorruptData("delta header is truncated");
        std::uint8_t c = *p++;
        value |= static_cast<std::uint64_t>(c & 0x7f) << shift;
        shift += 7;
        if (!(c & 0x80)) return value;
    }
}

[[noreturn]] void gone_wild() { throw CorruptData("delta replay has gone wild"); }

}  // namespace

DeltaHeader read_delta_header(const std::uint8_t* delta, std::size_t len) {
    const std::uint8_t* p = delta;
    const std::uint8_t* end = delta + len;
    DeltaHeader h;
    h.base_size = read_size_varint(p, end);
    h.result_size = read_size_varint(p, end);
    h.header_len = static_cast<std::size_t>(p - delta);
    return h;
}

namespace {

// Decodes the copy instruction `op` at p, advancing p. False if truncated.
bool read_copy(std::uint8_t op, const std::uint8_t*& p, const std::uint8_t* end, std::uint64_t& offset,
               std::uint64_t& size) {
    offset = 0;
    size = 0;
    for (int i = 0; i < 4; ++i)
        if (op & (1u << i)) {
            if (p == end) return false;
            offset |= static_cast<std::uint64_t>(*p++) << (8 * i);
        }
    for (int i = 0; i < 3; ++i)
        if (op & (0x10u << i)) {
            if (p == end) return false;
            size |= static_cast<std::uint64_t>(*p++) << (8 * i);
        }
    if (size == 0) size = 0x10000;
    return true;
}

}  // namespace

void apply_delta(std::string_view base, std::string_view delta, std::string& out) {
    const auto* start = reinterpret_cast<const std::uint8_t*>(delta.data());
    const auto* end = start + delta.size();
    DeltaHeader h = read_delta_header(start, delta.size());
    if (h.base_size != base.size()) throw CorruptData("delta base size does not match the base");
    const std::uint8_t* ops = start + h.header_len;

    // First pass validates every instruction, so that nothing is allocated for
    // a corrupt delta and the copying pass needs no checks.
    std::uint64_t total = 0;
    for (const std::uint8_t* p = ops; p < end;) {
        std::uint8_t op = *p++;
        if (op & 0x80) {
            std::uint64_t offset, size;
            if (!read_copy(op, p, end, offset, size) || offset + size > base.size()) gone_wild();
            total += size;
        } else if (op) {
            if (op > static_cast<std::size_t>(end - p)) gone_wild();
            p += op;
            total += op;
        } else {
            throw CorruptData("unexpected delta opcode 0");
        }
        if (total > h.result_size) gone_wild();
    }
    if (total != h.result_size) gone_wild();

    // Appending into reserved room writes each byte once; resize() would
    // zero-fill the whole result first (resize_and_overwrite is not in g++
    // 12's library).
    out.clear();
    out.reserve(h.result_size);
    for (const std::uint8_t* p = ops; p < end;) {
        std::uint8_t op = *p++;
        if (op & 0x80) {
            std::uint64_t offset, size;
            read_copy(op, p, end, offset, size);
            out.append(base.data() + offset, size);
        } else {
            out.append(reinterpret_cast<const char*>(p), op);
            p += op;
        }
    }
}

std::string apply_delta(std::string_view base, std::string_view delta) {
    std::string out;
    apply_delta(base, delta, out);
    return out;
}

}  // namespace grit
