#pragma once

#include "audit/rule.hpp"
#include "cli/options.hpp"
#include "config/config.hpp"
#include "corpus/corpus.hpp"
#include "util/path.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cli {

// Where the audit runs and with what: the repository root, the configuration, the rules and the files.
struct Workspace
{
  std::string root;           // absolute
  util::PathScope audited; // the PATHs (files, folders, globs) relative to the root; everything when none
  config::Config config;
  std::vector<audit::Rule> rules;
  vocabulary::Vocabulary vocabulary; // the packs' words, then the configuration's
  std::vector<std::string> warnings; // for the user, before the report: "--select turns on a rule that is off"
  std::unique_ptr<corpus::FileSystem> file_system;
  std::unique_ptr<corpus::Corpus> corpus;
};

// The root, the configuration and the rules, as every command that reads rules needs them: an audit,
// --list-rules, --explain, the test command.
struct Configuration
{
  std::string root;           // absolute
  util::PathScope audited; // the PATHs (files, folders, globs) relative to the root; everything when none
  config::Config config;
  std::vector<audit::Rule> rules;
  vocabulary::Vocabulary vocabulary; // the packs' words, then the configuration's
  std::vector<std::string> warnings;
};

// The configuration file at the repository root (or --config): read, or left aside for the defaults (what
// `init` surveys the repository with, whatever an existing file says).
inline constexpr std::string_view k_config_name = ".rollout-audit.yaml";
enum class ConfigFile { read, ignored };

// Throws util::Fatal for what stops the run: a missing PATH, PATHs under different roots, a broken
// configuration or rule pack.
Configuration load_configuration(const Options& options, ConfigFile file = ConfigFile::read);

// The audited Markdown read ahead into the corpus on this thread alone, one file at a time, until `stop`: what
// open_workspace does while the built-in pack's YAML is parsed on another thread (a few milliseconds this
// one would only wait), so the pack's thread keeps its core and the readers find the files read. Only among
// the first audit::k_read_chunk Markdown files, the readers' first chunk, so few texts are held before
// their turn.
void read_ahead(const corpus::Corpus& corpus, const util::PathScope& audited, const std::atomic<bool>& stop);

// Whether the workspace's documents are to be read (read_ahead while the pack is parsed), or only its words.
enum class ReadAhead { documents, none };

// Throws util::Fatal for anything that stops the run: a missing PATH, PATHs under different roots, a broken
// configuration or rule pack.
Workspace open_workspace(const Options& options, ConfigFile file = ConfigFile::read, ReadAhead read = ReadAhead::documents);

// --select: only the named rules run; an unknown id stops the run with a "did you mean". Returns a warning
// for each selected rule that a pack or the configuration turned off, which --select turns on again.
std::vector<std::string> select_rules(std::vector<audit::Rule>& rules, const std::vector<std::string>& selected);

// The packs: built-in first, then the configuration's, then --rules.
std::vector<audit::RulePack> load_rule_packs(const Options& options, const config::Config& config, const std::string& root);

} // namespace cli
