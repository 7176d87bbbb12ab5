#pragma once

#include "util/expected.hpp"
#include "util/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cli {

enum class FailOn { error, warning, note, never };
enum class Color { automatic, always, never };

// The leading word of the command line; `audit` when there is none. cli::subcommands() lists the words.
enum class Command { audit, report, test, vocabulary, documents };

struct Options
{
  std::string path = ".";
  std::optional<std::string> root;
  std::string format = "text"; // a name from report::formats()
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
  std::vector<std::string> test_folders; // `rollout-audit test FOLDER...`: the rule tests' fixture folders
  bool list_rules = false;
  std::optional<std::string> explain;
  bool help = false;
  bool version = false;
};

struct Subcommand
{
  std::string_view name;
  Command command;
  std::string_view help; // one line for --help
};

// Every subcommand, in the order --help lists them: one table, which "did you mean" searches too.
const std::vector<Subcommand>& subcommands();

util::Expected<Options> parse_options(const std::vector<std::string>& arguments);

std::string usage_text();

} // namespace cli
