#include "cli/man_page.hpp"

#include <cstdio>

// Writes rollout-audit(1) to standard output; the build runs it to make the man page the .deb installs.
int main()
{
  const std::string page = cli::man_page();
  return std::fwrite(page.data(), 1, page.size(), stdout) == page.size() ? 0 : 1;
}
