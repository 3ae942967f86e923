#include "repo/config_parser.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "util/error.h"

namespace grit {
namespace {

// git's ctype: only these four are space, and only ASCII letters are alpha.
bool is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(int c) { return is_alpha(c) || (c >= '0' && c <= '9'); }
bool is_key_char(int c) { return is_alnum(c) || c == '-'; }
char lower(int c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); }

// Mirrors git's reader so that line numbers in messages agree: the end of the
// text reads as an endless run of '\n', and every '\n' (real or not) counts a
// line; "\r\n" reads as '\n'.
class Reader {
public:
    explicit Reader(std::string_view text) : text_(text) {}

    int next() {
        if (pos_ >= text_.size()) {
            eof_ = true;
            ++line_;
            return '\n';
        }
        int c = static_cast<unsigned char>(text_[pos_++]);
        if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') {
            ++pos_;
            c = '\n';
        }
        if (c == '\n') ++line_;
        return c;
    }
    bool eof() const { return eof_; }
    int& line_number() { return line_; }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
    int line_ = 1;
    bool eof_ = false;
};

class Parser {
public:
    Parser(std::string_view text, std::string_view name,
           const std::function<void(ParsedConfigEntry&&)>& fn)
        : in_(text), text_(text), name_(name), fn_(fn) {}

    void run() {
        skip_bom();
        bool comment = false;
        std::size_t base_len = 0;
        for (;;) {
            int c = in_.next();
            if (c == '\n') {
                if (in_.eof()) return;
                comment = false;
                continue;
            }
            if (comment || is_space(c)) continue;
            if (c == '#' || c == ';') {
                comment = true;
                continue;
            }
            if (c == '[') {
                var_.clear();
                if (!section_header() || var_.empty()) fail();
                var_ += '.';
                base_len = var_.size();
                continue;
            }
            if (!is_alpha(c)) fail();
            var_.resize(base_len);
            var_ += lower(c);
            if (!entry()) fail();
        }
    }

private:
    [[noreturn]] void fail() {
        throw ConfigError("bad config line " + std::to_string(in_.line_number()) + " in file " +
                          std::string(name_));
    }

    // A UTF-8 byte order mark is skipped; a partial one is an error.
    void skip_bom() {
        static constexpr std::string_view bom = "\xef\xbb\xbf";
        std::size_t n = 0;
        while (n < bom.size() && n < text_.size() && text_[n] == bom[n]) ++n;
        if (n == 0) return;
        for (std::size_t i = 0; i < n; ++i) in_.next();
        if (n < bom.size()) {
            in_.next();  // the byte that broke the mark, read as git does
            fail();
        }
    }

    // After '[': "name]" (dots allowed, lowercased) or `name "sub"]`.
    bool section_header() {
        for (;;) {
            int c = in_.next();
            if (in_.eof()) return false;
            if (c == ']') return true;
            if (is_space(c)) return subsection(c);
            if (!is_key_char(c) && c != '.') return false;
            var_ += lower(c);
        }
    }

    bool subsection(int c) {
        do {
            if (c == '\n') return give_back_line();
            c = in_.next();
        } while (is_space(c));
        if (c != '"') return false;
        var_ += '.';
        for (;;) {
            c = in_.next();
            if (c == '\n') return give_back_line();
            if (c == '"') break;
            if (c == '\\') {
                c = in_.next();
                if (c == '\n') return give_back_line();
            }
            var_ += static_cast<char>(c);
        }
        return in_.next() == ']';
    }

    // git reports a line break inside a construct on the line it ends.
    bool give_back_line() {
        --in_.line_number();
        return false;
    }

    bool entry() {
        int c;
        for (;;) {
            c = in_.next();
            if (in_.eof() || !is_key_char(c)) break;
            var_ += lower(c);
        }
        while (c == ' ' || c == '\t') c = in_.next();
        std::optional<std::string> value;
        if (c != '\n') {
            if (c != '=') return false;
            value.emplace();
            if (!parse_value(*value)) return false;
        }
        fn_(ParsedConfigEntry{var_, std::move(value), in_.line_number() - 1});
        return true;
    }

    bool parse_value(std::string& value) {
        bool quote = false, comment = false;
        std::size_t pending_spaces = 0;
        for (;;) {
            int c = in_.next();
            if (c == '\n') {
                if (quote) return give_back_line();
                return true;
            }
            if (comment) continue;
            if (!quote && is_space(c)) {
                if (!value.empty()) ++pending_spaces;
                continue;
            }
            if (!quote && (c == ';' || c == '#')) {
                comment = true;
                continue;
            }
            value.append(pending_spaces, ' ');
            pending_spaces = 0;
            if (c == '\\') {
                c = in_.next();
                switch (c) {
                case '\n': continue;
                case 't': c = '\t'; break;
                case 'b': c = '\b'; break;
                case 'n': c = '\n'; break;
                case '\\':
                case '"': break;
                default: return false;
                }
                value += static_cast<char>(c);
                continue;
            }
            if (c == '"') {
                quote = !quote;
                continue;
            }
            value += static_cast<char>(c);
        }
    }

    Reader in_;
    std::string_view text_;
    std::string_view name_;
    const std::function<void(ParsedConfigEntry&&)>& fn_;
    std::string var_;
};

}  // namespace

std::optional<std::string> read_config_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
        throw IoError("unable to access '" + path + "': " + std::strerror(errno));
    }
    std::string text;
    char buf[8192];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            ::close(fd);
            throw IoError("unable to access '" + path + "': " + std::strerror(saved));
        }
        if (n == 0) break;
        text.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return text;
}

void parse_config(std::string_view text, std::string_view name,
                  const std::function<void(ParsedConfigEntry&&)>& fn) {
    Parser(text, name, fn).run();
}

}  // namespace grit
