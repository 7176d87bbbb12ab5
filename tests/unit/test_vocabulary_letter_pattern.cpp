#include "vocabulary/letter_pattern.hpp"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

using vocabulary::LetterPattern;
using vocabulary::ascii_form;

namespace {

RE2::Options caseless()
{
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  return options;
}

// What `pattern` captures first in `text`, compiled in full: the answer LetterPattern must give.
std::string full_capture(const std::string& pattern, const std::string& text)
{
  std::string captured = "<none>";
  RE2::PartialMatch(text, RE2(pattern, caseless()), &captured);
  return captured;
}

std::string letter_capture(const LetterPattern& pattern, const std::string& text)
{
  std::string captured = "<none>";
  RE2::PartialMatch(text, pattern.for_text(text), &captured);
  return captured;
}

} // namespace

TEST_CASE("ascii_form writes letter and number classes as their ASCII members")
{
  CHECK(ascii_form(R"(^[^\pL\pN]*?(done)(?:[^\pL\pN_]|$))") == R"(^[^A-Za-z0-9]*?(done)(?:[^A-Za-z0-9_]|$))");
  CHECK(ascii_form(R"((\pL+)\s+\pN)") == R"(([A-Za-z]+)\s+[0-9])");
  CHECK(ascii_form(R"(\\pL)") == R"(\\pL)");                 // a backslash, then "pL"
  CHECK(ascii_form(R"([]\pL])") == R"([]A-Za-z])");           // "]" first is a member
  CHECK(ascii_form(R"([^]\pN])") == R"([^]0-9])");
  CHECK(ascii_form(R"([[:punct:]\pL]\pN)") == R"([[:punct:]A-Za-z][0-9])");
  CHECK(ascii_form(R"(\p{Greek}\pS\PL)") == R"(\p{Greek}\pS\PL)"); // other classes stay as written
  CHECK(ascii_form(R"(\Q\pL[\E\pL)") == R"(\Q\pL[\E[A-Za-z])");   // quoted text is literal
  CHECK(ascii_form(R"(a\Q\pN)") == R"(a\Q\pN)");                     // to the pattern's end when unclosed
}

TEST_CASE("LetterPattern answers every text as the full pattern does")
{
  const std::string pattern = R"(^[^\pL\pN]*?((?:done|skipped|✅))(?:[^\pL\pN_]|$))";
  const LetterPattern letters(pattern, caseless());
  const std::vector<std::string> texts{
    "done", "  (Done) ", "✅ shipped", "-- skipped.", "doneness", "1 done", "é done", "— done", "done—now",
    "done_it", "Ünderway done", "", "   ", "✔ done", "x done"};
  for (const auto& text : texts) {
    CAPTURE(text);
    CHECK(letter_capture(letters, text) == full_capture(pattern, text));
  }
}

TEST_CASE("LetterPattern compiles the full form once, for the first text that is not ASCII, on any thread")
{
  const LetterPattern letters(R"(^[^\pL]*(phase\s+\d+))", caseless());
  CHECK(&letters.for_text("Phase 2") == &letters.for_text("## 3. phase 4"));
  CHECK(letters.for_text("Phase 2").pattern() == R"(^[^A-Za-z]*(phase\s+\d+))");
  std::vector<const RE2*> seen(8);
  {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < seen.size(); ++i) {
      threads.emplace_back([&, i] { seen[i] = &letters.for_text("🚀 Phase 2"); });
    }
  }
  for (const RE2* compiled : seen) {
    CHECK(compiled == seen[0]);
  }
  CHECK(seen[0]->pattern() == letters.pattern());
  CHECK(letter_capture(letters, "Ω phase 2") == "<none>"); // Ω is a letter: no prefix of symbols
  CHECK(letter_capture(letters, "№ phase 2") == "phase 2");    // № is a symbol
}
