#pragma once

#include "audit/facts.hpp"
#include "audit/finding.hpp"
#include "audit/rule.hpp"

#include <yaml-cpp/yaml.h>

#include <functional>
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

// The shape of a param's value, checked by the framework when a rule loads, so every check refuses what
// it cannot use with the same messages.
enum class ParamKind {
  text,      // a string
  texts,     // a string or a list of strings
  pattern,   // one RE2 pattern
  template_, // a template (template.hpp), its fields checked against the rule (no {sidecar.KEY} without a sidecar)
  choice,    // one of the spec's choices
  condition, // a value condition (value_test.hpp)
  custom,    // checked by the check's validate_params
};

struct ParamSpec
{
  std::string_view name;
  ParamKind kind = ParamKind::text;
  std::string_view help; // one line, for --explain
  std::vector<std::string> choices;
};

// A check kind: decides for the items a rule selects. One class in one file under checks/, listed in
// the registry by id.
class Check
{
public:
  virtual ~Check() = default;
  // Every param the check reads; any other is refused when the rule loads, with "did you mean".
  virtual std::vector<ParamSpec> params() const
  {
    return {};
  }
  // What --explain prints about the check beyond its params (a template language, an example).
  virtual std::string help() const
  {
    return "";
  }
  // Faults the declared shapes do not show (params that need each other); nullopt when there are none. Called
  // with the rule's params merged from its pack and the configuration.
  virtual std::optional<RuleFault> validate_params(const Rule& rule) const;
  virtual void run(const Rule& rule, const Facts& facts, FindingSink& sink) const = 0;
};

// A check whose findings on a document come from that document and the shared facts alone. The framework
// runs it a document at a time over every core: one such check (broken-reference on a large tree) can
// hold most of a run's work. Its findings keep the order of a run over every document in turn.
class DocumentCheck : public Check
{
public:
  void run(const Rule& rule, const Facts& facts, FindingSink& sink) const final;
  virtual void run_document(const Rule& rule, const Facts& facts, const DocumentFacts& document, FindingSink& sink) const = 0;
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

// The names and shapes of the params in `params` (the rule's own, or a configuration's override of them)
// against what the check declares: the first fault.
std::optional<RuleFault> check_param_shapes(const Check& check, const Rule& rule, const YAML::Node& params);
// check_param_shapes on the rule's params, then the check's own validation.
std::optional<RuleFault> validate_rule(const Rule& rule);

// Selection shared by every check, so a rule's `select` means the same everywhere: the documents the user
// asked about, of the rule's kinds, matching its globs and `where`; of those, the items in the kind's scope (a
// plan's final checklist: audit::in_kind_scope) matching its patterns. `where` is judged as of now
// (resolve_where, once per run, before the checks).
bool selects_document(const Rule& rule, const DocumentFacts& document);
bool selects_item(const Rule& rule, const DocumentFacts& document, const markdown::TaskItem& item);
// The same with `where` (the selector's and its exclusion's) judged by the caller, for a check that reads the
// document's values as of another moment (required-file: the commit that ticked the box).
using WhereJudge = std::function<bool(const std::vector<WhereCondition>&)>;
bool selects_item(const Rule& rule, const DocumentFacts& document, const markdown::TaskItem& item, const WhereJudge& judge);
// Finds, for the selector and its exclusion, the documents whose values meet `where` now.
void resolve_where(Rule& rule, const Facts& facts);
// The same without the kinds: for what a check says of every document whatever its kind (front matter that
// does not parse).
bool selects_document_of_any_kind(const Rule& rule, const DocumentFacts& document);

// A required step that is ticked: what most checks look at.
bool is_ticked_step(const markdown::TaskItem& item);
bool is_open_step(const markdown::TaskItem& item);
// How messages say an item was done: a box is "ticked", a completion mark beyond boxes "marked done".
std::string_view ticked_word(const markdown::TaskItem& item);

} // namespace audit
