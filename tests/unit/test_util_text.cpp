#include "util/text.hpp"

#include <doctest/doctest.h>

TEST_CASE("split_lines")
{
  CHECK(util::split_lines("a\nb\r\nc\rd").size() == 4);
  CHECK(util::split_lines("a\n").size() == 1);
  CHECK(util::split_lines("").empty());
  CHECK(util::split_lines("\n\n")[1].empty());
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
