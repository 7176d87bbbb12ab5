#pragma once

#include "audit/rule_fault.hpp"
#include "audit/template.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace audit {

// A condition on a value, written in a rule as a map: {equals: approved}, {one_of: [approved, waived]},
// {matches: '^[A-Z]+-\d+$'}, {version: ">= 2.4"}. Expected values are templates ("{dir|basename}"); several
// keys in one map must all hold.
struct ValueCondition
{
  enum class Kind { equals, one_of, matches, version };
  Kind kind = Kind::equals;
  std::vector<Template> values; // equals: one; one_of: each; version: the one compared with
  std::shared_ptr<const RE2> pattern; // matches
  std::string comparison;             // version: ==, !=, <, <=, >, >=
};

struct ValueTest
{
  std::vector<ValueCondition> conditions;
  bool empty() const
  {
    return conditions.empty();
  }
};

// Parses a condition map; its templates are checked against `scope`.
std::variant<ValueTest, RuleFault> parse_value_test(const YAML::Node& node, const FieldScope& scope);

// Why `value` fails the test ("not one of approved, waived", "which is below 2.4"), nullopt when it holds; a failure
// when an expected value cannot be built in this document.
util::Expected<std::optional<std::string>> failed_test(const ValueTest& test, std::string_view value, const FieldValues& values);

// Versions compare part by part, numbers as numbers: "1.10" > "1.9", "0042" == "42", "v2.0" == "2.0",
// "2.0" < "2.0.1". Negative, zero or positive, like strcmp.
int compare_versions(std::string_view a, std::string_view b);

const std::vector<std::string>& value_test_keys();

} // namespace audit
