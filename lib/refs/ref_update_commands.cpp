#include "refs/ref_update_commands.h"

#include <array>

#include "refs/ref_store.h"
#include "repo/repository.h"
#include "revision/resolve.h"
#include "util/quote.h"

namespace grit {

namespace {

// The transaction states of git's update_refs_stdin, in the order a
// command may move them forward.
enum class Phase { open, started, prepared, closed };

enum class Verb { update, create, del, verify, option, start, prepare, abort, commit };

struct CommandSpec {
    std::string_view name;
    Verb verb;
    int fields;  // arguments; with -z also the number of NUL-terminated fields
    Phase phase;
};

constexpr std::array<CommandSpec, 9> kCommands = {{
    {"update", Verb::update, 3, Phase::open},
    {"create", Verb::create, 2, Phase::open},
    {"delete", Verb::del, 2, Phase::open},
    {"verify", Verb::verify, 2, Phase::open},
    {"option", Verb::option, 1, Phase::open},
    {"start", Verb::start, 0, Phase::started},
    {"prepare", Verb::prepare, 0, Phase::prepared},
    {"abort", Verb::abort, 0, Phase::closed},
    {"commit", Verb::commit, 0, Phase::closed},
}};

bool is_git_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

[[noreturn]] void fail(const std::string& message) { throw RefCommandError(message); }

// Which value an oid argument is, for git's messages.
enum class ValueKind { new_value, old_value };

}  // namespace

struct RefUpdateCommands::Impl {
    Repository& repo;
    char terminator;
    RefUpdateOptions defaults;
    RefUpdateOptions next_options;  // "option no-deref" applies to the next command only
    std::string message;
    std::function<void(std::string_view)> diagnostic;
    Phase phase = Phase::open;
    std::unique_ptr<RefTransaction> transaction;

    // The command being parsed, read as git reads its C string: everything
    // from a NUL on is invisible to the text functions, but `end` still
    // marks how much input was read.
    std::string record;
    std::size_t pos = 0;

    Impl(Repository& r, bool nul, RefUpdateOptions d, std::string m, std::function<void(std::string_view)> diag)
        : repo(r), terminator(nul ? '\0' : '\n'), defaults(d), next_options(d), message(std::move(m)),
          diagnostic(std::move(diag)), transaction(std::make_unique<RefTransaction>(r)) {}

    char at(std::size_t i) const { return i < record.size() ? record[i] : '\0'; }
    // The C string starting at i.
    std::string text_from(std::size_t i) const {
        if (i >= record.size()) return {};
        std::string_view rest(record);
        rest.remove_prefix(i);
        return std::string(rest.substr(0, rest.find('\0')));
    }

    // One whitespace-terminated, possibly C-quoted argument (without -z).
    std::string parse_arg() {
        std::string arg;
        if (at(pos) == '"') {
            std::size_t start = pos;
            std::string quoted = text_from(pos);
            std::size_t consumed = 0;
            auto unquoted = unquote_c_style(quoted, &consumed);
            if (!unquoted) fail("badly quoted argument: " + quoted);
            pos += consumed;
            if (at(pos) && !is_git_space(at(pos)))
                fail("unexpected character after quoted argument: " + text_from(start));
            return *unquoted;
        }
        while (at(pos) && !is_git_space(at(pos))) arg += record[pos++];
        return arg;
    }

    std::optional<std::string> parse_refname() {
        std::string ref;
        if (terminator) {
            ref = parse_arg();
        } else {
            ref = text_from(pos);
            pos += ref.size();
        }
        if (ref.empty()) return std::nullopt;
        if (!is_valid_refname(ref, true)) fail("invalid ref format: " + ref);
        return ref;
    }

    ObjectId resolve(const std::string& arg, const std::string& what, ValueKind kind) {
        Resolution res = resolve_revision(repo, arg);
        for (const std::string& line : res.messages) diagnostic(line);
        if (!res.found())
            fail(what + ": invalid <" + (kind == ValueKind::old_value ? "old" : "new") + "value>: " + arg);
        return res.oid;
    }

    // git's parse_next_oid: nullopt when the argument is absent. `what` is
    // "<command> <ref>" for messages.
    std::optional<ObjectId> parse_next_oid(const std::string& what, ValueKind kind, bool empty_is_zero) {
        std::string eof = what + ": unexpected end of input when reading <" +
                          (kind == ValueKind::old_value ? "old" : "new") + "value>";
        if (pos >= record.size()) fail(eof);
        ObjectId null = ObjectId::null(repo.hash_algo());
        if (terminator) {
            if (at(pos) == '\0' || at(pos) == terminator) return std::nullopt;
            if (at(pos) != ' ') fail(what + ": expected SP but got: " + text_from(pos));
            ++pos;
            std::string arg = parse_arg();
            return arg.empty() ? null : resolve(arg, what, kind);
        }
        if (at(pos) != '\0') fail(what + ": expected NUL but got: " + text_from(pos));
        ++pos;
        if (pos >= record.size()) fail(eof);
        std::string arg = text_from(pos);
        pos += arg.size();
        if (!arg.empty()) return resolve(arg, what, kind);
        if (!empty_is_zero) return std::nullopt;
        diagnostic("warning: " + what + ": missing <newvalue>, treating as zero");
        return null;
    }

    void expect_end(const std::string& what) {
        if (at(pos) != terminator) fail(what + ": extra input: " + text_from(pos));
    }

    // Queues an update; the options of "option" are used up by it.
    template <typename Queue>
    void queue(Queue&& fn) {
        RefUpdateOptions options = next_options;
        next_options = defaults;
        try {
            fn(options);
        } catch (const RefUpdateError& e) {
            fail(e.what());
        }
    }

