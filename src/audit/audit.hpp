#pragma once

#include "audit/facts.hpp"
#include "audit/finding.hpp"
#include "audit/rule.hpp"
#include "config/config.hpp"
#include "util/diagnostic.hpp"

#include <array>
#include <vector>

namespace audit {

struct Summary
{
  size_t documents = 0;           // Markdown documents audited
  std::array<size_t, 4> kinds{};  // of which rollouts, plans, records and others (by config::Kind)
  size_t items = 0;               // boxes in the documents that have any (work logs aside)
  size_t ticked = 0;
  size_t suppressed = 0; // findings a suppression comment in their document silenced
  size_t baselined = 0;  // findings recorded in the --baseline file, not reported again
};

struct AuditResult
{
  std::vector<Finding> findings; // sorted
  std::vector<util::Diagnostic> diagnostics;
  Summary summary;
};

// The packs in order (built-in first), later rules replacing earlier ones of the same id, then the
// configuration's severities and params. An override naming no rule is an error with a "did you mean".
util::Expected<std::vector<Rule>> assemble_rules(const std::vector<RulePack>& packs, const config::Config& config);

// Runs the enabled rules on `threads` threads (0: one per core); the result does not depend on the number.
AuditResult run_audit(const Facts& facts, const std::vector<Rule>& rules, unsigned threads = 0);

} // namespace audit
