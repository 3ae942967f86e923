#include "repo/ident.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "repo/config.h"

namespace grit {

namespace {

std::string env_or(const char* name, const std::optional<std::string>& fallback) {
    if (const char* v = std::getenv(name)) return v;
    return fallback.value_or("");
}

std::string now_with_zone() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    long offset_minutes = local.tm_gmtoff / 60;
    char sign = offset_minutes < 0 ? '-' : '+';
    offset_minutes = std::labs(offset_minutes);
    return fmt::format("{} {}{:02}{:02}", static_cast<long long>(now), sign, offset_minutes / 60, offset_minutes % 60);
}

}  // namespace

std::string committer_ident(const Config& config) {
    std::string name = env_or("GIT_COMMITTER_NAME", config.get("user.name"));
    std::string email = env_or("GIT_COMMITTER_EMAIL", config.get("user.email"));
    if (name.empty() || email.empty()) {
        const passwd* pw = getpwuid(getuid());
        if (name.empty() && pw) {
            std::string gecos = pw->pw_gecos ? pw->pw_gecos : "";
            name = gecos.substr(0, gecos.find(','));
            if (name.empty()) name = pw->pw_name;
        }
        if (email.empty()) {
            if (const char* e = std::getenv("EMAIL")) {
                email = e;
            } else {
                char host[256] = {};
                gethostname(host, sizeof host - 1);
                email = std::string(pw ? pw->pw_name : "unknown") + "@" + host;
            }
        }
    }
    std::string date;
    if (const char* d = std::getenv("GIT_COMMITTER_DATE"); d && *d) date = *d == '@' ? d + 1 : d;
    else date = now_with_zone();
    return name + " <" + email + "> " + date;
}

}  // namespace grit
