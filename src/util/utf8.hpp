#pragma once
// UTF-8 read one code point or one user-perceived character at a time: what util::shorten cuts on and what
// the writers check before they copy a byte into their output.

#include <cstddef>
#include <optional>
#include <string_view>

namespace util {

struct CodePoint
{
  char32_t value = 0;
  size_t length = 0; // bytes, 1 to 4
};

// The code point whose UTF-8 sequence starts at byte `at`, or nullopt when no valid shortest-form sequence
// starts there (a continuation byte, a truncated or overlong sequence, a surrogate, a value past U+10FFFF).
std::optional<CodePoint> decode_utf8(std::string_view text, size_t at);

// The byte offset just past the grapheme cluster (user-perceived character) starting at `at`: a base with
// the combining marks, variation selectors, emoji modifiers and tags that follow it, a ZWJ emoji sequence,
// a flag (a pair of regional indicators), a Hangul jamo syllable, CR LF. An approximation of UAX #29's
// extended clusters with the ranges written out here (no Unicode database is linked): it never splits a
// code point, and it keeps together what European, Japanese and emoji text put together. A byte that
// starts no valid sequence is a cluster of its own.
size_t next_grapheme(std::string_view text, size_t at);

} // namespace util
