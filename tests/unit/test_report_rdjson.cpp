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
  out.column = line > 0 ? 3 : 0;
  out.message = std::move(message);
  return out;
}

audit::AuditResult sample()
{
  audit::AuditResult result;
  result.findings.push_back(finding("evidence-missing", audit::Severity::error, "docs/a.md", 13, "no \"entry\""));
  auto typo = finding("suppression-comment", audit::Severity::warning, "docs/a.md", 20,
                      "unknown rule 'evidence-mising' in suppression (did you mean 'evidence-missing'?)");
  typo.fix = audit::Fix{"Replace evidence-mising with evidence-missing", 20, 37, 20, 52, "evidence-missing"};
  result.findings.push_back(typo);
  result.findings.push_back(finding("team-approval", audit::Severity::note, "docs/b.md", 0, "whole file"));
  result.diagnostics.push_back(util::Diagnostic{"docs/bin.md", 0, 0, "binary file", false});
  return result;
}

report::RunInfo info()
{
  report::RunInfo out;
  out.homepage = "https://example.org/rollout-audit";
  out.rule_docs_url = "https://example.org/rollout-audit/docs/rules";
  return out;
}

} // namespace

TEST_CASE("format_rdjsonl")
{
  // One Diagnostic a line. Built-in rules link to their page; a team rule has no page there. A finding
  // about a whole file points at its first line; the known fix is a suggestion with an exclusive end.
  CHECK(report::format_rdjsonl(sample(), info()) ==
        R"j({"message":"no \"entry\"","location":{"path":"docs/a.md","range":{"start":{"line":13,"column":3}}},)j"
        R"j("severity":"ERROR","source":{"name":"rollout-audit","url":"https://example.org/rollout-audit"},)j"
        R"j("code":{"value":"evidence-missing","url":"https://example.org/rollout-audit/docs/rules/evidence-missing.md"}})j"
        "\n"
        R"j({"message":"unknown rule 'evidence-mising' in suppression (did you mean 'evidence-missing'?)",)j"
        R"j("location":{"path":"docs/a.md","range":{"start":{"line":20,"column":3}}},"severity":"WARNING",)j"
        R"j("source":{"name":"rollout-audit","url":"https://example.org/rollout-audit"},)j"
        R"j("code":{"value":"suppression-comment","url":"https://example.org/rollout-audit/docs/rules/suppression-comment.md"},)j"
        R"j("suggestions":[{"range":{"start":{"line":20,"column":37},"end":{"line":20,"column":52}},"text":"evidence-missing"}]})j"
        "\n"
        R"j({"message":"whole file","location":{"path":"docs/b.md","range":{"start":{"line":1,"column":1}}},)j"
        R"j("severity":"INFO","source":{"name":"rollout-audit","url":"https://example.org/rollout-audit"},)j"
        R"j("code":{"value":"team-approval"}})j"
        "\n"
        R"j({"message":"binary file","location":{"path":"docs/bin.md","range":{"start":{"line":1,"column":1}}},)j"
        R"j("severity":"WARNING","source":{"name":"rollout-audit","url":"https://example.org/rollout-audit"},)j"
        R"j("code":{"value":"input-problem"}})j"
        "\n");

  SUBCASE("nothing found: no line at all")
  {
    CHECK(report::format_rdjsonl(audit::AuditResult{}, info()).empty());
  }
}

TEST_CASE("format_rdjson")
{
  const std::string out = report::format_rdjson(sample(), info());
  CHECK(out.starts_with("{\n  \"source\": {\n    \"name\": \"rollout-audit\",\n    \"url\": \"https://example.org/rollout-audit\"\n  },\n"
                        "  \"diagnostics\": [\n    {\n      \"message\": \"no \\\"entry\\\"\",\n"));
  CHECK(out.find("\"suggestions\": [\n        {\n          \"range\": {\n            \"start\": {\n              \"line\": 20,\n"
                 "              \"column\": 37\n            },\n            \"end\": {\n              \"line\": 20,\n"
                 "              \"column\": 52\n            }\n          },\n          \"text\": \"evidence-missing\"\n")
        != std::string::npos);
  CHECK(out.ends_with("  ]\n}\n"));

  SUBCASE("without a published home, no urls")
  {
    const std::string bare = report::format_rdjson(sample(), report::RunInfo{});
    CHECK(bare.find("\"url\"") == std::string::npos);
  }
  SUBCASE("nothing found: an empty list")
  {
    CHECK(report::format_rdjson(audit::AuditResult{}, report::RunInfo{}) ==
          "{\n  \"source\": {\n    \"name\": \"rollout-audit\"\n  },\n  \"diagnostics\": []\n}\n");
  }
}
