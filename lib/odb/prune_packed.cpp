#include "odb/prune_packed.h"

#include <dirent.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "odb/object_database.h"
#include "odb/pack_file.h"

namespace grit {

void prune_packed_objects(ObjectDatabase& odb, bool dry_run, const PrunePackedEvents& events) {
    const std::string& objects_dir = odb.objects_dir();
    const std::size_t hex = hex_size(odb.algo());
    std::vector<PackFile*> packs = odb.packs();
    auto packed = [&](const ObjectId& id) {
        for (PackFile* pack : packs)
            if (pack->index().find(id)) return true;
        return false;
    };
    for (unsigned i = 0; i < 256; ++i) {
        char sub[3];
        std::snprintf(sub, sizeof sub, "%02x", i);
        const std::string dir = objects_dir + "/" + sub;
        DIR* d = ::opendir(dir.c_str());
        if (!d) {
            if (errno == ENOENT) continue;
            // git stops at the first directory it cannot open.
            events.diagnostic("error: unable to open " + dir + ": " + std::strerror(errno));
            return;
        }
        std::vector<std::string> names;
        while (dirent* e = ::readdir(d)) {
            std::string name = e->d_name;
            if (name != "." && name != "..") names.push_back(std::move(name));
        }
        ::closedir(d);
        for (const std::string& name : names) {
            if (name.size() != hex - 2) continue;
            auto id = ObjectId::from_hex(std::string(sub) + name, odb.algo());
            if (!id || !packed(*id)) continue;
            const std::string path = dir + "/" + name;
            if (!dry_run && ::unlink(path.c_str()) != 0 && errno != ENOENT)
                events.diagnostic("warning: unable to unlink '" + path + "': " + std::strerror(errno));
            events.packed_loose(path);
        }
        if (events.subdir_done) events.subdir_done(i);
        if (!dry_run) ::rmdir(dir.c_str());
    }
}

}  // namespace grit
