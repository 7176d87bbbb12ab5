#include "cli/options.hpp"
#include "cli/run.hpp"

#include "../support/fake_environment.hpp"
#include "../support/temp_tree.hpp"
#include "../support/widget_repository.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>

namespace {

using test_support::FakeEnvironment;

std::string parse_error(const std::vector<std::string>& arguments)
{
  const auto options = cli::parse_options(arguments);
  REQUIRE_FALSE(options);
  return options.error();
}

// A second checklist beside the widget's, in another folder, with the same missing entry.
const char* const k_gadget_checklist = "---\n"
                                       "title: Gadget Rollout Checklist\n"
                                       "owner: platform\n"
                                       "status: Draft\n"
                                       "last_reviewed: 2025-10-01\n"
                                       "---\n"
                                       "\n"
                                       "# Gadget Rollout Checklist\n"
                                       "\n"
                                       "## 1. Validation Stage (10 Percent Traffic)\n"
                                       "\n"
                                       "- [x] Record findings in `docs/work-log.md` under a new Gadget validation entry.\n";

std::string canonical(const std::string& path)
{
  return std::filesystem::canonical(path).string();
}

} // namespace

TEST_CASE("parse_options paths")
{
  SUBCASE("several files, folders and globs, as pre-commit and a shell pass them")
  {
    const auto options = cli::parse_options({"docs/a.md", "--no-history", "docs/b.md", "plans/", "docs/**/*.md"});
    REQUIRE(options);
    CHECK(options->paths == std::vector<std::string>{"docs/a.md", "docs/b.md", "plans/", "docs/**/*.md"});
    CHECK(options->command == cli::Command::audit);
  }
  SUBCASE("none: the current folder")
  {
    CHECK(cli::parse_options({"--no-history"})->paths.empty());
  }
  SUBCASE("after -- every word is a path, even one starting with '-'")
  {
    const auto options = cli::parse_options({"--", "-notes.md", "--staged"});
    REQUIRE(options);
    CHECK(options->paths == std::vector<std::string>{"-notes.md", "--staged"});
    CHECK_FALSE(options->staged);
  }
  SUBCASE("a lone '-' is a path, not an option")
  {
    CHECK(cli::parse_options({"-"})->paths == std::vector<std::string>{"-"});
  }
}

TEST_CASE("parse_options unknown options")
{
  CHECK(parse_error({"-x", "docs"}) == "unknown option '-x' (the short options are -o and -h; a path starting with '-' goes after --)");
  CHECK(parse_error({"-format", "json"}) == "unknown option '-format' (did you mean '--format'?)");
  CHECK(parse_error({"--no-histroy"}) == "unknown option '--no-histroy' (did you mean '--no-history'?)");
  CHECK(parse_error({"-o"}) == "-o needs a value");
  CHECK(parse_error({"--staged=yes"}) == "--staged takes no value");
  CHECK(cli::parse_options({"-o", "out.txt"})->output == "out.txt");
  CHECK(cli::parse_options({"-h"})->help);
}

TEST_CASE("parse_options values")
{
  CHECK(parse_error({"--fail-on", "warnings"}) == "--fail-on must be error, warning, note or never, not 'warnings' (did you mean 'warning'?)");
  CHECK(parse_error({"--fail-on", "fatal"}) == "--fail-on must be error, warning, note or never, not 'fatal'");
  CHECK(parse_error({"--color", "alwyas"}) == "--color must be auto, always or never, not 'alwyas' (did you mean 'always'?)");
  CHECK(parse_error({"--format", "jsno"})
        == "--format must be text, json, sarif, github, junit, markdown, rdjson or rdjsonl, not 'jsno' (did you mean 'json'?)");
  CHECK(parse_error({"report", "--format", "htm"}) == "--format must be html or markdown, not 'htm' (did you mean 'html'?)");
  CHECK(cli::parse_options({"--fail-on=warning"})->fail_on == cli::FailOn::warning);
  CHECK(cli::parse_options({"--color", "never"})->color == cli::Color::never);
}

TEST_CASE("parse_options subcommands")
{
  SUBCASE("each row of the table is a leading word with its own formats, the default first")
  {
    for (const auto& subcommand : cli::subcommands()) {
      const auto options = cli::parse_options({std::string(subcommand.name)});
      REQUIRE(options);
      CHECK(options->command == subcommand.command);
      CHECK(options->paths.empty());
      if (!subcommand.formats.empty()) {
        CHECK(options->format == subcommand.formats.front());
      }
    }
  }
  SUBCASE("a leading word close to one is kept as a guess for when no such path exists")
  {
    CHECK(cli::parse_options({"reprot"})->subcommand_guess == "report");
    CHECK_FALSE(cli::parse_options({"docs"})->subcommand_guess);
    CHECK_FALSE(cli::parse_options({"docs/reprot"})->subcommand_guess);
    CHECK_FALSE(cli::parse_options({"--no-history", "reprot"})->subcommand_guess);
  }
}

TEST_CASE("usage_text")
{
  const std::string text = cli::usage_text();
  for (const auto& subcommand : cli::subcommands()) {
    CHECK(text.find(fmt::format("\n  {:<20} {}\n", subcommand.name, subcommand.help)) != std::string::npos);
  }
  for (const auto& spec : cli::option_specs()) {
    CHECK(text.find(std::string(spec.name)) != std::string::npos);
  }
  CHECK(text.find("\n  --output VALUE, -o   write the report to FILE instead of standard output\n") != std::string::npos);
}

