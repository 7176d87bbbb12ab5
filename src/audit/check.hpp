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
};

// The explicit table of every check kind, in the order they are documented.
const std::vector<CheckEntry>& check_registry();
const Check* find_check(std::string_view id);
std::vector<std::string> check_ids();

// Selection shared by every check, so a rule's `select` means the same everywhere.
bool selects_document(const Rule& rule, const DocumentFacts& document);
bool selects_item(const Rule& rule, const DocumentFacts& document, const markdown::TaskItem& item);

// A required step that is ticked: what most checks look at.
bool is_ticked_step(const markdown::TaskItem& item);
bool is_open_step(const markdown::TaskItem& item);
// How messages say an item was done: a box is "ticked", a completion mark beyond boxes "marked done".
std::string_view ticked_word(const markdown::TaskItem& item);

} // namespace audit
