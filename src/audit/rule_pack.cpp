#include "audit/check.hpp"
#include "audit/rule.hpp"
#include "util/error.hpp"
#include "util/text.hpp"
#include "util/yaml.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>
#include <variant>

namespace audit {

extern const std::string_view k_default_rule_pack;

namespace {

const std::vector<std::string> k_pack_keys{"pack", "rules", "vocabulary"};
const std::vector<std::string> k_rule_keys{"id", "check", "severity", "summary", "help", "example", "select", "sidecar", "params"};
const std::vector<std::string> k_select_keys{"kinds", "documents", "item", "section", "parent", "where", "exclude"};

using util::Failure;
using util::yaml_location;

RuleFault fault_at(const YAML::Node& node, std::string message)
{
  return RuleFault{node, std::string::npos, std::move(message)};
}

RuleFault unknown_key(const YAML::Node& key, const std::vector<std::string>& known)
{
  const std::string name = key.IsScalar() ? key.Scalar() : "?";
  std::string message = fmt::format("unknown key '{}'", name);
  if (auto suggestion = util::closest_match(name, known)) {
    message += fmt::format(" (did you mean '{}'?)", *suggestion);
  }
  return fault_at(key, message);
}

std::variant<std::shared_ptr<const RE2>, RuleFault> compile_pattern(const YAML::Node& node)
{
  if (!node.IsScalar()) {
    return fault_at(node, "a pattern must be a string");
  }
  RE2::Options options;
  options.set_log_errors(false);
  auto pattern = std::make_shared<const RE2>(node.Scalar(), options);
  if (!pattern->ok()) {
    return fault_at(node, fmt::format("invalid pattern '{}': {}", node.Scalar(), pattern->error()));
  }
  return std::shared_ptr<const RE2>(pattern);
}

std::variant<Template, RuleFault> parse_template(const YAML::Node& node, size_t shift, std::string_view text, const FieldScope& scope)
{
  auto parsed = Template::parse(text);
  if (auto* error = std::get_if<TemplateError>(&parsed)) {
    return RuleFault{node, error->offset >= shift ? error->offset - shift : 0, error->message};
  }
  if (auto error = check_fields(std::get<Template>(parsed), scope)) {
    return RuleFault{node, error->offset >= shift ? error->offset - shift : 0, error->message};
  }
  return std::get<Template>(std::move(parsed));
}

// `where: {sidecar.status: {equals: approved-for-release}}`: each key is one field with its transforms, braces
// optional; each value a condition on it.
std::variant<std::vector<WhereCondition>, RuleFault> parse_where(const YAML::Node& node, bool sidecar)
{
  if (!node.IsMap()) {
    return fault_at(node, "where must map fields to conditions, as in {sidecar.status: {equals: approved}}");
  }
  const FieldScope scope{false, sidecar, "a where condition"};
  std::vector<WhereCondition> where;
  for (const auto& entry : node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    const bool braced = key.starts_with("{");
    auto field = braced ? parse_template(entry.first, 0, key, scope) : parse_template(entry.first, 1, "{" + key + "}", scope);
    if (auto* fault = std::get_if<RuleFault>(&field)) {
      return *fault;
    }
    Template& parsed = std::get<Template>(field);
    if (parsed.fields().size() != 1 || parsed.fields().front()->offset != 0 || !parsed.text().ends_with("}")) {
      return fault_at(entry.first, fmt::format("a where key is one field, as in sidecar.status or front.owner|lower, not '{}'", key));
    }
    auto test = parse_value_test(entry.second, scope);
    if (auto* fault = std::get_if<RuleFault>(&test)) {
      return *fault;
    }
    where.push_back(WhereCondition{std::move(parsed), std::get<ValueTest>(std::move(test))});
  }
  return where;
}

std::optional<RuleFault> parse_selector_key(const std::string& key, const YAML::Node& value, bool sidecar, Selector& selector);

std::variant<Selector, RuleFault> parse_selector(const YAML::Node& node, bool sidecar, bool nested)
{
  if (!node.IsMap()) {
    return fault_at(node, fmt::format("{} must be a map of {}", nested ? "exclude" : "select", fmt::join(k_select_keys, ", ")));
  }
  Selector selector;
  for (const auto& entry : node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (std::find(k_select_keys.begin(), k_select_keys.end(), key) == k_select_keys.end()) {
      return unknown_key(entry.first, k_select_keys);
    }
    if (key == "exclude" && nested) {
      return fault_at(entry.first, "an exclude cannot hold another exclude");
    }
    if (auto fault = parse_selector_key(key, entry.second, sidecar, selector)) {
      return *fault;
    }
  }
  return selector;
}

std::variant<std::vector<config::Kind>, RuleFault> parse_kinds(const YAML::Node& node)
{
  const auto names = node.IsScalar() ? std::vector<YAML::Node>{node} : std::vector<YAML::Node>(node.begin(), node.end());
  if (!node.IsScalar() && !node.IsSequence()) {
    return fault_at(node, "kinds must be a kind or a list of kinds");
  }
  if (names.empty()) {
    return fault_at(node, fmt::format("kinds must name at least one kind ({})", fmt::join(config::kind_names(), ", ")));
  }
  std::vector<config::Kind> kinds;
  for (const auto& name : names) {
    const auto kind = name.IsScalar() ? config::parse_kind(name.Scalar()) : std::nullopt;
    if (!kind) {
      return fault_at(name, config::unknown_kind_message(name.IsScalar() ? name.Scalar() : "?"));
    }
    kinds.push_back(*kind);
  }
  return kinds;
}

std::optional<RuleFault> parse_selector_key(const std::string& key, const YAML::Node& value, bool sidecar, Selector& selector)
{
  if (key == "kinds") {
    auto kinds = parse_kinds(value);
    if (auto* fault = std::get_if<RuleFault>(&kinds)) {
      return *fault;
    }
    selector.kinds = std::get<std::vector<config::Kind>>(std::move(kinds));
  } else if (key == "documents") {
    if (!value.IsScalar() && !value.IsSequence()) {
      return fault_at(value, "documents must be a glob or a list of globs");
    }
    for (const auto& glob : value.IsScalar() ? std::vector<YAML::Node>{value} : std::vector<YAML::Node>(value.begin(), value.end())) {
      if (!glob.IsScalar()) {
        return fault_at(glob, "documents must list globs");
      }
      selector.documents.push_back(glob.Scalar());
    }
  } else if (key == "where") {
    auto where = parse_where(value, sidecar);
    if (auto* fault = std::get_if<RuleFault>(&where)) {
      return *fault;
    }
    selector.where = std::get<std::vector<WhereCondition>>(std::move(where));
  } else if (key == "exclude") {
    auto exclude = parse_selector(value, sidecar, true);
    if (auto* fault = std::get_if<RuleFault>(&exclude)) {
      return *fault;
    }
    selector.exclude = std::make_shared<const Selector>(std::get<Selector>(std::move(exclude)));
  } else {
    auto pattern = compile_pattern(value);
    if (auto* fault = std::get_if<RuleFault>(&pattern)) {
      return *fault;
    }
    auto& slot = key == "item" ? selector.item : key == "section" ? selector.section : selector.parent;
    slot = std::get<std::shared_ptr<const RE2>>(pattern);
  }
  return std::nullopt;
}

bool is_kebab_case(std::string_view id)
{
  static const RE2 k_kebab(R"([a-z][a-z0-9]*(-[a-z0-9]+)*)");
  return RE2::FullMatch(id, k_kebab);
}

// id, check, severity and the texts: the keys whose values are plain strings.
std::optional<RuleFault> parse_scalar_key(const RuleOrigin& origin, const std::string& key, const YAML::Node& value, Rule& rule)
{
  if (!value.IsScalar()) {
    return fault_at(value, fmt::format("{} must be a string", key));
  }
  const std::string& text = value.Scalar();
  if (key == "id") {
    if (!is_kebab_case(text)) {
      return fault_at(value, fmt::format("rule id '{}' must be kebab-case (like evidence-missing)", text));
    }
    rule.id = text;
  } else if (key == "check") {
    if (!find_check(text)) {
      std::string message = fmt::format("unknown check '{}'", text);
      if (auto suggestion = util::closest_match(text, check_ids())) {
        message += fmt::format(" (did you mean '{}'?)", *suggestion);
      }
      return fault_at(value, message);
    }
    rule.check = text;
  } else if (key == "severity") {
    if (text == "off") {
      rule.enabled = false;
      rule.disabled_at = yaml_location(origin.path, value);
    } else if (auto severity = parse_severity(text)) {
      rule.severity = *severity;
    } else {
      return fault_at(value, fmt::format("severity must be error, warning, note or off, not '{}'", text));
    }
  } else if (key == "summary") {
    rule.summary = text;
  } else if (key == "help") {
    rule.help = text;
  } else if (key == "example") {
    rule.example = text;
  }
  return std::nullopt;
}

std::optional<RuleFault> parse_rule_keys(const RuleOrigin& origin, const YAML::Node& node, Rule& rule)
{
  if (const YAML::Node sidecar = node["sidecar"]) {
    if (!sidecar.IsScalar()) {
      return fault_at(sidecar, "sidecar must be a template naming one file, as in \"{dir}/meta.yaml\"");
    }
    auto parsed = parse_template(sidecar, 0, sidecar.Scalar(), FieldScope{false, false, "the sidecar's own path"});
    if (auto* fault = std::get_if<RuleFault>(&parsed)) {
      return *fault;
    }
    rule.sidecar = std::get<Template>(std::move(parsed));
  }
  for (const auto& entry : node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    const YAML::Node& value = entry.second;
    if (std::find(k_rule_keys.begin(), k_rule_keys.end(), key) == k_rule_keys.end()) {
      return unknown_key(entry.first, k_rule_keys);
    }
    if (key == "select") {
      auto selector = parse_selector(value, rule.sidecar.has_value(), false);
      if (auto* fault = std::get_if<RuleFault>(&selector)) {
        return *fault;
      }
      rule.select = std::get<Selector>(std::move(selector));
    } else if (key == "params") {
      if (!value.IsMap()) {
        return fault_at(value, "params must be a map");
      }
      rule.params.reset(value);
    } else if (key != "sidecar") {
      if (auto fault = parse_scalar_key(origin, key, value, rule)) {
        return fault;
      }
    }
  }
  return std::nullopt;
}

util::Expected<Rule> parse_rule(const std::shared_ptr<const RuleOrigin>& origin, const YAML::Node& node)
{
  const std::string& path = origin->path;
  if (!node.IsMap()) {
    return Failure{fmt::format("{}: a rule must be a map", yaml_location(path, node))};
  }
  Rule rule;
  rule.source = yaml_location(path, node);
  rule.origin = origin;
  if (auto fault = parse_rule_keys(*origin, node, rule)) {
    return Failure{locate_fault(*origin, *fault)};
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
  if (auto fault = validate_rule(rule)) {
    if (fault->at.Mark().is_null()) {
      fault->at = node; // a param that is missing altogether: the rule is at fault
    }
    return Failure{locate_fault(*origin, *fault)};
  }
  return rule;
}

// A pack from its YAML, loaded by the caller: a team's text through load_yaml's bounds, the built-in one
// without them.
util::Expected<RulePack> parse_loaded_pack(std::string_view path,
                                           std::string_view yaml_text,
                                           const util::Expected<YAML::Node>& loaded,
                                           vocabulary::EntryPatterns entries)
{
  if (!loaded) {
    return Failure{loaded.error()};
  }
  const YAML::Node& root = *loaded;
  if (!root.IsMap()) {
    return Failure{fmt::format("{}:1:1: a rule pack must be a map with 'pack' and 'rules'", path)};
  }
  RulePack pack;
  pack.path = std::string(path);
  const auto origin = std::make_shared<const RuleOrigin>(RuleOrigin{std::string(path), std::string(yaml_text)});
  for (const auto& entry : root) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (key == "pack") {
      if (!entry.second.IsScalar()) {
        return Failure{fmt::format("{}: pack must be a string", yaml_location(path, entry.second))};
      }
      pack.name = entry.second.Scalar();
    } else if (key == "vocabulary") {
      auto layer = vocabulary::parse_layer(path, entry.second, entries);
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
        auto rule = parse_rule(origin, node);
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

} // namespace

util::Expected<RulePack> parse_rule_pack(std::string_view path, std::string_view yaml_text, vocabulary::EntryPatterns entries)
{
  return parse_loaded_pack(path, yaml_text, util::load_yaml(path, yaml_text), entries);
}

const std::vector<std::string>& rule_keys()
{
  return k_rule_keys;
}

std::string locate_fault(const RuleOrigin& origin, const RuleFault& fault)
{
  const std::string where = fault.at ? util::yaml_location(origin.path, origin.text, fault.at, fault.offset) : origin.path;
  return fmt::format("{}: {}", where, fault.message);
}

const RulePack& default_rule_pack()
{
  static const RulePack k_pack = [] {
    constexpr std::string_view path = "rules/default.yaml";
    auto pack = parse_loaded_pack(path, k_default_rule_pack, util::load_own_yaml(path, k_default_rule_pack),
                                  vocabulary::EntryPatterns::proven);
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
