#include "report/json_writer.hpp"
#include "report/report.hpp"

#include <fmt/format.h>

#include <algorithm>

// reviewdog's Diagnostic Format (proto/rdf/reviewdog.proto in reviewdog's repository): rdjson is one
// DiagnosticResult, rdjsonl one Diagnostic per line. reviewdog filters them by the pull request's diff
// itself, so every finding is written with its line.
namespace report {

namespace {

std::string_view rd_severity(audit::Severity severity)
{
  switch (severity) {
  case audit::Severity::error:
    return "ERROR";
  case audit::Severity::warning:
    return "WARNING";
  case audit::Severity::note:
    return "INFO";
  }
  return "UNKNOWN_SEVERITY";
}

void write_position(JsonWriter& json, int line, int column)
{
  json.begin_object();
  json.key("line").value(line);
  json.key("column").value(column);
  json.end_object();
}

// A range that starts at line:column; a finding about a whole file points at its first line, as in SARIF,
// because reviewdog comments on lines.
void write_range(JsonWriter& json, int line, int column, int end_line, int end_column)
{
  json.begin_object();
  json.key("start");
  write_position(json, std::max(line, 1), std::max(column, 1));
  if (end_line > 0) {
    json.key("end");
    write_position(json, end_line, end_column);
  }
  json.end_object();
}

void write_source(JsonWriter& json, const RunInfo& info)
{
  json.begin_object();
  json.key("name").value("rollout-audit");
  if (!info.homepage.empty()) {
    json.key("url").value(info.homepage);
  }
  json.end_object();
}

// The rule's page: only the built-in rules have one where the project publishes its docs.
std::string rule_url(std::string_view rule, const RunInfo& info)
{
  const auto& built_in = audit::default_rule_pack().rules;
  const bool known = std::any_of(built_in.begin(), built_in.end(), [&](const audit::Rule& each) { return each.id == rule; });
  return known && !info.rule_docs_url.empty() ? fmt::format("{}/{}.md", info.rule_docs_url, rule) : std::string();
}

void write_finding(JsonWriter& json, const audit::Finding& finding, const RunInfo& info)
{
  json.begin_object();
  json.key("message").value(finding.message);
  json.key("location").begin_object();
  json.key("path").value(finding.file);
  json.key("range");
  write_range(json, finding.line, finding.column, 0, 0);
  json.end_object();
  json.key("severity").value(rd_severity(finding.severity));
  json.key("source");
  write_source(json, info);
  json.key("code").begin_object();
  json.key("value").value(finding.rule);
  if (const std::string url = rule_url(finding.rule, info); !url.empty()) {
    json.key("url").value(url);
  }
  json.end_object();
  if (finding.fix) {
    const audit::Fix& fix = *finding.fix;
    json.key("suggestions").begin_array();
    json.begin_object();
    json.key("range");
    write_range(json, fix.line, fix.column, fix.end_line, fix.end_column);
    json.key("text").value(fix.text);
    json.end_object();
    json.end_array();
  }
  json.end_object();
}

// An input problem (unreadable, binary, not UTF-8) is about the file, not the rollout: a diagnostic of its
// own code, so a reviewer sees why part of the file was not audited.
void write_input_problem(JsonWriter& json, const util::Diagnostic& diagnostic, const RunInfo& info)
{
  json.begin_object();
  json.key("message").value(diagnostic.message);
  json.key("location").begin_object();
  json.key("path").value(diagnostic.file);
  json.key("range");
  write_range(json, diagnostic.line, diagnostic.column, 0, 0);
  json.end_object();
  json.key("severity").value(diagnostic.limit ? "INFO" : "WARNING");
  json.key("source");
  write_source(json, info);
  json.key("code").begin_object();
  json.key("value").value("input-problem");
  json.end_object();
  json.end_object();
}

} // namespace

std::string format_rdjson(const audit::AuditResult& result, const RunInfo& info)
{
  JsonWriter json;
  json.begin_object();
  json.key("source");
  write_source(json, info);
  json.key("diagnostics").begin_array();
  for (const auto& finding : result.findings) {
    write_finding(json, finding, info);
  }
  for (const auto& diagnostic : result.diagnostics) {
    write_input_problem(json, diagnostic, info);
  }
  json.end_array();
  json.end_object();
  return json.str() + "\n";
}

std::string format_rdjsonl(const audit::AuditResult& result, const RunInfo& info)
{
  std::string out;
  for (const auto& finding : result.findings) {
    JsonWriter json(true);
    write_finding(json, finding, info);
    out += json.str();
    out += '\n';
  }
  for (const auto& diagnostic : result.diagnostics) {
    JsonWriter json(true);
    write_input_problem(json, diagnostic, info);
    out += json.str();
    out += '\n';
  }
  return out;
}

} // namespace report
