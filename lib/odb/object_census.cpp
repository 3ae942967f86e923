#include "odb/object_census.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>

#include "odb/alternates.h"
#include "odb/pack_index.h"
#include "util/error.h"

namespace grit {

namespace {

enum PackDirBits : unsigned { file_pack = 1, file_idx = 2, file_garbage = 4 };

// git's bits_to_msg: why a file is garbage (nullptr: it is not).
const char* garbage_reason(unsigned bits) {
    switch (bits) {
        case 0: return "no corresponding .idx or .pack";
        case file_garbage: return "garbage found";
        case file_pack: return "no corresponding .idx";
        case file_idx: return "no corresponding .pack";
        default: return nullptr;
    }
}

bool ends_with(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

std::vector<std::string> directory_entries(const std::string& dir) {
    std::vector<std::string> names;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return names;
    while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name != "." && name != "..") names.push_back(std::move(name));
    }
    ::closedir(d);
    return names;
}

// strbuf_normalize_path: no ".", "..", or doubled slashes.
std::string normalize_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (i <= path.size()) {
        std::size_t slash = path.find('/', i);
        if (slash == std::string::npos) slash = path.size();
        std::string part = path.substr(i, slash - i);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        i = slash + 1;
    }
    std::string out = path.starts_with("/") ? "/" : "";
    for (std::size_t k = 0; k < parts.size(); ++k) out += (k ? "/" : "") + parts[k];
    return out;
}

std::string real_path(const std::string& path) {
    char buf[PATH_MAX];
    return ::realpath(path.c_str(), buf) ? std::string(buf) : path;
}

struct Census {
    ObjectCensus& out;
    HashAlgo algo;
    bool verbose;
    std::vector<std::unique_ptr<PackIndex>> indexes;  // every pack of every source
    bool packs_prepared = false;
    std::vector<std::string> sources;  // the objects directory, then the alternates

    void garbage(unsigned bits, const std::string& path) {
        const char* reason = garbage_reason(bits);
        if (!reason) return;
        struct stat st;
        if (::stat(path.c_str(), &st) == 0) out.garbage_bytes += static_cast<std::uint64_t>(st.st_size);
        out.diagnostics.push_back(std::string("warning: ") + reason + ": " + path);
        ++out.garbage;
    }

    // git's prepare_packed_git: opens the packs of every source, reporting
    // the pack directories' garbage when counting verbosely.
    void prepare_packs() {
        if (packs_prepared) return;
        packs_prepared = true;
        for (std::size_t s = 0; s < sources.size(); ++s) {
            const std::string dir = sources[s] + "/pack";
            std::vector<std::string> known_kinds;
            for (const std::string& name : directory_entries(dir)) {
                const std::string path = dir + "/" + name;
                if (ends_with(name, ".idx")) open_pack(path, s == 0);
                if (!verbose || name == "multi-pack-index") continue;
                if (name.starts_with("multi-pack-index") && (ends_with(name, ".bitmap") || ends_with(name, ".rev")))
                    continue;
                if (ends_with(name, ".idx") || ends_with(name, ".rev") || ends_with(name, ".pack") ||
                    ends_with(name, ".bitmap") || ends_with(name, ".keep") || ends_with(name, ".promisor") ||
                    ends_with(name, ".mtimes"))
                    known_kinds.push_back(path);
                else
                    garbage(file_garbage, path);
            }
            if (verbose) report_pack_garbage(known_kinds);
        }
    }

    void open_pack(const std::string& idx_path, bool local) {
        std::string pack_path = idx_path.substr(0, idx_path.size() - 4) + ".pack";
        struct stat pack_st, idx_st;
        if (::stat(pack_path.c_str(), &pack_st) != 0 || !S_ISREG(pack_st.st_mode)) return;
        try {
            indexes.push_back(std::make_unique<PackIndex>(idx_path, algo));
        } catch (const Error& e) {
            out.diagnostics.push_back(std::string("error: ") + e.what());
            return;
        }
        if (!local || ::stat(idx_path.c_str(), &idx_st) != 0) return;
        out.in_pack += indexes.back()->count();
        out.pack_bytes += static_cast<std::uint64_t>(pack_st.st_size) + static_cast<std::uint64_t>(idx_st.st_size);
        ++out.packs;
    }

