#include "cli/options.hpp"

#include "report/report.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace cli {

namespace {

// The table --help and the man page print and "did you mean" searches: one place for every option.
const std::vector<OptionSpec> k_options{
  {"--format", true, "text (default), json, sarif, github, junit, markdown, rdjson or rdjsonl; report: html (default) or markdown; documents: text (default) or json"},
  {"--output", true, "write the report to FILE instead of standard output", "-o"},
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
  {"--color", true, "auto (default: colour on a terminal unless NO_COLOR is set), always or never"},
  {"--no-color", false, "same as --color never"},
  {"--force", false, "init: replace the file -o names when it is there"},
  {"--list-rules", false, "list the rules with their severity and summary"},
  {"--explain", true, "print the help of one rule"},
  {"--help", false, "print this help", "-h"},
  {"--version", false, "print the version"},
};

const std::vector<Subcommand> k_subcommands{
  {"report", Command::report, "the sign-off report (--format html or markdown), e.g. report docs/ -o report.html", {"html", "markdown"}},
  {"test", Command::test, "run rule packs on annotated fixture folders, e.g. test --rules team.yaml team-tests/ (docs/team-rules.md)"},
  {"vocabulary", Command::vocabulary, "print the words the recognisers read (rule packs and configuration), and where each came from"},
  {"documents", Command::documents, "list every document with its kind (rollout, plan, record, other), its stages and why (--format json)",
   {"text", "json"}},
  {"init", Command::init, "propose a commented .rollout-audit.yaml from what the repository holds, e.g. init -o .rollout-audit.yaml", {"yaml"}},
};

std::vector<std::string> option_names()
{
  std::vector<std::string> names;
  for (const auto& spec : k_options) {
    names.emplace_back(spec.name);
  }
  return names;
}

const std::vector<std::string>& formats_of(Command command)
{
  for (const auto& subcommand : k_subcommands) {
    if (subcommand.command == command && !subcommand.formats.empty()) {
      return subcommand.formats;
    }
  }
  return report::formats();
}

// "a, b or c" (or "a, b and c")
std::string either(const std::vector<std::string>& words, std::string_view conjunction = "or")
{
  if (words.size() < 2) {
    return words.empty() ? std::string() : words.front();
  }
  return fmt::format("{} {} {}", fmt::join(words.begin(), words.end() - 1, ", "), conjunction, words.back());
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& known)
{
  const auto suggestion = util::closest_match(name, known);
  return suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : std::string();
}

// The value of an option that takes one of a few words: an error naming them all and the closest.
util::Expected<size_t> pick(std::string_view option, const std::string& value, const std::vector<std::string>& known)
{
  const auto found = std::find(known.begin(), known.end(), value);
  if (found == known.end()) {
    return util::Failure{fmt::format("{} must be {}, not '{}'{}", option, either(known), value, did_you_mean(value, known))};
  }
  return static_cast<size_t>(found - known.begin());
}

util::Expected<bool> apply_choice(Options& options, std::string_view name, const std::string& value)
{
  if (name == "--format") {
    auto index = pick(name, value, formats_of(options.command));
    if (!index) {
      return util::Failure{index.error()};
    }
    options.format = value;
  } else if (name == "--fail-on") {
    static const std::vector<std::string> k_levels{"error", "warning", "note", "never"};
    auto index = pick(name, value, k_levels);
    if (!index) {
      return util::Failure{index.error()};
    }
    options.fail_on = static_cast<FailOn>(*index);
  } else if (name == "--color") {
    static const std::vector<std::string> k_colors{"auto", "always", "never"};
    auto index = pick(name, value, k_colors);
    if (!index) {
      return util::Failure{index.error()};
    }
    options.color = static_cast<Color>(*index);
  }
  return true;
}

util::Expected<bool> apply(Options& options, std::string_view name, const std::string& value)
{
  if (name == "--format" || name == "--fail-on" || name == "--color") {
    return apply_choice(options, name, value);
  }
  if (name == "--changed-since") {
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
  } else if (name == "--now") {
    options.now = util::parse_timestamp(value);
    if (!options.now) {
      return util::Failure{fmt::format("--now must be an ISO 8601 time like 2025-10-22T17:00:00Z, not '{}'", value)};
    }
  } else if (name == "--staged") {
    options.staged = true;
  } else if (name == "--no-history") {
    options.history = false;
  } else if (name == "--no-cache") {
    options.cache = false;
  } else if (name == "--force") {
    options.force = true;
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

// An option's spec by its long name or, for a word with one dash, its short one; nullptr when unknown.
const OptionSpec* find_option(std::string_view name)
{
  const auto spec = std::find_if(k_options.begin(), k_options.end(), [&](const OptionSpec& s) {
    return name.starts_with("--") ? s.name == name : !s.short_name.empty() && s.short_name == name;
  });
  return spec == k_options.end() ? nullptr : &*spec;
}

std::string unknown_option(std::string_view name)
{
  std::string message = fmt::format("unknown option '{}'", name);
  if (name.starts_with("--")) {
    return message + did_you_mean(name, option_names());
  }
  // "-format" is a long option typed with one dash; "-v" is a letter we do not have.
  if (name.size() > 2) {
    if (auto suggestion = util::closest_match(fmt::format("-{}", name), option_names())) {
      return message + fmt::format(" (did you mean '{}'?)", *suggestion);
    }
  }
  std::vector<std::string> shorts;
  for (const auto& spec : k_options) {
    if (!spec.short_name.empty()) {
      shorts.emplace_back(spec.short_name);
    }
  }
  return message + fmt::format(" (the short options are {}; a path starting with '-' goes after --)", either(shorts, "and"));
}

// The subcommand a leading word names; otherwise, for a plain word close to one, the guess.
void read_subcommand(Options& options, const std::string& word, size_t& first)
{
  const auto found = std::find_if(k_subcommands.begin(), k_subcommands.end(), [&](const Subcommand& subcommand) {
    return subcommand.name == word;
  });
  if (found != k_subcommands.end()) {
    options.command = found->command;
    first = 1;
    return;
  }
  if (word.find_first_of("/.*?[-") != std::string::npos) {
    return; // a path or a glob, not a word
  }
  std::vector<std::string> names;
  for (const auto& subcommand : k_subcommands) {
    names.emplace_back(subcommand.name);
  }
  options.subcommand_guess = util::closest_match(word, names);
}

// Words joined into lines of at most `width` characters, for --help at a terminal.
std::string wrap(std::string_view text, size_t width)
{
  std::string out;
  size_t line = 0;
  for (const auto word : util::split(text, ' ')) {
    if (line > 0 && line + 1 + word.size() > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += word.size();
  }
  return out;
}

} // namespace

const std::vector<Subcommand>& subcommands()
{
  return k_subcommands;
}

const std::vector<OptionSpec>& option_specs()
{
  return k_options;
}

util::Expected<Options> parse_options(const std::vector<std::string>& arguments)
{
  Options options;
  size_t first = 0;
  if (!arguments.empty()) { // a subcommand is a leading word only: elsewhere a word is a PATH
    read_subcommand(options, arguments[0], first);
  }
  options.format = formats_of(options.command).front();
  bool only_paths = false; // after "--"
  for (size_t i = first; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    if (only_paths || argument.size() < 2 || argument[0] != '-') {
      options.paths.push_back(argument);
      continue;
    }
    if (argument == "--") {
      only_paths = true;
      continue;
    }
    const size_t equals = argument.starts_with("--") ? argument.find('=') : std::string::npos;
    const std::string name = argument.substr(0, equals);
    const OptionSpec* spec = find_option(name);
    if (!spec) {
      return util::Failure{unknown_option(name)};
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
    auto applied = apply(options, spec->name, value);
    if (!applied) {
      return util::Failure{applied.error()};
    }
  }
  return options;
}

std::string usage_text()
{
  std::string text = fmt::format("Usage: rollout-audit [OPTIONS] [PATH...]\n"
                                 "       rollout-audit COMMAND [OPTIONS] [PATH...]\n"
                                 "\n"
                                 "{}\n"
                                 "\n"
                                 "Commands:\n",
                                 wrap(k_description, 104));
  for (const auto& subcommand : k_subcommands) {
    text += fmt::format("  {:<20} {}\n", subcommand.name, subcommand.help);
  }
  text += "\nOptions:\n";
  for (const auto& spec : k_options) {
    std::string left = spec.takes_value ? fmt::format("{} VALUE", spec.name) : std::string(spec.name);
    if (!spec.short_name.empty()) {
      left += fmt::format(", {}", spec.short_name);
    }
    text += fmt::format("  {:<20} {}\n", left, spec.help);
  }
  text += fmt::format("\n{}\n", wrap(fmt::format("Exit status: {}", k_exit_status), 104));
  return text;
}

} // namespace cli
