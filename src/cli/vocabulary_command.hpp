#pragma once

#include "cli/options.hpp"
#include "cli/run.hpp"

namespace cli {

// `rollout-audit vocabulary [PATH]`: the effective vocabulary of the repository at PATH (the default pack,
// the configuration's packs, --rules, the configuration's own `vocabulary:`), each entry with its origin.
int vocabulary_command(const Options& options, Environment& environment);

} // namespace cli
