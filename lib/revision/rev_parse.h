#pragma once
// The revision half of `git rev-parse`: revision arguments (with ^, A..B,
// A...B, A^!, A^@, A^-N), the options that shape their output (--verify, -q,
// --short, --symbolic, --symbolic-full-name, --abbrev-ref, --default,
// --revs-only, --no-revs, --flags, --no-flags, --not, --sq, --all,
// --branches, --tags, --remotes, --glob, --exclude, --disambiguate), "--",
// "--end-of-options", and the file arguments after them.
//
// The command loops over its arguments and offers each to handle() first;
// what handle() declines is one of the command's own options (--git-dir, ...)
// or else an unknown flag for flag(). Output goes to the sinks as it is
// produced, in git's order; git's fatal messages are thrown as BadName, and
// RevParseExit carries a silent exit status (a quiet --verify failure).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hash/object_id.h"
#include "revision/first_parent_chains.h"
#include "revwalk/commit_reader.h"

namespace grit {

class Repository;

struct RevParseExit {
    int code;
};

class RevParseRevisions {
public:
    // out: text for stdout, exactly as written (lines end in "\n");
    // err: one complete stderr line at a time, without "\n".
    using Sink = std::function<void(std::string_view)>;
    RevParseRevisions(Repository& repo, std::vector<std::string> args, Sink out, Sink err);

    // Handles args[i] (advancing i past a value it consumes) unless it is an
    // option this class does not know; returns false then.
    bool handle(std::size_t& i);
    // An option nobody knows: passed through as git does (--flags output).
    void flag(std::string_view arg);
    // After the last argument: prints --verify's single revision or the
    // --default one. Returns the exit status.
    int finish();

private:
    enum Filter : unsigned { revs = 1, norev = 2, flags = 4, nonflags = 8 };
    enum Symbolic { none, as_is, full };

    bool option(std::size_t& i);
    void argument(const std::string& arg);
    bool try_difference(const std::string& arg);
    bool try_parent_shorthands(const std::string& arg);
    void verify_filename(const std::string& arg, bool diagnose_misspelt_rev);
    [[noreturn]] void die_no_single_rev();

    void show(std::string_view text);
    void show_with_type(bool reversed, std::string_view text);
    void show_rev(bool reversed, const ObjectId& id, const std::string* name);
    bool show_flag(std::string_view arg);
    void show_date(std::string_view rev_list_option, std::string_view date);
    bool show_default();
    bool show_file(std::string_view arg);
    void show_refs(std::string_view prefix, std::optional<std::string_view> pattern, bool trim);

    std::optional<ObjectId> get_oid(std::string_view name, bool committish, bool quiet);
    std::optional<ObjectId> commit_of(const ObjectId& id);
    void report(const std::vector<std::string>& lines);

    Repository& repo_;
    // Shared by every argument, so "HEAD~N" walks read each commit once.
    std::optional<CommitReader> commits_;
    std::optional<FirstParentChains> chains_;
    std::vector<std::string> args_;
    Sink out_;
    Sink err_;
    bool has_dashdash_ = false;

    unsigned filter_ = revs | norev | flags | nonflags;
    std::optional<std::string> default_rev_;
    bool negate_all_ = false;  // --not
    Symbolic symbolic_ = none;
    int abbrev_ = 0;  // 0: full ids; -1: core.abbrev
    bool abbrev_ref_ = false;
    bool abbrev_ref_strict_ = false;
    bool output_sq_ = false;
    int as_is_ = 0;  // 1 after a non-revision argument, 2 after "--"
    bool verify_ = false;
    bool quiet_ = false;
    bool seen_end_of_options_ = false;
    std::vector<std::string> excludes_;

    int revs_count_ = 0;
    ObjectId verified_;
    std::string verified_name_;
    bool verified_reversed_ = false;
};

}  // namespace grit
