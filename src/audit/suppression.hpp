#pragma once

#include "audit/finding.hpp"
#include "audit/rule.hpp"
#include "markdown/document.hpp"
#include "util/time.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace audit {

// Suppression comments in documents (docs/suppressions.md):
//   <!-- rollout-audit-disable-next-line RULE-ID[,RULE-ID...] reason="..." [until=YYYY-MM-DD] -->
//   <!-- rollout-audit-disable RULE-ID[,...] reason="..." [until=YYYY-MM-DD] --> ... <!-- rollout-audit-enable [RULE-ID,...] -->
// They are read here, once, for two users: the filter that drops suppressed findings (cli's apply_filters)
// and the suppression-comment check that reports the comments that do not suppress and why.

// The check that reports faulty suppressions; its own findings cannot be suppressed by comments.
inline constexpr std::string_view k_suppression_check = "suppression-comment";

enum class DirectiveKind { disable_next_line, disable, enable };

// One `<!-- rollout-audit-... -->` comment as written.
struct Directive
{
  DirectiveKind kind = DirectiveKind::disable_next_line;
  std::vector<std::string> rules;
  std::optional<std::string> reason; // as given; an empty reason="" counts as none
  std::optional<util::Date> until;   // suppresses through this day (UTC), then expires
  std::string fault;                 // what is malformed, empty when well formed
  // For a misspelt directive or attribute name: the word as written and the name meant, for a fix.
  std::string misspelt;
  std::string meant;
};

// What the rules of the run are: the ids a comment may name, and those it may not silence.
struct RuleIds
{
  std::vector<std::string> known;
  std::vector<std::string> unsuppressible; // rules of the suppression-comment check
};

// The ids of every loaded rule, enabled or not (a comment naming a rule that is off is not a typo).
RuleIds rule_ids(const std::vector<Rule>& rules);

// Only the run knows every loaded rule; run_audit hands them to the suppression-comment check as this
// param (a map of id to check), which the check reads back with rule_ids_param.
inline constexpr std::string_view k_loaded_rules_param = "loaded_rules";
YAML::Node loaded_rules_param(const std::vector<Rule>& rules);
RuleIds rule_ids_param(const Rule& rule);

// Findings of `rule` on lines first..last (inclusive) are not reported.
struct Suppression
{
  std::string rule;
  int first_line = 0;
  int last_line = 0;
  int comment_line = 0;
};

// A comment that does not (fully) suppress, at the comment's position: the suppression-comment check's findings.
struct SuppressionProblem
{
  int line = 0;
  int column = 1;
  std::string message;
  std::optional<Fix> fix; // the replacement, when the comment names a misspelt word the tool can correct
};

struct DocumentSuppressions
{
  std::vector<Suppression> suppressions; // only those in force, by rule and first line
  std::vector<SuppressionProblem> problems;
  // For each suppression, the furthest last line among it and the earlier ones of its rule: covers() is a
  // binary search, not a scan (a document may hold thousands of next-line comments).
  std::vector<int> reach;

  bool covers(std::string_view rule, int line) const;
};

// nullopt when the comment text (inside "<!--" and "-->") is not meant for rollout-audit.
std::optional<Directive> parse_directive(std::string_view comment_text);

// The suppressions of one document in force at `now` (the audit's "now", never the clock) and the
// problems of the comments that are not. `source` is the file's text, for where each comment ends and
// which line follows it.
DocumentSuppressions read_suppressions(const markdown::Document& document,
                                       std::string_view source,
                                       const RuleIds& rules,
                                       util::Timestamp now);

} // namespace audit
