#pragma once

#include "util/expected.hpp"
#include "vocabulary/vocabulary.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace config {

// What a Markdown document is, which decides the rules that look at it (docs/kinds.md): a rollout's
// checklist, a plan held against an execution checklist, a record of what happened, or anything else.
enum class Kind { rollout, plan, record, other };

// "rollout", "plan", "record", "other": the names in `kinds:`, a rule's `select: kinds:` and the front
// matter's `audit_kind`, in this order.
const std::vector<std::string>& kind_names();
std::string_view to_string(Kind kind);
std::optional<Kind> parse_kind(std::string_view name);
// "'rolout' is not a kind (did you mean 'rollout'?); kinds are rollout, plan, record, other"
std::string unknown_kind_message(std::string_view name);

// `kinds:` in the configuration: documents whose path matches a glob have that kind, whatever their words
// say. The first kind (in the order written) whose globs match wins.
struct KindGlobs
{
  Kind kind = Kind::other;
  std::vector<std::string> globs;
  int line = 0; // of the kind's key, for the reason `rollout-audit documents` gives
};

// Per-rule overrides from the configuration: `rules: {front-matter: warning}` or
// `rules: {front-matter: {severity: off, params: {required: [title]}}}`.
struct RuleOverride
{
  std::string severity; // "error", "warning", "note", "off", or empty for unchanged
  YAML::Node params;    // merged over the rule's own params
  std::optional<std::vector<std::string>> kinds; // the kinds of documents the rule looks at, when given
  int line = 0;
};

// `limits:` in the configuration: how much one run reads at most, so a hostile or accidental input (a 50 MB
// log named .md, a list nested a hundred thousand deep, a vendored tree of a million files) costs bounded
// time and memory. Past a limit the rest is skipped and an input note names the file (docs/limits.md).
struct Limits
{
  uint64_t max_file_bytes = 16 * 1024 * 1024; // a larger file is not read
  uint64_t max_files = 200000;                // files past this many are not audited
  int max_folder_depth = 64;                  // folders nested deeper are not descended
  int max_nesting = 100;                      // task items inside more lists and block quotes are not read
};

// Which files play which role, and what the team changed. The defaults fit the seed's layout, so a
// repository without a configuration file works as it is.
struct Config
{
  std::string path; // where it was read from; empty for the defaults
  std::string text; // its bytes, to name the column of a fault inside one of its strings
  std::vector<std::string> checklists{"**/*.md", "**/*.markdown"};
  std::vector<std::string> work_logs{"docs/work-log.md"};
  std::vector<std::string> completion_reports{"*-COMPLETION.md"};
  std::vector<std::string> evidence{"**/validation-reports/**"};
  std::vector<std::string> exclude;
  std::vector<std::string> rule_packs; // files or folders, relative to the repository root
  std::vector<KindGlobs> kinds;        // kinds given by path, over what the documents' words say
  std::map<std::string, RuleOverride> rules;
  Limits limits;
  // `vocabulary:`: what the repository adds to, or replaces in, the packs' words; applied last.
  std::optional<vocabulary::Layer> vocabulary;
};

// `path` names the file in messages, which read "path:line:col: ...".
util::Expected<Config> parse_config(std::string_view path, std::string_view yaml_text);

// The keys a configuration file may hold, for "did you mean".
const std::vector<std::string>& config_keys();

} // namespace config
