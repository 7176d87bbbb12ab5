#include "audit/baseline.hpp"

#include <doctest/doctest.h>

namespace {

audit::Finding finding(std::string rule, std::string file, int line, std::string item, std::string message = "a message")
{
  audit::Finding finding;
  finding.rule = std::move(rule);
  finding.file = std::move(file);
  finding.line = line;
  finding.column = 1;
  finding.item = std::move(item);
  finding.message = std::move(message);
  return finding;
}

std::vector<std::string> lines_of(const std::vector<audit::Finding>& findings)
{
  std::vector<std::string> lines;
  for (const auto& f : findings) {
    lines.push_back(f.rule + " " + f.file + ":" + std::to_string(f.line));
  }
  return lines;
}

} // namespace

TEST_CASE("format_baseline")
{
  const std::vector<audit::Finding> findings{
    finding("evidence-missing", "docs/checklist.md", 13, "Record findings in `docs/work-log.md` under a new Phase 2 entry."),
    finding("front-matter", "docs/plan.md", 1, "", "front matter lacks required key(s): owner"),
  };
  CHECK(audit::format_baseline(findings)
        == "# rollout-audit baseline: findings adopted as they are; --baseline FILE does not report them.\n"
           "# Matched by rule, file and the box's text (or the message), not by line. Delete an entry\n"
           "# once its finding is fixed, or write the file again with --write-baseline FILE.\n"
           "version: 1\n"
           "findings:\n"
           "  - rule: evidence-missing\n"
           "    file: docs/checklist.md\n"
           "    item: Record findings in `docs/work-log.md` under a new Phase 2 entry.\n"
           "  - rule: front-matter\n"
           "    file: docs/plan.md\n"
           "    message: \"front matter lacks required key(s): owner\"\n");
  CHECK(audit::format_baseline({}).ends_with("version: 1\nfindings: []\n"));
}

TEST_CASE("parse_baseline")
{
  SUBCASE("round trip: what is written is read back, entry for entry")
  {
    const std::vector<audit::Finding> findings{
      finding("evidence-missing", "docs/checklist.md", 13, "Record findings: \"quoted\" and 'single' # not a comment"),
      finding("evidence-missing", "docs/checklist.md", 14, "Record findings: \"quoted\" and 'single' # not a comment"),
      finding("broken-reference", "docs/plan.md", 9, "", "`missing.md` does not exist (looked for `docs/missing.md`)"),
    };
    const auto baseline = audit::parse_baseline("baseline.yaml", audit::format_baseline(findings));
    REQUIRE(baseline);
    REQUIRE(baseline->entries.size() == 3);
    for (size_t i = 0; i < findings.size(); ++i) {
      CHECK(baseline->entries[i].rule == findings[i].rule);
      CHECK(baseline->entries[i].file == findings[i].file);
      CHECK(baseline->entries[i].item == findings[i].item);
      CHECK(baseline->entries[i].message == (findings[i].item.empty() ? findings[i].message : ""));
    }
    CHECK(audit::parse_baseline("baseline.yaml", audit::format_baseline({}))->entries.empty());
  }
  SUBCASE("faults name file, line and column")
  {
    CHECK(audit::parse_baseline("b.yaml", "findings:\n  - rule: x\n    fil: y\n").error()
          == "b.yaml:3:5: unknown key 'fil' (did you mean 'file'?)");
    CHECK(audit::parse_baseline("b.yaml", "findings:\n  - rule: x\n    item: y\n").error() == "b.yaml:2:5: baseline entry needs 'file'");
    CHECK(audit::parse_baseline("b.yaml", "findings:\n  - rule: x\n    file: y\n").error()
          == "b.yaml:2:5: baseline entry needs either 'item' or 'message'");
    CHECK(audit::parse_baseline("b.yaml", "version: 2\nfindings: []\n").error() == "b.yaml:1:10: baseline version must be 1");
    CHECK(audit::parse_baseline("b.yaml", "findings: {rule: x}\n").error() == "b.yaml:1:11: 'findings' must be a list");
    CHECK(audit::parse_baseline("b.yaml", "- a\n").error()
          == "b.yaml:1:1: not a rollout-audit baseline (no 'findings:'); write one with --write-baseline");
    CHECK(audit::parse_baseline("b.yaml", "findings: [\n").error() == "b.yaml:2:1: end of sequence flow not found");
  }
}

TEST_CASE("apply_baseline")
{
  const std::vector<audit::Finding> adopted{
    finding("evidence-missing", "docs/checklist.md", 13, "Record findings."),
    finding("front-matter", "docs/checklist.md", 1, "", "front matter lacks required key(s): owner"),
  };
  const auto baseline = *audit::parse_baseline("baseline.yaml", audit::format_baseline(adopted));

  SUBCASE("matches by rule, file and item text, not line: lines inserted above do not bring findings back")
  {
    std::vector<audit::Finding> now{
      finding("front-matter", "docs/checklist.md", 1, "", "front matter lacks required key(s): owner"),
      finding("evidence-missing", "docs/checklist.md", 17, "Record findings."),
      finding("evidence-missing", "docs/checklist.md", 18, "Capture results."),
    };
    CHECK(audit::apply_baseline(baseline, now) == 2);
    CHECK(lines_of(now) == std::vector<std::string>{"evidence-missing docs/checklist.md:18"});
  }
  SUBCASE("an entry matches as many findings as it was recorded for")
  {
    std::vector<audit::Finding> now{
      finding("evidence-missing", "docs/checklist.md", 13, "Record findings."),
      finding("evidence-missing", "docs/checklist.md", 30, "Record findings."),
    };
    CHECK(audit::apply_baseline(baseline, now) == 1);
    CHECK(lines_of(now) == std::vector<std::string>{"evidence-missing docs/checklist.md:30"});
  }
  SUBCASE("another rule, file or message is a new finding")
  {
    std::vector<audit::Finding> now{
      finding("metrics-missing", "docs/checklist.md", 13, "Record findings."),
      finding("evidence-missing", "docs/other.md", 13, "Record findings."),
      finding("front-matter", "docs/checklist.md", 1, "", "front matter lacks required key(s): status"),
    };
    CHECK(audit::apply_baseline(baseline, now) == 0);
    CHECK(now.size() == 3);
  }
}
