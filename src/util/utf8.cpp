#include "util/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace util {

namespace {

struct Range
{
  char32_t first;
  char32_t last;
};

// Code points that join the character before them (UAX #29 Extend and SpacingMark) in the scripts and
// symbols the tool meets: combining diacritics, Hebrew and Arabic points, Thai vowels, the Japanese voiced
// sound marks, the keycap, variation selectors, emoji modifiers and tags. Sorted; the Indic blocks
// (U+0900 to U+0D7F) share one layout and are handled by offset in indic_mark().
constexpr Range k_extend[] = {
  {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2}, {0x05C4, 0x05C5},
  {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
  {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x0EB1, 0x0EB1},
  {0x0EB4, 0x0EBC}, {0x0EC8, 0x0ECE}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200C, 0x200C}, {0x20D0, 0x20FF},
  {0x302A, 0x302F}, {0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0x1F3FB, 0x1F3FF}, {0xE0020, 0xE007F},
  {0xE0100, 0xE01EF},
};

enum class Kind { other, control, extend, zwj, regional, hangul_l, hangul_v, hangul_t, hangul_lv, hangul_lvt };

// Devanagari to Malayalam: signs at 0x00-0x03, vowel signs and virama at 0x3A-0x4F (but the avagraha,
// 0x3D, is a letter), stress and length marks at 0x51-0x57, vocalic vowel signs at 0x62-0x63 of each block.
bool indic_mark(char32_t code)
{
  if (code < 0x0900 || code > 0x0D7F) {
    return false;
  }
  const char32_t offset = code & 0x7F;
  return offset <= 0x03 || (offset >= 0x3A && offset <= 0x4F && offset != 0x3D) || (offset >= 0x51 && offset <= 0x57)
         || offset == 0x62 || offset == 0x63;
}

Kind hangul_kind(char32_t code)
{
  if ((code >= 0x1100 && code <= 0x115F) || (code >= 0xA960 && code <= 0xA97C)) {
    return Kind::hangul_l;
  }
  if ((code >= 0x1160 && code <= 0x11A7) || (code >= 0xD7B0 && code <= 0xD7C6)) {
    return Kind::hangul_v;
  }
  if ((code >= 0x11A8 && code <= 0x11FF) || (code >= 0xD7CB && code <= 0xD7FB)) {
    return Kind::hangul_t;
  }
  if (code >= 0xAC00 && code <= 0xD7A3) {
    return (code - 0xAC00) % 28 == 0 ? Kind::hangul_lv : Kind::hangul_lvt;
  }
  return Kind::other;
}

Kind kind_of(char32_t code)
{
  if (code < 0x20 || (code >= 0x7F && code <= 0x9F) || code == 0x2028 || code == 0x2029) {
    return Kind::control;
  }
  if (code == 0x200D) {
    return Kind::zwj;
  }
  if (code >= 0x1F1E6 && code <= 0x1F1FF) {
    return Kind::regional;
  }
  const auto range = std::upper_bound(std::begin(k_extend), std::end(k_extend), code,
                                      [](char32_t value, const Range& r) { return value < r.first; });
  if ((range != std::begin(k_extend) && code <= std::prev(range)->last) || indic_mark(code)) {
    return Kind::extend;
  }
  return hangul_kind(code);
}

// Whether `next` continues the cluster whose last code point is of kind `last` (GB6 to GB12, simplified:
// anything after a ZWJ joins, as in an emoji ZWJ sequence).
bool joins(Kind last, Kind next, int regionals)
{
  if (next == Kind::control) {
    return false;
  }
  if (next == Kind::extend || next == Kind::zwj || last == Kind::zwj) {
    return true;
  }
  switch (last) {
  case Kind::regional:
    return next == Kind::regional && regionals % 2 == 1;
  case Kind::hangul_l:
    return next == Kind::hangul_l || next == Kind::hangul_v || next == Kind::hangul_lv || next == Kind::hangul_lvt;
  case Kind::hangul_lv:
  case Kind::hangul_v:
    return next == Kind::hangul_v || next == Kind::hangul_t;
  case Kind::hangul_lvt:
  case Kind::hangul_t:
    return next == Kind::hangul_t;
  default:
    return false;
  }
}

} // namespace

std::optional<CodePoint> decode_utf8(std::string_view text, size_t at)
{
  if (at >= text.size()) {
    return std::nullopt;
  }
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(at);
  const size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 0;
  if (length == 0 || at + length > text.size()) {
    return std::nullopt;
  }
  char32_t code = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(at + k) & 0xC0) != 0x80) {
      return std::nullopt;
    }
    code = (code << 6) | (byte(at + k) & 0x3F);
  }
  static constexpr char32_t k_smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < k_smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return std::nullopt;
  }
  return CodePoint{code, length};
}

size_t next_grapheme(std::string_view text, size_t at)
{
  if (at >= text.size()) {
    return text.size();
  }
  const auto first = decode_utf8(text, at);
  if (!first) {
    return at + 1;
  }
  size_t end = at + first->length;
  Kind last = kind_of(first->value);
  if (last == Kind::control) {
    return first->value == '\r' && end < text.size() && text[end] == '\n' ? end + 1 : end; // GB3, GB4
  }
  int regionals = last == Kind::regional ? 1 : 0;
  while (end < text.size()) {
    const auto next = decode_utf8(text, end);
    if (!next) {
      break;
    }
    const Kind kind = kind_of(next->value);
    if (!joins(last, kind, regionals)) {
      break;
    }
    regionals += kind == Kind::regional ? 1 : 0;
    last = kind;
    end += next->length;
  }
  return end;
}

} // namespace util
