#pragma once

#include "cli/options.hpp"
#include "cli/run.hpp"

namespace cli {

// `rollout-audit documents [PATH] [--format json] [-o FILE]`: every document under PATH with its kind, the
// words, paths and structure that decided it, and its stages (docs/kinds.md). Reads no history: a kind
// depends on the documents as they stand. Exit status 0.
int documents_command(const Options& options, Environment& environment);

} // namespace cli
