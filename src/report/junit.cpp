#include "report/report.hpp"

#include "util/text.hpp"
#include "util/time.hpp"
#include "util/utf8.hpp"

#include <fmt/format.h>

#include <map>

namespace report {

namespace {

// XML 1.0's Char production: tab, line feed, carriage return and the rest above the C0 controls, without
// surrogates, U+FFFE and U+FFFF.
bool allowed_in_xml(char32_t code)
{
  return code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) || (code >= 0xE000 && code <= 0xFFFD) ||
         (code >= 0x10000 && code <= 0x10FFFF);
}

// Escapes the five special characters; what XML 1.0 cannot hold (bytes that are not UTF-8, most control
// characters, U+FFFE and U+FFFF) is shown as util::printable shows it, \xNN or \uNNNN. In an attribute,
// white space other than a space is written as a character reference, which attribute normalisation keeps;
// in text a carriage return is, which line-end normalisation would otherwise turn into a line feed.
std::string xml_escape(std::string_view text, bool attribute)
{
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto code = util::decode_utf8(text, i);
    const size_t length = code ? code->length : 1;
    const std::string_view piece = text.substr(i, length);
    i += length;
    if (!code || !allowed_in_xml(code->value)) {
      // printable() shows a byte that is not UTF-8 and a control character; it leaves U+FFFE and U+FFFF.
      const std::string shown = util::printable(piece);
      out += code && shown == piece ? fmt::format("\\u{:04x}", static_cast<uint32_t>(code->value)) : shown;
      continue;
    }
    switch (code->value) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    case '\r':
      out += "&#13;";
      break;
    case '\n':
      out += attribute ? "&#10;" : "\n";
      break;
    case '\t':
      out += attribute ? "&#9;" : "\t";
      break;
    default:
      out.append(piece);
    }
  }
  return out;
}

std::string attr(std::string_view text)
{
  return xml_escape(text, true);
}

std::string body(std::string_view text)
{
  return xml_escape(text, false);
}

std::string where(std::string_view file, int line, int column)
{
  if (line <= 0) {
    return std::string(file);
  }
  return column > 0 ? fmt::format("{}:{}:{}", file, line, column) : fmt::format("{}:{}", file, line);
}

// Everything a person needs to settle the finding: the text line, the item, what was looked for, the tick.
std::string describe(const audit::Finding& finding)
{
  std::string out = fmt::format("{}: {}: {} [{}]\n",
                                where(finding.file, finding.line, finding.column),
                                audit::to_string(finding.severity),
                                finding.message,
                                finding.rule);
  if (!finding.item.empty()) {
    out += fmt::format("item: {}\n", finding.item);
  }
  if (!finding.evidence.empty()) {
    out += "evidence:\n";
    for (const auto& evidence : finding.evidence) {
      out += fmt::format("  - {}: {}: {}", evidence.found ? "found" : "not found", evidence.kind, evidence.description);
      if (!evidence.file.empty()) {
        out += fmt::format(" ({})", where(evidence.file, evidence.line, 0));
      }
      out += "\n";
    }
  }
  if (finding.tick && finding.tick->committed) {
    out += fmt::format("ticked in {} at {} by {}\n",
                       finding.tick->commit.substr(0, 12),
                       util::format_timestamp(finding.tick->time),
                       finding.tick->author);
  }
  return out;
}

} // namespace

std::string format_junit(const audit::AuditResult& result, const RunInfo& info)
{
  size_t failures = 0;
  for (const auto& finding : result.findings) {
    failures += finding.severity >= audit::Severity::warning ? 1 : 0;
  }
  const size_t errors = result.diagnostics.size();
  const bool clean = result.findings.empty();
  const size_t tests = result.findings.size() + errors + (clean ? 1 : 0);
  const std::string counts = fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\"", tests, failures, errors);

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"rollout-audit\" {}>\n", counts);
  out += fmt::format("  <testsuite name=\"rollout-audit\" {} skipped=\"0\">\n", counts);

  // Runners key a test by class and name: a second finding of a rule on the same line gets " (2)".
  std::map<std::string, int> seen;
  const auto testcase_open = [&](std::string_view file, std::string name) {
    const int count = ++seen[fmt::format("{}\n{}", file, name)];
    if (count > 1) {
      name += fmt::format(" ({})", count);
    }
    return fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\">\n", attr(file), attr(name), attr(file));
  };

  for (const auto& finding : result.findings) {
    const std::string name = finding.line > 0 ? fmt::format("{} at line {}", finding.rule, finding.line) : finding.rule;
    out += testcase_open(finding.file, name);
    if (finding.severity >= audit::Severity::warning) {
      out += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                         attr(finding.message),
                         audit::to_string(finding.severity),
                         body(describe(finding)));
    } else {
      // A note does not fail: a passing test whose output says what was noticed.
      out += fmt::format("      <system-out>{}</system-out>\n", body(describe(finding)));
    }
    out += "    </testcase>\n";
  }
  for (const auto& diagnostic : result.diagnostics) {
    // An input problem means part of the file was not audited: an error of the run, not a finding.
    const std::string name = diagnostic.line > 0 ? fmt::format("input problem at line {}", diagnostic.line) : "input problem";
    out += testcase_open(diagnostic.file, name);
    out += fmt::format("      <error message=\"{}\" type=\"input-problem\">{}</error>\n",
                       attr(diagnostic.message),
                       body(fmt::format("{}: {}\n", where(diagnostic.file, diagnostic.line, diagnostic.column), diagnostic.message)));
    out += "    </testcase>\n";
  }
  if (clean) {
    out += "    <testcase classname=\"rollout-audit\" name=\"rollout-audit\"/>\n";
  }
  std::string summary = verdict(result) + "\n";
  if (!info.history_note.empty()) {
    summary += fmt::format("note: {}\n", info.history_note);
  }
  out += fmt::format("    <system-out>{}</system-out>\n", body(summary));
  out += "  </testsuite>\n";
  out += "</testsuites>\n";
  return out;
}

} // namespace report
