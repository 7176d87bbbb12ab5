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
  // A documented limit was hit (limits.* in the configuration): the tool did what it says it does, so this
  // is a note, not a warning about broken input.
  bool limit = false;
};

} // namespace util
