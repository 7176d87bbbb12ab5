#include "report/report.hpp"

#include <doctest/doctest.h>

TEST_CASE("formats")
{
  CHECK(report::formats() == std::vector<std::string>{"text", "json", "sarif", "github", "junit", "markdown", "rdjson", "rdjsonl"});
}

TEST_CASE("render")
{
  audit::AuditResult result;
  audit::Finding finding;
  finding.rule = "out-of-order";
  finding.file = "a.md";
  finding.line = 3;
  finding.column = 1;
  finding.message = "m";
  result.findings.push_back(finding);
  const report::RunInfo info;
  for (const auto& format : report::formats()) {
    CAPTURE(format);
    CHECK_FALSE(report::render(format, result, info, false).empty());
  }
  CHECK(report::render("sarif", result, info, false) == report::format_sarif(result, info));
  CHECK(report::render("github", result, info, false) == report::format_github(result, info));
  CHECK(report::render("junit", result, info, false) == report::format_junit(result, info));
  CHECK(report::render("markdown", result, info, false) == report::format_markdown(result, info));
  CHECK(report::render("json", result, info, false) == report::format_json(result, info));
  CHECK(report::render("rdjson", result, info, false) == report::format_rdjson(result, info));
  CHECK(report::render("rdjsonl", result, info, false) == report::format_rdjsonl(result, info));
  CHECK(report::render("text", result, info, false) == report::format_text(result, info, false));
}

TEST_CASE("describe_rules")
{
  std::vector<audit::Rule> rules(2);
  rules[0].id = "a";
  rules[0].severity = audit::Severity::warning;
  rules[0].summary = "A.";
  rules[0].help = "Help.";
  rules[0].example = "- [x] a";
  rules[1].id = "b";
  rules[1].enabled = false;
  const auto described = report::describe_rules(rules);
  REQUIRE(described.size() == 1);
  CHECK(described[0].id == "a");
  CHECK(described[0].severity == audit::Severity::warning);
  CHECK(described[0].summary == "A.");
  CHECK(described[0].help == "Help.");
  CHECK(described[0].example == "- [x] a");
}

TEST_CASE("verdict")
{
  audit::AuditResult result;
  result.summary = audit::Summary{1, {1, 0, 0, 0}, 5, 2};
  CHECK(report::verdict(result) == "0 errors, 0 warnings, 0 notes in 1 document (1 rollout; 2 of 5 boxes ticked)");
  audit::Finding finding;
  finding.severity = audit::Severity::warning;
  result.findings.push_back(finding);
  result.diagnostics.resize(2);
  CHECK(report::verdict(result) == "0 errors, 1 warning, 0 notes in 1 document (1 rollout; 2 of 5 boxes ticked); 2 input problems could not be fully read");
  result.summary.suppressed = 1;
  result.summary.baselined = 3;
  CHECK(report::verdict(result) == "0 errors, 1 warning, 0 notes in 1 document (1 rollout; 2 of 5 boxes ticked), 1 suppressed, "
                                   "3 baselined; 2 input problems could not be fully read");
}

TEST_CASE("by_severity")
{
  std::vector<audit::Finding> findings(5);
  const audit::Severity order[] = {audit::Severity::note, audit::Severity::error, audit::Severity::warning, audit::Severity::error, audit::Severity::note};
  for (int i = 0; i < 5; ++i) {
    findings[i].severity = order[i];
    findings[i].line = i + 1;
  }
  std::vector<int> lines;
  for (const audit::Finding* finding : report::by_severity(findings)) {
    lines.push_back(finding->line);
  }
  CHECK(lines == std::vector<int>{2, 4, 3, 1, 5});
}
