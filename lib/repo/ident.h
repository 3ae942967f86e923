#pragma once
// Who and when, for reflog entries: git's committer identity
// "Name <email> <seconds> <+hhmm>".
#include <string>

namespace grit {

class Config;

// GIT_COMMITTER_NAME / user.name / the account's full name, GIT_COMMITTER_EMAIL
// / user.email / $EMAIL / user@host, and GIT_COMMITTER_DATE ("<seconds> <tz>"
// or "@<seconds> <tz>") or the current time in the local zone.
std::string committer_ident(const Config& config);

}  // namespace grit
