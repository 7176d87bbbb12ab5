#include "cli/rules_command.hpp"

#include "audit/audit.hpp"
#include "audit/check.hpp"
#include "cli/setup.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace cli {

namespace {

std::string params_text(const audit::Check& check)
{
  std::string out;
  for (const auto& spec : check.params()) {
    out += fmt::format("- {}: {}\n", spec.name, spec.help);
  }
  return out;
}

std::string explain_rule(const audit::Rule& rule)
{
  std::string out = fmt::format("{} ({}, check {})\n\n{}\n", rule.id, rule.enabled ? audit::to_string(rule.severity) : "off", rule.check,
                                rule.summary);
  if (!rule.help.empty()) {
    out += fmt::format("\n{}", rule.help);
  }
  const auto* check = audit::find_check(rule.check);
  if (const std::string params = check ? params_text(*check) : ""; !params.empty()) {
    out += fmt::format("\nParams of check {}:\n{}", rule.check, params);
  }
  if (const std::string help = check ? check->help() : ""; !help.empty()) {
    out += fmt::format("\n{}", help);
  }
  if (!rule.example.empty()) {
    out += fmt::format("\nExample:\n\n{}", rule.example);
  }
  return out;
}

// A check kind: what it decides, its params, how to use it, and the loaded rules that use it.
std::string explain_check(const audit::CheckEntry& entry, const std::vector<audit::Rule>& rules)
{
  const auto* check = audit::find_check(entry.id);
  std::string out = fmt::format("{} (check)\n\n{}\n", entry.id, entry.description);
  if (const std::string params = params_text(*check); !params.empty()) {
    out += fmt::format("\nParams:\n{}", params);
  }
  if (const std::string help = check->help(); !help.empty()) {
    out += fmt::format("\n{}", help);
  }
  std::vector<std::string> users;
  for (const auto& rule : rules) {
    if (rule.check == entry.id) {
      users.push_back(rule.id);
    }
  }
  out += users.empty() ? "\nNo loaded rule uses it: add one to a rule pack (see README, \"Team rules without C++\").\n"
                       : fmt::format("\nRules using it: {}\n", fmt::join(users, ", "));
  return out;
}

} // namespace

int rules_command(const Options& options, Environment& environment)
{
  // The configuration and its packs, as an audit of this folder would read them: a team's rules are known
  // and a rule the configuration turns off is listed as off.
  const Configuration configuration = load_configuration(options);
  const auto& rules = configuration.rules;
  if (options.list_rules) {
    std::string out;
    for (const auto& rule : rules) {
      out += fmt::format("{:<28} {:<8} {}\n", rule.id, rule.enabled ? audit::to_string(rule.severity) : "off", rule.summary);
    }
    environment.write_out(out);
    return k_exit_clean;
  }
  std::vector<std::string> names;
  for (const auto& rule : rules) {
    if (rule.id == *options.explain) {
      environment.write_out(explain_rule(rule));
      return k_exit_clean;
    }
    names.push_back(rule.id);
  }
  for (const auto& entry : audit::check_registry()) {
    if (entry.id == *options.explain) {
      environment.write_out(explain_check(entry, rules));
      return k_exit_clean;
    }
    names.emplace_back(entry.id);
  }
  std::string message = fmt::format("unknown rule or check '{}'", *options.explain);
  if (auto suggestion = util::closest_match(*options.explain, names)) {
    message += fmt::format(" (did you mean '{}'?)", *suggestion);
  }
  throw util::Fatal(message);
}

} // namespace cli
