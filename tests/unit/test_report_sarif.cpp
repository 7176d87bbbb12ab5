#include "report/report.hpp"

#include <doctest/doctest.h>

namespace {

audit::Finding finding(std::string rule, audit::Severity severity, std::string file, int line, std::string message, std::string item = {})
{
  audit::Finding out;
  out.rule = std::move(rule);
  out.severity = severity;
  out.file = std::move(file);
  out.line = line;
  out.column = line > 0 ? 1 : 0;
  out.message = std::move(message);
  out.item = std::move(item);
  return out;
}

bool has(const std::string& text, std::string_view part)
{
  return text.find(part) != std::string::npos;
}

size_t count(const std::string& text, std::string_view part)
{
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) {
    ++n;
  }
  return n;
}

} // namespace

TEST_CASE("fingerprint")
{
  const auto base = finding("evidence-missing", audit::Severity::error, "docs/a.md", 12, "ticked, but no entry", "Record findings.");
  const std::string hash = report::fingerprint(base);
  CHECK(hash.size() == 16);
  CHECK(hash.find_first_not_of("0123456789abcdef") == std::string::npos);

  auto moved = base; // the box moved down the file, its text and message as they were
  moved.line = 40;
  moved.column = 3;
  CHECK(report::fingerprint(moved) == hash);

  auto reworded = base; // the message changes with the evidence; the item is the same box
  reworded.message = "ticked, but the entry is about another stage";
  CHECK(report::fingerprint(reworded) == hash);

  auto respaced = base;
  respaced.item = "Record   findings.";
  CHECK(report::fingerprint(respaced) == hash);

  auto edited = base;
  edited.item = "Record findings in the work log.";
  CHECK(report::fingerprint(edited) != hash);

  auto other_rule = base;
  other_rule.rule = "metrics-missing";
  CHECK(report::fingerprint(other_rule) != hash);

  auto other_file = base;
  other_file.file = "docs/b.md";
  CHECK(report::fingerprint(other_file) != hash);

  // Without an item the message is what identifies the finding.
  const auto no_item = finding("broken-reference", audit::Severity::warning, "docs/a.md", 3, "`x.md` does not exist");
  auto no_item_moved = no_item;
  no_item_moved.line = 30;
  CHECK(report::fingerprint(no_item_moved) == report::fingerprint(no_item));
  auto no_item_other = no_item;
  no_item_other.message = "`y.md` does not exist";
  CHECK(report::fingerprint(no_item_other) != report::fingerprint(no_item));
}

