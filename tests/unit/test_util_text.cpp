#include "util/text.hpp"

#include <doctest/doctest.h>

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

TEST_CASE("append_collapsed")
{
  // Pieces appended one by one give what collapse_spaces gives for them joined.
  const std::vector<std::string_view> pieces{"  Deploy ", "the", " new  ", "", "\n", "service", "  "};
  std::string out;
  bool pending_space = false;
  size_t visible = 0;
  std::string joined;
  for (std::string_view piece : pieces) {
    visible += util::append_collapsed(out, piece, pending_space);
    joined += piece;
  }
  CHECK(out == util::collapse_spaces(joined));
  CHECK(out == "Deploy the new service");
  CHECK(visible == 19);
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
