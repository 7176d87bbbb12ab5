#include "vocabulary/opening_bytes.hpp"

#include <doctest/doctest.h>

namespace {

RE2::Options folding()
{
  RE2::Options options;
  options.set_case_sensitive(false);
  return options;
}

} // namespace

TEST_CASE("OpeningBytes")
{
  SUBCASE("symbols: only a text opening with one of their first bytes may match")
  {
    const RE2 symbols("✅|☑️?|⏳|🔲", folding());
    const vocabulary::OpeningBytes opening(symbols);
    for (const char* text : {"✅ done", "☑ done", "⏳ waiting", "🔲 open"}) {
      CAPTURE(text);
      CHECK(opening.may_open(text));
    }
    for (const char* text : {"Enable the flag", "- [x] step", " ✅ indented", "", "(done)"}) {
      CAPTURE(text);
      CHECK_FALSE(opening.may_open(text));
    }
  }
  SUBCASE("words, folded: either case of their first letters")
  {
    const vocabulary::OpeningBytes opening(RE2("done|pending", folding()));
    CHECK(opening.may_open("DONE"));
    CHECK(opening.may_open("pending"));
    CHECK_FALSE(opening.may_open("✅"));
    CHECK_FALSE(opening.may_open("1. step"));
  }
  SUBCASE("a repeat first: any character may open it")
  {
    const vocabulary::OpeningBytes opening(RE2(".*done", folding()));
    for (const char* text : {"done", "✅ done", " done", "x"}) {
      CAPTURE(text);
      CHECK(opening.may_open(text));
    }
    CHECK_FALSE(opening.may_open(""));
  }
  SUBCASE("a match that may be empty may open any text")
  {
    for (const char* pattern : {"", "(?:done)?", "x*"}) {
      CAPTURE(pattern);
      const RE2 re(pattern);
      const vocabulary::OpeningBytes opening(re);
      CHECK(opening.may_open(""));
      CHECK(opening.may_open("anything"));
      CHECK(opening.may_open("\xff"));
    }
  }
}