TEST_CASE("format_sarif")
{
  audit::AuditResult result;
  result.findings.push_back(finding("evidence-missing", audit::Severity::error, "docs/plans/my plan.md", 12, "no \"entry\"", "Record findings."));
  result.findings.push_back(finding("evidence-missing", audit::Severity::error, "docs/plans/my plan.md", 20, "no \"entry\"", "Record findings."));
  result.findings.push_back(finding("front-matter", audit::Severity::note, "docs\\b.md", 0, "no front matter"));
  result.diagnostics.push_back(util::Diagnostic{"docs/bin.md", 7, 0, "not valid UTF-8"});
  report::RunInfo info;
  info.tool_version = "9.9.9";
  info.root = "/repo/root";
  info.history_note = "not a git repository";

  SUBCASE("the rules that ran, described")
  {
    info.rules.push_back(report::RuleInfo{"out-of-order", audit::Severity::error, "Later before earlier.", "Stages in order.\n", "- [x] b\n"});
    info.rules.push_back(report::RuleInfo{"evidence-missing", audit::Severity::warning, "Evidence missing.", "Looks for it.\n", "- [x] Record `x`.\n"});
    const std::string sarif = report::format_sarif(result, info);
    CHECK(has(sarif, R"("$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")"));
    CHECK(has(sarif, R"("version": "2.1.0")"));
    CHECK(has(sarif, R"("name": "rollout-audit")"));
    CHECK(has(sarif, R"("version": "9.9.9")"));
    CHECK(has(sarif, R"("id": "evidence-missing",
              "name": "EvidenceMissing",
              "shortDescription": {
                "text": "Evidence missing."
              },
              "fullDescription": {
                "text": "Looks for it."
              },
              "help": {
                "text": "Looks for it.\n\nExample that fires:\n- [x] Record `x`.\n\nrollout-audit --explain evidence-missing prints this help.",
                "markdown": "Looks for it.\n\nExample that fires:\n\n```markdown\n- [x] Record `x`.\n```\n\n`rollout-audit --explain evidence-missing` prints this help."
              },
              "defaultConfiguration": {
                "level": "warning"
              })"));
    // Indexes into the rules as given; the rule no finding named is still listed; the one not given is added.
    CHECK(count(sarif, R"("ruleIndex": 1,)") == 2);
    CHECK(has(sarif, R"("id": "front-matter",
              "name": "FrontMatter",
              "defaultConfiguration": {
                "level": "note"
              })"));
    CHECK(has(sarif, R"("ruleIndex": 2,)"));
  }

  SUBCASE("without rules from cli, the ids the findings name")
  {
    const std::string sarif = report::format_sarif(result, info);
    CHECK(has(sarif, R"("rules": [
            {
              "id": "evidence-missing",
              "name": "EvidenceMissing",
              "defaultConfiguration": {
                "level": "error"
              }
            },
            {
              "id": "front-matter",)"));
    CHECK(count(sarif, R"("ruleIndex": 0,)") == 2);
    CHECK(has(sarif, R"("ruleIndex": 1,)"));
    CHECK_FALSE(has(sarif, "shortDescription"));
  }

  const std::string sarif = report::format_sarif(result, info);
  // Locations: repository-relative URIs with forward slashes and escapes; a whole-file finding at line 1.
  CHECK(has(sarif, R"("level": "error",
          "message": {
            "text": "no \"entry\""
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "docs/plans/my%20plan.md",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 12,
                  "startColumn": 1
                })"));
  CHECK(has(sarif, R"("uri": "docs/b.md",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 1,
                  "startColumn": 1
                })"));
  CHECK(has(sarif, R"("level": "note")"));
  CHECK(has(sarif, R"("originalUriBaseIds": {
        "%SRCROOT%": {
          "uri": "file:///repo/root/",)"));
  // Same rule, file and item twice: the same hash, told apart by occurrence.
  const std::string hash = report::fingerprint(result.findings[0]);
  CHECK(has(sarif, "\"rolloutAudit/v1\": \"" + hash + ":1\""));
  CHECK(has(sarif, "\"rolloutAudit/v1\": \"" + hash + ":2\""));
  // Input problems are notifications of a successful run, not results.
  CHECK(has(sarif, R"("executionSuccessful": true,
          "toolExecutionNotifications": [
            {
              "level": "warning",
              "message": {
                "text": "not valid UTF-8"
              },
              "locations": [
                {
                  "physicalLocation": {
                    "artifactLocation": {
                      "uri": "docs/bin.md",
                      "uriBaseId": "%SRCROOT%"
                    },
                    "region": {
                      "startLine": 7,
                      "startColumn": 1
                    })"));
  CHECK(has(sarif, R"("level": "note",
              "message": {
                "text": "not a git repository"
              })"));
  CHECK(count(sarif, "\"ruleId\"") == 3);
  CHECK(sarif.back() == '\n');

  SUBCASE("a finding with a fix carries it as SARIF's fixes")
  {
    audit::AuditResult fixed;
    auto moved = finding("broken-reference", audit::Severity::warning, "docs/runbooks/cutover.md", 86, "moved");
    moved.fix = audit::Fix{"Point the reference at docs/plans/archive/plan.md", 86, 12, 86, 35, "docs/plans/archive/plan.md"};
    fixed.findings.push_back(moved);
    fixed.findings.push_back(finding("broken-reference", audit::Severity::warning, "docs/runbooks/cutover.md", 90, "plain"));
    const std::string sarif = report::format_sarif(fixed, info);
    CHECK(has(sarif, R"("fixes": [
            {
              "description": {
                "text": "Point the reference at docs/plans/archive/plan.md"
              },
              "artifactChanges": [
                {
                  "artifactLocation": {
                    "uri": "docs/runbooks/cutover.md",
                    "uriBaseId": "%SRCROOT%"
                  },
                  "replacements": [
                    {
                      "deletedRegion": {
                        "startLine": 86,
                        "startColumn": 12,
                        "endLine": 86,
                        "endColumn": 35
                      },
                      "insertedContent": {
                        "text": "docs/plans/archive/plan.md"
                      }
                    }
                  ]
                }
              ]
            }
          ])"));
    CHECK(count(sarif, "\"fixes\"") == 1); // none for a finding without one
  }
  SUBCASE("without findings")
  {
    report::RunInfo info;
    info.root = "relative/root";
    const std::string sarif = report::format_sarif(audit::AuditResult{}, info);
    CHECK(has(sarif, R"("rules": [])"));
    CHECK(has(sarif, R"("results": [])"));
    CHECK(has(sarif, R"("toolExecutionNotifications": [])"));
    // A relative root is no URI: the base id is left for the consumer to resolve.
    CHECK_FALSE(has(sarif, "file://"));
  }
}
