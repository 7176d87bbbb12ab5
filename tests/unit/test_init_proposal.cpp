#include "init/proposal.hpp"

#include <doctest/doctest.h>

namespace {

bool has(const std::string& text, std::string_view part)
{
  return text.find(part) != std::string::npos;
}

init::Defaults defaults()
{
  init::Defaults out;
  out.required_front_matter = {"title", "owner", "status", "last_reviewed"};
  return out;
}

// What survey_repository finds in a team's own layout (test_init_survey.cpp builds one like it).
init::Survey team_layout()
{
  init::Survey survey;
  survey.documents[config::Kind::rollout] = {"runbooks/ledger-sharding.md"};
  survey.documents[config::Kind::record] = {"ops/journal.md", "summaries/ledger-sharding.md"};
  survey.work_logs = {init::RoleCandidate{"ops/journal.md", 3, 14}};
  survey.dated_unnamed = {init::RoleCandidate{"notes/standups.md", 0, 6}};
  survey.completion_reports = {init::RoleCandidate{"summaries/ledger-sharding.md", 1, 0, 2}};
  survey.evidence_folders = {init::RoleCandidate{"proof/ledger", 2, 0, 0, 5}};
  survey.rollouts = {init::RolloutFound{"runbooks/ledger-sharding.md", "ledger-sharding", config::Kind::rollout, {"1. Canary (5%)", "2. Ramp (50%)"}}};
  survey.front_matter = {init::KeyUse{"title", 1, 3, false}, init::KeyUse{"owner", 1, 2, false}, init::KeyUse{"reviewed_on", 1, 1, true},
                         init::KeyUse{"tags", 0, 7, false}};
  survey.rollouts_with_front_matter = 1;
  survey.stage_words = {init::StageWordHint{"Batch", "plans/fleet.md", {"Batch 1: internal", "Batch 2: staging"}}};
  return survey;
}

} // namespace

