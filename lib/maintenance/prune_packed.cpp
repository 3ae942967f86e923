#include "maintenance/prune_packed.h"

#include <dirent.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "hash/object_id.h"
#include "odb/object_database.h"

namespace grit {

void prune_packed_objects(ObjectDatabase& odb, bool dry_run, const std::function<void(std::string_view)>& out,
                          const std::function<void(std::string_view)>& err, ProgressSink progress) {
    Progress meter(std::move(progress), "Removing duplicate objects", 256, /*delayed=*/true);
    const std::string& objects = odb.objects_dir();
    const std::size_t hex_size = 2 * hash_size(odb.algo());
    char fanout[3];
    for (int i = 0; i < 256; ++i) {
        std::snprintf(fanout, sizeof fanout, "%02x", i);
        std::string dir = objects + "/" + fanout;
        if (DIR* d = opendir(dir.c_str())) {
            while (dirent* e = readdir(d)) {
                std::string_view name = e->d_name;
                if (name.size() != hex_size - 2) continue;
                auto id = ObjectId::from_hex(std::string(fanout) + std::string(name), odb.algo());
                if (!id || !odb.contains_packed(*id)) continue;
                std::string path = dir + "/" + std::string(name);
                if (dry_run)
                    out("rm -f " + path);
                else if (unlink(path.c_str()) != 0 && errno != ENOENT)
                    err("warning: unable to unlink '" + path + "': " + std::strerror(errno));
            }
            closedir(d);
            if (!dry_run) rmdir(dir.c_str());  // only succeeds once empty, as git intends
        }
        meter.update(static_cast<std::uint64_t>(i + 1));
    }
}

}  // namespace grit
