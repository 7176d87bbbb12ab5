#include "cli/man_page.hpp"

#include "cli/options.hpp"

#include <fmt/format.h>

namespace cli {

namespace {

// Text for roff: a backslash is "\e", a line starting with '.' or '\'' would be a request, and '-' in an
// option is a minus sign ("\-") so that it can be searched and copied.
std::string roff(std::string_view text, bool minus = false)
{
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-' && minus) {
      out += "\\-";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) {
    out.insert(0, "\\&");
  }
  return out;
}

std::string option_entry(const OptionSpec& spec)
{
  std::string head = fmt::format(".TP\n.B {}", roff(spec.name, true));
  if (spec.takes_value) {
    head += " \\fIVALUE\\fR";
  }
  if (!spec.short_name.empty()) {
    head += fmt::format(", \\fB{}\\fR", roff(spec.short_name, true));
  }
  return fmt::format("{}\n{}\n", head, roff(spec.help));
}

} // namespace

std::string man_page()
{
  std::string out = fmt::format(".TH ROLLOUT\\-AUDIT 1 \"\" \"rollout-audit {}\" \"User Commands\"\n", ROLLOUT_AUDIT_VERSION);
  out += ".SH NAME\nrollout-audit \\- audit rollout checklists against their evidence\n";
  out += ".SH SYNOPSIS\n.B rollout-audit\n[\\fIOPTIONS\\fR] [\\fIPATH\\fR...]\n.br\n.B rollout-audit\n"
         "\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIPATH\\fR...]\n";
  out += fmt::format(".SH DESCRIPTION\n{}\n", roff(k_description));
  out += ".PP\nOutput is one line per finding, \\fIpath\\fR:\\fIline\\fR:\\fIcol\\fR: \\fIseverity\\fR: \\fImessage\\fR "
         "[\\fIrule-id\\fR], with paths shown from the current folder, then input problems and a summary line.\n";
  out += ".SH COMMANDS\n";
  for (const auto& subcommand : subcommands()) {
    out += fmt::format(".TP\n.B {}\n{}\n", roff(subcommand.name), roff(subcommand.help));
  }
  out += ".SH OPTIONS\n";
  for (const auto& spec : option_specs()) {
    out += option_entry(spec);
  }
  out += fmt::format(".SH EXIT STATUS\n{}\n", roff(k_exit_status));
  out += ".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nWhen set and not empty, the text output has no colour unless "
         "\\fB\\-\\-color always\\fR is given.\n.TP\n.B GITHUB_STEP_SUMMARY\nWith \\fB\\-\\-format github\\fR, every "
         "finding is also appended to this file as a Markdown table.\n";
  out += ".SH FILES\n.TP\n.I .rollout\\-audit.yaml\nThe configuration, at the repository root.\n.TP\n"
         ".I .git/rollout\\-audit/\nThe caches of the history walk and of what each document yields; the only "
         "files the tool writes besides those an option names.\n";
  out += ".SH SEE ALSO\n.BR git (1).\n"
         "The rule pages, the output formats and CI set-ups are in /usr/share/doc/rollout\\-audit/.\n";
  return out;
}

} // namespace cli
