#!/usr/bin/env bash
# Builds the bundled example as a git repository with a scripted history (fixed dates), in "$1/work":
# the search reindex rollout done by the book in September, then the AI Broker rollout whose boxes were
# ticked ahead of their evidence and of its stated windows. scripts/try audits the result.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../fixtures/history/lib.sh"
start "$1"

# September: the search reindex rollout, evidence and ticks together.
mkdir -p docs/plans/done docs/validation-reports docs/plans/active
cp "$here/.rollout-audit.yaml" .
cp "$here/docs/validation-reports/README.md" "$here/docs/validation-reports/2025-09-16-search-reindex-replay.md" docs/validation-reports/
cp "$here/docs/plans/done/"*.md docs/plans/done/
python3 - "$here/docs/work-log.md" docs/work-log.md <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
start = text.index("## 2025-10-22")
end = text.index("## 2025-09-18")
open(sys.argv[2], "w", encoding="utf-8").write(text[:start] + text[end:])
PY
commit 2025-09-18T17:00:00Z "Search reindex: cut over, log results, close the checklist"

# October: the AI Broker rollout, planned with every box open.
cp "$here/docs/plans/active/"*.md docs/plans/active/
python3 - docs/plans/active/ai-broker-rollout-execution-checklist.md docs/plans/active/2025-10-21-ai-broker-chat-activation-plan.md <<'PY'
import sys
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read().replace("- [x] ", "- [ ] ").replace("status: Complete", "status: Active")
    open(path, "w", encoding="utf-8").write(text)
PY
commit 2025-10-21T09:00:00Z "AI Broker: activation plan, execution checklist, completion report stub"

checklist=docs/plans/active/ai-broker-rollout-execution-checklist.md
tick $checklist "Confirm Redis, OpenAI, and Chatwoot credentials"
tick $checklist "Download recent worker logs"
tick $checklist "Notify stakeholders in"
commit 2025-10-22T12:00:00Z "AI Broker: pre-flight done" "Sam Operator"

tick $checklist "Update environment configuration:"
tick $checklist "Redeploy worker/service."
tick $checklist "Verify migration status reflects 10 percent rollout"
tick $checklist "Execute smoke chats (desktop and mobile)"
tick $checklist "Record findings in"
commit 2025-10-22T15:00:00Z "AI Broker: validation stage done" "Sam Operator"

cp "$here/docs/work-log.md" docs/work-log.md
commit 2025-10-22T17:30:00Z "Work log: AI Broker Phase 3 validation" "Sam Operator"

tick $checklist "Preconditions met: validation window complete"
tick $checklist "Update configuration:"
tick $checklist "Announce ramp in"
tick $checklist "Re-run smoke chats and"
commit 2025-10-22T19:00:00Z "AI Broker: ramp to 50 percent" "Sam Operator"

tick $checklist "Capture results in the work log."
tick $checklist "Preconditions met: Ramp window stable for 72 hours"
commit 2025-10-23T18:00:00Z "AI Broker: ramp results, cutover preconditions" "Sam Operator"

# The final state is the example tree as it is in this repository.
cp "$here/docs/plans/active/"*.md docs/plans/active/
commit 2025-10-24T10:00:00Z "AI Broker: completion report, final success checklist" "Lee Lead"
