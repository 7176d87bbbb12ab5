#pragma once
// Shared by the libFuzzer targets in this folder. Each target file defines LLVMFuzzerTestOneInput; the
// replay test (fuzz/replay_main.cpp, built by tests/CMakeLists.txt without libFuzzer) compiles the same
// files with LLVMFuzzerTestOneInput renamed to rollout_audit_fuzz_<target>.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace fuzz_support {

inline std::string_view bytes(const uint8_t* data, size_t size)
{
  return {reinterpret_cast<const char*>(data), size};
}

// A property the code under test promises, checked on every input: a violation is a crash, which
// libFuzzer saves and scripts/fuzz copies into tests/regressions/.
inline void require(bool condition, const char* what)
{
  if (!condition) {
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
  }
}

} // namespace fuzz_support
