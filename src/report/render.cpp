#include "report/report.hpp"

#include "audit/kinds.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace report {

namespace {

std::string plural(size_t count, std::string_view word)
{
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

} // namespace

std::vector<RuleInfo> describe_rules(const std::vector<audit::Rule>& rules)
{
  std::vector<RuleInfo> out;
  for (const auto& rule : rules) {
    if (rule.enabled) {
      out.push_back(RuleInfo{rule.id, rule.severity, rule.summary, rule.help, rule.example});
    }
  }
  return out;
}

std::string verdict(const audit::AuditResult& result)
{
  size_t counts[3] = {0, 0, 0};
  for (const auto& finding : result.findings) {
    ++counts[static_cast<int>(finding.severity)];
  }
  const auto& summary = result.summary;
  std::vector<std::string> kinds;
  for (const auto kind : audit::k_kinds) {
    if (const size_t count = summary.kinds[static_cast<size_t>(kind)]; count > 0) {
      kinds.push_back(audit::count_of_kind(count, kind));
    }
  }
  const std::string boxes = fmt::format("{} of {} boxes ticked", summary.ticked, summary.items);
  std::string out = fmt::format("{}, {}, {} in {} ({}{}{})",
                                plural(counts[2], "error"),
                                plural(counts[1], "warning"),
                                plural(counts[0], "note"),
                                plural(summary.documents, "document"),
                                fmt::join(kinds, ", "),
                                kinds.empty() ? "" : "; ",
                                boxes);
  if (summary.suppressed > 0) {
    out += fmt::format(", {} suppressed", summary.suppressed);
  }
  if (summary.baselined > 0) {
    out += fmt::format(", {} baselined", summary.baselined);
  }
  if (!result.diagnostics.empty()) {
    out += fmt::format("; {} could not be fully read", plural(result.diagnostics.size(), "input problem"));
  }
  return out;
}

std::vector<const audit::Finding*> by_severity(const std::vector<audit::Finding>& findings)
{
  std::vector<const audit::Finding*> out;
  out.reserve(findings.size());
  for (const auto& finding : findings) {
    out.push_back(&finding);
  }
  std::stable_sort(out.begin(), out.end(), [](const audit::Finding* a, const audit::Finding* b) {
    return a->severity > b->severity;
  });
  return out;
}

const std::vector<std::string>& formats()
{
  static const std::vector<std::string> k_formats{"text", "json", "sarif", "github", "junit", "markdown", "rdjson", "rdjsonl"};
  return k_formats;
}

std::string render(std::string_view format, const audit::AuditResult& result, const RunInfo& info, bool color)
{
  if (format == "json") {
    return format_json(result, info);
  }
  if (format == "sarif") {
    return format_sarif(result, info);
  }
  if (format == "github") {
    return format_github(result, info);
  }
  if (format == "junit") {
    return format_junit(result, info);
  }
  if (format == "markdown") {
    return format_markdown(result, info);
  }
  if (format == "rdjson") {
    return format_rdjson(result, info);
  }
  if (format == "rdjsonl") {
    return format_rdjsonl(result, info);
  }
  return format_text(result, info, color);
}

} // namespace report
