#include "cli/options.hpp"

#include "report/report.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace cli {

namespace {

struct OptionSpec
{
  std::string_view name;
  bool takes_value;
  std::string_view help;
};

// The table --help prints and "did you mean" searches: one place for every option.
const std::vector<OptionSpec> k_options{
  {"--format", true, "text (default), json, sarif, github, junit or markdown"},
  {"--output", true, "write the report to FILE instead of standard output (also -o FILE)"},
  {"--config", true, "configuration file (default: .rollout-audit.yaml at the repository root)"},
  {"--rules", true, "add a rule pack (a YAML file or a folder of them); repeatable"},
  {"--select", true, "run only these rules (comma-separated ids); repeatable"},
  {"--root", true, "repository root (default: the nearest folder above PATH with .rollout-audit.yaml or .git)"},
  {"--fail-on", true, "exit 1 when a finding is at or above: error (default), warning, note, never"},
  {"--now", true, "the time to audit at, ISO 8601 (default: the clock); for reproducible runs"},
  {"--changed-since", true, "report only findings on files and lines changed since REV (for PR gates)"},
  {"--baseline", true, "do not report findings recorded in FILE (see --write-baseline)"},
  {"--write-baseline", true, "record the current findings in FILE, to adopt the tool on a repository with findings"},
  {"--staged", false, "audit the git index (what a pre-commit hook sees) instead of the working tree"},
  {"--no-history", false, "do not read git history: every tick and piece of evidence is dated now"},
  {"--no-cache", false, "walk the whole history and parse every document again; read and write nothing in .git/rollout-audit/"},
  {"--color", true, "auto (default), always or never"},
  {"--no-color", false, "same as --color never"},
  {"--list-rules", false, "list the rules with their severity and summary"},
  {"--explain", true, "print the help of one rule"},
  {"--help", false, "print this help"},
  {"--version", false, "print the version"},
};

const std::vector<Subcommand> k_subcommands{
  {"report", Command::report, "the sign-off report (--format html or markdown), e.g. report docs/ -o report.html"},
  {"test", Command::test, "run rule packs on annotated fixture folders, e.g. test --rules team.yaml team-tests/ (docs/team-rules.md)"},
  {"vocabulary", Command::vocabulary, "print the words the recognisers read (rule packs and configuration), and where each came from"},
  {"documents", Command::documents, "list every document with its kind (rollout, plan, record, other), its stages and why (--format json)"},
};

// The formats a subcommand writes, where they are not the audit's.
const std::vector<std::string>& formats_of(Command command)
{
  static const std::vector<std::string> k_report_formats{"html", "markdown"};
  static const std::vector<std::string> k_listing_formats{"text", "json"};
  return command == Command::report ? k_report_formats : command == Command::documents ? k_listing_formats : report::formats();
}

std::vector<std::string> option_names()
{
  std::vector<std::string> names;
  for (const auto& spec : k_options) {
    names.emplace_back(spec.name);
  }
  return names;
}

util::Expected<bool> apply(Options& options, std::string_view name, const std::string& value)
{
  if (name == "--format") {
    const auto& known = formats_of(options.command);
    if (std::find(known.begin(), known.end(), value) == known.end()) {
      std::string message = fmt::format("--format must be one of {}, not '{}'", fmt::join(known, ", "), value);
      if (auto suggestion = util::closest_match(value, known)) {
        message += fmt::format(" (did you mean '{}'?)", *suggestion);
      }
      return util::Failure{message};
    }
    options.format = value;
  } else if (name == "--changed-since") {
    options.changed_since = value;
  } else if (name == "--baseline") {
    options.baseline = value;
  } else if (name == "--write-baseline") {
    options.write_baseline = value;
  } else if (name == "--output") {
    options.output = value;
  } else if (name == "--config") {
    options.config = value;
  } else if (name == "--rules") {
    options.rule_packs.push_back(value);
  } else if (name == "--select") {
    for (auto id : util::split(value, ',')) {
      if (!util::trim(id).empty()) {
        options.select.emplace_back(util::trim(id));
      }
    }
  } else if (name == "--root") {
    options.root = value;
  } else if (name == "--fail-on") {
    const std::pair<std::string_view, FailOn> k_levels[] = {
      {"error", FailOn::error}, {"warning", FailOn::warning}, {"note", FailOn::note}, {"never", FailOn::never}};
    const auto* found = std::find_if(std::begin(k_levels), std::end(k_levels), [&](const auto& level) { return level.first == value; });
    if (found == std::end(k_levels)) {
      return util::Failure{fmt::format("--fail-on must be error, warning, note or never, not '{}'", value)};
    }
    options.fail_on = found->second;
  } else if (name == "--now") {
    options.now = util::parse_timestamp(value);
    if (!options.now) {
      return util::Failure{fmt::format("--now must be an ISO 8601 time like 2025-10-22T17:00:00Z, not '{}'", value)};
    }
  } else if (name == "--color") {
    if (value == "auto") {
      options.color = Color::automatic;
    } else if (value == "always") {
      options.color = Color::always;
    } else if (value == "never") {
      options.color = Color::never;
    } else {
      return util::Failure{fmt::format("--color must be auto, always or never, not '{}'", value)};
    }
  } else if (name == "--staged") {
    options.staged = true;
  } else if (name == "--no-history") {
    options.history = false;
  } else if (name == "--no-cache") {
    options.cache = false;
  } else if (name == "--no-color") {
    options.color = Color::never;
  } else if (name == "--list-rules") {
    options.list_rules = true;
  } else if (name == "--explain") {
    options.explain = value;
  } else if (name == "--help") {
    options.help = true;
  } else if (name == "--version") {
    options.version = true;
  }
  return true;
}

} // namespace

