#include "audit/template.hpp"

#include <doctest/doctest.h>

#include <map>

namespace {

// Values by field name; a name it lacks is missing in "this document".
class Values : public audit::FieldValues
{
public:
  explicit Values(std::map<std::string, std::string> values) : m_values(std::move(values))
  {
  }
  util::Expected<std::string> value(const audit::Field& field) const override
  {
    const auto found = m_values.find(audit::field_name(field));
    if (found == m_values.end()) {
      return util::Failure{"no " + audit::field_name(field) + " here"};
    }
    return found->second;
  }

private:
  std::map<std::string, std::string> m_values;
};

audit::Template parse(std::string_view text)
{
  auto parsed = audit::Template::parse(text);
  REQUIRE(std::holds_alternative<audit::Template>(parsed));
  return std::get<audit::Template>(parsed);
}

audit::TemplateError error_of(std::string_view text)
{
  auto parsed = audit::Template::parse(text);
  REQUIRE(std::holds_alternative<audit::TemplateError>(parsed));
  return std::get<audit::TemplateError>(parsed);
}

std::string expand(std::string_view text, std::map<std::string, std::string> values)
{
  auto expanded = parse(text).expand(Values(std::move(values)));
  return expanded ? *expanded : "FAILED: " + expanded.error();
}

} // namespace

TEST_CASE("Template::parse")
{
  SUBCASE("fields, keys and literal braces")
  {
    const auto parsed = parse("{dir}/approvals/{sidecar.owning-group}/{{x}}-{front.a.b}.yaml");
    const auto fields = parsed.fields();
    REQUIRE(fields.size() == 3);
    CHECK(fields[0]->kind == audit::FieldKind::dir);
    CHECK(fields[1]->kind == audit::FieldKind::sidecar);
    CHECK(fields[1]->key == "owning-group");
    CHECK(fields[1]->offset == 16);
    CHECK(fields[2]->key == "a.b");
    CHECK(parsed.uses(audit::FieldKind::sidecar));
    CHECK_FALSE(parsed.uses(audit::FieldKind::stage));
  }
  SUBCASE("transforms with arguments, bare, in brackets and quoted")
  {
    const auto parsed = parse("{dir|basename|capture:^0*(\\d{1,4}|x)-|strip_prefix:'a|}'|upper}");
    const auto& transforms = parsed.fields().front()->transforms;
    REQUIRE(transforms.size() == 4);
    CHECK(transforms[1].argument == "^0*(\\d{1,4}|x)-");
    CHECK(transforms[2].argument == "a|}");
    CHECK(transforms[3].name == "upper");
  }
  SUBCASE("errors point at the offending character, with the closest name")
  {
    auto error = error_of("{dir}/{stagee}.yaml");
    CHECK(error.offset == 7);
    CHECK(error.message == "unknown field 'stagee' (did you mean 'stage'?); fields: dir, name, stem, path, stage, stage_number, front.KEY, sidecar.KEY");
    error = error_of("x/{frnt.release}");
    CHECK(error.message.starts_with("unknown field 'frnt.release' (did you mean 'front.release'?)"));
    error = error_of("{dir|lowr}");
    CHECK(error.offset == 5);
    CHECK(error.message == "unknown transform 'lowr' (did you mean 'lower'?); transforms: lower, upper, basename, dirname, strip_prefix, strip_suffix, capture");
    CHECK(error_of("{dir|lower:x}").message == "lower takes no argument");
    CHECK(error_of("{dir|capture}").message == "capture needs an argument, as in capture:^(\\d+)");
    CHECK(error_of("{dir|strip_prefix}").message == "strip_prefix needs an argument, as in strip_prefix:v");
    error = error_of("{dir|capture:(a}");
    CHECK(error.offset == 13);
    CHECK(error.message == "invalid pattern '(a}': missing ): (a}");
    CHECK(error_of("{front}").message == "{front} needs a key, as in {front.status}");
    CHECK(error_of("{sidecar.}").message == "{sidecar} needs a key, as in {sidecar.status}");
    error = error_of("ab{dir");
    CHECK(error.offset == 2);
    CHECK(error.message == "this '{' is never closed (write '{{' for a literal brace)");
    CHECK(error_of("a}b").message == "a '}' without its '{' (write '}}' for a literal brace)");
    CHECK(error_of("{dir|lower x}").message == "expected '|' or '}' here, not ' '");
    CHECK(error_of("{}").message == "an empty field '{}'; fields: dir, name, stem, path, stage, stage_number, front.KEY, sidecar.KEY (write '{{' for a literal brace)");
    CHECK(error_of("{dir|capture:'a}").message == "an argument's quote is never closed");
  }
}

TEST_CASE("Template::expand")
{
  CHECK(expand("{dir}/approvals/{sidecar.group|lower}/{dir|basename|capture:^0*(\\d+)-}.yaml",
               {{"dir", "rollouts/0042-payments"}, {"sidecar.group", "Payments"}})
        == "rollouts/0042-payments/approvals/payments/42.yaml");
  CHECK(expand("{{{front.id}}}", {{"front.id", "R1"}}) == "{R1}");
  CHECK(expand("{front.release}", {}) == "FAILED: no front.release here");
}

TEST_CASE("apply_transforms")
{
  CHECK(expand("{path|dirname|basename}", {{"path", "a/b/c.md"}}) == "b");
  CHECK(expand("{name|strip_suffix:.md|strip_prefix:x-|upper}", {{"name", "x-plan.md"}}) == "PLAN");
  CHECK(expand("{name|strip_prefix:y-}", {{"name", "x-plan.md"}}) == "x-plan.md"); // left as it is without the prefix
  CHECK(expand("{name|capture:[a-z]+}", {{"name", "42-plan"}}) == "plan"); // no group: the whole match
  CHECK(expand("{dir|basename|capture:^(\\d+)-}", {{"dir", "docs/payments"}})
        == "FAILED: 'payments' does not match capture:'^(\\d+)-' in {dir}");
  CHECK(expand("{dir|capture:^(\\d*)}", {{"dir", "payments"}}) == "FAILED: capture:'^(\\d*)' captures nothing from 'payments' in {dir}");
}

TEST_CASE("check_fields")
{
  const auto sidecar = parse("{dir}/{sidecar.group}");
  auto error = audit::check_fields(sidecar, audit::FieldScope{true, false, "param 'path'"});
  REQUIRE(error);
  CHECK(error->offset == 6);
  CHECK(error->message == "{sidecar.group} can never be filled in param 'path': the rule names no metadata file (add "
                          "`sidecar: \"{dir}/meta.yaml\"` to the rule, beside `select`)");
  CHECK_FALSE(audit::check_fields(sidecar, audit::FieldScope{true, true, "param 'path'"}));
  error = audit::check_fields(parse("{stage_number}"), audit::FieldScope{false, true, "a where condition"});
  REQUIRE(error);
  CHECK(error->message == "{stage_number} belongs to a box, and a where condition is about the whole document");
}
