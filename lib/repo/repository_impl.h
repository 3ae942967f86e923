#pragma once
// Repository's private state, shared by the files that implement it.
#include <memory>

#include "refs/ref_store.h"
#include "repo/discovery.h"
#include "repo/repository.h"

namespace grit {

class ObjectDatabase;

struct Repository::Impl {
    RepositoryLayout layout;
    Config config;
    // The deleter is installed by odb() (repository_odb.cpp), so that code
    // which never opens the object store does not reference it at all.
    std::unique_ptr<ObjectDatabase, void (*)(ObjectDatabase*)> odb{nullptr, nullptr};
    std::unique_ptr<RefStore> refs;
};

}  // namespace grit
