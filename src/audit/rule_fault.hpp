#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace audit {

// A fault in a rule found when its pack or the configuration loads: the YAML node at fault and, inside a
// string, the offending character, so the message names file:line:col of the token rather than the rule.
// The loader that knows which file the node came from turns it into text (locate_fault in rule.hpp).
struct RuleFault
{
  YAML::Node at;
  size_t offset = std::string::npos; // within a scalar `at`; npos for the node itself
  std::string message;
};

} // namespace audit
