#pragma once

#include "audit/finding.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace audit {

// Rule tests in the manner of Semgrep's --test: fixture documents say, in HTML comments that do not show
// when rendered, which findings the line below them must and must not get:
//   <!-- expect: readiness-approved -->
//   <!-- expect-not: readiness-checks-done, rollout-number-matches-folder -->
//   - [x] Readiness review approved
// An annotation applies to the next line that is neither blank nor an annotation; one on the document's
// first line also covers line 1, where findings about the whole document are reported. Inside front matter,
// where findings about its keys point, an annotation is a YAML comment: `# expect: front-matter`.
struct Expectation
{
  int line = 0;            // the line the finding is expected at (or not)
  int annotation_line = 0; // where the annotation is written
  std::string rule;
  bool present = true;     // expect: true; expect-not: false
};

std::vector<Expectation> read_expectations(std::string_view text);

// One case compared: each expectation and finding of the tested rules as a line of a diff, "  " for a
// finding that was expected, "-" for one expected and missing, "+" for one reported and not expected
// (or expected not to be).
struct RuleTestOutcome
{
  std::vector<std::string> diff;
  size_t matched = 0;
  size_t held_not = 0;   // expect-not annotations that held
  size_t missed = 0;
  size_t unexpected = 0;
  std::vector<std::string> faults; // annotations naming no loaded rule, with "did you mean"
  bool passed() const
  {
    return missed == 0 && unexpected == 0 && faults.empty();
  }
};

// `expectations` by document path; `tested` the ids whose findings must all be expected; `known` every
// loaded rule, which annotations may name.
RuleTestOutcome compare_expectations(const std::map<std::string, std::vector<Expectation>>& expectations,
                                     const std::vector<Finding>& findings,
                                     const std::vector<std::string>& tested,
                                     const std::vector<std::string>& known);

} // namespace audit