TEST_CASE("propose_config")
{
  SUBCASE("the roles found, the keys the rollouts use, the rest as comments; the audit reads it back")
  {
    const std::string text = init::propose_config(team_layout(), defaults());
    CHECK(has(text, "\n# Found 3 Markdown documents: 1 rollout, 0 plans, 2 records, 0 other.\n"));
    CHECK(has(text, "\n#   ops/journal.md: named by 3 boxes to record in, 14 dated entries\n"
                    "#   not proposed: notes/standups.md has 6 dated entries but no box names it (session notes look the same)\n"
                    "work_log: ['ops/journal.md']\n"));
    CHECK(has(text, "\n#   summaries/ledger-sharding.md: named by 1 box to record in, 2 figures\ncompletion_reports: ['summaries/ledger-sharding.md']\n"));
    CHECK(has(text, "\n#   proof/ledger: named by 2 boxes to attach to, 5 files\nevidence: ['proof/ledger/**']\n"));
    CHECK(has(text, "\n#   ledger-sharding: runbooks/ledger-sharding.md\n#     1. Canary (5%); 2. Ramp (50%)\n"));
    CHECK(has(text, "\n#   title: 1 / 3\n#   owner: 1 / 2\n#   reviewed_on: 1 / 1, dates\n#   other documents' keys: tags (7)\n"));
    CHECK(has(text, "rules:\n  front-matter:\n    params:\n      required: ['title', 'owner', 'reviewed_on']\n      date_keys: ['reviewed_on']\n"));
    CHECK(has(text, "\n# vocabulary:\n#   stage-words: ['Batch']\n"));
    const auto config = config::parse_config(".rollout-audit.yaml", text);
    REQUIRE(config);
    CHECK(config->work_logs == std::vector<std::string>{"ops/journal.md"});
    CHECK(config->completion_reports == std::vector<std::string>{"summaries/ledger-sharding.md"});
    CHECK(config->evidence == std::vector<std::string>{"proof/ledger/**"});
    CHECK(config->rules.at("front-matter").params["required"].size() == 3);
    CHECK_FALSE(config->vocabulary); // hints stay comments
    CHECK(init::propose_config(team_layout(), defaults()) == text);
  }
  SUBCASE("nothing found: the defaults, said to be kept")
  {
    const std::string text = init::propose_config(init::Survey{}, defaults());
    CHECK(has(text, "#   none found: the default is kept\nwork_log: ['docs/work-log.md']\n"));
    CHECK(has(text, "#   none found: the default pattern is kept\ncompletion_reports: ['*-COMPLETION.md']\n"));
    CHECK(has(text, "#   none found: the default pattern is kept\nevidence: ['**/validation-reports/**']\n"));
    CHECK(has(text, "#   none: no heading holding boxes reads as a rollout stage (`rollout-audit vocabulary` shows the words that make one)\n"));
    CHECK_FALSE(has(text, "\nrules:"));
    const auto config = config::parse_config(".rollout-audit.yaml", text);
    REQUIRE(config);
    CHECK(config->work_logs == config::Config{}.work_logs);
  }
  SUBCASE("the defaults' own files, with more beside them")
  {
    init::Survey survey;
    survey.work_logs = {init::RoleCandidate{"logs/ops.md", 4, 9}, init::RoleCandidate{"docs/work-log.md", 1, 3, 0, 0, true}};
    survey.evidence_folders = {init::RoleCandidate{"docs/validation-reports", 2, 0, 0, 3, true}, init::RoleCandidate{"proof", 1, 0, 0, 1}};
    const std::string text = init::propose_config(survey, defaults());
    CHECK(has(text, "\nwork_log: ['logs/ops.md', 'docs/work-log.md']\n")); // the most named first: "the work log"
    CHECK(has(text, "#   docs/validation-reports: named by 2 boxes to attach to, 3 files, matches the default\n"));
    CHECK(has(text, "\nevidence: ['**/validation-reports/**', 'proof/**']\n"));
  }
  SUBCASE("paths a YAML scalar or a pattern would misread")
  {
    init::Survey survey;
    survey.work_logs = {init::RoleCandidate{"docs/it's: a log #1.md", 2, 3}, init::RoleCandidate{"docs/draft?/log.md", 1, 2}};
    const std::string text = init::propose_config(survey, defaults());
    CHECK(has(text, "# docs/draft?/log.md holds a wildcard character: name it here by hand\nwork_log: ['docs/it''s: a log #1.md']\n"));
    const auto config = config::parse_config(".rollout-audit.yaml", text);
    REQUIRE(config);
    CHECK(config->work_logs == std::vector<std::string>{"docs/it's: a log #1.md"});
  }
  SUBCASE("front matter: none in any rollout, or the rule's own keys")
  {
    init::Survey survey;
    survey.documents[config::Kind::rollout] = {"a.md", "b.md"};
    std::string text = init::propose_config(survey, defaults());
    CHECK(has(text, "# Front matter: 0 of 2 rollouts have it."));
    CHECK(has(text, "# The front-matter rule asks each rollout for front matter (title, owner, status, last_reviewed); to not ask it:\n"
                    "# rules:\n#   front-matter: off\n"));
    survey.rollouts_with_front_matter = 1;
    survey.front_matter = {init::KeyUse{"status", 1, 1, false}, init::KeyUse{"title", 1, 1, false}, init::KeyUse{"owner", 1, 1, false},
                           init::KeyUse{"last_reviewed", 1, 1, true}};
    text = init::propose_config(survey, defaults());
    CHECK(has(text, "# The front-matter rule reports the 1 rollout without front matter.\n"
                    "# The rollouts' front matter has the keys the front-matter rule requires.\n"));
    CHECK_FALSE(has(text, "\nrules:"));
  }
  SUBCASE("a configuration file already there is named, not read")
  {
    auto with_file = defaults();
    with_file.existing_file = true;
    CHECK(has(init::propose_config(init::Survey{}, with_file), "\n# The repository has a .rollout-audit.yaml already: this proposal did not read it.\n"));
  }
}
