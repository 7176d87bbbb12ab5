#include "audit/audit.hpp"
#include "../support/words.hpp"

#include "corpus/file_system.hpp"

#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using test_support::words;

namespace {

// Every finding and diagnostic of a run, in order, as lines: two runs compare in one CHECK.
std::vector<std::string> describe(const audit::AuditResult& result)
{
  std::vector<std::string> lines;
  for (const auto& finding : result.findings) {
    lines.push_back(finding.file + ":" + std::to_string(finding.line) + ":" + std::to_string(finding.column) + " "
                    + finding.rule + " " + finding.message);
  }
  for (const auto& diagnostic : result.diagnostics) {
    lines.push_back("diagnostic " + diagnostic.file + ":" + std::to_string(diagnostic.line) + " " + diagnostic.message);
  }
  return lines;
}

audit::AuditResult audit_tree(const std::filesystem::path& tree, unsigned threads)
{
  config::Config config;
  if (std::filesystem::exists(tree / ".rollout-audit.yaml")) {
    auto parsed = config::parse_config(".rollout-audit.yaml", test_support::read_file(tree / ".rollout-audit.yaml"));
    if (parsed) {
      config = std::move(parsed).value();
    }
  }
  const corpus::RealFileSystem file_system(tree.string());
  const corpus::Corpus corpus(file_system, corpus::Options{config.exclude, {}});
  const audit::WorkingTreeTimeline timeline(1'761'955'200); // 2025-11-01
  const auto facts = audit::build_facts(corpus, config, words(), timeline, "", 1);
  auto rules = audit::assemble_rules({audit::default_rule_pack()}, config);
  REQUIRE(rules);
  return audit::run_audit(facts, *rules, threads);
}

} // namespace

TEST_CASE("run_audit")
{
  SUBCASE("rules run on several threads give the findings and diagnostics of one thread, in order")
  {
    size_t trees = 0;
    size_t findings = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(ROLLOUT_AUDIT_SOURCE_DIR "/fixtures")) {
      if (!entry.is_directory() || entry.path().filename() != "tree") {
        continue;
      }
      CAPTURE(entry.path());
      const auto serial = describe(audit_tree(entry.path(), 1));
      for (unsigned threads : {2U, 8U}) {
        CHECK(describe(audit_tree(entry.path(), threads)) == serial);
      }
      ++trees;
      findings += serial.size();
    }
    CHECK(trees > 40);
    CHECK(findings > 40);
  }
}

TEST_CASE("assemble_rules")
{
  auto pack = audit::parse_rule_pack("team.yaml", "pack: team\nrules:\n  - id: approval\n    check: required-file\n    summary: x\n"
                                                  "    params: {path: 'approvals/{stage}.yaml', key: approver}\n");
  REQUIRE(pack);
  const auto assemble = [&](const std::string& yaml) {
    auto config = config::parse_config(".rollout-audit.yaml", yaml);
    REQUIRE(config);
    return audit::assemble_rules({audit::default_rule_pack(), *pack}, *config);
  };
  SUBCASE("a fault in the configuration's params is located there, at its token")
  {
    auto rules = assemble("rules:\n  approval:\n    params: {pth: x}\n");
    REQUIRE_FALSE(rules);
    CHECK(rules.error() == ".rollout-audit.yaml:3:14: rule 'approval': unknown param 'pth' for check required-file (did you "
                           "mean 'path'?); its params: path, key, value, alternatives, as_of");
    rules = assemble("rules:\n  approval:\n    params:\n      key: 'a.{stag}'\n");
    REQUIRE_FALSE(rules);
    CHECK(rules.error() == ".rollout-audit.yaml:4:16: rule 'approval': unknown field 'stag' (did you mean 'stage'?); fields: "
                           "dir, name, stem, path, stage, stage_number, front.KEY, sidecar.KEY");
    rules = assemble("rules:\n  front-matter:\n    params: {required: {title: x}}\n");
    REQUIRE_FALSE(rules);
    CHECK(rules.error() == ".rollout-audit.yaml:3:24: rule 'front-matter': param 'required' must be a string or a list of strings, not a map");
    rules = assemble("rules:\n  out-of-order:\n    params: {stages: 2}\n");
    REQUIRE_FALSE(rules);
    CHECK(rules.error() == ".rollout-audit.yaml:3:14: rule 'out-of-order': unknown param 'stages': check out-of-order takes no params");
  }
  SUBCASE("a fault that only the merged params show is located in the file holding the offending node")
  {
    auto rules = assemble("rules:\n  approval:\n    params: {key: null}\n");
    REQUIRE_FALSE(rules);
    CHECK(rules.error() == ".rollout-audit.yaml:3:19: rule 'approval': param 'key' must be a string, not empty");
    // The pack's path and the configuration's alternatives conflict: the pack's path is named, in the pack.
    rules = assemble("rules:\n  approval:\n    params: {alternatives: [{path: x}]}\n");
    REQUIRE_FALSE(rules);
    CHECK(rules.error() == "team.yaml:6:20: rule 'approval': give either path, key and value, or alternatives, not both");
    rules = assemble("rules:\n  approval:\n    params: {value: {equals: approved}}\n");
    CHECK_MESSAGE(rules, (rules ? "" : rules.error()));
  }
  SUBCASE("off in the configuration is remembered with its line, for --select")
  {
    auto rules = assemble("rules:\n  broken-reference: off\n");
    REQUIRE(rules);
    const auto rule = std::find_if(rules->begin(), rules->end(), [](const audit::Rule& r) { return r.id == "broken-reference"; });
    CHECK_FALSE(rule->enabled);
    CHECK(rule->disabled_at == ".rollout-audit.yaml:2");
  }
}
