// git cat-file: one object's type, size, existence or contents, or the batch
// protocols (--batch, --batch-check, --batch-command) that libraries drive
// through a pipe.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/command.h"
#include "common/parse_options.h"
#include "common/report.h"
#include "object/batch_format.h"
#include "object/mailmap.h"
#include "object/object_batch.h"
#include "object/pretty_print.h"
#include "object/read_peeled.h"
#include "object/replace_map.h"
#include "odb/object_database.h"
#include "repo/repository.h"
#include "revision/resolve.h"
#include "util/error.h"
#include "util/output_buffer.h"
#include "util/record_reader.h"

namespace grit::cmd {

namespace {

const std::string kUsage =
    "usage: git cat-file <type> <object>\n"
    "   or: git cat-file (-e | -p) <object>\n"
    "   or: git cat-file (-t | -s) [--allow-unknown-type] <object>\n"
    "   or: git cat-file (--batch | --batch-check | --batch-command) [--batch-all-objects]\n"
    "                    [--buffer] [--follow-symlinks] [--unordered]\n"
    "                    [--textconv | --filters] [-z]\n"
    "   or: git cat-file (--textconv | --filters)\n"
    "                    [<rev>:<path|tree-ish> | --path=<path|tree-ish> <rev>]\n"
    "\n"
    "Check object existence or emit object contents\n"
    "    -e                    check if <object> exists\n"
    "    -p                    pretty-print <object> content\n"
    "\n"
    "Emit [broken] object attributes\n"
    "    -t                    show object type (one of 'blob', 'tree', 'commit', 'tag', ...)\n"
    "    -s                    show object size\n"
    "    --allow-unknown-type  allow -s and -t to work with broken/corrupt objects\n"
    "    --use-mailmap         use mail map file\n"
    "    --mailmap             alias of --use-mailmap\n"
    "\n"
    "Batch objects requested on stdin (or --batch-all-objects)\n"
    "    --batch[=<format>]    show full <object> or <rev> contents\n"
    "    --batch-check[=<format>]\n"
    "                          like --batch, but don't emit <contents>\n"
    "    -z                    stdin is NUL-terminated\n"
    "    --batch-command[=<format>]\n"
    "                          read commands from stdin\n"
    "    --batch-all-objects   with --batch[-check]: ignores stdin, batches all known objects\n"
    "\n"
    "Change or optimize batch output\n"
    "    --buffer              buffer --batch output\n"
    "    --follow-symlinks     follow in-tree symlinks\n"
    "    --unordered           do not order objects before emitting them\n"
    "\n"
    "Emit object (blob or tree) with conversion or filter (stand-alone, or with batch)\n"
    "    --textconv            run textconv on object's content\n"
    "    --filters             run filters on object's content\n"
    "    --path blob|tree      use a <path> for (--textconv | --filters); Not with 'batch'\n"
    "\n";

// The usage git prints after option parsing (for a wrong combination of
// options or arguments) shows the --mailmap alias from its raw option table,
// where the help column reads "--mailmap ..."; -h and parse errors show the
// resolved table.
const std::string kUsageAfterParse = [] {
    std::string u = kUsage;
    const std::string plain = "    --mailmap             alias";
    u.replace(u.find(plain), plain.size(), "    --mailmap ...         alias");
    return u;
}();

enum class BatchMode { none, contents, info, command };

struct CatFileOptions {
    int mode = 0;  // 'e', 'p', 't', 's', 'b' (--batch-all-objects), 'c' (--textconv), 'w' (--filters)
    int allow_unknown_type = 0;
    int use_mailmap = 0;
    BatchMode batch = BatchMode::none;
    std::optional<std::string> format;
    int nul_input = 0;      // -z
    int nul_delimited = 0;  // -Z (git 2.42): input and output
    int buffer = -1;
    int follow_symlinks = 0;
    int unordered = 0;
    std::optional<std::string> path;
};

std::vector<std::string> parse(int argc, char** argv, CatFileOptions& o) {
    auto batch_option = [&o](BatchMode mode) {
        return [&o, mode](const char* value, bool) -> std::optional<std::string> {
            if (o.batch != BatchMode::none) return std::string("only one batch option may be specified");
            o.batch = mode;
            if (value) o.format = value;
            return std::nullopt;
        };
    };
    using G = GitOption;
    std::vector<GitOption> table = {
        G::make_cmdmode('e', {}, &o.mode, 'e'),
        G::make_cmdmode('p', {}, &o.mode, 'p'),
        G::make_cmdmode('t', {}, &o.mode, 't'),
        G::make_cmdmode('s', {}, &o.mode, 's'),
        G::make_bool(0, "allow-unknown-type", &o.allow_unknown_type),
        G::make_bool(0, "use-mailmap", &o.use_mailmap),
        G::make_alias("mailmap", "use-mailmap"),
        G::make_callback("batch", batch_option(BatchMode::contents)),
        G::make_callback("batch-check", batch_option(BatchMode::info)),
        G::make_bool('z', {}, &o.nul_input),
        G::make_bool('Z', {}, &o.nul_delimited),
        G::make_callback("batch-command", batch_option(BatchMode::command)),
        G::make_cmdmode(0, "batch-all-objects", &o.mode, 'b'),
        G::make_bool(0, "buffer", &o.buffer),
        G::make_bool(0, "follow-symlinks", &o.follow_symlinks),
        G::make_bool(0, "unordered", &o.unordered),
        G::make_cmdmode(0, "textconv", &o.mode, 'c'),
        G::make_cmdmode(0, "filters", &o.mode, 'w'),
        G::make_string(0, "path", &o.path),
    };
    return parse_git_options(argc, argv, std::move(table), kUsage);
}

void print_stderr_line(std::string_view line) {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
}

[[noreturn]] void refuse_conversion() {
    die("grit cat-file does not support --textconv and --filters");
}

// The name resolved as git's cat-file does for a single object: dies with the
// precise reason when there is one, else "Not a valid object name".
ObjectId resolve_or_die(Repository& repo, const std::string& name) {
    Resolution res = resolve_revision(repo, name);
    for (const auto& line : res.messages) print_stderr_line(line);
    if (res.found()) return res.oid;
    if (!res.fatal.empty()) die(res.fatal);
    die("Not a valid object name " + name);
}

// Reads a header for -t/-s; corrupt objects report git's error lines first.
ObjectHeader header_or_die(ObjectDatabase& odb, const ObjectId& oid, bool allow_unknown_type, std::string_view fatal) {
    std::optional<ObjectHeader> header;
    try {
        header = odb.read_header(oid, allow_unknown_type);
    } catch (const CorruptData& e) {
        if (e.error_lines.empty()) throw;
        for (const auto& line : e.error_lines) print_error(line);
    }
    if (!header) die(fatal);
    return *header;
}

// The type of an object as git's oid_object_info() finds it: damage is
// reported with git's error lines and gives nullopt.
std::optional<ObjectType> probe_type(ObjectDatabase& odb, const ObjectId& oid) {
    try {
        auto h = odb.read_header(oid, false, false);
        if (h) return h->type;
    } catch (const CorruptData& e) {
        if (e.error_lines.empty()) throw;
        for (const auto& line : e.error_lines) print_error(line);
    }
    return std::nullopt;
}

int cat_one_object(Repository& repo, const CatFileOptions& o, const std::string* expected_type,
                   const std::string& name, const Mailmap* mailmap, const ReplaceMap& replace) {
    ObjectDatabase& odb = repo.odb();
    const ObjectId named = resolve_or_die(repo, name);
    // Everything but -e reads the object's replacement, if it has one.
    const ObjectId oid = o.mode == 'e' ? named : replace.resolve(named);
    OutputBuffer out(1);
    switch (o.mode) {
    case 't': {
        ObjectHeader h = header_or_die(odb, oid, o.allow_unknown_type, "git cat-file: could not get object info");
        out.write(h.type == ObjectType::bad || type_name(h.type).empty() ? h.unknown_type : type_name(h.type));
        out.put('\n');
        break;
    }
    case 's': {
        ObjectHeader h = header_or_die(odb, oid, o.allow_unknown_type, "git cat-file: could not get object info");
        std::string line;
        append_decimal(line, h.size);
        line += '\n';
        out.write(line);
        break;
    }
    case 'e':
        return odb.contains(oid) ? 0 : 1;
    case 'c':
    case 'w':
        refuse_conversion();
    case 'p': {
        ObjectHeader h = header_or_die(odb, oid, false, "Not a valid object name " + name);
        auto obj = odb.read(oid);
        if (!obj) die("Cannot read object " + name);
        if (h.type == ObjectType::tree) {
            std::string listing;
            bool quote = repo.config().get_bool("core.quotepath").value_or(true);
            append_tree_listing(listing, obj->data, oid.algo, quote);
            out.write(listing);
            break;
        }
        if (mailmap && h.type != ObjectType::blob) mailmap->rewrite_object_headers(obj->data);
        out.write(obj->data);
        break;
    }
    default: {
        ObjectType want = type_from_name(*expected_type);
        if (want == ObjectType::bad) die("invalid object type \"" + *expected_type + "\"");
        if (want == ObjectType::blob && probe_type(odb, oid) == ObjectType::tag) {
            // git asks whether a tag points at a blob, and then whether the
            // target is one, before reading anything.
            auto tag = odb.read(oid);
            std::string_view data = tag ? std::string_view(tag->data) : std::string_view();
            std::optional<ObjectId> target;
            if (data.substr(0, 7) == "object ") target = ObjectId::from_hex(data.substr(7, hex_size(oid.algo)), oid.algo);
            if (!target) die(oid.hex() + " not a valid tag");
            probe_type(odb, *target);
        } else if (want == ObjectType::blob) {
            probe_type(odb, oid);
        }
        auto peeled = read_peeled(odb, oid, want, &replace);
        if (!peeled) die("git cat-file " + name + ": bad file");
        if (mailmap && want != ObjectType::blob) mailmap->rewrite_object_headers(peeled->object.data);
        out.write(peeled->object.data);
        break;
    }
    }
    out.flush();
    return 0;
}

// The --batch-command protocol: "contents <object>", "info <object>" and,
// with --buffer, "flush" to answer the queued commands.
void run_batch_commands(ObjectBatch& batch, RecordReader& input, bool buffered, OutputBuffer& out) {
    struct Queued {
        bool contents;
        std::string name;
    };
    std::vector<Queued> queue;
    auto dispatch = [&] {
        if (!buffered) die("flush is only for --buffer mode");
        for (const auto& q : queue) batch.request(q.name, {}, q.contents);
        queue.clear();
        out.flush();
    };
    while (auto line = input.next()) {
        std::string_view cmd = *line;
        if (cmd.empty()) die("empty command in input");
        if (std::isspace(static_cast<unsigned char>(cmd.front())))
            die("whitespace before command: '" + std::string(cmd) + "'");
        if (cmd.substr(0, 5) == "flush") {
            if (cmd.size() > 5) die("flush takes no arguments");
            dispatch();
            continue;
        }
        bool contents;
        std::string_view word;
        if (cmd.substr(0, 8) == "contents") {
            contents = true;
            word = "contents";
        } else if (cmd.substr(0, 4) == "info") {
            contents = false;
            word = "info";
        } else {
            die("unknown command: '" + std::string(cmd) + "'");
        }
        if (cmd.size() <= word.size() || cmd[word.size()] != ' ') die(std::string(word) + " requires arguments");
        std::string_view name = cmd.substr(word.size() + 1);
        if (buffered)
            queue.push_back({contents, std::string(name)});
        else
            batch.request(name, {}, contents);
    }
    const char* no_flush = std::getenv("GIT_TEST_CAT_FILE_NO_FLUSH_ON_EXIT");
    bool skip_final_flush = no_flush && Config::parse_bool(no_flush).value_or(false);
    if (buffered && !queue.empty() && !skip_final_flush) dispatch();
}

int run_batch(Repository& repo, const CatFileOptions& o, const Mailmap* mailmap, bool no_replace_objects) {
    const ReplaceMap replace = ReplaceMap::load(repo, no_replace_objects);
    BatchFormat format(o.format ? *o.format : std::string(BatchFormat::default_format));
    const bool all_objects = o.mode == 'b';
    ObjectBatchOptions bo;
    bo.follow_symlinks = o.follow_symlinks;
    bo.buffered = o.buffer >= 0 ? o.buffer != 0 : all_objects;
    bo.delimiter = o.nul_delimited ? '\0' : '\n';
    bo.mailmap = mailmap;
    bo.replace = &replace;
    // Batch output is large and answered per request: a big buffer, flushed
    // by the engine as the protocol requires.
    OutputBuffer out(1, 1 << 17);
    ObjectBatch batch(repo, format, bo, out, print_stderr_line);
    auto finish = [&] {
        out.flush();
        return 0;
    };
    try {
        if (all_objects) {
            batch.all_objects(o.unordered, o.batch == BatchMode::contents);
            return finish();
        }
        const bool nul_input = o.nul_input || o.nul_delimited;
        RecordReader input(0, nul_input ? '\0' : '\n', !nul_input);
        if (o.batch == BatchMode::command) {
            run_batch_commands(batch, input, bo.buffered, out);
            return finish();
        }
        const bool split = format.fields().rest;
        const bool contents = o.batch == BatchMode::contents;
        while (auto line = input.next()) {
            std::string_view name = *line, rest;
            if (split) {
                auto ws = name.find_first_of(" \t");
                if (ws != std::string_view::npos) {
                    rest = name.substr(ws);
                    rest.remove_prefix(std::min(rest.find_first_not_of(" \t"), rest.size()));
                    name = name.substr(0, ws);
                }
            }
            batch.request(name, rest, contents);
        }
        return finish();
    } catch (...) {
        // What was answered before a fatal error still reaches the reader.
        out.flush();
        throw;
    }
}

int cat_file(int argc, char** argv, const StartupOptions& startup) {
    return run_reporting_errors([&]() -> int {
        std::unique_ptr<Repository> repo;
        // A lone -h works outside a repository, as in git.
        if (!(argc == 2 && std::string_view(argv[1]) == "-h")) repo = Repository::discover(startup);

        CatFileOptions o;
        std::vector<std::string> args = parse(argc, argv, o);
        const bool conversion = o.mode == 'c' || o.mode == 'w';
        const bool single = o.mode == 'e' || o.mode == 'p' || o.mode == 't' || o.mode == 's';

        std::optional<Mailmap> mailmap;
        if (o.use_mailmap) {
            MailmapLoad load = load_mailmap(*repo);
            for (const auto& e : load.errors) print_error(e);
            mailmap = std::move(load.mailmap);
        }
        const Mailmap* mm = mailmap ? &*mailmap : nullptr;

        if (o.path && !conversion) usage_message("'--path=<path|tree-ish>' needs '--filters' or '--textconv'", kUsageAfterParse);
        if (o.batch == BatchMode::none) {
            if (o.follow_symlinks) usage_message("'--follow-symlinks' requires a batch mode", kUsageAfterParse);
            if (o.buffer >= 0) usage_message("'--buffer' requires a batch mode", kUsageAfterParse);
            if (o.mode == 'b') usage_message("'--batch-all-objects' requires a batch mode", kUsageAfterParse);
            if (o.nul_input) usage_message("'-z' requires a batch mode", kUsageAfterParse);
            if (o.nul_delimited) usage_message("'-Z' requires a batch mode", kUsageAfterParse);
        } else {
            if (conversion) refuse_conversion();
            if (o.mode && o.mode != 'b')
                usage_message(std::string("'-") + static_cast<char>(o.mode) + "' is incompatible with batch mode", kUsageAfterParse);
            if (!args.empty()) usage_message("batch modes take no arguments", kUsageAfterParse);
            return run_batch(*repo, o, mm, startup.no_replace_objects);
        }

        std::string name;
        std::string expected_type;
        if (o.mode) {
            if (args.empty() && o.mode == 'c') usage_message("<rev> required with '--textconv'", kUsageAfterParse);
            if (args.empty() && o.mode == 'w') usage_message("<rev> required with '--filters'", kUsageAfterParse);
            if (args.empty() && single)
                usage_message(std::string("<object> required with '-") + static_cast<char>(o.mode) + "'", kUsageAfterParse);
            if (args.size() != 1) usage_message("too many arguments", kUsageAfterParse);
            name = args[0];
        } else if (args.empty()) {
            std::fputs(kUsageAfterParse.c_str(), stderr);
            throw ExitCode{129};
        } else if (args.size() != 2) {
            usage_message("only two arguments allowed in <type> <object> mode, not " + std::to_string(args.size()),
                          kUsageAfterParse);
        } else {
            expected_type = args[0];
            name = args[1];
        }
        if (o.allow_unknown_type && o.mode != 't' && o.mode != 's')
            die("git cat-file --allow-unknown-type: use with -s or -t");
        ReplaceMap replace = ReplaceMap::load(*repo, startup.no_replace_objects);
        return cat_one_object(*repo, o, o.mode ? nullptr : &expected_type, name, mm, replace);
    });
}

}  // namespace

GRIT_COMMAND("cat-file", cat_file);

}  // namespace grit::cmd
