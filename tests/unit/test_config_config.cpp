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

TEST_CASE("parse_config limits")
{
  SUBCASE("defaults")
  {
    auto config = config::parse_config(".rollout-audit.yaml", "");
    REQUIRE(config);
    CHECK(config->limits.max_file_bytes == 16 * 1024 * 1024);
    CHECK(config->limits.max_files == 200000);
    CHECK(config->limits.max_folder_depth == 64);
    CHECK(config->limits.max_nesting == 100);
  }
  SUBCASE("each limit set")
  {
    auto config = config::parse_config(
      ".rollout-audit.yaml", "limits:\n  max_file_bytes: 1048576\n  max_files: 10\n  max_folder_depth: 5\n  max_nesting: 20\n");
    REQUIRE(config);
    CHECK(config->limits.max_file_bytes == 1048576);
    CHECK(config->limits.max_files == 10);
    CHECK(config->limits.max_folder_depth == 5);
    CHECK(config->limits.max_nesting == 20);
  }
  SUBCASE("bad values name file, line and column")
  {
    auto config = config::parse_config(".rollout-audit.yaml", "limits:\n  max_nesting: -1\n");
    REQUIRE_FALSE(config);
    CHECK(config.error() == ".rollout-audit.yaml:2:16: limits.max_nesting must be a whole number from 1 to 100000, not '-1'");
    config = config::parse_config(".rollout-audit.yaml", "limits:\n  max_file_bytes: 99999999999999999999\n");
    REQUIRE_FALSE(config);
    CHECK(config.error().starts_with(".rollout-audit.yaml:2:19: limits.max_file_bytes must be a whole number from 1 to 1099511627776"));
    config = config::parse_config(".rollout-audit.yaml", "limits:\n  max_filez: 1\n");
    REQUIRE_FALSE(config);
    CHECK(config.error() == ".rollout-audit.yaml:2:3: unknown key 'max_filez' (did you mean 'max_files'?)");
    config = config::parse_config(".rollout-audit.yaml", "limits: 5\n");
    REQUIRE_FALSE(config);
    CHECK(config.error().starts_with(".rollout-audit.yaml:1:9: limits must be a map of max_file_bytes"));
  }
  SUBCASE("rule packs the configuration names stay inside the repository")
  {
    auto config = config::parse_config(".rollout-audit.yaml", "rule_packs: [team/, ../../etc/passwd]\n");
    REQUIRE_FALSE(config);
    CHECK(config.error() == ".rollout-audit.yaml:1:21: rule pack '../../etc/passwd' is not inside the repository; name a file or "
                            "folder below the root (or pass it with --rules)");
    config = config::parse_config(".rollout-audit.yaml", "rule_packs: /etc/team.yaml\n");
    REQUIRE_FALSE(config);
    CHECK(config.error().starts_with(".rollout-audit.yaml:1:13: rule pack '/etc/team.yaml' is not inside"));
  }
}

TEST_CASE("parse_config kinds")
{
  SUBCASE("globs per kind, in the order written, with the line of each kind")
  {
    auto config = config::parse_config(".rollout-audit.yaml", "exclude: []\nkinds:\n  record: [docs/retros/**, docs/notes/**]\n"
                                                              "  rollout: docs/runbooks/*-cutover.md\n");
    REQUIRE(config);
    REQUIRE(config->kinds.size() == 2);
    CHECK(config->kinds[0].kind == config::Kind::record);
    CHECK(config->kinds[0].globs == std::vector<std::string>{"docs/retros/**", "docs/notes/**"});
    CHECK(config->kinds[0].line == 3);
    CHECK(config->kinds[1].kind == config::Kind::rollout);
    CHECK(config->kinds[1].globs == std::vector<std::string>{"docs/runbooks/*-cutover.md"});
  }
  SUBCASE("a kind that is none")
  {
    auto config = config::parse_config(".rollout-audit.yaml", "kinds:\n  records: [docs/notes/**]\n");
    REQUIRE_FALSE(config);
    CHECK(config.error() == ".rollout-audit.yaml:2:3: 'records' is not a kind (did you mean 'record'?); kinds are rollout, "
                            "plan, record, other");
  }
  SUBCASE("kinds must be a map")
  {
    auto config = config::parse_config(".rollout-audit.yaml", "kinds: [record]\n");
    REQUIRE_FALSE(config);
    CHECK(config.error() == ".rollout-audit.yaml:1:8: kinds must map kinds (rollout, plan, record, other) to globs");
  }
  SUBCASE("a rule override names the kinds the rule looks at")
  {
    auto config = config::parse_config(".rollout-audit.yaml", "rules:\n  front-matter:\n    kinds: [rollout, plan]\n");
    REQUIRE(config);
    CHECK(config->rules.at("front-matter").kinds == std::vector<std::string>{"rollout", "plan"});
    CHECK_FALSE(config->rules.count("out-of-order"));
  }
  SUBCASE("a rule override naming a kind that is none")
  {
    auto config = config::parse_config(".rollout-audit.yaml", "rules:\n  front-matter:\n    kinds: [rollout, plans]\n");
    REQUIRE_FALSE(config);
    CHECK(config.error() == ".rollout-audit.yaml:3:22: 'plans' is not a kind (did you mean 'plan'?); kinds are rollout, "
                            "plan, record, other");
  }
  SUBCASE("names")
  {
    CHECK(config::kind_names() == std::vector<std::string>{"rollout", "plan", "record", "other"});
    CHECK(config::parse_kind("plan") == config::Kind::plan);
    CHECK_FALSE(config::parse_kind("Plan"));
    CHECK(config::to_string(config::Kind::other) == "other");
    CHECK(config::unknown_kind_message("xyz") == "'xyz' is not a kind; kinds are rollout, plan, record, other");
  }
}
