#include "audit/check.hpp"
#include "audit/rule.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/yaml.hpp"

#include <fmt/format.h>

#include <set>

namespace audit {

extern const std::string_view k_default_rule_pack;

namespace {

const std::vector<std::string> k_pack_keys{"pack", "rules", "vocabulary"};
const std::vector<std::string> k_rule_keys{"id", "check", "severity", "summary", "help", "example", "select", "params"};
const std::vector<std::string> k_select_keys{"kinds", "documents", "item", "section"};

using util::Failure;
using util::yaml_location;

util::Expected<std::shared_ptr<const RE2>> compile_pattern(std::string_view path, const YAML::Node& node)
{
  if (!node.IsScalar()) {
    return Failure{fmt::format("{}: a pattern must be a string", yaml_location(path, node))};
  }
  RE2::Options options;
  options.set_log_errors(false);
  auto pattern = std::make_shared<const RE2>(node.Scalar(), options);
  if (!pattern->ok()) {
    return Failure{fmt::format("{}: invalid pattern '{}': {}", yaml_location(path, node), node.Scalar(), pattern->error())};
  }
  return std::shared_ptr<const RE2>(pattern);
}

util::Expected<std::vector<config::Kind>> parse_kinds(std::string_view path, const YAML::Node& node)
{
  auto names = util::yaml_strings(path, node);
  if (!names) {
    return Failure{names.error()};
  }
  if (names->empty()) {
    return Failure{fmt::format("{}: kinds must name at least one kind ({})", yaml_location(path, node), fmt::join(config::kind_names(), ", "))};
  }
  std::vector<config::Kind> kinds;
  for (size_t i = 0; i < names->size(); ++i) {
    const auto kind = config::parse_kind((*names)[i]);
    if (!kind) {
      const YAML::Node& where = node.IsSequence() ? node[i] : node;
      return Failure{fmt::format("{}: {}", yaml_location(path, where), config::unknown_kind_message((*names)[i]))};
    }
    kinds.push_back(*kind);
  }
  return kinds;
}

util::Expected<Selector> parse_selector(std::string_view path, const YAML::Node& node)
{
  if (!node.IsMap()) {
    return Failure{fmt::format("{}: select must be a map of kinds, documents, item and section", yaml_location(path, node))};
  }
  Selector selector;
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (key == "kinds") {
      auto kinds = parse_kinds(path, entry.second);
      if (!kinds) {
        return Failure{kinds.error()};
      }
      selector.kinds = std::move(kinds).value();
    } else if (key == "documents") {
      auto globs = util::yaml_strings(path, entry.second);
      if (!globs) {
        return Failure{globs.error()};
      }
      selector.documents = std::move(globs).value();
    } else if (key == "item" || key == "section") {
      auto pattern = compile_pattern(path, entry.second);
      if (!pattern) {
        return Failure{pattern.error()};
      }
      (key == "item" ? selector.item : selector.section) = *pattern;
    } else {
      return Failure{util::unknown_key_message(path, entry.first, k_select_keys)};
    }
  }
  return selector;
}

bool is_kebab_case(std::string_view id)
{
  static const RE2 k_kebab(R"([a-z][a-z0-9]*(-[a-z0-9]+)*)");
  return RE2::FullMatch(id, k_kebab);
}

util::Expected<std::string> scalar(std::string_view path, const YAML::Node& node, std::string_view what)
{
  if (!node.IsScalar()) {
    return Failure{fmt::format("{}: {} must be a string", yaml_location(path, node), what)};
  }
  return node.Scalar();
}

util::Expected<Rule> parse_rule(std::string_view path, const YAML::Node& node)
{
  if (!node.IsMap()) {
    return Failure{fmt::format("{}: a rule must be a map", yaml_location(path, node))};
  }
  Rule rule;
  rule.source = yaml_location(path, node);
  for (const auto& entry : node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    const YAML::Node& value = entry.second;
    if (key == "select") {
      auto selector = parse_selector(path, value);
      if (!selector) {
        return Failure{selector.error()};
      }
      rule.select = std::move(selector).value();
      continue;
    }
    if (key == "params") {
      if (!value.IsMap()) {
        return Failure{fmt::format("{}: params must be a map", yaml_location(path, value))};
      }
      rule.params = value;
      continue;
    }
    if (std::find(k_rule_keys.begin(), k_rule_keys.end(), key) == k_rule_keys.end()) {
      return Failure{util::unknown_key_message(path, entry.first, k_rule_keys)};
    }
    auto text = scalar(path, value, key);
    if (!text) {
      return Failure{text.error()};
    }
    if (key == "id") {
      if (!is_kebab_case(*text)) {
        return Failure{fmt::format("{}: rule id '{}' must be kebab-case (like evidence-missing)", yaml_location(path, value), *text)};
      }
      rule.id = *text;
    } else if (key == "check") {
      if (!find_check(*text)) {
        std::string message = fmt::format("{}: unknown check '{}'", yaml_location(path, value), *text);
        if (auto suggestion = util::closest_match(*text, check_ids())) {
          message += fmt::format(" (did you mean '{}'?)", *suggestion);
        }
        return Failure{message};
      }
      rule.check = *text;
    } else if (key == "severity") {
      if (*text == "off") {
        rule.enabled = false;
      } else if (auto severity = parse_severity(*text)) {
        rule.severity = *severity;
      } else {
        return Failure{fmt::format("{}: severity must be error, warning, note or off, not '{}'", yaml_location(path, value), *text)};
      }
    } else if (key == "summary") {
      rule.summary = *text;
    } else if (key == "help") {
      rule.help = *text;
    } else if (key == "example") {
      rule.example = *text;
    }
  }
  if (rule.id.empty()) {
    return Failure{fmt::format("{}: a rule needs an id", rule.source)};
  }
  if (rule.check.empty()) {
    rule.check = rule.id; // the built-in rules are named after their checks
    if (!find_check(rule.check)) {
      return Failure{fmt::format("{}: rule '{}' needs a check (one of: {})", rule.source, rule.id, fmt::join(check_ids(), ", "))};
    }
  }
  if (rule.summary.empty()) {
    return Failure{fmt::format("{}: rule '{}' needs a one-line summary", rule.source, rule.id)};
  }
  if (rule.select.kinds.empty()) {
    rule.select.kinds = check_kinds(rule.check);
  }
  if (auto fault = find_check(rule.check)->validate_params(rule.params)) {
    const YAML::Node params = node["params"];
    return Failure{fmt::format("{}: {}", params ? yaml_location(path, params) : rule.source, *fault)};
  }
  return rule;
}

} // namespace

