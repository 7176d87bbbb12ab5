#include "cli/options.hpp"
#include "cli/run.hpp"

#include "../support/fake_environment.hpp"
#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace {

using test_support::FakeEnvironment;

bool has(const std::string& text, std::string_view part)
{
  return text.find(part) != std::string::npos;
}

int run(FakeEnvironment& environment, std::vector<std::string> arguments)
{
  return cli::run(arguments, environment);
}

// init with -o, then the audit with what it wrote: no configuration error (exit 2), whatever the findings.
void init_then_audit(const std::string& root, const std::string& config)
{
  FakeEnvironment init;
  REQUIRE(run(init, {"init", root, "--root", root, "-o", config}) == cli::k_exit_clean);
  CHECK(init.err.empty());
  FakeEnvironment audit;
  const int status = run(audit, {root, "--root", root, "--config", config, "--no-history"});
  INFO(root << "\n" << audit.err << test_support::read_file(config));
  CHECK(status != cli::k_exit_usage);
  CHECK_FALSE(has(audit.err, "error:"));
}

} // namespace

TEST_CASE("parse_options init")
{
  auto options = cli::parse_options({"init", "repo", "-o", ".rollout-audit.yaml", "--force"});
  REQUIRE(options);
  CHECK(options->command == cli::Command::init);
  CHECK(options->force);
  CHECK(options->format == "yaml");
  CHECK(cli::usage_text().find("\n  init                 propose a commented .rollout-audit.yaml") != std::string::npos);
}

TEST_CASE("run init on the bundled example")
{
  const std::string example = ROLLOUT_AUDIT_SOURCE_DIR "/example";
  FakeEnvironment environment;
  CHECK(run(environment, {"init", example}) == cli::k_exit_clean);
  CHECK(environment.err.empty());
  const std::string& text = environment.out;
  CHECK(text.starts_with("# .rollout-audit.yaml, as `rollout-audit init` proposes it from what the repository holds.\n"));
  CHECK(has(text, "\n# The repository has a .rollout-audit.yaml already: this proposal did not read it.\n"));
  CHECK(has(text, "\n# Found 9 Markdown documents: 2 rollouts, 1 plan, 5 records, 1 other.\n"));
  CHECK(has(text, "\n#   docs/work-log.md: named by 2 boxes to record in, 3 dated entries, matches the default\nwork_log: ['docs/work-log.md']\n"));
  CHECK(has(text, "\n#   docs/plans/done/search-reindex-COMPLETION.md: named by 1 box to record in, 4 figures, matches the default\n"));
  CHECK(has(text, "\n#   docs/validation-reports: named by 2 boxes to attach to, 2 files, matches the default\nevidence: ['**/validation-reports/**']\n"));
  CHECK(has(text, "\n#   ai-broker: docs/plans/active/ai-broker-rollout-execution-checklist.md\n"
                  "#     2. Validation Stage (10 Percent Traffic); 3. Ramp Stage (50 Percent Traffic); 4. Full Cutover (100 Percent Traffic)\n"));
  CHECK(has(text, "\n#   plan: docs/plans/active/2025-10-21-ai-broker-chat-activation-plan.md\n"));
  CHECK(has(text, "\n#   last_reviewed: 2 / 6, dates\n# The rollouts' front matter has the keys the front-matter rule requires.\n"));
  // docs/init.md shows this output whole.
  const std::string page = test_support::read_file(ROLLOUT_AUDIT_SOURCE_DIR "/docs/init.md");
  const size_t block = page.find("```yaml\n", page.find("## On the bundled example"));
  REQUIRE(block != std::string::npos);
  CHECK(page.substr(block + 8, page.find("```", block + 8) - block - 8) == text);
  test_support::TempTree out;
  init_then_audit(example, out.path("proposed.yaml"));
}

TEST_CASE("run init then the audit on every fixture tree")
{
  size_t trees = 0;
  test_support::TempTree out;
  for (const auto& rule : fs::directory_iterator(ROLLOUT_AUDIT_SOURCE_DIR "/fixtures")) {
    if (!rule.is_directory()) {
      continue;
    }
    for (const auto& fixture : fs::directory_iterator(rule.path())) {
      if (fs::is_directory(fixture.path() / "tree")) {
        init_then_audit((fixture.path() / "tree").string(), out.path("proposed-" + std::to_string(trees++) + ".yaml"));
      }
    }
  }
  CHECK(trees >= 50);
}

TEST_CASE("run init")
{
  test_support::TempTree tree;
  tree.write("ops/journal.md", "# Journal\n\n## 2025-10-02 - Ledger canary\n\nP95 latency 310 ms.\n");
  tree.write("runbooks/ledger.md", "# Ledger Rollout\n\n## Canary (5% of traffic)\n\n"
                                   "- [x] Record results in `ops/journal.md` under a new Ledger canary entry.\n");
  FakeEnvironment environment;

  SUBCASE("standard output, the repository untouched; the proposal names what the boxes name")
  {
    CHECK(run(environment, {"init", tree.path()}) == cli::k_exit_clean);
    CHECK(has(environment.out, "\nwork_log: ['ops/journal.md']\n"));
    CHECK_FALSE(fs::exists(tree.path(".rollout-audit.yaml")));
  }
  SUBCASE("-o writes a new file, and never replaces one without --force")
  {
    const std::string target = tree.path(".rollout-audit.yaml");
    CHECK(run(environment, {"init", tree.path(), "-o", target}) == cli::k_exit_clean);
    CHECK(environment.out.empty());
    CHECK(has(test_support::read_file(target), "\nwork_log: ['ops/journal.md']\n"));
    tree.write(".rollout-audit.yaml", "exclude: [drafts/]\n");
    FakeEnvironment again;
    CHECK(run(again, {"init", tree.path(), "-o", target}) == cli::k_exit_usage);
    CHECK(again.err == "rollout-audit: error: " + target + " is there already: init never replaces a file; --force replaces it\n");
    CHECK(test_support::read_file(target) == "exclude: [drafts/]\n");
    FakeEnvironment forced;
    CHECK(run(forced, {"init", tree.path(), "-o", target, "--force"}) == cli::k_exit_clean);
    CHECK(has(test_support::read_file(target), "\nwork_log: ['ops/journal.md']\n"));
  }
  SUBCASE("a configuration already there is not read, even a broken one")
  {
    tree.write(".rollout-audit.yaml", "work_logs: [ops/journal.md]\n");
    CHECK(run(environment, {"init", tree.path()}) == cli::k_exit_clean);
    CHECK(has(environment.out, "\n# The repository has a .rollout-audit.yaml already: this proposal did not read it.\n"));
    FakeEnvironment audit;
    CHECK(run(audit, {tree.path()}) == cli::k_exit_usage); // what init was run to replace
  }
  SUBCASE("one repository at a time")
  {
    CHECK(run(environment, {"init", tree.path("ops"), tree.path("runbooks")}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: init looks at one repository: give one PATH in it, not 2\n");
  }
}
