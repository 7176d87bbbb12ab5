#include "audit/value_test.hpp"

#include <doctest/doctest.h>

namespace {

class FolderValues : public audit::FieldValues
{
public:
  util::Expected<std::string> value(const audit::Field& field) const override
  {
    if (field.kind == audit::FieldKind::dir) {
      return std::string("rollouts/0042-payments");
    }
    return util::Failure{"metadata file `m.yaml` is missing"};
  }
};

audit::ValueTest test_of(const std::string& yaml)
{
  auto parsed = audit::parse_value_test(YAML::Load(yaml), audit::FieldScope{true, true, "a value condition"});
  REQUIRE(std::holds_alternative<audit::ValueTest>(parsed));
  return std::get<audit::ValueTest>(parsed);
}

audit::RuleFault fault_of(const std::string& yaml, bool sidecar = true)
{
  auto parsed = audit::parse_value_test(YAML::Load(yaml), audit::FieldScope{true, sidecar, "a value condition"});
  REQUIRE(std::holds_alternative<audit::RuleFault>(parsed));
  return std::get<audit::RuleFault>(parsed);
}

std::string verdict(const std::string& yaml, std::string_view value)
{
  const FolderValues values;
  auto failed = audit::failed_test(test_of(yaml), value, values);
  if (!failed) {
    return "cannot tell: " + failed.error();
  }
  return failed->value_or("holds");
}

} // namespace

TEST_CASE("parse_value_test")
{
  SUBCASE("faults name the key or value at fault")
  {
    auto fault = fault_of("{equal: approved}");
    CHECK(fault.message == "unknown value condition 'equal' (did you mean 'equals'?); conditions: equals, one_of, matches, version");
    CHECK(fault.at.Mark().column == 1);
    CHECK(fault_of("approved").message == "a value condition is a map such as {equals: approved}; keys: equals, one_of, matches, version");
    CHECK(fault_of("{equals: [a, b]}").message == "equals needs a single value, not a list");
    CHECK(fault_of("{one_of: approved}").message == "one_of needs a list of values, as in [approved, waived]");
    CHECK(fault_of("{matches: '(a'}").message == "invalid pattern '(a': missing ): (a");
    CHECK(fault_of("{matches: [a, b]}").message == "matches needs one RE2 pattern");
    CHECK(fault_of("{version: {at_least: 2}}").message == "version needs a comparison and a version, as in '>= 2.4'");
    fault = fault_of("{version: '>= '}");
    CHECK(fault.message == "version needs a version to compare with, as in '>= 2.4'");
    CHECK(fault.offset == 3);
    fault = fault_of("{version: '>= {sidecar.min}'}", false);
    CHECK(fault.offset == 3);
    CHECK(fault.message.starts_with("{sidecar.min} can never be filled in a value condition"));
  }
}

TEST_CASE("failed_test")
{
  CHECK(verdict("{equals: approved}", "approved") == "holds");
  CHECK(verdict("{equals: approved}", "pending") == "not 'approved'");
  CHECK(verdict("{one_of: [approved, waived]}", "pending") == "not one of approved, waived");
  CHECK(verdict("{matches: '^[A-Z]+-\\d+$'}", "chg-1") == "which does not match '^[A-Z]+-\\d+$'");
  CHECK(verdict("{version: '>= 2.4'}", "2.10") == "holds");
  CHECK(verdict("{version: '< 2.4'}", "2.10") == "which is not below 2.4");
  CHECK(verdict("{version: '>= 2.4'}", "2.3.9") == "which is below 2.4");
  CHECK(verdict("{version: '!= 2.4'}", "v2.4") == "which is 2.4");
  CHECK(verdict("{version: '{dir|basename|capture:^(\\d+)}'}", "43") == "which differs from 0042"); // == by default
  // The folder's number against the metadata's: "0042" and "42" are the same number.
  CHECK(verdict("{version: '== {dir|basename|capture:^(\\d+)}'}", "42") == "holds");
  CHECK(verdict("{equals: '{dir|basename|capture:^(\\d+)}'}", "43") == "not '0042'");
  CHECK(verdict("{equals: '{sidecar.number}'}", "42") == "cannot tell: metadata file `m.yaml` is missing");
  CHECK(verdict("{one_of: [a, b], matches: a}", "b") == "which does not match 'a'"); // every key must hold
}

TEST_CASE("compare_versions")
{
  CHECK(audit::compare_versions("1.10", "1.9") > 0);
  CHECK(audit::compare_versions("0042", "42") == 0);
  CHECK(audit::compare_versions("v2.0", "2.0") == 0);
  CHECK(audit::compare_versions("2.0", "2.0.1") < 0);
  CHECK(audit::compare_versions("2.0", "2.0.0") == 0);
  CHECK(audit::compare_versions("1.2-rc1", "1.2-rc2") < 0);
}
