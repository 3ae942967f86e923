#include <catch2/catch.hpp>

#include "revision/revision_syntax.h"

using namespace grit;

TEST_CASE("a plain name has no operators", "[revision]") {
    auto c = parse_revision_chain("main");
    CHECK(c.base == "main");
    CHECK(c.ops.empty());
}

TEST_CASE("parent and ancestor suffixes apply left to right", "[revision]") {
    auto c = parse_revision_chain("HEAD~2^2^");
    CHECK(c.base == "HEAD");
    REQUIRE(c.ops.size() == 3);
    CHECK(c.ops[0].kind == RevisionOpKind::ancestor);
    CHECK(c.ops[0].n == 2u);
    CHECK(c.ops[0].end == 6);
    CHECK(c.ops[1].kind == RevisionOpKind::parent);
    CHECK(c.ops[1].n == 2u);
    CHECK(c.ops[2].kind == RevisionOpKind::parent);
    CHECK(c.ops[2].n == 1u);
    CHECK(c.ops[2].end == 9);
}

TEST_CASE("a bare ~ is ~1 and ^0 stays zero", "[revision]") {
    auto c = parse_revision_chain("v1~^0");
    REQUIRE(c.ops.size() == 2);
    CHECK(c.ops[0].n == 1u);
    CHECK(c.ops[1].kind == RevisionOpKind::parent);
    CHECK(c.ops[1].n == 0u);
}

TEST_CASE("an overflowing count resolves to nothing", "[revision]") {
    auto c = parse_revision_chain("HEAD~99999999999");
    REQUIRE(c.ops.size() == 1);
    CHECK_FALSE(c.ops[0].n.has_value());
}

TEST_CASE("peel suffixes name their target", "[revision]") {
    auto c = parse_revision_chain("v1^{}^{tree}^{commit}^{blob}^{tag}^{object}");
    CHECK(c.base == "v1");
    REQUIRE(c.ops.size() == 6);
    CHECK(c.ops[0].target == PeelTarget::tags_only);
    CHECK(c.ops[1].target == PeelTarget::tree);
    CHECK(c.ops[1].end == std::string_view("v1^{}^{tree}").size());
    CHECK(c.ops[2].target == PeelTarget::commit);
    CHECK(c.ops[3].target == PeelTarget::blob);
    CHECK(c.ops[4].target == PeelTarget::tag);
    CHECK(c.ops[5].target == PeelTarget::any_object);
}

TEST_CASE("a message regex peel keeps its pattern", "[revision]") {
    auto c = parse_revision_chain("main^{/fix it}~1");
    CHECK(c.base == "main");
    REQUIRE(c.ops.size() == 2);
    CHECK(c.ops[0].target == PeelTarget::message_regex);
    CHECK(c.ops[0].regex == "fix it");
    CHECK(c.ops[1].kind == RevisionOpKind::ancestor);
}

TEST_CASE("an unknown peel type stays in the base", "[revision]") {
    auto c = parse_revision_chain("HEAD^{frob}");
    CHECK(c.base == "HEAD^{frob}");
    CHECK(c.ops.empty());
    auto d = parse_revision_chain("main@{1}^2");
    CHECK(d.base == "main@{1}");
    CHECK(d.ops.size() == 1);
}

TEST_CASE("the first colon outside braces splits off a path", "[revision]") {
    auto e = parse_revision_expression("HEAD~1:src/a:b");
    CHECK(e.form == RevisionForm::tree_path);
    CHECK(e.rev == "HEAD~1");
    CHECK(e.path == "src/a:b");

    auto root = parse_revision_expression("HEAD:");
    CHECK(root.form == RevisionForm::tree_path);
    CHECK(root.path.empty());

    auto braced = parse_revision_expression("HEAD^{/a: b}");
    CHECK(braced.form == RevisionForm::chain);
    CHECK(braced.rev == "HEAD^{/a: b}");

    auto braced_path = parse_revision_expression("HEAD^{/a: b}:x");
    CHECK(braced_path.form == RevisionForm::tree_path);
    CHECK(braced_path.rev == "HEAD^{/a: b}");
}

TEST_CASE("leading colon forms are index paths or message searches", "[revision]") {
    auto idx = parse_revision_expression(":src/a");
    CHECK(idx.form == RevisionForm::index_path);
    CHECK(idx.stage == 0);
    CHECK(idx.path == "src/a");

    auto staged = parse_revision_expression(":2:src/a");
    CHECK(staged.form == RevisionForm::index_path);
    CHECK(staged.stage == 2);
    CHECK(staged.path == "src/a");

    auto search = parse_revision_expression(":/commit 3");
    CHECK(search.form == RevisionForm::message_search);
    CHECK(search.path == "commit 3");
}

TEST_CASE("describe output names an abbreviated id", "[revision]") {
    CHECK(describe_output_hex("v1.0-3-gabcdef1") == "abcdef1");
    CHECK(describe_output_hex("v1-gabcdef1") == "abcdef1");
    CHECK_FALSE(describe_output_hex("main:path/i-gaffedx"));
    CHECK_FALSE(describe_output_hex("abcdef1"));
    CHECK_FALSE(describe_output_hex("-gabc"));
}

TEST_CASE("@{ marks reflog and upstream syntax", "[revision]") {
    CHECK(has_at_brace("main@{1}"));
    CHECK(has_at_brace("@{-1}"));
    CHECK_FALSE(has_at_brace("@"));
}
