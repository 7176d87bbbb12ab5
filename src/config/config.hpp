#pragma once

#include "util/expected.hpp"

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace config {

// Per-rule overrides from the configuration: `rules: {front-matter: warning}` or
// `rules: {front-matter: {severity: off, params: {required: [title]}}}`.
struct RuleOverride
{
  std::string severity; // "error", "warning", "note", "off", or empty for unchanged
  YAML::Node params;    // merged over the rule's own params
  int line = 0;
};

// Which files play which role, and what the team changed. The defaults fit the seed's layout, so a
// repository without a configuration file works as it is.
struct Config
{
  std::string path; // where it was read from; empty for the defaults
  std::vector<std::string> checklists{"**/*.md", "**/*.markdown"};
  std::vector<std::string> work_logs{"docs/work-log.md"};
  std::vector<std::string> completion_reports{"*-COMPLETION.md"};
  std::vector<std::string> evidence{"**/validation-reports/**"};
  std::vector<std::string> exclude;
  std::vector<std::string> rule_packs; // files or folders, relative to the repository root
  std::map<std::string, RuleOverride> rules;
};

// `path` names the file in messages, which read "path:line:col: ...".
util::Expected<Config> parse_config(std::string_view path, std::string_view yaml_text);

// The keys a configuration file may hold, for "did you mean".
const std::vector<std::string>& config_keys();

} // namespace config
