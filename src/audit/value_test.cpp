#include "audit/value_test.hpp"

#include "util/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace audit {

namespace {

const std::vector<std::string> k_keys{"equals", "one_of", "matches", "version"};

constexpr std::array<std::string_view, 6> k_comparisons{">=", "<=", "==", "!=", ">", "<"};

std::variant<Template, RuleFault> template_at(const YAML::Node& node, size_t shift, std::string_view text, const FieldScope& scope)
{
  auto parsed = Template::parse(text);
  if (auto* error = std::get_if<TemplateError>(&parsed)) {
    return RuleFault{node, shift + error->offset, error->message};
  }
  Template result = std::get<Template>(std::move(parsed));
  if (auto error = check_fields(result, scope)) {
    return RuleFault{node, shift + error->offset, error->message};
  }
  return result;
}

std::variant<Template, RuleFault> scalar_template(const YAML::Node& node, std::string_view key, const FieldScope& scope)
{
  if (!node.IsScalar()) {
    return RuleFault{node, std::string::npos, fmt::format("{} needs a single value, not a {}", key, node.IsSequence() ? "list" : "map")};
  }
  return template_at(node, 0, node.Scalar(), scope);
}

// "version: '>= {front.min_version}'": the comparison, then the template it compares with.
std::optional<RuleFault> parse_version(const YAML::Node& node, const FieldScope& scope, ValueCondition& condition)
{
  if (!node.IsScalar()) {
    return RuleFault{node, std::string::npos, "version needs a comparison and a version, as in '>= 2.4'"};
  }
  const std::string& text = node.Scalar();
  size_t at = 0;
  condition.comparison = "==";
  for (auto comparison : k_comparisons) {
    if (text.starts_with(comparison)) {
      condition.comparison = std::string(comparison);
      at = comparison.size();
      break;
    }
  }
  while (at < text.size() && text[at] == ' ') {
    ++at;
  }
  if (at >= text.size()) {
    return RuleFault{node, at, "version needs a version to compare with, as in '>= 2.4'"};
  }
  auto version = template_at(node, at, std::string_view(text).substr(at), scope);
  if (auto* fault = std::get_if<RuleFault>(&version)) {
    return *fault;
  }
  condition.values.push_back(std::get<Template>(std::move(version)));
  return std::nullopt;
}

std::optional<RuleFault> parse_condition(const std::string& key, const YAML::Node& value, const FieldScope& scope, ValueCondition& condition)
{
  if (key == "equals") {
    condition.kind = ValueCondition::Kind::equals;
    auto expected = scalar_template(value, key, scope);
    if (auto* fault = std::get_if<RuleFault>(&expected)) {
      return *fault;
    }
    condition.values.push_back(std::get<Template>(std::move(expected)));
  } else if (key == "one_of") {
    condition.kind = ValueCondition::Kind::one_of;
    if (!value.IsSequence() || value.size() == 0) {
      return RuleFault{value, std::string::npos, "one_of needs a list of values, as in [approved, waived]"};
    }
    for (const auto& element : value) {
      auto expected = scalar_template(element, key, scope);
      if (auto* fault = std::get_if<RuleFault>(&expected)) {
        return *fault;
      }
      condition.values.push_back(std::get<Template>(std::move(expected)));
    }
  } else if (key == "matches") {
    condition.kind = ValueCondition::Kind::matches;
    if (!value.IsScalar()) {
      return RuleFault{value, std::string::npos, "matches needs one RE2 pattern"};
    }
    RE2::Options options;
    options.set_log_errors(false);
    condition.pattern = std::make_shared<const RE2>(value.Scalar(), options);
    if (!condition.pattern->ok()) {
      return RuleFault{value, std::string::npos, fmt::format("invalid pattern '{}': {}", value.Scalar(), condition.pattern->error())};
    }
  } else {
    condition.kind = ValueCondition::Kind::version;
    return parse_version(value, scope, condition);
  }
  return std::nullopt;
}

bool compares(int order, std::string_view comparison)
{
  if (comparison == ">=") {
    return order >= 0;
  }
  if (comparison == "<=") {
    return order <= 0;
  }
  if (comparison == "!=") {
    return order != 0;
  }
  if (comparison == ">") {
    return order > 0;
  }
  if (comparison == "<") {
    return order < 0;
  }
  return order == 0;
}

// What a version that fails the comparison is, in words: "which is below 2.4" reads better than "not >= 2.4".
std::string_view version_miss(std::string_view comparison)
{
  if (comparison == ">=") {
    return "is below";
  }
  if (comparison == "<=") {
    return "is above";
  }
  if (comparison == ">") {
    return "is not above";
  }
  if (comparison == "<") {
    return "is not below";
  }
  if (comparison == "!=") {
    return "is";
  }
  return "differs from";
}

std::vector<std::string_view> version_parts(std::string_view version)
{
  if (!version.empty() && (version.front() == 'v' || version.front() == 'V')) {
    version.remove_prefix(1);
  }
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= version.size(); ++i) {
    if (i == version.size() || version[i] == '.' || version[i] == '-' || version[i] == '_') {
      parts.push_back(version.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

bool is_number(std::string_view text)
{
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int compare_part(std::string_view a, std::string_view b)
{
  if (is_number(a) && is_number(b)) {
    a.remove_prefix(std::min(a.find_first_not_of('0'), a.size()));
    b.remove_prefix(std::min(b.find_first_not_of('0'), b.size()));
    if (a.size() != b.size()) {
      return a.size() < b.size() ? -1 : 1;
    }
  }
  const int order = a.compare(b);
  return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

} // namespace

std::variant<ValueTest, RuleFault> parse_value_test(const YAML::Node& node, const FieldScope& scope)
{
  if (!node.IsMap() || node.size() == 0) {
    return RuleFault{node, std::string::npos,
                     fmt::format("a value condition is a map such as {{equals: approved}}; keys: {}", fmt::join(k_keys, ", "))};
  }
  ValueTest test;
  for (const auto& entry : node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (std::find(k_keys.begin(), k_keys.end(), key) == k_keys.end()) {
      std::string message = fmt::format("unknown value condition '{}'", key);
      if (auto suggestion = util::closest_match(key, k_keys)) {
        message += fmt::format(" (did you mean '{}'?)", *suggestion);
      }
      return RuleFault{entry.first, std::string::npos, message + fmt::format("; conditions: {}", fmt::join(k_keys, ", "))};
    }
    ValueCondition condition;
    if (auto fault = parse_condition(key, entry.second, scope, condition)) {
      return *fault;
    }
    test.conditions.push_back(std::move(condition));
  }
  return test;
}

util::Expected<std::optional<std::string>> failed_test(const ValueTest& test, std::string_view value, const FieldValues& values)
{
  for (const auto& condition : test.conditions) {
    std::vector<std::string> expected;
    for (const auto& pattern : condition.values) {
      auto built = pattern.expand(values);
      if (!built) {
        return util::Failure{built.error()};
      }
      expected.push_back(std::move(built).value());
    }
    switch (condition.kind) {
    case ValueCondition::Kind::equals:
      if (value != expected.front()) {
        return std::optional(fmt::format("not '{}'", expected.front()));
      }
      break;
    case ValueCondition::Kind::one_of:
      if (std::find(expected.begin(), expected.end(), value) == expected.end()) {
        return std::optional(fmt::format("not one of {}", fmt::join(expected, ", ")));
      }
      break;
    case ValueCondition::Kind::matches:
      if (!RE2::PartialMatch(value, *condition.pattern)) {
        return std::optional(fmt::format("which does not match '{}'", condition.pattern->pattern()));
      }
      break;
    case ValueCondition::Kind::version:
      if (!compares(compare_versions(value, expected.front()), condition.comparison)) {
        return std::optional(fmt::format("which {} {}", version_miss(condition.comparison), expected.front()));
      }
      break;
    }
  }
  return std::optional<std::string>();
}

int compare_versions(std::string_view a, std::string_view b)
{
  const auto left = version_parts(a);
  const auto right = version_parts(b);
  for (size_t i = 0; i < std::max(left.size(), right.size()); ++i) {
    const std::string_view x = i < left.size() ? left[i] : "0";
    const std::string_view y = i < right.size() ? right[i] : "0";
    if (const int order = compare_part(x, y); order != 0) {
      return order;
    }
  }
  return 0;
}

const std::vector<std::string>& value_test_keys()
{
  return k_keys;
}

} // namespace audit
