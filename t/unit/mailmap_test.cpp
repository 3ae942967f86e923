#include <catch2/catch.hpp>

#include "object/mailmap.h"

using namespace grit;

namespace {

std::string mapped(const Mailmap& m, std::string_view name, std::string_view email) {
    auto id = m.map(name, email);
    if (!id) return "-";
    return std::string(id->name) + " <" + std::string(id->email) + ">";
}

}  // namespace

TEST_CASE("mailmap: simple entries by email, case-insensitive") {
    Mailmap m;
    m.add_text("Proper Name <Commit@Email.xx>\n<proper@email.xx> <old@email.xx>\n");
    CHECK(mapped(m, "whatever", "commit@email.xx") == "Proper Name <commit@email.xx>");
    CHECK(mapped(m, "Joe", "OLD@email.XX") == "Joe <proper@email.xx>");
    CHECK(mapped(m, "Joe", "other@email.xx") == "-");
}

TEST_CASE("mailmap: name and email entries win when the old name matches") {
    Mailmap m;
    m.add_text("# comment\n"
               "Simple <simple@x>  <shared@x>\n"
               "Named One <one@x> old one <shared@x>\n"
               "  Named Two   <two@x>   Old Two <SHARED@x>  \n");
    CHECK(mapped(m, "Old One", "shared@x") == "Named One <one@x>");
    CHECK(mapped(m, "old two", "Shared@X") == "Named Two <two@x>");
    CHECK(mapped(m, "Someone", "shared@x") == "Simple <simple@x>");
}

TEST_CASE("mailmap: only name-specific entries do not map other names") {
    Mailmap m;
    m.add_text("New <new@x> Old <old@x>\n");
    CHECK(mapped(m, "Other", "old@x") == "-");
    CHECK(mapped(m, "Old", "old@x") == "New <new@x>");
}

TEST_CASE("mailmap: later lines update simple entries field by field") {
    Mailmap m;
    m.add_text("Name A <a@x>\n<b@x> <a@x>\n");
    CHECK(mapped(m, "n", "a@x") == "Name A <b@x>");
    m.add_text("Name C <a@x>\n");
    CHECK(mapped(m, "n", "a@x") == "Name C <b@x>");
}

TEST_CASE("mailmap: malformed lines are ignored") {
    Mailmap m;
    m.add_text("no email here\n<> <x@x>\nName <unterminated\n");
    CHECK(m.empty());
}

TEST_CASE("mailmap: rewriting object headers") {
    Mailmap m;
    m.add_text("New Name <new@x> <old@x>\n");
    std::string commit = "tree 0123\n"
                         "author Old <old@x> 1112911993 -0700\n"
                         "committer Someone <else@x> 1112911993 -0700\n"
                         "\n"
                         "author Old <old@x> in the message\n";
    m.rewrite_object_headers(commit);
    CHECK(commit == "tree 0123\n"
                    "author New Name <new@x> 1112911993 -0700\n"
                    "committer Someone <else@x> 1112911993 -0700\n"
                    "\n"
                    "author Old <old@x> in the message\n");
    std::string tag = "object 0123\ntype commit\ntag v1\ntagger Old   <OLD@x> 1 +0000\n\nmsg\n";
    m.rewrite_object_headers(tag);
    CHECK(tag == "object 0123\ntype commit\ntag v1\ntagger New Name <new@x> 1 +0000\n\nmsg\n");
}
