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

void apply_delta(std::string_view base, std::string_view delta, std::string& out) {
    const auto* start = reinterpret_cast<const std::uint8_t*>(delta.data());
    const auto* end = start + delta.size();
    DeltaHeader h = read_delta_header(start, delta.size());
    if (h.base_size != base.size()) throw CorruptData("delta base size does not match the base");
    const std::uint8_t* p = start + h.header_len;

    // resize_and_overwrite is not in g++ 12's library; the zero fill is cheap.
    out.resize(h.result_size);
    char* dst = out.data();
    std::uint64_t left = h.result_size;
    while (p < end) {
        std::uint8_t op = *p++;
        if (op & 0x80) {
            std::uint64_t offset = 0, size = 0;
            for (int i = 0; i < 4; ++i)
                if (op & (1u << i)) {
                    if (p == end) gone_wild();
                    offset |= static_cast<std::uint64_t>(*p++) << (8 * i);
                }
            for (int i = 0; i < 3; ++i)
                if (op & (0x10u << i)) {
                    if (p == end) gone_wild();
                    size |= static_cast<std::uint64_t>(*p++) << (8 * i);
                }
            if (size == 0) size = 0x10000;
            if (offset + size > base.size() || size > left) gone_wild();
            std::memcpy(dst, base.data() + offset, size);
            dst += size;
            left -= size;
        } else if (op) {
            if (op > left || op > static_cast<std::size_t>(end - p)) gone_wild();
            std::memcpy(dst, p, op);
            dst += op;
            p += op;
            left -= op;
        } else {
            throw CorruptData("unexpected delta opcode 0");
        }
    }
    if (left != 0) gone_wild();
}

std::string apply_delta(std::string_view base, std::string_view delta) {
    std::string out;
    apply_delta(base, delta, out);
    return out;
}

}  // namespace grit