TEST_CASE("run several paths")
{
  test_support::TempTree tree;
  FakeEnvironment environment;
  test_support::write_widget_repository(tree, "");
  tree.write("plans/gadget.md", k_gadget_checklist);
  tree.write("other/gadget.md", k_gadget_checklist);

  SUBCASE("only the files, folders and globs named are audited; evidence comes from everywhere")
  {
    CHECK(cli::run({tree.path("docs/checklist.md"), tree.path("plans"), "--no-history"}, environment) == cli::k_exit_findings);
    INFO(environment.out);
    CHECK(environment.out.find("docs/checklist.md:13:1: error:") != std::string::npos);
    CHECK(environment.out.find("plans/gadget.md:12:1: error:") != std::string::npos);
    CHECK(environment.out.find("other/gadget.md") == std::string::npos);
    CHECK(environment.out.ends_with("2 errors, 0 warnings, 0 notes in 2 documents (2 rollouts; 3 of 3 boxes ticked)\n"));
  }
  SUBCASE("a glob no shell expanded: '**' crosses folders, '*' stays in one")
  {
    CHECK(cli::run({tree.path() + "/**/gadget.md", "--no-history"}, environment) == cli::k_exit_findings);
    CHECK(environment.out.find("plans/gadget.md:12:1") != std::string::npos);
    CHECK(environment.out.find("other/gadget.md:12:1") != std::string::npos);
    CHECK(environment.out.find("docs/checklist.md") == std::string::npos);
    FakeEnvironment top;
    CHECK(cli::run({tree.path() + "/*.md", "--no-history"}, top) == cli::k_exit_clean);
    CHECK(top.out == "0 errors, 0 warnings, 0 notes in 0 documents (0 of 0 boxes ticked)\n");
  }
  SUBCASE("a glob whose folder does not exist")
  {
    CHECK(cli::run({tree.path("nope") + "/*.md"}, environment) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: " + tree.path("nope") + "/*.md: no such file or folder\n");
  }
  SUBCASE("paths in two repositories")
  {
    test_support::TempTree other;
    test_support::write_widget_repository(other, "");
    CHECK(cli::run({tree.path(), other.path()}, environment) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: " + other.path() + " is outside the repository root " + canonical(tree.path()) + "\n");
  }
  SUBCASE("a misspelt subcommand that is no path either")
  {
    CHECK(cli::run({"reprot", "--no-history"}, environment) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: reprot: no such file or folder, and no such command (did you mean 'report'?)\n");
  }
}

TEST_CASE("run text output")
{
  test_support::TempTree tree;
  test_support::write_widget_repository(tree, "");
  tree.write("docs/bad.md", std::string("# Bad\n\n- [x] caf\xff\n", 18));

  SUBCASE("paths are shown from the current folder, so file:line opens from there")
  {
    FakeEnvironment environment;
    environment.cwd = canonical(tree.path("docs"));
    CHECK(cli::run({tree.path(), "--no-history"}, environment) == cli::k_exit_findings);
    INFO(environment.out);
    const std::string lines = "\n" + environment.out;
    CHECK(lines.find("\nbad.md:3: warning: not valid UTF-8") != std::string::npos);
    CHECK(lines.find("\nchecklist.md:13:1: error: ticked, but `docs/work-log.md` has no entry") != std::string::npos);
    FakeEnvironment elsewhere;
    elsewhere.cwd = canonical(tree.path()) + "/plans";
    cli::run({tree.path(), "--no-history"}, elsewhere);
    CHECK(("\n" + elsewhere.out).find("\n../docs/checklist.md:13:1: error:") != std::string::npos);
  }
  SUBCASE("machine formats stay repository-relative")
  {
    FakeEnvironment environment;
    environment.cwd = canonical(tree.path("docs"));
    cli::run({tree.path(), "--no-history", "--format", "github"}, environment);
    INFO(environment.out);
    CHECK(("\n" + environment.out).find("\n::error file=docs/checklist.md,line=13,") != std::string::npos);
    FakeEnvironment json;
    json.cwd = environment.cwd;
    cli::run({tree.path(), "--no-history", "--format", "json"}, json);
    CHECK(json.out.find("\"file\": \"docs/checklist.md\"") != std::string::npos);
  }
  SUBCASE("colour on a terminal, unless NO_COLOR is set; --color always wins")
  {
    FakeEnvironment terminal;
    terminal.terminal = true;
    cli::run({tree.path(), "--no-history"}, terminal);
    CHECK(terminal.out.find("\x1b[1mdocs/checklist.md:13:1\x1b[0m: \x1b[1;31merror\x1b[0m") != std::string::npos);
    FakeEnvironment no_color;
    no_color.terminal = true;
    no_color.variables["NO_COLOR"] = "1";
    cli::run({tree.path(), "--no-history"}, no_color);
    CHECK(no_color.out.find('\x1b') == std::string::npos);
    FakeEnvironment forced;
    forced.variables["NO_COLOR"] = "1";
    cli::run({tree.path(), "--no-history", "--color", "always"}, forced);
    CHECK(forced.out.find("\x1b[1;31merror\x1b[0m") != std::string::npos);
  }
}
