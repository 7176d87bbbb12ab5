#include "vocabulary/letter_pattern.hpp"

namespace vocabulary {

namespace {

bool is_ascii(std::string_view text)
{
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return false;
    }
  }
  return true;
}

// The ASCII members of the class `\p<name>`, or nullptr for a class this does not rewrite.
const char* ascii_members(char name)
{
  switch (name) {
  case 'L':
    return "A-Za-z";
  case 'N':
    return "0-9";
  default:
    return nullptr;
  }
}

} // namespace

std::string ascii_form(std::string_view pattern)
{
  std::string result;
  result.reserve(pattern.size());
  bool in_class = false;
  for (size_t at = 0; at < pattern.size(); ++at) {
    const char c = pattern[at];
    if (c == '\\' && at + 1 < pattern.size() && pattern[at + 1] == 'Q' && !in_class) {
      // Quoted text, "\Q...\E", is literal to its end or the pattern's: copied as it is.
      const size_t end = pattern.find("\\E", at + 2);
      const size_t stop = end == std::string_view::npos ? pattern.size() : end + 2;
      result.append(pattern.substr(at, stop - at));
      at = stop - 1;
      continue;
    }
    if (c == '\\' && at + 1 < pattern.size()) {
      const char* members = pattern[at + 1] == 'p' && at + 2 < pattern.size() ? ascii_members(pattern[at + 2]) : nullptr;
      if (members) {
        if (!in_class) {
          result += '[';
        }
        result += members;
        if (!in_class) {
          result += ']';
        }
        at += 2;
      } else {
        result.append(pattern.substr(at, 2));
        ++at;
      }
      continue;
    }
    if (c == '[' && !in_class) {
      in_class = true;
      result += c;
      // A `]` first in the class (after an optional `^`) is a member, not its end.
      for (const char lead : {'^', ']'}) {
        if (at + 1 < pattern.size() && pattern[at + 1] == lead) {
          result += lead;
          ++at;
        }
      }
      continue;
    }
    if (c == '[' && in_class && at + 1 < pattern.size() && pattern[at + 1] == ':') {
      const size_t end = pattern.find(":]", at + 2); // a POSIX class, "[:alpha:]", inside the brackets
      if (end != std::string_view::npos) {
        result.append(pattern.substr(at, end + 2 - at));
        at = end + 1;
        continue;
      }
    }
    if (c == ']' && in_class) {
      in_class = false;
    }
    result += c;
  }
  return result;
}

LetterPattern::LetterPattern(std::string pattern, const RE2::Options& options)
  : m_pattern(std::move(pattern)),
    m_options(options),
    m_ascii(ascii_form(m_pattern), options)
{
}

const RE2& LetterPattern::for_text(std::string_view text) const
{
  if (is_ascii(text)) {
    return m_ascii;
  }
  std::call_once(m_full_once, [this] { m_full = std::make_unique<RE2>(m_pattern, m_options); });
  return *m_full;
}

} // namespace vocabulary
