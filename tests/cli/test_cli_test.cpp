#include "cli/options.hpp"
#include "cli/run.hpp"

#include "../support/fake_environment.hpp"
#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

namespace {

// A team pack with one rule, and one fixture folder whose checklist is annotated with what it expects.
void write_rule_test(const test_support::TempTree& tree, const std::string& annotation)
{
  tree.write("team.yaml", "pack: team\nrules:\n  - id: approval-recorded\n    check: required-file\n"
                          "    summary: A sign-off needs its approval.\n    select: {item: '(?i)sign-off'}\n"
                          "    params: {path: '{dir}/approvals/{stage}.yaml'}\n");
  tree.write("tests/ramp/.rollout-audit.yaml", "exclude: []\n");
  tree.write("tests/ramp/docs/rollout.md", "# Rollout\n\n## 2. Ramp stage (50%)\n\n" + annotation + "\n- [x] Ramp sign-off\n");
}

} // namespace

TEST_CASE("parse_options test")
{
  auto options = cli::parse_options({"test", "--rules", "team.yaml", "tests/a", "tests/b"});
  REQUIRE(options);
  CHECK(options->command == cli::Command::test);
  CHECK(options->rule_packs == std::vector<std::string>{"team.yaml"});
  CHECK(options->paths == std::vector<std::string>{"tests/a", "tests/b"});
  CHECK(cli::usage_text().find("  test                 run rule packs on annotated fixture folders") != std::string::npos);
}

TEST_CASE("run test")
{
  test_support::TempTree tree;
  test_support::FakeEnvironment environment;
  const auto run = [&](std::vector<std::string> arguments) { return cli::run(arguments, environment); };
  SUBCASE("a folder whose annotations hold passes")
  {
    write_rule_test(tree, "<!-- expect: approval-recorded -->");
    CHECK(run({"test", "--rules", tree.path("team.yaml"), tree.path("tests")}) == cli::k_exit_clean);
    CHECK(environment.out == "ok    " + tree.path("tests/ramp") + ": 1 expected, 0 expected not\n1 of 1 rule test folder passed\n");
  }
  SUBCASE("a folder whose annotations do not hold fails with a diff")
  {
    write_rule_test(tree, "<!-- expect-not: approval-recorded -->");
    CHECK(run({"test", "--rules", tree.path("team.yaml"), tree.path("tests/ramp")}) == cli::k_exit_findings);
    CHECK(environment.out == "FAIL  " + tree.path("tests/ramp") + ": 0 missed, 1 not expected\n"
                             "  --- expected\n  +++ reported\n"
                             "  + docs/rollout.md:6: approval-recorded: ticked, but `docs/approvals/ramp-stage.yaml` does not "
                             "exist; add it, or untick the box\n"
                             "0 of 1 rule test folder passed\n");
  }
  SUBCASE("a folder is needed")
  {
    CHECK(run({"test", "--rules", "team.yaml"}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: test needs one or more FOLDERs of annotated fixture documents, e.g. "
                             "rollout-audit test --rules team-rules.yaml team-rules/tests/ (see docs/team-rules.md)\n");
    environment.err.clear();
    CHECK(run({"test", tree.path("nope")}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: test: " + tree.path("nope") + " is not a folder\n");
  }
}
