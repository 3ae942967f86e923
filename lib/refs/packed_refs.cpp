#include "refs/packed_refs.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "refs/ref_store.h"
#include "util/error.h"

namespace grit {
namespace {

// Record boundaries: a record starts after a '\n' that is not followed by '^'.
const char* start_of_record(const char* lo, const char* p) {
    while (p > lo && (p[-1] != '\n' || p[0] == '^')) --p;
    return p;
}

const char* end_of_record(const char* p, const char* end) {
    while (++p < end && (p[-1] != '\n' || p[0] == '^')) {
    }
    return p;
}

std::string_view line_at(const char* p, const char* end) {
    const char* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    return {p, static_cast<std::size_t>((eol ? eol : end) - p)};
}

}  // namespace

PackedRefs::PackedRefs(const std::string& path, std::string display_path, HashAlgo algo)
    : display_(std::move(display_path)), algo_(algo) {
    try {
        file_ = MappedFile(path);
    } catch (const NotFound&) {
        return;
    }
    begin_ = reinterpret_cast<const char*>(file_.data());
    end_ = begin_ + file_.size();
    if (!begin_) return;

    bool sorted = false;
    if (begin_ < end_ && *begin_ == '#') {
        std::string_view header = line_at(begin_, end_);
        if (header.data() + header.size() == end_) unterminated_line(begin_);
        constexpr std::string_view tag = "# pack-refs with:";
        if (!header.starts_with(tag)) invalid_line(begin_);
        std::string_view traits = header.substr(tag.size());
        while (!traits.empty()) {
            auto space = traits.find(' ');
            auto trait = traits.substr(0, space);
            if (trait == "sorted") sorted = true;
            if (trait == "fully-peeled") fully_peeled_ = true;
            if (trait == "peeled") tags_peeled_ = true;
            if (space == std::string_view::npos) break;
            traits.remove_prefix(space + 1);
        }
        begin_ += header.size() + 1;
    }
    // git's guarantee that lookups never run off the end.
    if (begin_ < end_) {
        const char* last = start_of_record(begin_, end_ - 1);
        if (end_[-1] != '\n' || static_cast<std::size_t>(end_ - last) < hex_size(algo_) + 2) invalid_line(last);
    }
    if (!sorted) sort_records();
}

void PackedRefs::invalid_line(const char* p) const {
    std::string_view line = line_at(p, end_);
    if (line.data() + line.size() == end_) unterminated_line(p);
    if (line.size() < 80) throw PackedRefsCorrupt("unexpected line in " + display_ + ": " + std::string(line));
    throw PackedRefsCorrupt("unexpected line in " + display_ + ": " + std::string(line.substr(0, 75)) + "...");
}

void PackedRefs::unterminated_line(const char* p) const {
    std::string_view rest(p, static_cast<std::size_t>(end_ - p));
    if (rest.size() < 80) throw PackedRefsCorrupt("unterminated line in " + display_ + ": " + std::string(rest));
    throw PackedRefsCorrupt("unterminated line in " + display_ + ": " + std::string(rest.substr(0, 75)) + "...");
}

void PackedRefs::sort_records() {
    struct Span {
        std::string_view name;
        std::string_view record;
    };
    std::vector<Span> spans;
    for (const char* p = begin_; p < end_;) {
        PackedRef ref;
        const char* next = parse_record(p, ref);
        spans.push_back({ref.name, std::string_view(p, static_cast<std::size_t>(next - p))});
        p = next;
    }
    bool already = std::is_sorted(spans.begin(), spans.end(),
                                  [](const Span& a, const Span& b) { return a.name < b.name; });
    if (already) return;
    std::stable_sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.name < b.name; });
    sorted_.reserve(static_cast<std::size_t>(end_ - begin_));
    for (const auto& s : spans) sorted_ += s.record;
    begin_ = sorted_.data();
    end_ = begin_ + sorted_.size();
}