    std::string ref_argument(std::string_view verb) {
        auto ref = parse_refname();
        if (!ref) fail(std::string(verb) + ": missing <ref>");
        return *ref;
    }

    void run_update() {
        std::string ref = ref_argument("update");
        std::string what = "update " + ref;
        auto new_oid = parse_next_oid(what, ValueKind::new_value, true);
        if (!new_oid) fail(what + ": missing <newvalue>");
        auto old_oid = parse_next_oid(what, ValueKind::old_value, false);
        expect_end(what);
        queue([&](const RefUpdateOptions& o) { transaction->update(ref, new_oid, old_oid, o, message); });
    }

    void run_create() {
        std::string ref = ref_argument("create");
        std::string what = "create " + ref;
        auto new_oid = parse_next_oid(what, ValueKind::new_value, false);
        if (!new_oid) fail(what + ": missing <newvalue>");
        if (new_oid->is_null()) fail(what + ": zero <newvalue>");
        expect_end(what);
        queue([&](const RefUpdateOptions& o) { transaction->create(ref, *new_oid, o, message); });
    }

    void run_delete() {
        std::string ref = ref_argument("delete");
        std::string what = "delete " + ref;
        auto old_oid = parse_next_oid(what, ValueKind::old_value, false);
        if (old_oid && old_oid->is_null()) fail(what + ": zero <oldvalue>");
        expect_end(what);
        queue([&](const RefUpdateOptions& o) { transaction->remove(ref, old_oid, o, message); });
    }

    void run_verify() {
        std::string ref = ref_argument("verify");
        std::string what = "verify " + ref;
        auto old_oid = parse_next_oid(what, ValueKind::old_value, false);
        expect_end(what);
        ObjectId expected = old_oid.value_or(ObjectId::null(repo.hash_algo()));
        queue([&](const RefUpdateOptions& o) { transaction->verify(ref, expected, o); });
    }

    void run_option() {
        std::string_view rest(record);
        rest.remove_prefix(std::min(pos, record.size()));
        if (rest.starts_with("no-deref") && at(pos + 8) == terminator)
            next_options.no_deref = true;
        else
            fail("option unknown: " + text_from(pos));
    }

    // Moves the state machine for a command about to run (git's rules).
    void advance(const CommandSpec& cmd) {
        switch (phase) {
        case Phase::open:
        case Phase::started:
            if (phase == Phase::started && cmd.phase == Phase::started) fail("cannot restart ongoing transaction");
            if (cmd.phase >= phase) phase = cmd.phase;
            break;
        case Phase::prepared:
            if (cmd.phase != Phase::closed) fail("prepared transactions can only be closed");
            phase = cmd.phase;
            break;
        case Phase::closed:
            if (cmd.phase != Phase::started) fail("transaction is closed");
            phase = cmd.phase;
            transaction = std::make_unique<RefTransaction>(repo);
            break;
        }
    }

    std::string run_control(const CommandSpec& cmd) {
        std::string name(cmd.name);
        if (at(pos) != terminator) fail(name + ": extra input: " + text_from(pos));
        try {
            if (cmd.verb == Verb::prepare) transaction->prepare();
            if (cmd.verb == Verb::commit) transaction->commit();
            if (cmd.verb == Verb::abort) transaction->abort();
        } catch (const RefUpdateError& e) {
            fail(name + ": " + e.what());
        }
        return name + ": ok\n";
    }

    std::string execute(std::string input, const std::function<bool(std::string&)>& read_field) {
        record = std::move(input);
        if (at(0) == terminator) fail("empty command in input");
        if (is_git_space(at(0))) fail("whitespace before command: " + text_from(0));
        const CommandSpec* cmd = nullptr;
        for (const CommandSpec& c : kCommands) {
            if (!record.starts_with(c.name)) continue;
            if (at(c.name.size()) != (c.fields ? ' ' : terminator)) continue;
            cmd = &c;
            break;
        }
        if (!cmd) fail("unknown command: " + text_from(0));
        for (int field = 1; !terminator && field < cmd->fields; ++field)
            if (!read_field(record)) break;
        advance(*cmd);
        pos = cmd->name.size() + (cmd->fields ? 1 : 0);
        switch (cmd->verb) {
        case Verb::update:
            run_update();
            break;
        case Verb::create:
            run_create();
            break;
        case Verb::del:
            run_delete();
            break;
        case Verb::verify:
            run_verify();
            break;
        case Verb::option:
            run_option();
            break;
        case Verb::start:
        case Verb::prepare:
        case Verb::abort:
        case Verb::commit:
            return run_control(*cmd);
        }
        return {};
    }

    void finish() {
        try {
            if (phase == Phase::open) transaction->commit();
            if (phase == Phase::started || phase == Phase::prepared) transaction->abort();
        } catch (const RefUpdateError& e) {
            fail(e.what());
        }
    }
};

RefUpdateCommands::RefUpdateCommands(Repository& repo, bool nul_terminated, RefUpdateOptions defaults,
                                     std::string message, std::function<void(std::string_view)> diagnostic)
    : impl_(std::make_unique<Impl>(repo, nul_terminated, defaults, std::move(message), std::move(diagnostic))) {}

RefUpdateCommands::~RefUpdateCommands() = default;

std::string RefUpdateCommands::execute(std::string record, const std::function<bool(std::string&)>& read_field) {
    return impl_->execute(std::move(record), read_field);
}

void RefUpdateCommands::finish() { impl_->finish(); }

}  // namespace grit
