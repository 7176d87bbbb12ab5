#include "cli/run.hpp"

#include <cstdio>
#include <exception>

int main(int argc, char** argv)
{
  // cli::run turns every expected failure into a message and exit 2; this is the last line for what was
  // not expected (a file system error thrown mid-walk, memory running out), so the exit status stays
  // 0, 1 or 2 with a message and never becomes std::terminate's SIGABRT.
  try {
    return cli::run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "rollout-audit: error: internal error: %s\n", error.what());
  } catch (...) {
    std::fprintf(stderr, "rollout-audit: error: internal error\n");
  }
  return 2;
}
