#include "util/error.h"

#include <cerrno>
#include <cstring>

namespace grit {

void throw_errno(const std::string& what) {
    throw IoError(what + ": " + std::strerror(errno));
}

}  // namespace grit
