#include "cli/test_command.hpp"

#include "audit/rule_test.hpp"
#include "cli/audit_run.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace cli {

namespace {

constexpr std::string_view k_default_pack = "rules/default.yaml";

// The fixture folders under FOLDER: those holding a configuration, each a repository of its own; FOLDER
// itself when none does.
std::vector<std::string> test_cases(const std::string& folder)
{
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    throw util::Fatal(fmt::format("test: {} is not a folder", folder));
  }
  if (fs::exists(fs::path(folder) / ".rollout-audit.yaml", error)) {
    return {folder};
  }
  std::vector<std::string> cases;
  for (auto it = fs::recursive_directory_iterator(folder, error); !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_directory() && fs::exists(it->path() / ".rollout-audit.yaml", error)) {
      cases.push_back(it->path().string());
      it.disable_recursion_pending(); // a case's own folders are its documents
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases.empty() ? std::vector<std::string>{folder} : cases;
}

// The rules whose every finding must be expected: a team's, or all when only the built-in pack is loaded.
std::vector<std::string> tested_rules(const std::vector<audit::Rule>& rules)
{
  std::vector<std::string> team;
  std::vector<std::string> all;
  for (const auto& rule : rules) {
    all.push_back(rule.id);
    if (rule.origin && rule.origin->path != k_default_pack) {
      team.push_back(rule.id);
    }
  }
  return team.empty() ? all : team;
}

audit::RuleTestOutcome run_case(const Options& options, const std::string& folder, Environment& environment)
{
  Options run_options = options;
  run_options.command = Command::audit;
  run_options.paths = {folder};
  run_options.root = folder;
  run_options.history = false; // fixtures are documents, not histories: the same result on every machine
  run_options.cache = false;
  run_options.fail_on = FailOn::never;
  audit::RuleTestOutcome outcome;
  with_audit(run_options, environment, [&](const AuditRun& run) {
    std::map<std::string, std::vector<audit::Expectation>> expectations;
    for (const auto& document : run.facts.documents) {
      if (const std::string* text = document.audited ? run.facts.corpus->text(document.path) : nullptr) {
        expectations[document.path] = audit::read_expectations(*text);
      }
    }
    std::vector<std::string> known;
    for (const auto& rule : run.workspace.rules) {
      known.push_back(rule.id);
    }
    outcome = audit::compare_expectations(expectations, run.result.findings, tested_rules(run.workspace.rules), known);
  });
  return outcome;
}

std::string describe(const std::string& folder, const audit::RuleTestOutcome& outcome)
{
  if (outcome.passed()) {
    return fmt::format("ok    {}: {} expected, {} expected not\n", folder, outcome.matched, outcome.held_not);
  }
  std::string out = fmt::format("FAIL  {}: {} missed, {} not expected\n", folder, outcome.missed, outcome.unexpected);
  for (const auto& fault : outcome.faults) {
    out += fmt::format("  {}\n", fault);
  }
  if (outcome.missed + outcome.unexpected > 0) {
    out += "  --- expected\n  +++ reported\n";
    for (const auto& line : outcome.diff) {
      out += fmt::format("  {}\n", line);
    }
  }
  return out;
}

} // namespace

int test_command(const Options& options, Environment& environment)
{
  if (options.paths.empty()) {
    throw util::Fatal("test needs one or more FOLDERs of annotated fixture documents, e.g. rollout-audit test --rules "
                      "team-rules.yaml team-rules/tests/ (see docs/team-rules.md)");
  }
  size_t cases = 0;
  size_t passed = 0;
  for (const auto& folder : options.paths) {
    for (const auto& test_case : test_cases(folder)) {
      const auto outcome = run_case(options, test_case, environment);
      environment.write_out(describe(test_case, outcome));
      ++cases;
      passed += outcome.passed() ? 1 : 0;
    }
  }
  environment.write_out(fmt::format("{} of {} rule test folder{} passed\n", passed, cases, cases == 1 ? "" : "s"));
  return passed == cases ? k_exit_clean : k_exit_findings;
}

} // namespace cli
