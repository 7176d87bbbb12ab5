#pragma once

#include "cli/options.hpp"
#include "cli/run.hpp"

namespace cli {

// `rollout-audit init [PATH] [-o FILE [--force]]`: surveys the repository PATH is in (init/survey.hpp) with
// the default configuration, whatever .rollout-audit.yaml it has, and proposes a commented one
// (init/proposal.hpp), on standard output or into FILE, which it never replaces without --force. The
// proposal is read back as the audit reads a configuration, with the rule packs, before it is shown: a
// proposal the audit would refuse is an error here, never the user's first run. Exit status 0.
int init_command(const Options& options, Environment& environment);

} // namespace cli
