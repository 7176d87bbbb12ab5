#pragma once

#include "audit/rule_fault.hpp"
#include "audit/severity.hpp"
#include "audit/template.hpp"
#include "audit/value_test.hpp"
#include "config/config.hpp"
#include "util/expected.hpp"
#include "vocabulary/vocabulary.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace audit {

// A condition on a value of the document: `where: {sidecar.status: {equals: approved-for-release}}`.
struct WhereCondition
{
  Template field; // one field with its transforms, e.g. "{sidecar.status|lower}"
  ValueTest test;
};

// Which items a rule looks at. Every part but the kinds is optional; all given parts must match.
struct Selector
{
  // The kinds of documents (audit/kinds.hpp) it looks at: as written in `select: kinds:`, else its check's
  // (audit::check_kinds), filled in when the rule is read. A plan shows rules its final checklist only.
  std::vector<config::Kind> kinds;
  std::vector<std::string> documents;  // globs over repository-relative paths
  std::shared_ptr<const RE2> item;     // over the item's text
  std::shared_ptr<const RE2> section;  // over any heading in the item's section path
  std::shared_ptr<const RE2> parent;   // over the text of the box the item is nested under
  std::vector<WhereCondition> where;   // on the document's front matter and metadata file
  // What it matches is left out: RE2 has no lookahead, so "every step but the optional section" needs it.
  std::shared_ptr<const Selector> exclude;
  // The documents whose values meet `where` as of now, found once per run (resolve_where); null until then.
  std::shared_ptr<const std::set<std::string, std::less<>>> where_met;
};

// The file a rule came from, kept to name the line and column of a fault inside one of its strings.
struct RuleOrigin
{
  std::string path;
  std::string text;
};

struct Rule
{
  std::string id;      // public, kebab-case: in findings, SARIF, suppressions and docs
  std::string check;   // the check kind that decides, from the registry
  Severity severity = Severity::error;
  bool enabled = true;
  std::string disabled_at; // "path:line[:col]" of the `off` that turned it off, for --select
  std::string summary; // one line
  std::string help;    // what it checks, what satisfies it
  std::string example; // a Markdown snippet that would fire
  Selector select;
  // The YAML metadata file beside a checklist that templates and `where` read ({sidecar.KEY}), as a
  // template: "{dir}/meta.yaml".
  std::optional<Template> sidecar;
  YAML::Node params;
  std::string source; // "path:line" of its definition, for messages
  std::shared_ptr<const RuleOrigin> origin;
};

// The keys a rule may hold, for "did you mean" (and to tell a rule key put among the params).
const std::vector<std::string>& rule_keys();

// "path:line:col: message" for a fault found in `origin`'s text.
std::string locate_fault(const RuleOrigin& origin, const RuleFault& fault);

struct RulePack
{
  std::string name;
  std::string path;
  std::vector<Rule> rules;
  std::optional<vocabulary::Layer> vocabulary; // its `vocabulary:` section
};

// A pack is YAML: {pack: name, rules: [{id, check, severity, summary, help, example, select, sidecar, params}],
// vocabulary: {concept: entries}}.
// Every fault is "path:line:col: what is wrong"; patterns are compiled with RE2 here, once.
// `entries`: proven only for the built-in pack (its test compiles every entry).
util::Expected<RulePack> parse_rule_pack(std::string_view path, std::string_view yaml_text,
                                         vocabulary::EntryPatterns entries = vocabulary::EntryPatterns::compile);

// The pack built into the binary from rules/default.yaml.
const RulePack& default_rule_pack();

// The default pack's vocabulary alone: what a run without team packs or configuration reads.
const vocabulary::Vocabulary& default_vocabulary();

// The vocabulary of a run: the packs' sections in order, then the configuration's.
util::Expected<vocabulary::Vocabulary> assemble_vocabulary(const std::vector<RulePack>& packs,
                                                          const std::optional<vocabulary::Layer>& configured);

} // namespace audit
