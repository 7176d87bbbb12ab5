#include "config/config.hpp"

#include "util/text.hpp"
#include "util/yaml.hpp"

#include <fmt/format.h>

namespace config {

namespace {

const std::vector<std::string> k_keys{
  "checklists", "work_log", "completion_reports", "evidence", "exclude", "rule_packs", "rules"};

const std::vector<std::string> k_severities{"error", "warning", "note", "off"};

util::Expected<std::string> parse_severity(std::string_view path, const YAML::Node& node)
{
  const std::string value = node.IsScalar() ? node.Scalar() : "";
  for (const auto& severity : k_severities) {
    if (value == severity) {
      return value;
    }
  }
  return util::Failure{fmt::format(
    "{}: severity must be error, warning, note or off, not '{}'", util::yaml_location(path, node), value)};
}

util::Expected<RuleOverride> parse_override(std::string_view path, const YAML::Node& node)
{
  RuleOverride result;
  result.line = node.Mark().line + 1;
  if (node.IsScalar()) {
    auto severity = parse_severity(path, node);
    if (!severity) {
      return util::Failure{severity.error()};
    }
    result.severity = *severity;
    return result;
  }
  if (!node.IsMap()) {
    return util::Failure{fmt::format("{}: a rule override is a severity or a map with severity and params",
                                     util::yaml_location(path, node))};
  }
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (key == "severity") {
      auto severity = parse_severity(path, entry.second);
      if (!severity) {
        return util::Failure{severity.error()};
      }
      result.severity = *severity;
    } else if (key == "params") {
      if (!entry.second.IsMap()) {
        return util::Failure{fmt::format("{}: params must be a map", util::yaml_location(path, entry.second))};
      }
      result.params = entry.second;
    } else {
      return util::Failure{util::unknown_key_message(path, entry.first, {"severity", "params"})};
    }
  }
  return result;
}

} // namespace

const std::vector<std::string>& config_keys()
{
  return k_keys;
}

util::Expected<Config> parse_config(std::string_view path, std::string_view yaml_text)
{
  auto loaded = util::load_yaml(path, yaml_text);
  if (!loaded) {
    return util::Failure{loaded.error()};
  }
  const YAML::Node& root = *loaded;
  Config config;
  config.path = std::string(path);
  if (root.IsNull()) {
    return config;
  }
  if (!root.IsMap()) {
    return util::Failure{fmt::format("{}: the configuration must be a map of settings", util::yaml_location(path, root))};
  }
  for (const auto& entry : root) {
    const std::string key = entry.first.Scalar();
    const YAML::Node& value = entry.second;
    std::vector<std::string>* list = nullptr;
    if (key == "checklists") {
      list = &config.checklists;
    } else if (key == "work_log") {
      list = &config.work_logs;
    } else if (key == "completion_reports") {
      list = &config.completion_reports;
    } else if (key == "evidence") {
      list = &config.evidence;
    } else if (key == "exclude") {
      list = &config.exclude;
    } else if (key == "rule_packs") {
      list = &config.rule_packs;
    } else if (key == "rules") {
      if (!value.IsMap()) {
        return util::Failure{fmt::format("{}: rules must map rule ids to overrides", util::yaml_location(path, value))};
      }
      for (const auto& rule : value) {
        auto override_ = parse_override(path, rule.second);
        if (!override_) {
          return util::Failure{override_.error()};
        }
        override_.value().line = rule.first.Mark().line + 1;
        config.rules[rule.first.Scalar()] = std::move(override_).value();
      }
      continue;
    } else {
      return util::Failure{util::unknown_key_message(path, entry.first, k_keys)};
    }
    auto strings = util::yaml_strings(path, value);
    if (!strings) {
      return util::Failure{strings.error()};
    }
    *list = std::move(strings).value();
  }
  return config;
}

} // namespace config
