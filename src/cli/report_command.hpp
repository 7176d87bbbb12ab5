#pragma once

#include "cli/options.hpp"
#include "cli/run.hpp"

namespace cli {

// `rollout-audit report [PATH] [-o FILE]`: the sign-off report of the audit, one self-contained HTML page
// (or, with --format markdown, the same report as a pull-request comment). Exit status as for the audit.
int report_command(const Options& options, Environment& environment);

} // namespace cli
