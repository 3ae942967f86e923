#pragma once
// The checks git's git_default_config() makes on every command: a malformed
// value of a setting git always parses (core.bare, core.compression, ...)
// stops the command with git's message.
#include "hash/object_id.h"
#include "repo/config.h"

namespace grit {

// Throws ConfigError with git's message (and error lines) for the first bad
// value, in configuration order.
void check_default_config(const Config& config, HashAlgo algo);

}  // namespace grit
