#pragma once

#include <string>

namespace cli {

// rollout-audit(1) in roff, from the same tables as --help (subcommands(), option_specs()), so the two
// never disagree. The build writes it with the man-page generator (src/man_page_main.cpp) and the .deb
// installs it.
std::string man_page();

} // namespace cli
