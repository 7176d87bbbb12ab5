#pragma once

#include "audit/severity.hpp"
#include "config/config.hpp"
#include "util/expected.hpp"
#include "vocabulary/vocabulary.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace audit {

// Which items a rule looks at. Every part but the kinds is optional; all given parts must match.
struct Selector
{
  // The kinds of documents (audit/kinds.hpp) it looks at: as written in `select: kinds:`, else its check's
  // (audit::check_kinds), filled in when the rule is read. A plan shows rules its final checklist only.
  std::vector<config::Kind> kinds;
  std::vector<std::string> documents;  // globs over repository-relative paths
  std::shared_ptr<const RE2> item;     // over the item's text
  std::shared_ptr<const RE2> section;  // over any heading in the item's section path
};

struct Rule
{
  std::string id;      // public, kebab-case: in findings, SARIF, suppressions and docs
  std::string check;   // the check kind that decides, from the registry
  Severity severity = Severity::error;
  bool enabled = true;
  std::string summary; // one line
  std::string help;    // what it checks, what satisfies it
  std::string example; // a Markdown snippet that would fire
  Selector select;
  YAML::Node params;
  std::string source; // "path:line" of its definition, for messages
};

struct RulePack
{
  std::string name;
  std::string path;
  std::vector<Rule> rules;
  std::optional<vocabulary::Layer> vocabulary; // its `vocabulary:` section
};

// A pack is YAML: {pack: name, rules: [{id, check, severity, summary, help, example, select, params}],
// vocabulary: {concept: entries}}.
// Every fault is "path:line:col: what is wrong"; patterns are compiled with RE2 here, once.
util::Expected<RulePack> parse_rule_pack(std::string_view path, std::string_view yaml_text);

// The pack built into the binary from rules/default.yaml.
const RulePack& default_rule_pack();

// The default pack's vocabulary alone: what a run without team packs or configuration reads.
const vocabulary::Vocabulary& default_vocabulary();

// The vocabulary of a run: the packs' sections in order, then the configuration's.
util::Expected<vocabulary::Vocabulary> assemble_vocabulary(const std::vector<RulePack>& packs,
                                                          const std::optional<vocabulary::Layer>& configured);

} // namespace audit
