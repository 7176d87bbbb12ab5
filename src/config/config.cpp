#include "config/config.hpp"

#include "util/path.hpp"
#include "util/text.hpp"
#include "util/yaml.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace config {

namespace {

const std::vector<std::string> k_keys{
  "checklists", "work_log", "completion_reports", "evidence", "exclude", "rule_packs", "rules", "limits", "vocabulary", "kinds"};

const std::vector<std::string> k_limit_keys{"max_file_bytes", "max_files", "max_folder_depth", "max_nesting"};

const std::vector<std::string> k_severities{"error", "warning", "note", "off"};

const std::vector<std::string> k_kind_names{"rollout", "plan", "record", "other"};

util::Expected<std::vector<std::string>> parse_kind_list(std::string_view path, const YAML::Node& node)
{
  auto names = util::yaml_strings(path, node);
  if (!names) {
    return util::Failure{names.error()};
  }
  for (size_t i = 0; i < names->size(); ++i) {
    if (!parse_kind((*names)[i])) {
      const YAML::Node& where = node.IsSequence() ? node[i] : node;
      return util::Failure{fmt::format("{}: {}", util::yaml_location(path, where), unknown_kind_message((*names)[i]))};
    }
  }
  return names;
}

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
    } else if (key == "kinds") {
      auto kinds = parse_kind_list(path, entry.second);
      if (!kinds) {
        return util::Failure{kinds.error()};
      }
      result.kinds = std::move(kinds).value();
    } else {
      return util::Failure{util::unknown_key_message(path, entry.first, {"severity", "params", "kinds"})};
    }
  }
  return result;
}

// A whole number from 1 to `maximum`, written plainly ("16777216"); no units, no signs, no floats.
util::Expected<uint64_t> parse_count(std::string_view path, const YAML::Node& key, const YAML::Node& node, uint64_t maximum)
{
  const std::string name = key.IsScalar() ? key.Scalar() : "?";
  const std::string text = node.IsScalar() ? node.Scalar() : "";
  uint64_t value = 0;
  bool valid = !text.empty() && text.size() <= 20;
  for (char c : text) {
    if (c < '0' || c > '9') {
      valid = false;
      break;
    }
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (maximum - digit) / 10) {
      valid = false; // over the maximum (and never overflowing on the way there)
      break;
    }
    value = value * 10 + digit;
  }
  if (!valid || value == 0) {
    return util::Failure{fmt::format("{}: limits.{} must be a whole number from 1 to {}, not '{}'",
                                     util::yaml_location(path, node), name, maximum, text)};
  }
  return value;
}

util::Expected<Limits> parse_limits(std::string_view path, const YAML::Node& node)
{
  Limits limits;
  if (node.IsNull()) {
    return limits;
  }
  if (!node.IsMap()) {
    return util::Failure{fmt::format("{}: limits must be a map of {}", util::yaml_location(path, node), fmt::join(k_limit_keys, ", "))};
  }
  for (const auto& entry : node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    // The ceilings keep the arithmetic on sizes and depths far from overflow; no real tree comes near them.
    const uint64_t maximum = key == "max_file_bytes" ? (uint64_t{1} << 40)
                             : key == "max_files"    ? 100000000
                                                     : 100000;
    if (std::find(k_limit_keys.begin(), k_limit_keys.end(), key) == k_limit_keys.end()) {
      return util::Failure{util::unknown_key_message(path, entry.first, k_limit_keys)};
    }
    auto value = parse_count(path, entry.first, entry.second, maximum);
    if (!value) {
      return util::Failure{value.error()};
    }
    if (key == "max_file_bytes") {
      limits.max_file_bytes = *value;
    } else if (key == "max_files") {
      limits.max_files = *value;
    } else if (key == "max_folder_depth") {
      limits.max_folder_depth = static_cast<int>(*value);
    } else {
      limits.max_nesting = static_cast<int>(*value);
    }
  }
  return limits;
}

// `kinds: {record: [docs/notes/**], rollout: docs/runbooks/*-rollout.md}`
util::Expected<std::vector<KindGlobs>> parse_kinds(std::string_view path, const YAML::Node& node)
{
  if (!node.IsMap()) {
    return util::Failure{fmt::format("{}: kinds must map kinds ({}) to globs", util::yaml_location(path, node),
                                     fmt::join(k_kind_names, ", "))};
  }
  std::vector<KindGlobs> kinds;
  for (const auto& entry : node) {
    const std::string name = entry.first.IsScalar() ? entry.first.Scalar() : "";
    const auto kind = parse_kind(name);
    if (!kind) {
      return util::Failure{fmt::format("{}: {}", util::yaml_location(path, entry.first), unknown_kind_message(name))};
    }
    auto globs = util::yaml_strings(path, entry.second);
    if (!globs) {
      return util::Failure{globs.error()};
    }
    kinds.push_back(KindGlobs{*kind, std::move(globs).value(), entry.first.Mark().line + 1});
  }
  return kinds;
}

} // namespace

const std::vector<std::string>& kind_names()
{
  return k_kind_names;
}

std::string_view to_string(Kind kind)
{
  return k_kind_names.at(static_cast<size_t>(kind));
}

std::optional<Kind> parse_kind(std::string_view name)
{
  for (size_t i = 0; i < k_kind_names.size(); ++i) {
    if (k_kind_names[i] == name) {
      return static_cast<Kind>(i);
    }
  }
  return std::nullopt;
}

std::string unknown_kind_message(std::string_view name)
{
  std::string message = fmt::format("'{}' is not a kind", name);
  if (auto suggestion = util::closest_match(name, k_kind_names)) {
    message += fmt::format(" (did you mean '{}'?)", *suggestion);
  }
  return message + fmt::format("; kinds are {}", fmt::join(k_kind_names, ", "));
}

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
  config.text = std::string(yaml_text);
  if (root.IsNull()) {
    return config;
  }
  if (!root.IsMap()) {
    return util::Failure{fmt::format("{}: the configuration must be a map of settings", util::yaml_location(path, root))};
  }
  for (const auto& entry : root) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    const YAML::Node& value = entry.second;
    std::vector<std::string>* list = nullptr;
    if (key == "limits") {
      auto limits = parse_limits(path, value);
      if (!limits) {
        return util::Failure{limits.error()};
      }
      config.limits = *limits;
      continue;
    }
    if (key == "kinds") {
      auto kinds = parse_kinds(path, value);
      if (!kinds) {
        return util::Failure{kinds.error()};
      }
      config.kinds = std::move(kinds).value();
      continue;
    }
    if (key == "vocabulary") {
      auto layer = vocabulary::parse_layer(path, value);
      if (!layer) {
        return util::Failure{layer.error()};
      }
      config.vocabulary = std::move(layer).value();
      continue;
    }
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
    if (list == &config.rule_packs) {
      // The configuration comes with the repository, so it may only name packs inside it: a pull request
      // must not make the audit read /etc or a home folder. --rules names packs anywhere.
      for (size_t i = 0; i < strings->size(); ++i) {
        const auto normalized = util::normalize_relative((*strings)[i]);
        if (!normalized || normalized->empty()) {
          const YAML::Node& where = value.IsSequence() ? value[i] : value;
          return util::Failure{fmt::format("{}: rule pack '{}' is not inside the repository; name a file or folder "
                                           "below the root (or pass it with --rules)",
                                           util::yaml_location(path, where), (*strings)[i])};
        }
      }
    }
    *list = std::move(strings).value();
  }
  return config;
}

} // namespace config
