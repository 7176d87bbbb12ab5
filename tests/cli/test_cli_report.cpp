#include "cli/options.hpp"
#include "cli/run.hpp"

#include "../support/fake_environment.hpp"
#include "../support/temp_tree.hpp"
#include "../support/widget_repository.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

namespace {

using test_support::FakeEnvironment;

void write_repository(const test_support::TempTree& tree, bool with_entry)
{
  test_support::write_widget_repository(tree, with_entry ? "Routed 10% traffic, p95 latency 120 ms." : "");
}

std::string read(const std::string& path)
{
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << stream.rdbuf();
  return bytes.str();
}

bool has(const std::string& text, std::string_view part)
{
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("parse_options report")
{
  auto options = cli::parse_options({"report", "docs", "-o", "report.html"});
  REQUIRE(options);
  CHECK(options->command == cli::Command::report);
  CHECK(options->format == "html");
  CHECK(options->paths == std::vector<std::string>{"docs"});
  CHECK(options->output == "report.html");

  options = cli::parse_options({"report", "--format", "markdown", "--no-history"});
  REQUIRE(options);
  CHECK(options->format == "markdown");
  CHECK_FALSE(options->history);

  const auto wrong = cli::parse_options({"report", "--format", "json"});
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error() == "--format must be html or markdown, not 'json'");

  // Only a leading word is the subcommand: elsewhere "report" is the PATH.
  options = cli::parse_options({"--no-history", "report"});
  REQUIRE(options);
  CHECK(options->command == cli::Command::audit);
  CHECK(options->paths == std::vector<std::string>{"report"});
  CHECK_FALSE(cli::parse_options({"--format", "html"}));
}

TEST_CASE("run report")
{
  test_support::TempTree tree;
  FakeEnvironment environment;

  SUBCASE("-o writes one HTML page; exit 0 once written, findings or not")
  {
    write_repository(tree, false);
    test_support::TempTree out;
    CHECK(cli::run({"report", tree.path(), "-o", out.path("report.html")}, environment) == cli::k_exit_clean);
    CHECK(environment.out.empty());
    CHECK(environment.err.empty());
    const std::string html = read(out.path("report.html"));
    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK(has(html, "<strong>Not ready to sign</strong>"));
    CHECK(has(html, "data-testid=\"timeline\""));
    CHECK(has(html, "evidence-missing"));
    CHECK(has(html, "No git history was read")); // a plain folder, not a repository
    CHECK(has(html, "<code><span class=\"nb\">docs/</span><wbr><span class=\"nb\">checklist.md:13</span></code>"));
  }
  SUBCASE("links reach the documents from where the page is written")
  {
    write_repository(tree, false);
    tree.write("out/.keep", "");
    CHECK(cli::run({"report", tree.path(), "-o", tree.path("out/report.html"), "--no-history"}, environment) == cli::k_exit_clean);
    CHECK(has(read(tree.path("out/report.html")), "href=\"../docs/checklist.md#L13\""));
  }
  SUBCASE("a finished rollout is ready to sign")
  {
    write_repository(tree, true);
    CHECK(cli::run({"report", tree.path(), "--no-history"}, environment) == cli::k_exit_clean);
    CHECK(has(environment.out, "<strong>Ready to sign</strong>"));
  }
  SUBCASE("--format markdown renders the same model")
  {
    write_repository(tree, false);
    CHECK(cli::run({"report", tree.path(), "--format", "markdown", "--no-history"}, environment) == cli::k_exit_clean);
    CHECK(environment.out.starts_with("<!-- rollout-audit -->\n### rollout-audit: 1 error, 0 warnings, 0 notes in 2 documents"));
    CHECK(has(environment.out, "\n**Not ready to sign**: 1 of 1 checklist not ready ('Widget Rollout Checklist'); 1 error"));
    CHECK(has(environment.out, "#### Widget Rollout Checklist — `docs/checklist.md`\n"));
    CHECK(has(environment.out, "| 1. Validation Stage (10 Percent Traffic) | 2 of 2 |"));
    CHECK(has(environment.out, "| error | `docs/checklist.md:13` | `evidence-missing` |"));
  }
  SUBCASE("on a terminal without -o it says how to get the page, and exits 2; piped, it writes the page")
  {
    write_repository(tree, false);
    environment.terminal = true;
    CHECK(cli::run({"report", tree.path("docs"), "--no-history"}, environment) == cli::k_exit_usage);
    CHECK(environment.out.empty());
    CHECK(environment.err == "rollout-audit: error: report writes an HTML page, which a terminal does not show: write it "
                             "to a file with -o (rollout-audit report " + tree.path("docs") + " -o report.html), redirect "
                             "it, or give --format markdown\n");
    FakeEnvironment markdown;
    markdown.terminal = true;
    CHECK(cli::run({"report", tree.path(), "--no-history", "--format", "markdown"}, markdown) == cli::k_exit_clean);
    CHECK(markdown.out.starts_with("<!-- rollout-audit -->\n"));
    FakeEnvironment piped;
    CHECK(cli::run({"report", tree.path(), "--no-history"}, piped) == cli::k_exit_clean);
    CHECK(piped.out.starts_with("<!DOCTYPE html>"));
  }
  SUBCASE("usage errors")
  {
    CHECK(cli::run({"report", "--format", "sarif"}, environment) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: --format must be html or markdown, not 'sarif'\n"
                             "(see rollout-audit --help)\n");
  }
}
