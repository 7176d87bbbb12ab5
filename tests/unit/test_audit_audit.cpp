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
