#include "object/object_batch.h"

#include <memory>

#include "object/mailmap.h"
#include "object/replace_map.h"
#include "object/symlink_walk.h"
#include "odb/object_database.h"
#include "odb/pack_order_scan.h"
#include "repo/repository.h"
#include "revision/resolve.h"
#include "revision/revision_syntax.h"
#include "util/error.h"
#include "util/output_buffer.h"

namespace grit {

namespace {

// "./x" and "../x" are relative to the current directory inside the work
// tree; nullopt when the result would leave the tree.
std::optional<std::string> resolve_relative(std::string_view prefix, std::string_view path) {
    bool relative = path == "." || path == ".." || path.substr(0, 2) == "./" || path.substr(0, 3) == "../";
    if (!relative) return std::string(path);
    std::vector<std::string_view> parts;
    auto split_into = [&](std::string_view s) {
        while (!s.empty()) {
            auto slash = s.find('/');
            std::string_view part = s.substr(0, slash);
            if (part == "..") {
                if (parts.empty()) return false;
                parts.pop_back();
            } else if (!part.empty() && part != ".") {
                parts.push_back(part);
            }
            if (slash == std::string_view::npos) break;
            s.remove_prefix(slash + 1);
        }
        return true;
    };
    if (!split_into(prefix) || !split_into(path)) return std::nullopt;
    std::string out;
    for (auto p : parts) {
        if (!out.empty()) out += '/';
        out += p;
    }
    if (path.back() == '/' && !out.empty()) out += '/';
    return out;
}

}  // namespace

ObjectBatch::ObjectBatch(Repository& repo, const BatchFormat& format, const ObjectBatchOptions& options,
                         OutputBuffer& out, DiagnosticSink diagnostics)
    : repo_(repo), format_(format), options_(options), out_(out), diagnostics_(std::move(diagnostics)) {}

void ObjectBatch::write_failure(std::string_view name, std::string_view what) {
    out_.write(name);
    out_.put(' ');
    out_.write(what);
    out_.put(options_.delimiter);
    out_.flush();
}

void ObjectBatch::write_counted(std::string_view what, std::string_view text) {
    record_.clear();
    record_ += what;
    record_ += ' ';
    append_decimal(record_, text.size());
    record_ += options_.delimiter;
    record_ += text;
    record_ += options_.delimiter;
    out_.write(record_);
    out_.flush();
}

void ObjectBatch::request(std::string_view name, std::string_view rest, bool with_contents) {
    if (options_.follow_symlinks) {
        RevisionExpression expr = parse_revision_expression(name);
        if (expr.form == RevisionForm::tree_path) {
            request_following_symlinks(name, expr.rev, expr.path, rest, with_contents);
            return;
        }
    }
    // A full hex id names that object, even when a ref has the same name:
    // batch mode does not look for one (git turns that warning off).
    if (auto oid = ObjectId::from_hex(name, repo_.hash_algo())) {
        write_object(*oid, name, rest, std::nullopt, with_contents);
        return;
    }
    Resolution res = resolve_revision(repo_, name);
    for (const auto& line : res.messages) diagnostics_(line);
    switch (res.status) {
    case ResolveStatus::found: write_object(res.oid, name, rest, res.mode, with_contents); return;
    case ResolveStatus::not_found: write_failure(name, "missing"); return;
    case ResolveStatus::ambiguous: write_failure(name, "ambiguous"); return;
    case ResolveStatus::unsupported: throw Error(res.fatal);
    }
}

void ObjectBatch::request_following_symlinks(std::string_view name, std::string_view rev, std::string_view path,
                                             std::string_view rest, bool with_contents) {
    ResolveOptions opts;
    opts.hint = Disambiguate::treeish;
    Resolution res = resolve_revision(repo_, rev, opts);
    for (const auto& line : res.messages) diagnostics_(line);
    if (res.status == ResolveStatus::unsupported) throw Error(res.fatal);
    auto full_path = res.found() ? resolve_relative(repo_.prefix(), path) : std::nullopt;
    if (!full_path) {
        write_failure(name, "missing");
        return;
    }
    SymlinkWalkResult walk = walk_following_symlinks(repo_.odb(), res.oid, *full_path);
    switch (walk.status) {
    case SymlinkWalkStatus::found: write_object(walk.oid, name, rest, walk.mode, with_contents); return;
    case SymlinkWalkStatus::missing: write_failure(name, "missing"); return;
    case SymlinkWalkStatus::dangling: write_counted("dangling", name); return;
    case SymlinkWalkStatus::loop: write_counted("loop", name); return;
    case SymlinkWalkStatus::not_dir: write_counted("notdir", name); return;
    case SymlinkWalkStatus::out_of_tree: write_counted("symlink", walk.outside); return;
    }
}

void ObjectBatch::write_object(const ObjectId& oid, std::string_view shown_name, std::string_view rest,
                               std::optional<std::uint32_t> mode, bool with_contents, bool replace) {
    ObjectDatabase& odb = repo_.odb();
    const BatchFields& fields = format_.fields();
    BatchValues v;
    v.oid = oid;
    v.rest = rest;
    v.mode = mode;
    v.delta_base = ObjectId::null(oid.algo);
    // What is read: the object itself, or what replaces it.
    const ObjectId stored = replace && options_.replace ? options_.replace->resolve(oid) : oid;

    auto report_missing = [&] {
        if (shown_name.empty()) {
            write_failure(oid.hex(), "missing");
        } else {
            write_failure(shown_name, "missing");
        }
    };

    ObjectType type = ObjectType::none;
    // Contents are read first: their type and size make the header. A
    // damaged object goes through the header path below, to fail as git does.
    std::optional<Object> contents;
    if (with_contents) {
        bool damaged = false;
        try {
            contents = odb.read(stored);
        } catch (const CorruptData& e) {
            if (e.error_lines.empty()) throw;
            damaged = true;
        }
        if (!contents && !damaged) {
            report_missing();
            return;
        }
        if (contents) {
            type = contents->type;
            v.type_name = type_name(type);
            v.size = contents->data.size();
        }
    }
    // As git, the object's header is only read when its type or size is
    // wanted; its disk size and delta base come from where it is stored.
    if (!contents && (fields.type || fields.size || with_contents)) {
        std::optional<ObjectHeader> header;
        try {
            header = odb.read_header(stored, false, fields.size || with_contents);
        } catch (const CorruptData& e) {
            // Damage git reports and then treats as a missing object comes
            // with its error lines; anything else is fatal in git too.
            if (e.error_lines.empty()) throw;
            for (const auto& line : e.error_lines) diagnostics_("error: " + line);
            header.reset();
        }
        if (!header) {
            report_missing();
            return;
        }
        type = header->type;
        v.type_name = type_name(type);
        v.size = header->size;
    }
    if (fields.disk_size || fields.delta_base) {
        auto storage = odb.storage_info(stored);
        if (!storage) {
            report_missing();
            return;
        }
        v.disk_size = storage->disk_size;
        if (storage->delta_base) v.delta_base = *storage->delta_base;
    } else if (type == ObjectType::none && !odb.contains(stored)) {
        report_missing();
        return;
    }

    record_.clear();
    format_.expand(record_, v);
    record_ += options_.delimiter;
    out_.write(record_);

    if (with_contents) {
        auto obj = contents ? std::move(contents) : odb.read(stored);
        if (!obj) throw Error("object " + oid.hex() + " disappeared");
        if (obj->type != type) throw Error("object " + oid.hex() + " changed type!?");
        if (options_.mailmap && (type == ObjectType::commit || type == ObjectType::tag))
            options_.mailmap->rewrite_object_headers(obj->data);
        out_.write(obj->data);
        out_.put(options_.delimiter);
    }
    if (!options_.buffered) out_.flush();
}

void ObjectBatch::all_objects(bool unordered, bool with_contents) {
    ObjectDatabase& odb = repo_.odb();
    const BatchFields& fields = format_.fields();
    const bool needs_info = fields.needs_object_info() || with_contents;
    auto emit_name_only = [&](const ObjectId& oid) {
        BatchValues v;
        v.oid = oid;
        v.delta_base = ObjectId::null(oid.algo);
        record_.clear();
        format_.expand(record_, v);
        record_ += options_.delimiter;
        out_.write(record_);
        if (!options_.buffered) out_.flush();
    };
    if (!unordered) {
        odb.for_each_object(true, [&](const ObjectId& oid) {
            if (needs_info)
                write_object(oid, {}, {}, std::nullopt, with_contents, false);
            else
                emit_name_only(oid);
        });
        return;
    }
    // Storage order: packed entries are described straight from their pack
    // headers, with delta types remembered along the way.
    std::unique_ptr<PackOrderScan> scan;
    BatchValues v;
    if (with_contents) odb.expect_pack_order();
    odb.for_each_object_located([&](const ObjectId& oid, PackFile* pack, std::uint64_t offset) {
        if (!needs_info) {
            emit_name_only(oid);
            return;
        }
        if (!pack || with_contents) {
            write_object(oid, {}, {}, std::nullopt, with_contents, false);
            return;
        }
        if (!scan || &scan->pack() != pack) scan = std::make_unique<PackOrderScan>(*pack);
        PackedObjectInfo info;
        try {
            info = scan->info_at(offset, fields.delta_base);
        } catch (const CorruptData&) {
            // The general path reports the damage as git does.
            write_object(oid, {}, {}, std::nullopt, false, false);
            return;
        }
        v.oid = oid;
        v.type_name = type_name(info.type);
        v.size = info.size;
        v.disk_size = info.disk_size;
        v.delta_base = info.is_delta ? info.delta_base : ObjectId::null(oid.algo);
        record_.clear();
        format_.expand(record_, v);
        record_ += options_.delimiter;
        out_.write(record_);
        if (!options_.buffered) out_.flush();
    });
}

}  // namespace grit
