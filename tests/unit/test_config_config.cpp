#include "config/config.hpp"

#include <doctest/doctest.h>

TEST_CASE("parse_config")
{
  SUBCASE("defaults fit the seed's layout")
  {
    auto config = config::parse_config(".rollout-audit.yaml", "");
    REQUIRE(config);
    CHECK(config->work_logs == std::vector<std::string>{"docs/work-log.md"});
    CHECK(config->completion_reports == std::vector<std::string>{"*-COMPLETION.md"});
  }
  SUBCASE("roles, excludes, packs and rule overrides")
  {
    auto config = config::parse_config(".rollout-audit.yaml",
                                       "work_log: notes/log.md\n"
                                       "evidence: [evidence/**]\n"
                                       "exclude: [archive/]\n"
                                       "rule_packs: [team-rules/]\n"
                                       "rules:\n"
                                       "  broken-reference: off\n"
                                       "  front-matter:\n"
                                       "    severity: warning\n"
                                       "    params: {required: [title]}\n");
    REQUIRE(config);
    CHECK(config->work_logs == std::vector<std::string>{"notes/log.md"});
    CHECK(config->evidence == std::vector<std::string>{"evidence/**"});
    CHECK(config->exclude == std::vector<std::string>{"archive/"});
    CHECK(config->rule_packs == std::vector<std::string>{"team-rules/"});
    CHECK(config->rules.at("broken-reference").severity == "off");
    CHECK(config->rules.at("front-matter").severity == "warning");
    CHECK(config->rules.at("front-matter").line == 7);
  }
  SUBCASE("an unknown key is an error naming key and line")
  {
    auto config = config::parse_config(".rollout-audit.yaml", "exclude: [x]\nworklog: a.md\n");
    REQUIRE_FALSE(config);
    CHECK(config.error() == ".rollout-audit.yaml:2:1: unknown key 'worklog' (did you mean 'work_log'?)");
  }
  SUBCASE("a bad severity")
  {
    auto config = config::parse_config("c.yaml", "rules:\n  out-of-order: fatal\n");
    REQUIRE_FALSE(config);
    CHECK(config.error() == "c.yaml:2:17: severity must be error, warning, note or off, not 'fatal'");
  }
  SUBCASE("broken YAML")
  {
    auto config = config::parse_config("c.yaml", "exclude: [a\n");
    REQUIRE_FALSE(config);
    CHECK(config.error().starts_with("c.yaml:2:1: "));
  }
}
