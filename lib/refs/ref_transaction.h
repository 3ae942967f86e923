#pragma once
// All-or-nothing ref updates for the files backend, as git 2.39's
// ref_transaction: updates are queued, prepare() takes every lock
// ("<ref>.lock", and "packed-refs.lock" when something is deleted), checks
// every expected old value and writes every new value into its lock file;
// only then does commit() append the reflogs and rename the locks into place,
// delete reflogs, rewrite packed-refs without the deleted refs and unlink the
// deleted loose refs. A failure before commit() leaves refs, reflogs and
// packed-refs untouched (directories created on the way to a new ref stay, as
// with git). Killed at any point, each ref holds its old or its new value.
//
// Symbolic refs are followed unless no_deref is set (the update then applies
// to the ref at the end of the chain, and every symbolic ref on the way gets
// the reflog entry too). An update of the branch HEAD points to is also
// logged in HEAD's reflog.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "hash/object_id.h"
#include "util/error.h"

namespace grit {

class Repository;

// A refused or failed update; the message is git's text
// ("cannot lock ref 'refs/heads/x': is at <oid> but expected <oid>").
class RefUpdateError : public Error {
    using Error::Error;
};

struct RefUpdateOptions {
    bool no_deref = false;             // update a symbolic ref itself, not its target
    bool force_create_reflog = false;  // create the reflog whatever core.logAllRefUpdates says
};

class RefTransaction {
public:
    explicit RefTransaction(Repository& repo);
    // Aborts an open or prepared transaction.
    ~RefTransaction();
    RefTransaction(const RefTransaction&) = delete;
    RefTransaction& operator=(const RefTransaction&) = delete;

    // git's ref_transaction_update. new_oid: nullopt only checks; the null id
    // deletes. old_oid: nullopt does not check; the null id requires that the
    // ref does not exist. Throws RefUpdateError("refusing to update ref with
    // bad name '<name>'") for a name git would not write.
    void update(std::string_view refname, std::optional<ObjectId> new_oid, std::optional<ObjectId> old_oid,
                const RefUpdateOptions& options, std::string_view message);
    void create(std::string_view refname, const ObjectId& new_oid, const RefUpdateOptions& options,
                std::string_view message);
    void remove(std::string_view refname, std::optional<ObjectId> old_oid, const RefUpdateOptions& options,
                std::string_view message);
    void verify(std::string_view refname, const ObjectId& old_oid, const RefUpdateOptions& options);

    // Locks and checks everything. On failure throws RefUpdateError and
    // leaves the transaction closed with every lock released.
    void prepare();
    // Prepares if needed, then makes every update visible.
    void commit();
    // Releases every lock without changing anything.
    void abort();

    bool is_open() const;
    bool is_prepared() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace grit
