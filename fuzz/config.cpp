// config::parse_config: .rollout-audit.yaml, including its limits.
#include "fuzz_common.hpp"

#include "config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const auto config = config::parse_config(".rollout-audit.yaml", fuzz_support::bytes(data, size));
  if (!config) {
    fuzz_support::require(config.error().starts_with(".rollout-audit.yaml"), "config error does not name the file");
  }
  return 0;
}
