#include "util/utf8.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

// The text cut into its grapheme clusters.
std::vector<std::string> clusters(std::string_view text)
{
  std::vector<std::string> out;
  for (size_t at = 0; at < text.size();) {
    const size_t end = util::next_grapheme(text, at);
    REQUIRE(end > at);
    out.emplace_back(text.substr(at, end - at));
    at = end;
  }
  return out;
}

using Clusters = std::vector<std::string>;

} // namespace

TEST_CASE("decode_utf8")
{
  CHECK(util::decode_utf8("a", 0)->value == U'a');
  CHECK(util::decode_utf8("\xC3\xA7", 0)->value == U'ç');
  CHECK(util::decode_utf8("\xC3\xA7", 0)->length == 2);
  CHECK(util::decode_utf8("\xE6\x97\xA5", 0)->value == U'日');
  CHECK(util::decode_utf8("\xF0\x9F\x9A\x80", 0)->value == U'🚀');
  CHECK(util::decode_utf8("\xF0\x9F\x9A\x80", 0)->length == 4);
  CHECK_FALSE(util::decode_utf8("\xC3", 0));             // cut short
  CHECK_FALSE(util::decode_utf8("\xA7", 0));             // a continuation byte
  CHECK_FALSE(util::decode_utf8("\xC0\xAF", 0));         // overlong "/"
  CHECK_FALSE(util::decode_utf8("\xED\xA0\x80", 0));     // a surrogate
  CHECK_FALSE(util::decode_utf8("\xF4\x90\x80\x80", 0)); // past U+10FFFF
  CHECK_FALSE(util::decode_utf8("\xFF", 0));
  CHECK_FALSE(util::decode_utf8("a", 1));
}

TEST_CASE("next_grapheme")
{
  CHECK(clusters("ab") == Clusters{"a", "b"});
  CHECK(clusters("Ver\xC3\xA7\xC3\xA3o") == Clusters{"V", "e", "r", "ç", "ã", "o"});
  // Decomposed: e + combining acute, a + combining diaeresis.
  CHECK(clusters("e\xCC\x81" "a\xCC\x88!") == Clusters{"e\xCC\x81", "a\xCC\x88", "!"});
  // Japanese: か + combining voiced sound mark is one character; kanji are one each.
  CHECK(clusters("\xE3\x81\x8B\xE3\x82\x99\xE6\x97\xA5") == Clusters{"\xE3\x81\x8B\xE3\x82\x99", "日"});
  // Emoji: a thumbs up with a skin tone, a family joined by ZWJs, a flag, a keycap, a heart with VS16.
  CHECK(clusters("👍🏽x") == Clusters{"👍🏽", "x"});
  CHECK(clusters("👩\u200D👩\u200D👧!") == Clusters{"👩\u200D👩\u200D👧", "!"});
  CHECK(clusters("🇧🇷🇩🇪") == Clusters{"🇧🇷", "🇩🇪"});
  CHECK(clusters("1\uFE0F\u20E3") == Clusters{"1\uFE0F\u20E3"});
  CHECK(clusters("\u2764\uFE0F.") == Clusters{"\u2764\uFE0F", "."});
  // Devanagari: क + virama is one character, as is कि (consonant + vowel sign).
  CHECK(clusters("\u0915\u094D\u0915\u093F") == Clusters{"\u0915\u094D", "\u0915\u093F"});
  // Hangul jamo L V T make one syllable; a precomposed one is one code point.
  CHECK(clusters("\u1100\u1161\u11A8\uAC00") == Clusters{"\u1100\u1161\u11A8", "\uAC00"});
  // CR LF is one; other controls stand alone, even before a combining mark.
  CHECK(clusters("\r\na\n\xCC\x81") == Clusters{"\r\n", "a", "\n", "\xCC\x81"});
  // A byte that is not UTF-8 is a character of its own, and never swallows what follows.
  CHECK(clusters("a\xC3(\xFF") == Clusters{"a", "\xC3", "(", "\xFF"});
  CHECK(util::next_grapheme("abc", 3) == 3);
}
