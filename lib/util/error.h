#pragma once
// Typed errors thrown by the library. The message is git's text without the
// "fatal: " / "error: " prefix; cmd/ decides the prefix and the exit code.
#include <stdexcept>
#include <string>
#include <vector>

namespace grit {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    // Lines git prints as "error: ..." before the final message (e.g. an
    // inflate failure before "unable to unpack <oid> header").
    std::vector<std::string> error_lines;
};

// The repository, a file or an object is not where it should be.
class NotFound : public Error { using Error::Error; };
// Bytes on disk do not follow their format (objects, packs, indexes, refs).
class CorruptData : public Error { using Error::Error; };
// A configuration file or value is malformed.
class ConfigError : public Error { using Error::Error; };
// A name (revision, ref, option value) given by the user is not valid.
class BadName : public Error { using Error::Error; };
// A system call failed; the message already contains strerror text.
class IoError : public Error { using Error::Error; };

// Throws IoError with "<what>: <strerror(errno)>", the way git reports it.
[[noreturn]] void throw_errno(const std::string& what);

}  // namespace grit
