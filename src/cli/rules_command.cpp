#include "cli/rules_command.hpp"

#include "audit/audit.hpp"
#include "cli/setup.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace cli {

int rules_command(const Options& options, Environment& environment)
{
  config::Config config;
  auto packs = load_rule_packs(options, config, std::filesystem::current_path().string());
  auto rules = audit::assemble_rules(packs, config);
  if (!rules) {
    throw util::Fatal(rules.error());
  }
  if (options.list_rules) {
    std::string out;
    for (const auto& rule : *rules) {
      out += fmt::format("{:<28} {:<8} {}\n", rule.id, rule.enabled ? audit::to_string(rule.severity) : "off", rule.summary);
    }
    environment.write_out(out);
    return k_exit_clean;
  }
  std::vector<std::string> ids;
  for (const auto& rule : *rules) {
    if (rule.id == *options.explain) {
      std::string out = fmt::format("{} ({}, check {})\n\n{}\n", rule.id, audit::to_string(rule.severity), rule.check, rule.summary);
      if (!rule.help.empty()) {
        out += fmt::format("\n{}", rule.help);
      }
      if (!rule.example.empty()) {
        out += fmt::format("\nExample:\n\n{}", rule.example);
      }
      environment.write_out(out);
      return k_exit_clean;
    }
    ids.push_back(rule.id);
  }
  std::string message = fmt::format("unknown rule '{}'", *options.explain);
  if (auto suggestion = util::closest_match(*options.explain, ids)) {
    message += fmt::format(" (did you mean '{}'?)", *suggestion);
  }
  throw util::Fatal(message);
}

} // namespace cli