    // git's report_pack_garbage: files grouped by the name before their
    // last dot; a group without both its .pack and its .idx is garbage.
    void report_pack_garbage(std::vector<std::string>& files) {
        std::sort(files.begin(), files.end());
        std::size_t first = 0, base_len = 0;
        bool in_group = false;
        unsigned bits = 0;
        auto report_group = [&](std::size_t end) {
            if (bits == (file_pack | file_idx)) return;
            for (std::size_t k = first; k < end; ++k) garbage(bits, files[k]);
        };
        for (std::size_t i = 0; i < files.size(); ++i) {
            const std::string& path = files[i];
            if (in_group && path.compare(0, base_len, files[first], 0, base_len) != 0) {
                report_group(i);
                in_group = false;
                bits = 0;
            }
            if (!in_group) {
                std::size_t dot = path.rfind('.');
                if (dot == std::string::npos) {
                    garbage(file_garbage, path);
                    continue;
                }
                base_len = dot + 1;
                first = i;
                in_group = true;
            }
            std::string_view ext = std::string_view(path).substr(base_len);
            if (ext == "pack") bits |= file_pack;
            else if (ext == "idx") bits |= file_idx;
        }
        if (in_group) report_group(files.size());
    }

    bool in_some_pack(const ObjectId& id) {
        prepare_packs();
        for (const auto& idx : indexes)
            if (idx->find(id)) return true;
        return false;
    }

    // git's for_each_loose_file_in_objdir over objects/00 .. objects/ff.
    void count_loose(const std::string& objects_dir) {
        const std::size_t hex = hex_size(algo);
        for (int i = 0; i < 256; ++i) {
            char sub[3];
            std::snprintf(sub, sizeof sub, "%02x", i);
            const std::string dir = objects_dir + "/" + sub;
            DIR* d = ::opendir(dir.c_str());
            if (!d) {
                if (errno == ENOENT) continue;
                // git stops looking at the first directory it cannot open.
                out.diagnostics.push_back("error: unable to open " + dir + ": " + std::strerror(errno));
                return;
            }
            std::vector<std::string> names;
            while (dirent* e = ::readdir(d)) {
                std::string name = e->d_name;
                if (name != "." && name != "..") names.push_back(std::move(name));
            }
            ::closedir(d);
            for (const std::string& name : names) {
                const std::string path = dir + "/" + name;
                std::optional<ObjectId> id;
                if (name.size() == hex - 2) id = ObjectId::from_hex(std::string(sub) + name, algo);
                if (!id) {
                    if (verbose) garbage(file_garbage, path);
                    continue;
                }
                struct stat st;
                if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
                    if (verbose) garbage(file_garbage, path);
                    continue;
                }
                out.loose_disk_bytes += static_cast<std::uint64_t>(st.st_blocks) * 512;
                ++out.loose;
                if (verbose && in_some_pack(*id)) ++out.prune_packable;
            }
        }
    }
};

}  // namespace

ObjectCensus take_object_census(const std::string& objects_dir, HashAlgo algo, bool verbose,
                                const std::vector<std::string>& extra_alternates) {
    ObjectCensus out;
    Census census{out, algo, verbose, {}, false, {objects_dir}};
    const std::string real_objects = real_path(objects_dir);
    for (const std::string& alt : resolve_alternates(objects_dir, extra_alternates)) {
        // git names an alternate by its normalized path; a relative entry is
        // relative to the real path of the objects directory.
        std::string path = alt;
        if (!path.starts_with("/")) {
            path = path.starts_with(objects_dir + "/") ? real_objects + path.substr(objects_dir.size())
                                                        : real_path(".") + "/" + path;
        }
        census.sources.push_back(alt);
        out.alternates.push_back(normalize_path(path));
    }
    census.count_loose(objects_dir);
    if (verbose) census.prepare_packs();
    return out;
}

}  // namespace grit
