#include "cli/man_page.hpp"
#include "cli/options.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>

namespace {

// An option's name as roff writes it: "\-\-format".
std::string roff_name(std::string_view name)
{
  std::string out;
  for (char c : name) {
    out += c == '-' ? std::string("\\-") : std::string(1, c);
  }
  return out;
}

} // namespace

TEST_CASE("man_page")
{
  const std::string page = cli::man_page();
  CHECK(page.starts_with(fmt::format(".TH ROLLOUT\\-AUDIT 1 \"\" \"rollout-audit {}\" \"User Commands\"\n.SH NAME\n", ROLLOUT_AUDIT_VERSION)));
  for (const auto& section : {".SH SYNOPSIS\n", ".SH DESCRIPTION\n", ".SH COMMANDS\n", ".SH OPTIONS\n", ".SH EXIT STATUS\n", ".SH ENVIRONMENT\n"}) {
    CHECK(page.find(section) != std::string::npos);
  }
  // Every row of both tables, as --help prints them: the page is made from the same tables.
  for (const auto& subcommand : cli::subcommands()) {
    CHECK(page.find(fmt::format(".TP\n.B {}\n{}\n", subcommand.name, subcommand.help)) != std::string::npos);
  }
  for (const auto& spec : cli::option_specs()) {
    CAPTURE(spec.name);
    CHECK(page.find(fmt::format(".TP\n.B {}", roff_name(spec.name))) != std::string::npos);
  }
  CHECK(page.find(".B \\-\\-output \\fIVALUE\\fR, \\fB\\-o\\fR\nwrite the report to FILE instead of standard output\n") != std::string::npos);
  // A line starting with '.' is one of the few requests the page uses, never text that roff would take for one.
  size_t start = 0;
  while (start < page.size()) {
    const size_t end = page.find('\n', start);
    const std::string_view line(page.data() + start, (end == std::string::npos ? page.size() : end) - start);
    if (line.starts_with(".")) {
      const std::string_view request = line.substr(0, line.find(' '));
      CAPTURE(line);
      CHECK((request == ".TH" || request == ".SH" || request == ".B" || request == ".I" || request == ".BR" || request == ".TP"
             || request == ".PP" || request == ".br"));
    }
    start = end == std::string::npos ? page.size() : end + 1;
  }
}
