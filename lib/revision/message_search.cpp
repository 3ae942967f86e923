#include "revision/message_search.h"

#include <regex.h>

#include <cstdint>
#include <queue>
#include <string>
#include <unordered_set>

#include "object/commit.h"
#include "odb/object_database.h"
#include "repo/repository.h"

namespace grit {

namespace {

struct Queued {
    std::int64_t date;
    std::uint64_t order;  // equal dates leave in insertion order, as in git's prio_queue
    ObjectId id;
    bool operator<(const Queued& other) const {
        if (date != other.date) return date < other.date;
        return order > other.order;
    }
};

std::int64_t committer_time(const ParsedCommit& commit) {
    auto gt = commit.committer.rfind('>');
    if (gt == std::string_view::npos) return 0;
    std::int64_t t = 0;
    std::size_t i = gt + 1;
    while (i < commit.committer.size() && commit.committer[i] == ' ') ++i;
    while (i < commit.committer.size() && commit.committer[i] >= '0' && commit.committer[i] <= '9')
        t = t * 10 + (commit.committer[i++] - '0');
    return t;
}

class Regex {
public:
    explicit Regex(const std::string& pattern) { ok_ = regcomp(&re_, pattern.c_str(), REG_EXTENDED) == 0; }
    ~Regex() {
        if (ok_) regfree(&re_);
    }
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;
    bool ok() const { return ok_; }
    bool matches(const std::string& text) const { return regexec(&re_, text.c_str(), 0, nullptr, 0) == 0; }

private:
    regex_t re_{};
    bool ok_ = false;
};

}  // namespace

std::optional<ObjectId> search_commit_messages(Repository& repo, const std::vector<ObjectId>& starts,
                                               std::string_view pattern) {
    bool negative = false;
    if (!pattern.empty() && pattern[0] == '!') {
        pattern.remove_prefix(1);
        if (!pattern.empty() && pattern[0] == '-') {
            pattern.remove_prefix(1);
            negative = true;
        } else if (pattern.empty() || pattern[0] != '!') {
            return std::nullopt;
        }
    }
    Regex regex{std::string(pattern)};
    if (!regex.ok()) return std::nullopt;

    ObjectDatabase& odb = repo.odb();
    std::priority_queue<Queued> queue;
    std::unordered_set<ObjectId, ObjectIdHash> seen;
    std::uint64_t order = 0;
    auto load = [&](const ObjectId& id, std::string& data) {
        auto object = odb.read(id);
        if (!object || object->type != ObjectType::commit) return false;
        data = std::move(object->data);
        return true;
    };
    std::string data;
    for (const auto& id : starts) {
        if (!load(id, data)) continue;
        seen.insert(id);
        queue.push({committer_time(parse_commit(data, id.algo)), order++, id});
    }
    while (!queue.empty()) {
        ObjectId id = queue.top().id;
        queue.pop();
        if (!load(id, data)) continue;
        ParsedCommit commit = parse_commit(data, id.algo);
        for (const auto& parent : commit.parents) {
            if (!seen.insert(parent).second) continue;
            std::string parent_data;
            if (!load(parent, parent_data)) continue;
            queue.push({committer_time(parse_commit(parent_data, parent.algo)), order++, parent});
        }
        auto body = data.find("\n\n");
        bool matched = body != std::string::npos && regex.matches(data.substr(body + 2));
        if (matched != negative) return id;
    }
    return std::nullopt;
}

}  // namespace grit
