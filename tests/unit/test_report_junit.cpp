#include "report/report.hpp"

#include <doctest/doctest.h>

namespace {

audit::Finding finding(std::string rule, audit::Severity severity, std::string file, int line, std::string message)
{
  audit::Finding out;
  out.rule = std::move(rule);
  out.severity = severity;
  out.file = std::move(file);
  out.line = line;
  out.column = 1;
  out.message = std::move(message);
  return out;
}

bool has(const std::string& text, std::string_view part)
{
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("format_junit")
{
  audit::AuditResult result;
  auto special = finding("metrics-missing", audit::Severity::error, "docs/a&b.md", 9, "rate < 1% & \"p95\" > 'x'\x01\x1b end");
  special.item = "Log <latency>\tnow\r";
  special.evidence.push_back(audit::EvidenceRecord{"metric", "latency", "docs/work-log.md", 14, false, std::nullopt});
  result.findings.push_back(special);
  result.findings.push_back(finding("broken-reference", audit::Severity::warning, "docs/a&b.md", 9, "first"));
  result.findings.push_back(finding("broken-reference", audit::Severity::warning, "docs/a&b.md", 9, "second"));
  result.findings.push_back(finding("evidence-missing", audit::Severity::note, "docs/c.md", 3, "conditional"));
  result.diagnostics.push_back(util::Diagnostic{"docs/bin.md", 0, 0, "bad \xFF byte"});
  const std::string xml = report::format_junit(result, report::RunInfo{});

  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rollout-audit\" tests=\"5\" failures=\"3\" errors=\"1\">\n"));
  CHECK(has(xml, "<testsuite name=\"rollout-audit\" tests=\"5\" failures=\"3\" errors=\"1\" skipped=\"0\">"));
  // The five special characters escaped, control characters shown as \xNN, white space kept in attributes.
  CHECK(has(xml,
            "<testcase classname=\"docs/a&amp;b.md\" name=\"metrics-missing at line 9\" file=\"docs/a&amp;b.md\">\n"
            "      <failure message=\"rate &lt; 1% &amp; &quot;p95&quot; &gt; &apos;x&apos;\\x01\\x1b end\" type=\"error\">"
            "docs/a&amp;b.md:9:1: error: rate &lt; 1% &amp; &quot;p95&quot; &gt; &apos;x&apos;\\x01\\x1b end [metrics-missing]\n"
            "item: Log &lt;latency&gt;\tnow&#13;\n"
            "evidence:\n"
            "  - not found: metric: latency (docs/work-log.md:14)\n"
            "</failure>"));
  CHECK_FALSE(has(xml, "\x01"));
  CHECK_FALSE(has(xml, "\x1b"));
  // Two findings of one rule on one line are two tests.
  CHECK(has(xml, "name=\"broken-reference at line 9\" file=\"docs/a&amp;b.md\">\n      <failure message=\"first\" type=\"warning\">"));
  CHECK(has(xml, "name=\"broken-reference at line 9 (2)\" file=\"docs/a&amp;b.md\">\n      <failure message=\"second\" type=\"warning\">"));
  // A note passes, saying what it noticed.
  CHECK(has(xml,
            "<testcase classname=\"docs/c.md\" name=\"evidence-missing at line 3\" file=\"docs/c.md\">\n"
            "      <system-out>docs/c.md:3:1: note: conditional [evidence-missing]\n</system-out>\n"
            "    </testcase>"));
  // An input problem is an error of the run; a byte that is not UTF-8 is shown as \xNN, never copied.
  CHECK(has(xml, "<testcase classname=\"docs/bin.md\" name=\"input problem\" file=\"docs/bin.md\">\n"
                 "      <error message=\"bad \\xff byte\" type=\"input-problem\">"));
  CHECK_FALSE(has(xml, "\xFF"));
  CHECK_FALSE(has(xml, "name=\"rollout-audit\"/>"));
  CHECK(xml.ends_with("  </testsuite>\n</testsuites>\n"));

  SUBCASE("non-ASCII text kept, bytes XML cannot hold shown")
  {
    audit::AuditResult result;
    result.findings.push_back(finding("r", audit::Severity::error, "docs/relatórios.md", 1,
                                      "'Verificação de todas as p\xC3' 段階 🚀 \xEF\xBF\xBE"));
    const std::string xml = report::format_junit(result, report::RunInfo{});
    CHECK(has(xml, "message=\"&apos;Verificação de todas as p\\xc3&apos; 段階 🚀 \\ufffe\""));
    CHECK(has(xml, "classname=\"docs/relatórios.md\""));
  }

  SUBCASE("escapes line breaks in attributes")
  {
    audit::AuditResult result;
    result.findings.push_back(finding("r", audit::Severity::error, "a.md", 1, "one\ntwo\r\tthree"));
    const std::string xml = report::format_junit(result, report::RunInfo{});
    CHECK(has(xml, "message=\"one&#10;two&#13;&#9;three\""));
    CHECK(has(xml, "a.md:1:1: error: one\ntwo&#13;\tthree [r]\n"));
  }

  SUBCASE("without findings")
  {
    audit::AuditResult result;
    result.summary = audit::Summary{3, {1, 0, 0, 0}, 2, 2};
    report::RunInfo info;
    info.history_note = "shallow <clone>";
    CHECK(report::format_junit(result, info) ==
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<testsuites name=\"rollout-audit\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
          "  <testsuite name=\"rollout-audit\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
          "    <testcase classname=\"rollout-audit\" name=\"rollout-audit\"/>\n"
          "    <system-out>0 errors, 0 warnings, 0 notes in 3 documents (1 rollout; 2 of 2 boxes ticked)\n"
          "note: shallow &lt;clone&gt;\n</system-out>\n"
          "  </testsuite>\n"
          "</testsuites>\n");
  }
}
