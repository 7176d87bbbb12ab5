#pragma once
// A pattern with Unicode letter and number classes (`\pL`, `\pN`) whose full form RE2 compiles only when a
// text needs it. Each such class is a UTF-8 automaton of hundreds of ranges: about a millisecond of
// compiling, a tenth of a short run's, for texts that are mostly ASCII. On an all-ASCII text the classes
// mean exactly `A-Za-z` and `0-9`, so a cheap ASCII form answers it; the first text with another byte
// compiles the full form, once, on whichever thread asks.

#include <re2/re2.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace vocabulary {

// `pattern` with every `\pL` and `\pN` written as its ASCII members: inside a bracket class as the ranges,
// elsewhere as a class of them. Escaped backslashes, quoted text (`\Q...\E`) and every other escape are
// copied as they are.
std::string ascii_form(std::string_view pattern);

class LetterPattern
{
public:
  LetterPattern(std::string pattern, const RE2::Options& options);

  // The compiled form that answers `text` as `pattern` itself would.
  const RE2& for_text(std::string_view text) const;

  const std::string& pattern() const { return m_pattern; }

private:
  std::string m_pattern;
  RE2::Options m_options;
  RE2 m_ascii;
  mutable std::once_flag m_full_once;
  mutable std::unique_ptr<RE2> m_full;
};

} // namespace vocabulary
