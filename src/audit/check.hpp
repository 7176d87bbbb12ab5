#pragma once

#include "audit/facts.hpp"
#include "audit/finding.hpp"
#include "audit/rule.hpp"

#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace audit {

// Collects one rule's findings, stamping each with the rule's id and severity so checks cannot get
// either wrong.
class FindingSink
{
public:
  FindingSink(const Rule& rule, std::vector<Finding>& findings) : m_rule(rule), m_findings(findings)
  {
  }
  Finding& add(const DocumentFacts& document, int line, int column, std::string message);
  // A finding about a box: at the box's line, carrying its text and tick.
  Finding& add(const DocumentFacts& document, const markdown::TaskItem& item, const Facts& facts, std::string message);
  size_t count() const
  {
    return m_findings.size();
  }
  Finding& last()
  {
    return m_findings.back();
  }
  // For checks that know better (a conditional item's missing evidence is a note, not an error).
  void cap_severity(Finding& finding, Severity most) const;

private:
  const Rule& m_rule;
  std::vector<Finding>& m_findings;
};

// A check kind: decides for the items a rule selects. One class in one file under checks/, listed in
// the registry by id.
class Check
{
public:
  virtual ~Check() = default;
  // A fault in a rule's params, reported at load with the rule's location; nullopt when they are fine.
  virtual std::optional<std::string> validate_params(const YAML::Node& params) const;
  virtual void run(const Rule& rule, const Facts& facts, FindingSink& sink) const = 0;
};

struct CheckEntry
{
  std::string_view id;
  std::string_view description; // one line
  std::unique_ptr<Check> (*create)();
  // The kinds of documents its rules look at unless they say otherwise (`select: kinds:`): what the check
  // means something for. The rollout checks judge rollouts and plans' final checklists; what is true of any
  // document is checked in every kind.
  std::vector<config::Kind> kinds;
};

// The explicit table of every check kind, in the order they are documented.
const std::vector<CheckEntry>& check_registry();
const Check* find_check(std::string_view id);
std::vector<std::string> check_ids();
// The kinds a check looks at by default; empty for an unknown id.
const std::vector<config::Kind>& check_kinds(std::string_view id);

// Selection shared by every check, so a rule's `select` means the same everywhere: the documents the user
// asked about, of the rule's kinds, matching its globs; of those, the items in the kind's scope (a plan's
// final checklist: audit::in_kind_scope) matching its patterns.
bool selects_document(const Rule& rule, const DocumentFacts& document);
bool selects_item(const Rule& rule, const DocumentFacts& document, const markdown::TaskItem& item);
// The same without the kinds: for what a check says of every document whatever its kind (front matter that
// does not parse).
bool selects_document_of_any_kind(const Rule& rule, const DocumentFacts& document);

// A required step that is ticked: what most checks look at.
bool is_ticked_step(const markdown::TaskItem& item);
bool is_open_step(const markdown::TaskItem& item);

} // namespace audit
