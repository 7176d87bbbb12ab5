#include "audit/entry_ties.hpp"

#include <doctest/doctest.h>

TEST_CASE("numbered_title")
{
  using audit::EntryTies;
  // A label, its number and three words of its own; asides in brackets are not part of what entries write.
  CHECK(EntryTies::numbered_title("Task 2.5: Response SLA remediation (1 hour)") == "task-2-5-response-sla-remediation");
  CHECK(EntryTies::numbered_title("Phase 2: Canary rollout validation") == "phase-2-canary-rollout-validation");
  // Generic headings tie nothing: no number, or too few words besides it.
  CHECK(EntryTies::numbered_title("Next Actions").empty());
  CHECK(EntryTies::numbered_title("Response SLA remediation plan").empty());
  CHECK(EntryTies::numbered_title("2. Validation Stage (10 Percent Traffic)").empty());
  CHECK(EntryTies::numbered_title("Phase 3: Rollout").empty());
}
