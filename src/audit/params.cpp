#include "audit/check.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

// Params are checked when a rule loads, against what its check declares (Check::params), so a team's pack
// fails at the offending token instead of a check quietly reading nothing.
namespace audit {

std::optional<RuleFault> Check::validate_params(const Rule& /*rule*/) const
{
  return std::nullopt;
}

namespace {

std::string shape_of(const YAML::Node& node)
{
  return node.IsSequence() ? "a list" : node.IsMap() ? "a map" : node.IsNull() ? "empty" : "a string";
}

std::string listed(const std::vector<ParamSpec>& specs)
{
  std::vector<std::string> names;
  for (const auto& spec : specs) {
    names.emplace_back(spec.name);
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

std::optional<RuleFault> unknown_param(const Rule& rule, const std::vector<ParamSpec>& specs, const YAML::Node& key)
{
  const std::string name = key.IsScalar() ? key.Scalar() : "?";
  const auto& keys = rule_keys();
  if (std::find(keys.begin(), keys.end(), name) != keys.end() && name != "params") {
    return RuleFault{key, std::string::npos, fmt::format("'{}' is a key of the rule, not a param: move it out of params, beside select", name)};
  }
  if (specs.empty()) {
    return RuleFault{key, std::string::npos, fmt::format("unknown param '{}': check {} takes no params", name, rule.check)};
  }
  std::vector<std::string> names;
  for (const auto& spec : specs) {
    names.emplace_back(spec.name);
  }
  std::string message = fmt::format("unknown param '{}' for check {}", name, rule.check);
  if (auto suggestion = util::closest_match(name, names)) {
    message += fmt::format(" (did you mean '{}'?)", *suggestion);
  }
  return RuleFault{key, std::string::npos, message + fmt::format("; its params: {}", listed(specs))};
}

std::optional<RuleFault> compile_fault(const YAML::Node& value)
{
  RE2 pattern(value.Scalar(), RE2::Quiet);
  if (!pattern.ok()) {
    return RuleFault{value, std::string::npos, fmt::format("invalid pattern '{}': {}", value.Scalar(), pattern.error())};
  }
  return std::nullopt;
}

std::optional<RuleFault> template_fault(const ParamSpec& spec, const Rule& rule, const YAML::Node& value)
{
  auto parsed = Template::parse(value.Scalar());
  if (auto* error = std::get_if<TemplateError>(&parsed)) {
    return RuleFault{value, error->offset, error->message};
  }
  const std::string place = fmt::format("param '{}'", spec.name);
  if (auto error = check_fields(std::get<Template>(parsed), FieldScope{true, rule.sidecar.has_value(), place})) {
    return RuleFault{value, error->offset, error->message};
  }
  return std::nullopt;
}

std::optional<RuleFault> shape_fault(const ParamSpec& spec, const Rule& rule, const YAML::Node& value)
{
  const bool scalar = value.IsScalar();
  switch (spec.kind) {
  case ParamKind::text:
  case ParamKind::pattern:
  case ParamKind::template_:
  case ParamKind::choice:
    if (!scalar) {
      return RuleFault{value, std::string::npos, fmt::format("param '{}' must be a string, not {}", spec.name, shape_of(value))};
    }
    break;
  case ParamKind::texts:
    if (value.IsSequence()) {
      for (const auto& element : value) {
        if (!element.IsScalar()) {
          return RuleFault{element, std::string::npos, fmt::format("param '{}' must list strings, not {}", spec.name, shape_of(element))};
        }
      }
    } else if (!scalar) {
      return RuleFault{value, std::string::npos, fmt::format("param '{}' must be a string or a list of strings, not {}", spec.name, shape_of(value))};
    }
    break;
  case ParamKind::condition: {
    auto parsed = parse_value_test(value, FieldScope{true, rule.sidecar.has_value(), "a value condition"});
    if (auto* fault = std::get_if<RuleFault>(&parsed)) {
      return *fault;
    }
    break;
  }
  case ParamKind::custom:
    break;
  }
  if (spec.kind == ParamKind::pattern) {
    return compile_fault(value);
  }
  if (spec.kind == ParamKind::template_) {
    return template_fault(spec, rule, value);
  }
  if (spec.kind == ParamKind::choice && std::find(spec.choices.begin(), spec.choices.end(), value.Scalar()) == spec.choices.end()) {
    std::string message = fmt::format("param '{}' must be {}, not '{}'", spec.name, fmt::join(spec.choices, " or "), value.Scalar());
    if (auto suggestion = util::closest_match(value.Scalar(), spec.choices)) {
      message += fmt::format(" (did you mean '{}'?)", *suggestion);
    }
    return RuleFault{value, std::string::npos, message};
  }
  return std::nullopt;
}

} // namespace

std::optional<RuleFault> check_param_shapes(const Check& check, const Rule& rule, const YAML::Node& params)
{
  if (!params || params.IsNull()) {
    return std::nullopt;
  }
  const auto specs = check.params();
  for (const auto& entry : params) {
    const std::string name = entry.first.IsScalar() ? entry.first.Scalar() : "";
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const ParamSpec& candidate) { return candidate.name == name; });
    if (spec == specs.end()) {
      return unknown_param(rule, specs, entry.first);
    }
    if (auto fault = shape_fault(*spec, rule, entry.second)) {
      return fault;
    }
  }
  return std::nullopt;
}

std::optional<RuleFault> validate_rule(const Rule& rule)
{
  const Check* check = find_check(rule.check);
  if (!check) {
    return std::nullopt; // the pack's loader reports an unknown check by name
  }
  if (auto fault = check_param_shapes(*check, rule, rule.params)) {
    return fault;
  }
  return check->validate_params(rule);
}

} // namespace audit
