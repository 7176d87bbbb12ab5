#pragma once
// A test that cannot set up its case (the seed in ../shared/ is missing, a tool is not installed, the host
// refuses a capability) must not pass: it prints the marker below, which tests/CMakeLists.txt gives CTest
// as SKIP_REGULAR_EXPRESSION, so CTest reports it as skipped, and returns. In CI (CI=true) everything a
// case needs is there by construction (.ci/run installs the tools, the seed is laid beside the clone), so
// there the same call fails the test instead of hiding the gap.
//   if (!have_git()) { return test_support::cannot_set_up("git is not installed"); }

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace test_support {

inline constexpr std::string_view k_skip_marker = "ROLLOUT-AUDIT-SKIPPED: ";

inline bool in_ci()
{
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

#ifdef ROLLOUT_AUDIT_SEED_DIR
// The seed checklist from ../shared/seed/ (ROLLOUT_AUDIT_SEED_DIR at build time); the environment variable
// ROLLOUT_AUDIT_SEED_DIR points elsewhere, so tests/skip_test.sh can show what a missing seed does.
inline std::string seed_file(const char* name)
{
  const char* folder = std::getenv("ROLLOUT_AUDIT_SEED_DIR");
  return std::string(folder != nullptr ? folder : ROLLOUT_AUDIT_SEED_DIR) + "/" + name;
}
#endif

inline void cannot_set_up(const std::string& why)
{
  if (in_ci()) {
    FAIL_CHECK("cannot set up this case in CI (CI=true): " << why);
    return;
  }
  std::printf("%.*s%s\n", static_cast<int>(k_skip_marker.size()), k_skip_marker.data(), why.c_str());
  std::fflush(stdout);
}

} // namespace test_support
