#include "audit/audit.hpp"
#include "audit/check.hpp"
#include "../support/words.hpp"

#include "corpus/file_system.hpp"

#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <algorithm>
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

TEST_CASE("a document-at-a-time check")
{
  // broken-reference holds most findings of a large tree: it runs a document at a time.
  const auto* check = dynamic_cast<const audit::DocumentCheck*>(audit::find_check("broken-reference"));
  REQUIRE(check != nullptr);
  corpus::MemoryFileSystem files;
  for (const std::string name : {"a", "b", "c"}) {
    files.add_file("docs/" + name + ".md", "# " + name + "\n\n- [x] Wrote `docs/" + name + "-gone.md`.\n- [x] Read `docs/missing.md`.\n");
  }
  const corpus::Corpus corpus(files, corpus::Options{});
  const audit::WorkingTreeTimeline timeline(1'761'955'200);
  const auto facts = audit::build_facts(corpus, config::Config{}, words(), timeline, "", 1);
  auto rules = audit::assemble_rules({audit::default_rule_pack()}, config::Config{});
  REQUIRE(rules);
  const auto rule = std::find_if(rules->begin(), rules->end(), [](const audit::Rule& r) { return r.id == "broken-reference"; });
  REQUIRE(rule != rules->end());
  std::vector<audit::Rule> only{*rule};
  // Its run over every document in turn, and the framework's, a document per task on several threads.
  std::vector<audit::Finding> whole;
  audit::FindingSink sink(*rule, whole);
  check->run(*rule, facts, sink);
  audit::AuditResult by_document = audit::run_audit(facts, only, 4);
  REQUIRE(whole.size() == 6);
  REQUIRE(by_document.findings.size() == whole.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    CHECK(by_document.findings[i].file == whole[i].file);
    CHECK(by_document.findings[i].line == whole[i].line);
    CHECK(by_document.findings[i].message == whole[i].message);
  }
  CHECK(whole.front().file == "docs/a.md");
  CHECK(whole.back().file == "docs/c.md");
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

namespace {

// A rollout ticked out of order, a plan whose task list is out of order too, and notes without front matter.
std::vector<std::string> audit_kinds(const std::string& configuration, const std::vector<audit::RulePack>& team = {})
{
  corpus::MemoryFileSystem files;
  files.add_file("docs/cutover.md", "---\ntitle: Cutover\nowner: a\nstatus: Open\nlast_reviewed: 2025-10-01\n---\n"
                                    "# Cutover\n\n## Canary (5% of traffic)\n\n- [ ] Route.\n\n## Ramp (50% of traffic)\n\n- [x] Ramp.\n");
  files.add_file("docs/plan.md", "# Plan\n\nRuns `cutover.md`.\n\n## Task 1\n\n- [ ] Build.\n\n## Task 2\n\n- [x] Ship.\n\n"
                                 "## Final Sign-off\n\n- [ ] Done.\n");
  files.add_file("docs/notes.md", "# Notes\n\n## Monday\n\n- [ ] Ask.\n\n## Tuesday\n\n- [x] Asked.\n");
  files.add_file("docs/retro.md", "---\ntitle: [broken\n---\n# Retro\n\n- [x] Went well.\n");
  auto config = config::parse_config(".rollout-audit.yaml", configuration);
  REQUIRE(config);
  const corpus::Corpus corpus(files, corpus::Options{});
  const audit::WorkingTreeTimeline timeline(1'761'955'200);
  const auto facts = audit::build_facts(corpus, *config, words(), timeline, "", 1);
  std::vector<audit::RulePack> packs{audit::default_rule_pack()};
  packs.insert(packs.end(), team.begin(), team.end());
  auto rules = audit::assemble_rules(packs, *config);
  REQUIRE(rules);
  std::vector<std::string> lines;
  for (const auto& finding : audit::run_audit(facts, *rules, 1).findings) {
    lines.push_back(finding.file + ":" + std::to_string(finding.line) + " " + finding.rule);
  }
  return lines;
}

} // namespace

TEST_CASE("run_audit (kinds)")
{
  using Lines = std::vector<std::string>;
  SUBCASE("the rollout rules judge rollouts; a plan's task list, notes and a retro only for what is true of any document")
  {
    // out-of-order in the rollout; the retro's front matter does not parse, whatever its kind.
    CHECK(audit_kinds("exclude: []\n") == Lines{"docs/cutover.md:15 out-of-order", "docs/retro.md:3 front-matter"});
  }
  SUBCASE("the configuration widens a rule to other kinds, and narrows another")
  {
    CHECK(audit_kinds("rules:\n  front-matter: {kinds: [rollout, other]}\n  out-of-order: {kinds: [plan]}\n")
          == Lines{"docs/notes.md:1 front-matter", "docs/retro.md:3 front-matter"});
  }
  SUBCASE("a team's rule reuses a check on the kinds it names")
  {
    auto team = audit::parse_rule_pack("team.yaml", "pack: team\nrules:\n  - id: notes-in-order\n    check: out-of-order\n"
                                                    "    summary: x\n    select: {kinds: [other]}\n");
    REQUIRE(team);
    CHECK(audit_kinds("exclude: []\n", {*team})
          == Lines{"docs/cutover.md:15 out-of-order", "docs/notes.md:9 notes-in-order", "docs/retro.md:3 front-matter"});
  }
}
