#pragma once

#include "util/expected.hpp"
#include "util/time.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cli {

enum class FailOn { error, warning, note, never };
enum class Color { automatic, always, never };

// The leading word of the command line; `audit` when there is none. cli::subcommands() lists the words.
enum class Command { audit, report, test, vocabulary, documents, init };

struct Options
{
  // Files, folders and globs to audit (what pre-commit passes, `docs/**/*.md`); none means the current
  // folder. Evidence is read from the whole repository whatever they name.
  std::vector<std::string> paths;
  // A leading word that is no subcommand but looks like a misspelt one ("reprot"): named in the error when
  // no such file exists either.
  std::optional<std::string> subcommand_guess;
  std::optional<std::string> root;
  std::string format = "text"; // a name from the subcommand's formats (report::formats() for the audit)
  std::optional<std::string> output;
  std::optional<std::string> config;
  std::vector<std::string> rule_packs;
  std::vector<std::string> select; // only these rule ids, when given
  FailOn fail_on = FailOn::error;
  std::optional<util::Timestamp> now;
  bool history = true;  // --no-history: date everything as of now
  bool cache = true;    // --no-cache: no history cache under .git
  bool staged = false;  // audit the git index instead of the working tree
  std::optional<std::string> changed_since;  // report only findings on lines changed since this revision
  std::optional<std::string> baseline;       // findings recorded here are not reported
  std::optional<std::string> write_baseline; // record the current findings here
  Color color = Color::automatic;
  Command command = Command::audit; // `rollout-audit report ...`: the sign-off report (html or markdown), docs/report.md
  bool force = false; // init -o: replace a file that is there
  bool list_rules = false;
  std::optional<std::string> explain;
  bool help = false;
  bool version = false;
};

struct Subcommand
{
  std::string_view name;
  Command command;
  std::string_view help; // one line for --help and the man page
  // What --format takes after this word, the default first; empty: the audit's (report::formats()).
  std::vector<std::string> formats = {};
};

// Every subcommand, in the order --help lists them: one table, which parsing, --help, the man page and
// "did you mean" all read. A new subcommand is a row here and a case in cli::run.
const std::vector<Subcommand>& subcommands();

// One option as --help and the man page describe it.
struct OptionSpec
{
  std::string_view name;
  bool takes_value;
  std::string_view help;
  std::string_view short_name = {}; // "-o", "-h"
};

// Every option, in the order --help lists them: the one table parsing and "did you mean" search too.
const std::vector<OptionSpec>& option_specs();

// What the tool does, in the words --help and the man page share.
inline constexpr std::string_view k_description =
  "Audits the rollout checklists under each PATH (a file, a folder or a glob such as 'docs/**/*.md'; default: the "
  "current folder): every ticked box is checked against the work log, completion reports and evidence files it "
  "claims, which are read from the whole repository.";
inline constexpr std::string_view k_exit_status =
  "0 nothing at or above --fail-on (and report and --write-baseline once written), 1 findings at or above it, 2 usage, "
  "configuration or rule errors.";

util::Expected<Options> parse_options(const std::vector<std::string>& arguments);

std::string usage_text();

} // namespace cli
