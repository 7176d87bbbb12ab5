#pragma once

#include <stdexcept>
#include <string>

namespace util {

// The one exception type: thrown where the run cannot go on (bad usage, bad configuration, broken rule
// pack) and caught once in cli::run, which prints "rollout-audit: error: <what>" and exits 2.
class Fatal : public std::runtime_error
{
public:
  explicit Fatal(const std::string& what) : std::runtime_error(what)
  {
  }
};

} // namespace util
