#pragma once

#include <string>

namespace util {

// A problem with the input itself (unreadable, not UTF-8, too large) rather than with the rollout: reported
// next to the findings while the rest of the audit goes on.
struct Diagnostic
{
  std::string file; // repository-relative
  int line = 0;     // 0 when the problem is the whole file
  int column = 0;
  std::string message;
};

} // namespace util
