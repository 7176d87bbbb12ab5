#include "cli/report_command.hpp"

#include "cli/audit_run.hpp"
#include "report/report_model.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <system_error>

namespace cli {

namespace {

// Where the repository root is seen from the folder the page is written to, so its file:line links open
// the documents: "../work/" or "" (relative links keep working when both move together); the root's
// absolute path when no relative one exists.
std::string link_base(const std::string& root, const std::optional<std::string>& output)
{
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path folder = output ? fs::absolute(fs::path(*output), error).parent_path() : fs::current_path(error);
  fs::path relative;
  if (!error) {
    relative = fs::weakly_canonical(fs::path(root), error).lexically_relative(fs::weakly_canonical(folder, error));
  }
  std::string base = relative.empty() || error ? fs::path(root).generic_string() : relative.generic_string();
  if (base == ".") {
    return "";
  }
  return base.ends_with('/') ? base : base + "/";
}

// An HTML page on a terminal is 80 KB of markup no one can read: say how to get the page instead. Piped or
// redirected output is a file, and gets the page.
void refuse_terminal(const Options& options, const Environment& environment)
{
  if (options.output || options.format != "html" || !environment.out_is_terminal()) {
    return;
  }
  std::string paths;
  for (const auto& path : options.paths) {
    paths += ' ';
    paths += path;
  }
  throw util::Fatal(fmt::format("report writes an HTML page, which a terminal does not show: write it to a file with "
                                "-o (rollout-audit report{} -o report.html), redirect it, or give --format markdown",
                                paths));
}

} // namespace

int report_command(const Options& options, Environment& environment)
{
  refuse_terminal(options, environment);
  // The report's job is the page: findings are what it shows, not a failure of the command.
  with_audit(options, environment, [&](const AuditRun& run) {
    report::ReportModel model = report::build_report_model(&run.facts, run.result, run.info);
    model.link_base = link_base(run.workspace.root, options.output);
    const std::string text = options.format == "markdown" ? report::format_markdown(model) : report::format_html(model);
    if (options.output) {
      std::ofstream out(*options.output, std::ios::binary | std::ios::trunc);
      if (!out || !(out << text)) {
        throw util::Fatal(fmt::format("cannot write {}", *options.output));
      }
    } else {
      environment.write_out(text);
    }
  });
  return k_exit_clean;
}

} // namespace cli
