#include "audit/baseline.hpp"

#include "util/yaml.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <tuple>

namespace audit {

namespace {

const std::vector<std::string> k_top_keys{"version", "findings"};
const std::vector<std::string> k_entry_keys{"rule", "file", "item", "message"};

using Key = std::tuple<std::string, std::string, bool, std::string>; // rule, file, by item, text

Key key_of(const BaselineEntry& entry)
{
  const bool by_item = !entry.item.empty();
  return {entry.rule, entry.file, by_item, by_item ? entry.item : entry.message};
}

util::Expected<std::string> scalar(std::string_view path, const YAML::Node& node, std::string_view key)
{
  if (!node.IsScalar()) {
    return util::Failure{fmt::format("{}: '{}' must be a string", util::yaml_location(path, node), key)};
  }
  return node.Scalar();
}

util::Expected<BaselineEntry> parse_entry(std::string_view path, const YAML::Node& node)
{
  if (!node.IsMap()) {
    return util::Failure{fmt::format("{}: a baseline entry is a map with rule, file and item or message",
                                     util::yaml_location(path, node))};
  }
  BaselineEntry entry;
  for (const auto& field : node) {
    const std::string key = field.first.IsScalar() ? field.first.Scalar() : "";
    auto value = scalar(path, field.second, key);
    if (std::find(k_entry_keys.begin(), k_entry_keys.end(), key) == k_entry_keys.end()) {
      return util::Failure{util::unknown_key_message(path, field.first, k_entry_keys)};
    }
    if (!value) {
      return util::Failure{value.error()};
    }
    (key == "rule" ? entry.rule : key == "file" ? entry.file : key == "item" ? entry.item : entry.message) = *value;
  }
  for (const auto& [name, value] : {std::pair{"rule", &entry.rule}, std::pair{"file", &entry.file}}) {
    if (value->empty()) {
      return util::Failure{fmt::format("{}: baseline entry needs '{}'", util::yaml_location(path, node), name)};
    }
  }
  if (entry.item.empty() == entry.message.empty()) {
    return util::Failure{fmt::format("{}: baseline entry needs either 'item' or 'message'", util::yaml_location(path, node))};
  }
  return entry;
}

} // namespace

BaselineEntry baseline_entry(const Finding& finding)
{
  BaselineEntry entry;
  entry.rule = finding.rule;
  entry.file = finding.file;
  if (finding.item.empty()) {
    entry.message = finding.message;
  } else {
    entry.item = finding.item;
  }
  return entry;
}

std::string format_baseline(const std::vector<Finding>& findings)
{
  YAML::Emitter out;
  out << YAML::Comment("rollout-audit baseline: findings adopted as they are; --baseline FILE does not report them.\n"
                       "Matched by rule, file and the box's text (or the message), not by line. Delete an entry\n"
                       "once its finding is fixed, or write the file again with --write-baseline FILE.");
  out << YAML::BeginMap;
  out << YAML::Key << "version" << YAML::Value << 1;
  out << YAML::Key << "findings" << YAML::Value;
  if (findings.empty()) {
    out << YAML::Flow;
  }
  out << YAML::BeginSeq;
  for (const auto& finding : findings) {
    const BaselineEntry entry = baseline_entry(finding);
    out << YAML::BeginMap;
    out << YAML::Key << "rule" << YAML::Value << entry.rule;
    out << YAML::Key << "file" << YAML::Value << entry.file;
    if (!entry.item.empty()) {
      out << YAML::Key << "item" << YAML::Value << entry.item;
    } else {
      out << YAML::Key << "message" << YAML::Value << entry.message;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

util::Expected<Baseline> parse_baseline(std::string_view path, std::string_view yaml_text)
{
  auto loaded = util::load_yaml(path, yaml_text);
  if (!loaded) {
    return util::Failure{loaded.error()};
  }
  const YAML::Node& root = *loaded;
  if (!root.IsMap() || !root["findings"]) {
    return util::Failure{fmt::format("{}: not a rollout-audit baseline (no 'findings:'); write one with --write-baseline",
                                     root.IsDefined() && root.Mark().line >= 0 ? util::yaml_location(path, root)
                                                                               : fmt::format("{}:1:1", path))};
  }
  Baseline baseline;
  for (const auto& field : root) {
    const std::string key = field.first.IsScalar() ? field.first.Scalar() : "";
    if (std::find(k_top_keys.begin(), k_top_keys.end(), key) == k_top_keys.end()) {
      return util::Failure{util::unknown_key_message(path, field.first, k_top_keys)};
    }
    if (key == "version") {
      if (!field.second.IsScalar() || field.second.Scalar() != "1") {
        return util::Failure{fmt::format("{}: baseline version must be 1", util::yaml_location(path, field.second))};
      }
      continue;
    }
    if (field.second.IsNull()) {
      continue;
    }
    if (!field.second.IsSequence()) {
      return util::Failure{fmt::format("{}: 'findings' must be a list", util::yaml_location(path, field.second))};
    }
    for (const auto& element : field.second) {
      auto entry = parse_entry(path, element);
      if (!entry) {
        return util::Failure{entry.error()};
      }
      baseline.entries.push_back(*entry);
    }
  }
  return baseline;
}

size_t apply_baseline(const Baseline& baseline, std::vector<Finding>& findings)
{
  std::map<Key, size_t> remaining;
  for (const auto& entry : baseline.entries) {
    ++remaining[key_of(entry)];
  }
  const size_t before = findings.size();
  std::erase_if(findings, [&](const Finding& finding) {
    const auto found = remaining.find(key_of(baseline_entry(finding)));
    if (found == remaining.end() || found->second == 0) {
      return false;
    }
    --found->second;
    return true;
  });
  return before - findings.size();
}

} // namespace audit