util::Expected<RulePack> parse_rule_pack(std::string_view path, std::string_view yaml_text)
{
  auto loaded = util::load_yaml(path, yaml_text);
  if (!loaded) {
    return Failure{loaded.error()};
  }
  const YAML::Node& root = *loaded;
  if (!root.IsMap()) {
    return Failure{fmt::format("{}:1:1: a rule pack must be a map with 'pack' and 'rules'", path)};
  }
  RulePack pack;
  pack.path = std::string(path);
  for (const auto& entry : root) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (key == "pack") {
      auto name = scalar(path, entry.second, "pack");
      if (!name) {
        return Failure{name.error()};
      }
      pack.name = *name;
    } else if (key == "vocabulary") {
      auto layer = vocabulary::parse_layer(path, entry.second);
      if (!layer) {
        return Failure{layer.error()};
      }
      pack.vocabulary = std::move(layer).value();
    } else if (key == "rules") {
      if (!entry.second.IsSequence()) {
        return Failure{fmt::format("{}: rules must be a list", yaml_location(path, entry.second))};
      }
      std::set<std::string> ids;
      for (const auto& node : entry.second) {
        auto rule = parse_rule(path, node);
        if (!rule) {
          return Failure{rule.error()};
        }
        if (!ids.insert(rule->id).second) {
          return Failure{fmt::format("{}: rule '{}' is defined twice in this pack", rule->source, rule->id)};
        }
        pack.rules.push_back(std::move(rule).value());
      }
    } else {
      return Failure{util::unknown_key_message(path, entry.first, k_pack_keys)};
    }
  }
  return pack;
}

const RulePack& default_rule_pack()
{
  static const RulePack k_pack = [] {
    auto pack = parse_rule_pack("rules/default.yaml", k_default_rule_pack);
    if (!pack) {
      throw util::Fatal(fmt::format("the built-in rule pack is broken: {}", pack.error()));
    }
    return std::move(pack).value();
  }();
  return k_pack;
}

util::Expected<vocabulary::Vocabulary> assemble_vocabulary(const std::vector<RulePack>& packs,
                                                          const std::optional<vocabulary::Layer>& configured)
{
  std::vector<vocabulary::Layer> layers;
  for (const auto& pack : packs) {
    if (pack.vocabulary) {
      layers.push_back(*pack.vocabulary);
    }
  }
  if (configured) {
    layers.push_back(*configured);
  }
  return vocabulary::Vocabulary::assemble(layers);
}

const vocabulary::Vocabulary& default_vocabulary()
{
  static const vocabulary::Vocabulary k_vocabulary = [] {
    auto assembled = assemble_vocabulary({default_rule_pack()}, std::nullopt);
    if (!assembled) {
      throw util::Fatal(fmt::format("the built-in vocabulary is broken: {}", assembled.error()));
    }
    return std::move(assembled).value();
  }();
  return k_vocabulary;
}

} // namespace audit
