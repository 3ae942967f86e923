#pragma once
// gitmailmap(5): mapping the names and emails recorded in commits and tags to
// canonical ones. Entries are keyed by the old email (compared without regard
// to case); an entry may also carry per-old-name mappings, which win over the
// email-only mapping when the old name matches (again case-insensitively).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grit {

class Repository;

class Mailmap {
public:
    // Adds the lines of one mailmap file or blob; later lines win.
    void add_text(std::string_view text);

    struct Identity {
        std::string_view name;
        std::string_view email;
    };
    // The canonical identity for (name, email), or nullopt when no entry maps it.
    // Returned views point into this Mailmap or into the arguments.
    std::optional<Identity> map(std::string_view name, std::string_view email) const;

    // Rewrites the "author", "committer" and "tagger" header lines of a commit
    // or tag object in place, as `cat-file --use-mailmap` shows them.
    void rewrite_object_headers(std::string& object) const;

    bool empty() const { return entries_.empty(); }

private:
    struct CaseInsensitiveLess {
        using is_transparent = void;
        bool operator()(std::string_view a, std::string_view b) const;
    };
    struct Replacement {
        std::optional<std::string> name;
        std::optional<std::string> email;
    };
    struct Entry {
        Replacement simple;
        std::map<std::string, Replacement, CaseInsensitiveLess> by_name;
    };
    void add_line(std::string_view line);
    std::map<std::string, Entry, CaseInsensitiveLess> entries_;
};

// The errors git reports (as "error: ...") while reading mailmap sources and
// then carries on without them.
struct MailmapLoad {
    Mailmap mailmap;
    std::vector<std::string> errors;
};

// Reads the repository's mailmap as git does: ".mailmap" at the top of the
// work tree (not followed if it is a symbolic link), the blob named by
// mailmap.blob (HEAD:.mailmap by default in a bare repository), then the file
// named by mailmap.file.
MailmapLoad load_mailmap(Repository& repo);

}  // namespace grit