const char* PackedRefs::parse_record(const char* p, PackedRef& out) const {
    std::size_t hexsz = hex_size(algo_);
    const char* record = p;
    if (static_cast<std::size_t>(end_ - p) < hexsz + 2) invalid_line(record);
    auto oid = ObjectId::from_hex(std::string_view(p, hexsz), algo_);
    if (!oid || (p[hexsz] != ' ' && p[hexsz] != '\t' && p[hexsz] != '\n' && p[hexsz] != '\r')) invalid_line(record);
    p += hexsz + 1;
    const char* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end_ - p)));
    if (!eol) unterminated_line(record);
    out.name = std::string_view(p, static_cast<std::size_t>(eol - p));
    out.oid = *oid;
    out.peeled.reset();
    p = eol + 1;
    if (p < end_ && *p == '^') {
        const char* peel_line = p;
        ++p;
        if (static_cast<std::size_t>(end_ - p) < hexsz + 1) invalid_line(peel_line);
        auto peeled = ObjectId::from_hex(std::string_view(p, hexsz), algo_);
        if (!peeled || p[hexsz] != '\n') invalid_line(peel_line);
        out.peeled = *peeled;
        p += hexsz + 1;
    }
    return p;
}

// git's binary search over records: the record named `name`, or with
// must_exist unset, where such a record would start.
const char* PackedRefs::locate(std::string_view name, bool must_exist) const {
    std::size_t skip = hex_size(algo_) + 1;
    const char* lo = begin_;
    const char* hi = end_;
    while (lo != hi) {
        const char* mid = lo + (hi - lo) / 2;
        const char* rec = start_of_record(lo, mid);
        int cmp = 0;
        const char* r = rec + skip;
        std::size_t i = 0;
        for (;; ++r, ++i) {
            char c = r < end_ ? *r : '\n';
            if (c == '\n') {
                cmp = i < name.size() ? -1 : 0;
                break;
            }
            if (i >= name.size()) {
                cmp = 1;
                break;
            }
            if (c != name[i]) {
                cmp = static_cast<unsigned char>(c) < static_cast<unsigned char>(name[i]) ? -1 : 1;
                break;
            }
        }
        if (cmp < 0)
            lo = end_of_record(mid, hi);
        else if (cmp > 0)
            hi = rec;
        else
            return rec;
    }
    return must_exist ? nullptr : lo;
}

std::optional<PackedRef> PackedRefs::find(std::string_view name) const {
    if (begin_ == end_) return std::nullopt;
    const char* rec = locate(name, true);
    if (!rec) return std::nullopt;
    PackedRef ref;
    parse_record(rec, ref);
    return ref;
}

void PackedRefs::for_each(std::string_view prefix, const std::function<void(const PackedRef&)>& fn) const {
    for_each(prefix, {}, fn);
}

void PackedRefs::for_each(std::string_view prefix, const std::vector<std::string>& excluded,
                          const std::function<void(const PackedRef&)>& fn) const {
    if (begin_ == end_) return;
    // The jump list: [start, end) byte ranges of excluded records, merged.
    std::vector<std::pair<const char*, const char*>> jumps;
    for (std::string_view p : excluded) {
        if (p.ends_with('/')) p.remove_suffix(1);
        if (p.empty()) continue;
        std::string exact(p), under = exact + "/", past = exact + "0";  // '0' follows '/'
        if (const char* rec = locate(exact, true)) {
            PackedRef skipped;
            jumps.emplace_back(rec, parse_record(rec, skipped));
        }
        jumps.emplace_back(locate(under, false), locate(past, false));
    }
    std::sort(jumps.begin(), jumps.end());
    std::size_t next_jump = 0;
    PackedRef ref;
    for (const char* p = prefix.empty() ? begin_ : locate(prefix, false); p < end_;) {
        while (next_jump < jumps.size() && jumps[next_jump].second <= p) ++next_jump;
        if (next_jump < jumps.size() && jumps[next_jump].first <= p) {
            p = jumps[next_jump].second;
            continue;
        }
        p = parse_record(p, ref);
        if (!ref.name.starts_with(prefix)) {
            if (ref.name > prefix) break;
            continue;
        }
        fn(ref);
    }
}

}  // namespace grit
