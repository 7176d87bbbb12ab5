#pragma once

#include "audit/audit.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace report {

// What a report says about a rule: SARIF's tool.driver.rules.
struct RuleInfo
{
  std::string id;
  audit::Severity severity = audit::Severity::error;
  std::string summary; // one line
  std::string help;    // what it checks, what satisfies it
  std::string example; // a Markdown snippet that would fire
};

struct RunInfo
{
  std::string tool_version;
  std::string root;        // the repository root as given, for humans
  // The folder the command runs in (absolute): text output shows paths relative to it, so file:line opens
  // from there. Empty: repository-relative, as the machine formats always are.
  std::string shown_from;
  bool has_history = false;
  bool shallow = false;
  size_t commits_read = 0;
  std::string history_note; // why history is absent or partial
  // "now" was given (--now), not read from the clock: a stage still open runs until then. From the clock it
  // runs until the last recorded event, drawn with an open end (a clock reading says nothing about the rollout).
  bool now_given = false;
  // Where the project and its rule pages are published (CMake's ROLLOUT_AUDIT_HOMEPAGE and
  // ROLLOUT_AUDIT_RULE_DOCS_URL): rdjson links each built-in rule's code to {rule_docs_url}/{id}.md.
  std::string homepage;
  std::string rule_docs_url;

  // The rules that ran (enabled ones, in pack order), for SARIF's tool.driver.rules. Filled by cli with
  // `info.rules = report::describe_rules(workspace.rules);`. When empty, SARIF lists the ids of the rules
  // that appear in the findings, with no descriptions.
  std::vector<RuleInfo> rules;
};

// The enabled rules of a rule set, as RunInfo::rules holds them.
std::vector<RuleInfo> describe_rules(const std::vector<audit::Rule>& rules);

// path:line:col: severity: message [rule-id], then the diagnostics and a summary line.
std::string format_text(const audit::AuditResult& result, const RunInfo& info, bool color);

// Documented in docs/json-format.md.
std::string format_json(const audit::AuditResult& result, const RunInfo& info);

// SARIF 2.1.0 as GitHub code scanning takes it (docs/formats.md).
std::string format_sarif(const audit::AuditResult& result, const RunInfo& info);

// SARIF's partialFingerprints value for a finding: a hash of rule id, file and the item's text (the message
// when there is no item), so it survives lines moving; 16 lower-case hex digits.
std::string fingerprint(const audit::Finding& finding);

// GitHub Actions workflow commands, one annotation per finding: errors first, then warnings, then notes.
std::string format_github(const audit::AuditResult& result, const RunInfo& info);

// The Markdown that cli appends to the file GITHUB_STEP_SUMMARY names with --format github: every finding in
// one table. The report layer never writes files; this only returns the text.
std::string github_step_summary(const audit::AuditResult& result, const RunInfo& info);

// JUnit XML for GitLab and Jenkins: one testcase per finding, or one passing testcase when there are none.
std::string format_junit(const audit::AuditResult& result, const RunInfo& info);

// reviewdog's Diagnostic Format (docs/formats.md): one DiagnosticResult (rdjson), or one Diagnostic per
// line (rdjsonl); a fix the tool knows is a suggestion.
std::string format_rdjson(const audit::AuditResult& result, const RunInfo& info);
std::string format_rdjsonl(const audit::AuditResult& result, const RunInfo& info);

// A pull-request comment body: the verdict, a table of errors and warnings, notes folded away.
std::string format_markdown(const audit::AuditResult& result, const RunInfo& info);

// The summary line every format shares: "1 error, 2 warnings, 0 notes in 8 documents (1 rollout, 1 plan,
// 4 records, 2 other; 26 of 34 boxes ticked)" (the documents by kind, kinds with none left out; the boxes of
// every document but the work logs), then "; N input problems could not be fully read", "; N findings suppressed" and
// "; N findings in the baseline" when there are any.
std::string verdict(const audit::AuditResult& result);

// The findings errors first, then warnings, then notes; within a level in the result's (file, line) order.
std::vector<const audit::Finding*> by_severity(const std::vector<audit::Finding>& findings);

// The names --format takes, in the order --help lists them.
const std::vector<std::string>& formats();

// Renders with the named format; `color` only matters to text.
std::string render(std::string_view format, const audit::AuditResult& result, const RunInfo& info, bool color);

} // namespace report
