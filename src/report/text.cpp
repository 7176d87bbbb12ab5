#include "report/report.hpp"

#include "util/text.hpp"
#include "util/time.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace report {

namespace {

std::string paint(std::string_view text, std::string_view code, bool color)
{
  return color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
}

std::string_view severity_color(audit::Severity severity)
{
  switch (severity) {
  case audit::Severity::error:
    return "1;31";
  case audit::Severity::warning:
    return "1;33";
  case audit::Severity::note:
    return "1;36";
  }
  return "0";
}

// A repository-relative path as seen from the folder the command runs in: "../docs/a.md" from "src".
std::string shown(std::string_view file, const RunInfo& info)
{
  if (info.shown_from.empty() || info.root.empty() || file.empty()) {
    return std::string(file);
  }
  namespace fs = std::filesystem;
  const auto relative = (fs::path(info.root) / fs::path(file)).lexically_relative(fs::path(info.shown_from));
  return relative.empty() ? std::string(file) : relative.generic_string();
}

} // namespace

// Every line is one finding or one problem: what came from the documents, the configuration or git is
// written by util::one_line (line breaks, control characters and bytes that are not UTF-8 escaped), so no
// input can start a line of its own, move the cursor or make the output invalid UTF-8.
std::string format_text(const audit::AuditResult& result, const RunInfo& info, bool color)
{
  using util::one_line;
  std::string out;
  size_t counts[3] = {0, 0, 0};
  for (const auto& finding : result.findings) {
    ++counts[static_cast<int>(finding.severity)];
    out += fmt::format("{}: {}: {} [{}]\n",
                       paint(fmt::format("{}:{}:{}", one_line(shown(finding.file, info)), finding.line, finding.column), "1", color),
                       paint(audit::to_string(finding.severity), severity_color(finding.severity), color),
                       one_line(finding.message),
                       one_line(finding.rule));
    if (finding.tick && finding.tick->committed) {
      out += fmt::format("    ticked in {} at {} by {}{}\n",
                         finding.tick->commit.substr(0, 12),
                         util::format_timestamp(finding.tick->time),
                         one_line(finding.tick->author),
                         finding.tick->original_commit.empty()
                           ? ""
                           : fmt::format(" (merged; made in {} at {} by {})",
                                         finding.tick->original_commit.substr(0, 12),
                                         util::format_timestamp(finding.tick->original_time),
                                         one_line(finding.tick->original_author)));
    }
  }
  for (const auto& diagnostic : result.diagnostics) {
    const std::string file = one_line(shown(diagnostic.file, info));
    const std::string where = diagnostic.line > 0 ? fmt::format("{}:{}", file, diagnostic.line) : file;
    const auto level = diagnostic.limit ? audit::Severity::note : audit::Severity::warning;
    out += fmt::format("{}: {}: {}\n", paint(where, "1", color), paint(audit::to_string(level), severity_color(level), color), one_line(diagnostic.message));
  }
  if (!info.history_note.empty()) {
    out += fmt::format("{}: {}\n", paint("note", severity_color(audit::Severity::note), color), one_line(info.history_note));
  }
  out += verdict(result); // the same line every format ends with
  out += "\n";
  return out;
}

} // namespace report
