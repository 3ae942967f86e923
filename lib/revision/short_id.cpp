#include "revision/short_id.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "object/commit.h"
#include "object/tag.h"
#include "odb/object_database.h"
#include "repo/repository.h"
#include "util/error.h"

namespace grit {

namespace {

std::optional<Disambiguate> hint_from_config(std::string_view value) {
    std::string lower;
    for (char c : value) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (lower == "none") return Disambiguate::none;
    if (lower == "commit") return Disambiguate::commit;
    if (lower == "committish") return Disambiguate::committish;
    if (lower == "tree") return Disambiguate::tree;
    if (lower == "treeish") return Disambiguate::treeish;
    if (lower == "blob") return Disambiguate::blob;
    return std::nullopt;
}

ObjectType type_of(ObjectDatabase& odb, const ObjectId& id) {
    try {
        auto header = odb.read_header(id);
        return header ? header->type : ObjectType::bad;
    } catch (const CorruptData&) {
        return ObjectType::bad;
    }
}

bool accepts(Repository& repo, Disambiguate hint, const ObjectId& id) {
    ObjectType type = type_of(repo.odb(), id);
    switch (hint) {
    case Disambiguate::none: return true;
    case Disambiguate::commit: return type == ObjectType::commit;
    case Disambiguate::tree: return type == ObjectType::tree;
    case Disambiguate::blob: return type == ObjectType::blob;
    case Disambiguate::committish:
    case Disambiguate::treeish: {
        if (type == ObjectType::tag) {
            auto target = peel_to_type(repo, id, ObjectType::none);
            type = target ? type_of(repo.odb(), *target) : ObjectType::bad;
        }
        if (type == ObjectType::commit) return true;
        return hint == Disambiguate::treeish && type == ObjectType::tree;
    }
    }
    return false;
}

// git lists tags, then commits, trees and blobs; unreadable objects first.
int listing_rank(ObjectType type) {
    switch (type) {
    case ObjectType::tag: return 1;
    case ObjectType::commit: return 2;
    case ObjectType::tree: return 3;
    case ObjectType::blob: return 4;
    default: return 0;
    }
}

// "YYYY-MM-DD" of a Unix time shifted by a "+hhmm"/"-hhmm" zone.
std::string short_date(std::int64_t seconds, int tz) {
    int sign = tz < 0 ? -1 : 1;
    int magnitude = tz * sign;
    seconds += sign * static_cast<std::int64_t>((magnitude / 100) * 3600 + (magnitude % 100) * 60);
    std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    days += 719468;
    std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    std::int64_t doe = days - era * 146097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153;
    std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    std::int64_t year = yoe + era * 400 + (month <= 2);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(year),
                  static_cast<long long>(month), static_cast<long long>(day));
    return buf;
}

// "<seconds> <zone>" as found after the email of a person line.
std::pair<std::int64_t, int> parse_date(std::string_view date) {
    std::int64_t seconds = 0;
    std::size_t i = 0;
    while (i < date.size() && date[i] >= '0' && date[i] <= '9') seconds = seconds * 10 + (date[i++] - '0');
    while (i < date.size() && date[i] == ' ') ++i;
    int tz = 0;
    if (i < date.size() && (date[i] == '+' || date[i] == '-')) {
        int sign = date[i++] == '-' ? -1 : 1;
        while (i < date.size() && date[i] >= '0' && date[i] <= '9') tz = tz * 10 + (date[i++] - '0');
        tz *= sign;
    }
    return {seconds, tz};
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// pretty's "%s": the first paragraph of the message, lines joined by a space.
std::string subject_of(std::string_view message) {
    std::string subject;
    bool in_subject = false;
    while (!message.empty()) {
        auto eol = message.find('\n');
        std::string_view line = message.substr(0, eol);
        message = eol == std::string_view::npos ? std::string_view{} : message.substr(eol + 1);
        while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
        if (line.empty()) {
            if (in_subject) break;
            continue;
        }
        if (in_subject) subject += ' ';
        subject.append(line);
        in_subject = true;
    }
    return subject;
}

}  // namespace

std::string describe_candidate(Repository& repo, const ObjectId& id) {
    std::string abbrev = abbreviate(repo, id);
    ObjectType type = type_of(repo.odb(), id);
    if (type == ObjectType::commit) {
        std::string date, subject;
        try {
            auto object = repo.odb().read(id);
            if (object) {
                ParsedCommit commit = parse_commit(object->data, id.algo);
                if (auto author = parse_person(commit.author)) {
                    auto [seconds, tz] = parse_date(author->date);
                    date = short_date(seconds, tz);
                }
                subject = subject_of(commit.message);
            }
        } catch (const CorruptData&) {
        }
        return abbrev + " commit " + date + " - " + subject;
    }
    if (type == ObjectType::tag) {
        try {
            auto object = repo.odb().read(id);
            if (object) {
                ParsedTag tag = parse_tag(object->data, id.algo);
                if (!tag.name.empty()) {
                    std::int64_t seconds = 0;
                    if (auto tagger = parse_person(tag.tagger)) seconds = parse_date(tagger->date).first;
                    return abbrev + " tag " + short_date(seconds, 0) + " - " + std::string(tag.name);
                }
            }
        } catch (const CorruptData&) {
        }
        return abbrev + " [bad tag, could not parse it]";
    }
    if (type == ObjectType::tree) return abbrev + " tree";
    if (type == ObjectType::blob) return abbrev + " blob";
    return abbrev + " [bad object]";
}

ShortIdLookup lookup_short_id(Repository& repo, std::string_view hex, Disambiguate hint, bool quiet,
                              std::vector<std::string>& messages) {
    ShortIdLookup result;
    if (hex.size() < 4 || hex.size() > 64) return result;
    std::string prefix;
    prefix.reserve(hex.size());
    for (char c : hex) {
        if (!is_hex_digit(c)) return result;
        prefix += static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
    }
    ObjectDatabase& odb = repo.odb();
    constexpr auto kAll = std::numeric_limits<std::size_t>::max();
    std::vector<ObjectId> matches = odb.find_by_prefix(prefix, kAll);
    if (matches.empty()) {
        // A pack may have appeared since the database was opened.
        odb.reprepare();
        matches = odb.find_by_prefix(prefix, kAll);
    }
    std::sort(matches.begin(), matches.end());
    matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
    if (matches.empty()) return result;
    if (matches.size() == 1) {
        result.status = ShortIdStatus::found;
        result.oid = matches[0];
        return result;
    }

    if (hint == Disambiguate::none) {
        if (auto value = repo.config().get("core.disambiguate"))
            hint = hint_from_config(*value).value_or(Disambiguate::none);
    }
    std::vector<ObjectId> accepted;
    if (hint != Disambiguate::none) {
        for (const auto& id : matches)
            if (accepts(repo, hint, id)) accepted.push_back(id);
        if (accepted.size() == 1) {
            result.status = ShortIdStatus::found;
            result.oid = accepted[0];
            return result;
        }
    }
    result.status = ShortIdStatus::ambiguous;
    // When no candidate fits the hint, git lists them all.
    result.candidates = accepted.size() >= 2 ? accepted : matches;
    std::vector<std::pair<int, ObjectId>> ranked;
    for (const auto& id : result.candidates) ranked.emplace_back(listing_rank(type_of(odb, id)), id);
    std::sort(ranked.begin(), ranked.end());
    for (std::size_t i = 0; i < ranked.size(); ++i) result.candidates[i] = ranked[i].second;
    if (!quiet) {
        messages.push_back("error: short object ID " + prefix + " is ambiguous");
        messages.push_back("hint: The candidates are:");
        for (const auto& id : result.candidates) messages.push_back("hint:   " + describe_candidate(repo, id));
    }
    return result;
}

}  // namespace grit
