#include "vocabulary/opening_bytes.hpp"

#include <string>

namespace vocabulary {

OpeningBytes::OpeningBytes(const RE2& pattern)
{
  // RE2 bounds the matches by the least and the greatest string they can be (cut to a few bytes, the greatest
  // then rounded up): every match's first byte lies between the bounds' first bytes. An empty least bound
  // says a match may be empty, which opens with no byte at all.
  std::string least;
  std::string greatest;
  constexpr int k_bytes = 4;
  if (!pattern.ok() || !pattern.PossibleMatchRange(&least, &greatest, k_bytes) || least.empty() || greatest.empty()) {
    return;
  }
  m_low = static_cast<uint8_t>(least.front());
  m_high = static_cast<uint8_t>(greatest.front());
  m_empty = false;
}

} // namespace vocabulary
