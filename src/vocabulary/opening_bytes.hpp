#pragma once
// The bytes a pattern's matches can open with, as RE2 bounds them: a line whose first byte is outside them
// cannot match where it starts, and RE2 is not asked. Asked for groups on an anchored pattern, RE2 runs its
// bit-state engine over the whole line, whose bitmap is allocated and freed at each call, whether the line
// could match or not; most lines of a document open with a letter, and most patterns asked this way (a
// state's symbols first on a line) open with anything but.

#include <re2/re2.h>

#include <cstdint>
#include <string_view>

namespace vocabulary {

class OpeningBytes
{
public:
  // From the matches of `pattern` read from their start. Every byte when RE2 cannot bound them, or when a
  // match may be empty.
  explicit OpeningBytes(const RE2& pattern);

  // False only where no match of the pattern starts at the text's start.
  bool may_open(std::string_view text) const
  {
    if (text.empty()) {
      return m_empty;
    }
    const auto first = static_cast<uint8_t>(text.front());
    return m_low <= first && first <= m_high;
  }

private:
  uint8_t m_low = 0;
  uint8_t m_high = 0xff;
  bool m_empty = true;
};

} // namespace vocabulary
