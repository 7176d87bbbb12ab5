#include "report/report.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace report {

namespace {

// GitHub's escaping for a workflow command's message (what follows the second "::"), after util::printable
// (bytes that are not UTF-8 and control characters shown as \xNN: an escape sequence would colour the log).
std::string escape_data(std::string_view raw)
{
  const std::string text = util::printable(raw);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '%':
      out += "%25";
      break;
    case '\r':
      out += "%0D";
      break;
    case '\n':
      out += "%0A";
      break;
    default:
      out += c;
    }
  }
  return out;
}

// ... and for a property value (file=, title=), where ':' and ',' would end the value.
std::string escape_property(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (char c : escape_data(text)) {
    switch (c) {
    case ':':
      out += "%3A";
      break;
    case ',':
      out += "%2C";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string_view command(audit::Severity severity)
{
  switch (severity) {
  case audit::Severity::error:
    return "error";
  case audit::Severity::warning:
    return "warning";
  case audit::Severity::note:
    return "notice";
  }
  return "notice";
}

std::string annotation(std::string_view kind, std::string_view file, int line, int column, std::string_view title, std::string_view message)
{
  std::string properties = "file=" + escape_property(file);
  if (line > 0) {
    properties += fmt::format(",line={}", line);
    if (column > 0) {
      properties += fmt::format(",col={}", column);
    }
  }
  properties += ",title=" + escape_property(title);
  return fmt::format("::{} {}::{}\n", kind, properties, escape_data(message));
}

} // namespace

std::string format_github(const audit::AuditResult& result, const RunInfo& info)
{
  // GitHub shows only the first 10 annotations of each level per step: errors first, then warnings (input
  // problems after the findings), then notes; within a level what is on a changed line comes first, then
  // the file and line order.
  std::vector<const audit::Finding*> ordered = by_severity(result.findings);
  std::stable_sort(ordered.begin(), ordered.end(), [](const audit::Finding* a, const audit::Finding* b) {
    if (a->severity != b->severity) {
      return a->severity > b->severity;
    }
    return a->on_changed_line && !b->on_changed_line;
  });
  std::string out;
  bool diagnostics_written = false;
  const auto write_diagnostics = [&] {
    for (const auto& diagnostic : result.diagnostics) {
      out += annotation(diagnostic.limit ? "notice" : "warning", diagnostic.file, diagnostic.line, diagnostic.column,
                        "rollout-audit: input problem", diagnostic.message);
    }
    diagnostics_written = true;
  };
  for (const audit::Finding* finding : ordered) {
    if (!diagnostics_written && finding->severity < audit::Severity::warning) {
      write_diagnostics();
    }
    out += annotation(command(finding->severity),
                      finding->file,
                      finding->line,
                      finding->column,
                      "rollout-audit: " + finding->rule,
                      finding->message);
  }
  if (!diagnostics_written) {
    write_diagnostics();
  }
  if (!info.history_note.empty()) {
    out += fmt::format("rollout-audit: note: {}\n", util::one_line(info.history_note));
  }
  out += fmt::format("rollout-audit: {}\n", verdict(result));
  return out;
}

} // namespace report
