#include "audit/check.hpp"
#include "audit/rule.hpp"

#include <doctest/doctest.h>

using config::Kind;

TEST_CASE("parse_rule_pack select kinds")
{
  SUBCASE("a rule looks at its check's kinds unless it names its own")
  {
    auto pack = audit::parse_rule_pack("team.yaml", "pack: team\nrules:\n"
                                                    "  - {id: order, check: out-of-order, summary: x}\n"
                                                    "  - {id: links, check: broken-reference, summary: x}\n"
                                                    "  - {id: notes-order, check: out-of-order, summary: x, select: {kinds: [other, record]}}\n");
    REQUIRE(pack);
    CHECK(pack->rules[0].select.kinds == std::vector<Kind>{Kind::rollout, Kind::plan});
    CHECK(pack->rules[1].select.kinds == std::vector<Kind>{Kind::rollout, Kind::plan, Kind::record, Kind::other});
    CHECK(pack->rules[2].select.kinds == std::vector<Kind>{Kind::other, Kind::record});
  }
  SUBCASE("the built-in rules: rollout rules on rollouts and plans, front matter required of rollouts")
  {
    const auto& rules = audit::default_rule_pack().rules;
    const auto kinds_of = [&](std::string_view id) {
      return std::find_if(rules.begin(), rules.end(), [&](const audit::Rule& rule) { return rule.id == id; })->select.kinds;
    };
    CHECK(kinds_of("evidence-missing") == std::vector<Kind>{Kind::rollout, Kind::plan});
    CHECK(kinds_of("front-matter") == std::vector<Kind>{Kind::rollout});
    CHECK(kinds_of("suppression-comment").size() == 4);
  }
  SUBCASE("a kind that is none")
  {
    auto pack = audit::parse_rule_pack("team.yaml", "pack: team\nrules:\n  - id: x\n    check: out-of-order\n    summary: x\n"
                                                    "    select: {kinds: [rollout, rolout]}\n");
    REQUIRE_FALSE(pack);
    CHECK(pack.error() == "team.yaml:6:31: 'rolout' is not a kind (did you mean 'rollout'?); kinds are rollout, plan, "
                          "record, other");
  }
  SUBCASE("no kinds at all")
  {
    auto pack = audit::parse_rule_pack("team.yaml", "pack: team\nrules:\n  - id: x\n    check: out-of-order\n    summary: x\n"
                                                    "    select: {kinds: []}\n");
    REQUIRE_FALSE(pack);
    CHECK(pack.error() == "team.yaml:6:21: kinds must name at least one kind (rollout, plan, record, other)");
  }
  SUBCASE("an unknown select key names kinds among the keys")
  {
    auto pack = audit::parse_rule_pack("team.yaml", "pack: team\nrules:\n  - id: x\n    check: out-of-order\n    summary: x\n"
                                                    "    select: {kind: [rollout]}\n");
    REQUIRE_FALSE(pack);
    CHECK(pack.error() == "team.yaml:6:14: unknown key 'kind' (did you mean 'kinds'?)");
  }
}
