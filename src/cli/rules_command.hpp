#pragma once

#include "cli/options.hpp"
#include "cli/run.hpp"

namespace cli {

// --list-rules and --explain: read from the same rule packs the audit uses.
int rules_command(const Options& options, Environment& environment);

} // namespace cli
