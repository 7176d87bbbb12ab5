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
  out.column = line > 0 ? 1 : 0;
  out.message = std::move(message);
  return out;
}

} // namespace

TEST_CASE("format_github")
{
  audit::AuditResult result;
  result.summary = audit::Summary{2, {1, 0, 0, 0}, 4, 3};
  // Sorted by file and line, as the audit leaves them: the note and the warning come before the errors.
  result.findings.push_back(finding("evidence-missing", audit::Severity::note, "docs/a.md", 2, "conditional"));
  result.findings.push_back(finding("broken-reference", audit::Severity::warning, "docs/a.md", 5, "`x.md` does not exist"));
  result.findings.push_back(finding("metrics-missing", audit::Severity::error, "docs/a, b:c.md", 9, "100% done\r\nnext: line"));
  result.findings.push_back(finding("front-matter", audit::Severity::error, "docs/z.md", 0, "no front matter"));
  result.diagnostics.push_back(util::Diagnostic{"docs/bin.md", 0, 0, "binary file"});
  report::RunInfo info;
  info.history_note = "not a git\nrepository";

  CHECK(report::format_github(result, info) ==
        "::error file=docs/a%2C b%3Ac.md,line=9,col=1,title=rollout-audit%3A metrics-missing::100%25 done%0D%0Anext: line\n"
        "::error file=docs/z.md,title=rollout-audit%3A front-matter::no front matter\n"
        "::warning file=docs/a.md,line=5,col=1,title=rollout-audit%3A broken-reference::`x.md` does not exist\n"
        "::warning file=docs/bin.md,title=rollout-audit%3A input problem::binary file\n"
        "::notice file=docs/a.md,line=2,col=1,title=rollout-audit%3A evidence-missing::conditional\n"
        "rollout-audit: note: not a git\\nrepository\n"
        "rollout-audit: 2 errors, 1 warning, 1 note in 2 documents (1 rollout; 3 of 4 boxes ticked); "
        "1 input problem could not be fully read\n");

  SUBCASE("non-ASCII kept; bytes that are not UTF-8 and control characters shown, each annotation one line")
  {
    audit::AuditResult result;
    result.findings.push_back(finding("r", audit::Severity::error, "docs/übersicht.md", 3,
                                      "'Verificação das p\xC3' \x1b[31m日本\n::error::forged 🚀"));
    report::RunInfo info;
    info.history_note = "read by Bj\xF6rn\n::warning::forged";
    CHECK(report::format_github(result, info) ==
          "::error file=docs/übersicht.md,line=3,col=1,title=rollout-audit%3A r::'Verificação das p\\xc3' \\x1b[31m日本%0A::error::forged 🚀\n"
          "rollout-audit: note: read by Bj\\xf6rn\\n::warning::forged\n"
          "rollout-audit: 1 error, 0 warnings, 0 notes in 0 documents (0 of 0 boxes ticked)\n");
  }

  SUBCASE("keeps file order within a level")
  {
    audit::AuditResult result;
    result.findings.push_back(finding("r", audit::Severity::warning, "a.md", 1, "first"));
    result.findings.push_back(finding("r", audit::Severity::error, "a.md", 2, "second"));
    result.findings.push_back(finding("r", audit::Severity::warning, "b.md", 1, "third"));
    result.findings.push_back(finding("r", audit::Severity::error, "b.md", 2, "fourth"));
    const std::string out = report::format_github(result, report::RunInfo{});
    const auto at = [&](std::string_view text) { return out.find(text); };
    CHECK(at("::second") < at("::fourth"));
    CHECK(at("::fourth") < at("::first"));
    CHECK(at("::first") < at("::third"));
    CHECK(out.find("::", at("::third") + 2) == std::string::npos);
  }

  SUBCASE("without findings")
  {
    CHECK(report::format_github(audit::AuditResult{}, report::RunInfo{}) ==
          "rollout-audit: 0 errors, 0 warnings, 0 notes in 0 documents (0 of 0 boxes ticked)\n");
  }

  SUBCASE("puts changed lines first within a level")
  {
    audit::AuditResult result;
    result.findings.push_back(finding("r", audit::Severity::error, "a.md", 1, "old error"));
    result.findings.push_back(finding("r", audit::Severity::warning, "a.md", 2, "new warning"));
    result.findings.push_back(finding("r", audit::Severity::error, "b.md", 3, "new error"));
    result.findings.push_back(finding("r", audit::Severity::warning, "b.md", 4, "old warning"));
    result.findings.push_back(finding("r", audit::Severity::error, "c.md", 5, "second new error"));
    result.findings[1].on_changed_line = true;
    result.findings[2].on_changed_line = true;
    result.findings[4].on_changed_line = true;
    const std::string out = report::format_github(result, report::RunInfo{});
    const auto at = [&](std::string_view text) { return out.find(text); };
    CHECK(at("::new error") < at("::second new error"));
    CHECK(at("::second new error") < at("::old error"));
    CHECK(at("::old error") < at("::new warning"));
    CHECK(at("::new warning") < at("::old warning"));
  }
}
