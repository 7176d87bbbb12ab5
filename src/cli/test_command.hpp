#pragma once

#include "cli/options.hpp"
#include "cli/run.hpp"

namespace cli {

// `rollout-audit test [--rules PACK]... FOLDER...`: rule tests in the manner of Semgrep's --test. Each fixture
// folder (a folder holding .rollout-audit.yaml, or FOLDER itself) is audited without history; its documents'
// `<!-- expect: RULE -->` and `<!-- expect-not: RULE -->` annotations (audit/rule_test.hpp) are compared with
// the findings, and a failing folder is shown as a diff. The tested rules are those of the packs --rules and
// the folder's configuration add, or every rule when there are none. Exit 0 when every folder passes, 1
// when one fails.
int test_command(const Options& options, Environment& environment);

} // namespace cli
