#pragma once
// The command language of `git update-ref --stdin` (git 2.39): one command
// per line, or with -z NUL-terminated fields,
//
//     update SP <ref> SP <new> [SP <old>] LF     update SP <ref> NUL <new> NUL [<old>] NUL
//     create SP <ref> SP <new> LF                create SP <ref> NUL <new> NUL
//     delete SP <ref> [SP <old>] LF              delete SP <ref> NUL [<old>] NUL
//     verify SP <ref> [SP <old>] LF              verify SP <ref> NUL [<old>] NUL
//     option SP no-deref LF                      option SP no-deref NUL
//     start LF / prepare LF / commit LF / abort LF  (NUL with -z)
//
// Without -z, arguments may be C-quoted, and an empty value means the null
// id. Commands without start/commit form one transaction committed at the
// end of input; start ... prepare ... commit|abort run explicit ones, as many
// as wanted, each all-or-nothing.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "refs/ref_transaction.h"
#include "util/error.h"

namespace grit {

class Repository;

// Malformed input or a failed command; the message is git's text without
// "fatal: " and, as git prints it, may end in the input's own newline.
class RefCommandError : public Error {
    using Error::Error;
};

class RefUpdateCommands {
public:
    // `defaults`: --no-deref and --create-reflog of the command line.
    // `message`: -m, the reflog message of every update. `diagnostic`
    // receives complete stderr lines git prints and goes on after
    // ("warning: ...", revision ambiguity reports).
    RefUpdateCommands(Repository& repo, bool nul_terminated, RefUpdateOptions defaults, std::string message,
                      std::function<void(std::string_view)> diagnostic);
    ~RefUpdateCommands();

    // Runs one command. `record` is its first field as read, terminator
    // included (absent at end of input). With -z, the command pulls its
    // further fields through `read_field`, which appends the next field
    // with its terminator and returns false at end of input. Returns what
    // git prints on stdout for it ("start: ok\n"), often nothing. Throws
    // RefCommandError.
    std::string execute(std::string record, const std::function<bool(std::string&)>& read_field);

    // At end of input: commits the implicit transaction, aborts one that was
    // started or prepared and not closed. Throws RefCommandError.
    void finish();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace grit
