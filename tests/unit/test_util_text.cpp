#include "util/text.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include <string>
#include <vector>

TEST_CASE("split_lines")
{
  CHECK(util::split_lines("a\nb\r\nc\rd").size() == 4);
  CHECK(util::split_lines("a\n").size() == 1);
  CHECK(util::split_lines("").empty());
  CHECK(util::split_lines("\n\n")[1].empty());
}

TEST_CASE("collapse_spaces")
{
  CHECK(util::collapse_spaces("  a \t b\n\nc  ") == "a b c");
  CHECK(util::collapse_spaces(" \r\n\f\v ").empty());
  CHECK(util::collapse_spaces("plain words") == "plain words");
  std::string text = "\tmove   these\nwords  left ";
  util::collapse_spaces_in_place(text);
  CHECK(text == "move these words left");
}

namespace {

struct Collapsed
{
  std::string out;
  size_t visible = 0;
  std::string joined; // the pieces as one text, for collapse_spaces
};

// The pieces appended one by one, as a paragraph's text nodes are.
Collapsed append_pieces(const std::vector<std::string_view>& pieces)
{
  Collapsed result;
  bool pending_space = false;
  for (std::string_view piece : pieces) {
    result.visible += util::append_collapsed(result.out, piece, pending_space);
    result.joined += piece;
  }
  return result;
}

} // namespace

TEST_CASE("append_collapsed")
{
  // Pieces appended one by one give what collapse_spaces gives for them joined.
  const Collapsed collapsed = append_pieces({"  Deploy ", "the", " new  ", "", "\n", "service", "  "});
  CHECK(collapsed.out == util::collapse_spaces(collapsed.joined));
  CHECK(collapsed.out == "Deploy the new service");
  CHECK(collapsed.visible == 19);
}

TEST_CASE("append_collapsed copies words with single spaces between them as they are, and collapses the rest")
{
  const std::vector<std::vector<std::string_view>> cases{
    {"one two three", " four five "},
    {"a \tb", "c\t d", "e  f", "g \n h "},
    {"trailing ", "x", " leading", "  "},
    {"", " ", "\v\fz", "y \r\n", "w"},
    {"é ü", "— ✅ done"}};
  for (const auto& pieces : cases) {
    const Collapsed collapsed = append_pieces(pieces);
    CAPTURE(collapsed.joined);
    const std::string expected = util::collapse_spaces(collapsed.joined);
    CHECK(collapsed.out == expected);
    CHECK(collapsed.visible == static_cast<size_t>(std::count_if(expected.begin(), expected.end(), [](char c) { return c != ' '; })));
  }
}

TEST_CASE("slugify")
{
  CHECK(util::slugify("AI Broker (Phase 3)") == "ai-broker-phase-3");
  CHECK(util::slugify("  --x__y--  ") == "x-y");
}

TEST_CASE("find_invalid_utf8")
{
  CHECK_FALSE(util::find_invalid_utf8("plain ascii, caf\xC3\xA9, \xE2\x89\xA5"));
  CHECK(util::find_invalid_utf8("ok\xFFno") == 2u);
  CHECK(util::find_invalid_utf8("\xC0\xAF") == 0u);          // overlong "/"
  CHECK(util::find_invalid_utf8("a\xED\xA0\x80") == 1u);     // surrogate
  CHECK(util::find_invalid_utf8("truncated \xE2\x89") == 10u);
  // Long ASCII runs are skipped eight bytes at a time; what follows them is still checked.
  CHECK(util::find_invalid_utf8("0123456789abcdef\xFF") == 16u);
  CHECK(util::find_invalid_utf8("0123456789abcdefg\xC3\xA9 0123456789\x80") == 30u);
  CHECK_FALSE(util::find_invalid_utf8("0123456789abcdefg\xC3\xA9 0123456789"));
}

TEST_CASE("line_of_offset")
{
  CHECK(util::line_of_offset("a\nb\nc", 4) == 3);
  CHECK(util::line_of_offset("a\r\nb", 3) == 2);
  CHECK(util::line_of_offset("a\rb", 2) == 2);
}

TEST_CASE("closest_match")
{
  const std::vector<std::string> ids{"evidence-missing", "metrics-missing", "out-of-order"};
  CHECK(util::closest_match("evidence-mising", ids) == "evidence-missing");
  CHECK(util::closest_match("out-of-ordre", ids) == "out-of-order");
  CHECK_FALSE(util::closest_match("something-else-entirely", ids));
}

TEST_CASE("shorten")
{
  // The cut: a Portuguese item shortened inside "páginas" must not split the "á".
  const std::string item = "Verificar o carregamento de todas as páginas de pagamento após a migração";
  CHECK(util::shorten(item, 30) == "Verificar o carregamento de t…");
  CHECK(util::shorten(item, 39) == "Verificar o carregamento de todas as p…");
  CHECK(util::shorten(item, 40) == "Verificar o carregamento de todas as pá…");
  CHECK(util::shorten(item, 200) == item);
  // White space before the cut is dropped; the limit counts the "…".
  CHECK(util::shorten("abc def", 5) == "abc…");
  CHECK(util::shorten("abcdef", 6) == "abcdef");
  CHECK(util::shorten("abcdefg", 6) == "abcde…");
  CHECK(util::shorten("abc", 1) == "…");
  CHECK(util::shorten("abc", 0).empty());
  CHECK(util::shorten("", 3).empty());
  // German, Japanese and emoji are cut between characters, never inside one.
  CHECK(util::shorten("Größenänderung", 5) == "Größ…");
  CHECK(util::shorten("段階的なロールアウトの検証", 6) == "段階的なロ…");
  CHECK(util::shorten("🚀👩\u200D👩\u200D👧🇧🇷ok", 3) == "🚀👩\u200D👩\u200D👧…");
  CHECK(util::shorten("e\xCC\x81" "e\xCC\x81" "e\xCC\x81", 2) == "e\xCC\x81…");
  // A byte that is not UTF-8 counts as one character and is kept for printable() to show.
  CHECK(util::shorten("a\xFF" "bcd", 3) == "a\xFF…");
}

TEST_CASE("printable")
{
  CHECK(util::printable("plain, ção, 日本, 🚀") == "plain, ção, 日本, 🚀");
  CHECK(util::printable("cut p\xC3") == "cut p\\xc3");
  CHECK(util::printable("\xFF\xFE ok \xC0\xAF") == "\\xff\\xfe ok \\xc0\\xaf");
  CHECK(util::printable("bell\a esc\x1b[31m del\x7f") == "bell\\x07 esc\\x1b[31m del\\x7f");
  CHECK(util::printable(std::string("nul\0end", 7)) == "nul\\x00end");
  CHECK(util::printable("c1 \xC2\x9B") == "c1 \\u009b");
  CHECK(util::printable("lines\nand\ttabs\r\n") == "lines\nand\ttabs\r\n");
  CHECK(util::printable("sep\u2028") == "sep\u2028");
}

TEST_CASE("one_line")
{
  CHECK(util::one_line("a\nb\r\nc\td") == "a\\nb\\r\\nc\\td");
  CHECK(util::one_line("sep\u2028para\u2029") == "sep\\u2028para\\u2029");
  CHECK(util::one_line("x.md\nfake.md:1:1: error: forged") == "x.md\\nfake.md:1:1: error: forged");
  CHECK(util::one_line("p\xC3 ok") == "p\\xc3 ok");
  CHECK(util::one_line("plain") == "plain");
}