const std::vector<Subcommand>& subcommands()
{
  return k_subcommands;
}

util::Expected<Options> parse_options(const std::vector<std::string>& arguments)
{
  Options options;
  bool path_seen = false;
  size_t first = 0;
  if (!arguments.empty()) { // a subcommand is a leading word only: elsewhere a word is a PATH
    const auto found = std::find_if(k_subcommands.begin(), k_subcommands.end(), [&](const Subcommand& subcommand) {
      return subcommand.name == arguments[0];
    });
    if (found != k_subcommands.end()) {
      options.command = found->command;
      first = 1;
    }
  }
  if (options.command == Command::report) {
    options.format = "html";
  }
  for (size_t i = first; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    if (argument == "-h") {
      options.help = true;
      continue;
    }
    if (argument == "-o") { // the one short option people type without thinking, as in compilers
      if (i + 1 >= arguments.size()) {
        return util::Failure{"-o needs a value"};
      }
      options.output = arguments[++i];
      continue;
    }
    if (!argument.starts_with("--") || argument == "--") {
      const std::string& path = argument == "--" && i + 1 < arguments.size() ? arguments[++i] : argument;
      if (options.command == Command::test) { // the rule tests take several folders
        options.test_folders.push_back(path);
        continue;
      }
      if (path_seen) {
        return util::Failure{fmt::format("one PATH at most; got '{}' and '{}'", options.path, path)};
      }
      options.path = path;
      path_seen = true;
      continue;
    }
    const size_t equals = argument.find('=');
    const std::string name = argument.substr(0, equals);
    const auto spec = std::find_if(k_options.begin(), k_options.end(), [&](const auto& s) { return s.name == name; });
    if (spec == k_options.end()) {
      std::string message = fmt::format("unknown option '{}'", name);
      if (auto suggestion = util::closest_match(name, option_names())) {
        message += fmt::format(" (did you mean '{}'?)", *suggestion);
      }
      return util::Failure{message};
    }
    std::string value;
    if (spec->takes_value) {
      if (equals != std::string::npos) {
        value = argument.substr(equals + 1);
      } else if (i + 1 < arguments.size()) {
        value = arguments[++i];
      } else {
        return util::Failure{fmt::format("{} needs a value", name)};
      }
    } else if (equals != std::string::npos) {
      return util::Failure{fmt::format("{} takes no value", name)};
    }
    auto applied = apply(options, name, value);
    if (!applied) {
      return util::Failure{applied.error()};
    }
  }
  return options;
}

std::string usage_text()
{
  std::string text =
    "Usage: rollout-audit [OPTIONS] [PATH]\n"
    "       rollout-audit COMMAND [OPTIONS] [PATH]\n"
    "\n"
    "Audits the rollout checklists under PATH (default: the current folder): every ticked box is checked\n"
    "against the work log, completion reports and evidence files it claims.\n"
    "\n"
    "Commands:\n";
  for (const auto& subcommand : k_subcommands) {
    text += fmt::format("  {:<20} {}\n", subcommand.name, subcommand.help);
  }
  text += "\nOptions:\n";
  for (const auto& spec : k_options) {
    const std::string left = spec.takes_value ? fmt::format("{} VALUE", spec.name) : std::string(spec.name);
    text += fmt::format("  {:<20} {}\n", left, spec.help);
  }
  text += "\nExit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, configuration or rule errors.\n";
  return text;
}

} // namespace cli
