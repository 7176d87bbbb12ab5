#include "cli/init_command.hpp"

#include "audit/audit.hpp"
#include "audit/facts.hpp"
#include "audit/rule.hpp"
#include "cli/setup.hpp"
#include "init/proposal.hpp"
#include "init/survey.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace cli {

namespace {

// The keys the loaded front-matter rule requires: the built-in pack's, or what --rules made of them.
std::vector<std::string> required_front_matter(const std::vector<audit::Rule>& rules)
{
  std::vector<std::string> keys;
  const auto rule = std::find_if(rules.begin(), rules.end(), [](const audit::Rule& r) { return r.id == "front-matter"; });
  if (rule != rules.end() && rule->params["required"].IsSequence()) {
    for (const auto& key : rule->params["required"]) {
      keys.push_back(key.as<std::string>());
    }
  }
  return keys;
}

// Reads the proposal back as a run reads .rollout-audit.yaml: its keys, its rule overrides against the packs.
void check_proposal(const std::string& text, const Options& options, const std::string& root)
{
  const auto refuse = [](const std::string& why) {
    throw util::Fatal(fmt::format("init proposed a configuration the audit refuses (a bug in rollout-audit; please report it): {}", why));
  };
  auto config = config::parse_config(k_config_name, text);
  if (!config) {
    refuse(config.error());
  }
  const auto packs = load_rule_packs(options, *config, root);
  if (auto words = audit::assemble_vocabulary(packs, config->vocabulary); !words) {
    refuse(words.error());
  }
  if (auto rules = audit::assemble_rules(packs, *config); !rules) {
    refuse(rules.error());
  }
}

void write_new_file(const std::string& path, const std::string& text, bool force)
{
  std::error_code error;
  if (!force && fs::exists(path, error)) {
    throw util::Fatal(fmt::format("{} is there already: init never replaces a file; --force replaces it", path));
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out || !(out << text)) {
    throw util::Fatal(fmt::format("cannot write {}", path));
  }
}

} // namespace

int init_command(const Options& options, Environment& environment)
{
  if (options.paths.size() > 1) {
    throw util::Fatal(fmt::format("init looks at one repository: give one PATH in it, not {}", options.paths.size()));
  }
  // The documents as they stand: no history to read, no cache to keep.
  Options survey = options;
  survey.history = false;
  survey.cache = false;
  const Workspace workspace = open_workspace(survey, ConfigFile::ignored);
  const audit::WorkingTreeTimeline timeline(options.now.value_or(environment.now()));
  const audit::Facts facts = audit::build_facts(*workspace.corpus, workspace.config, workspace.vocabulary, timeline, util::PathScope(""));
  init::Defaults defaults;
  defaults.config = workspace.config;
  defaults.required_front_matter = required_front_matter(workspace.rules);
  std::error_code error;
  defaults.existing_file = fs::exists(fs::path(workspace.root) / k_config_name, error);
  const std::string text = init::propose_config(init::survey_repository(facts), defaults);
  check_proposal(text, options, workspace.root);
  if (options.output) {
    write_new_file(*options.output, text, options.force);
  } else {
    environment.write_out(text);
  }
  return k_exit_clean;
}

} // namespace cli
