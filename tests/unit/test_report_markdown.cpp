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

audit::AuditResult sample()
{
  audit::AuditResult result;
  result.summary = audit::Summary{2, {1, 0, 0, 0}, 4, 3};
  result.findings.push_back(finding("evidence-missing", audit::Severity::note, "docs/a.md", 2, "conditional"));
  result.findings.push_back(finding("broken-reference", audit::Severity::warning, "docs/a.md", 5, "a | b, `x | y`\nnext"));
  result.findings.push_back(finding("metrics-missing", audit::Severity::error, "docs/b.md", 9, "ask @oncall: rate <1% in `<p95>`"));
  result.diagnostics.push_back(util::Diagnostic{"docs/bin.md", 0, 0, "binary file"});
  return result;
}

} // namespace

TEST_CASE("format_markdown")
{
  report::RunInfo info;
  info.history_note = "not a git repository";
  CHECK(report::format_markdown(sample(), info) ==
        "<!-- rollout-audit -->\n"
        "### rollout-audit: 1 error, 1 warning, 1 note in 2 documents (1 rollout; 3 of 4 boxes ticked); "
        "1 input problem could not be fully read\n"
        "\n"
        "| Severity | Location | Rule | Finding |\n"
        "| --- | --- | --- | --- |\n"
        "| error | `docs/b.md:9` | `metrics-missing` | ask @&#8203;oncall: rate &lt;1% in `<p95>` |\n"
        "| warning | `docs/a.md:5` | `broken-reference` | a \\| b, `x \\| y` next |\n"
        "\n"
        "<details>\n"
        "<summary>1 note</summary>\n"
        "\n"
        "| Severity | Location | Rule | Finding |\n"
        "| --- | --- | --- | --- |\n"
        "| note | `docs/a.md:2` | `evidence-missing` | conditional |\n"
        "\n"
        "</details>\n"
        "\n"
        "<details>\n"
        "<summary>1 input problem could not be fully read</summary>\n"
        "\n"
        "- `docs/bin.md`: binary file\n"
        "\n"
        "</details>\n"
        "\n"
        "Note: not a git repository\n");

  SUBCASE("without findings")
  {
    audit::AuditResult result;
    result.summary = audit::Summary{1, {1, 0, 0, 0}, 2, 2};
    CHECK(report::format_markdown(result, report::RunInfo{}) ==
          "<!-- rollout-audit -->\n"
          "### rollout-audit: 0 errors, 0 warnings, 0 notes in 1 document (1 rollout; 2 of 2 boxes ticked)\n"
          "\n"
          "No findings.\n");
  }

  SUBCASE("stays under GitHub's comment limit")
  {
    audit::AuditResult result;
    for (int line = 1; line <= 400; ++line) {
      result.findings.push_back(finding("evidence-missing", audit::Severity::error, "docs/a.md", line, std::string(300, 'x')));
    }
    const std::string markdown = report::format_markdown(result, report::RunInfo{});
    CHECK(markdown.size() < 65536);
    CHECK(has(markdown, "| error | `docs/a.md:1` |"));
    CHECK_FALSE(has(markdown, "| error | `docs/a.md:400` |"));
    CHECK(has(markdown, " more not shown here; the JSON or SARIF report has them all.\n"));
  }
}

TEST_CASE("format_markdown: cells")
{
  audit::AuditResult result;
  // A backslash before a pipe must not escape the pipe's escape; bytes that are not UTF-8 are shown.
  result.findings.push_back(finding("r", audit::Severity::error, "docs/a.md", 1, "path C:\\dir\\| next \\\\| p\xC3 Größe 🚀"));
  const std::string out = report::format_markdown(result, report::RunInfo{});
  CHECK(has(out, "| error | `docs/a.md:1` | `r` | path C:\\dir\\\\\\| next \\\\\\| p\\xc3 Größe 🚀 |\n"));
}

TEST_CASE("github_step_summary")
{
  CHECK(report::github_step_summary(sample(), report::RunInfo{}) ==
        "## rollout-audit\n"
        "\n"
        "1 error, 1 warning, 1 note in 2 documents (1 rollout; 3 of 4 boxes ticked); 1 input problem could not be fully read\n"
        "\n"
        "| Severity | Location | Rule | Finding |\n"
        "| --- | --- | --- | --- |\n"
        "| error | `docs/b.md:9` | `metrics-missing` | ask @&#8203;oncall: rate &lt;1% in `<p95>` |\n"
        "| warning | `docs/a.md:5` | `broken-reference` | a \\| b, `x \\| y` next |\n"
        "| note | `docs/a.md:2` | `evidence-missing` | conditional |\n"
        "\n"
        "1 input problem could not be fully read:\n"
        "\n"
        "- `docs/bin.md`: binary file\n");
  audit::AuditResult clean;
  CHECK(has(report::github_step_summary(clean, report::RunInfo{}), "\n\nNo findings.\n"));
}
