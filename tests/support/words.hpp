#pragma once

#include "audit/rule.hpp"

namespace test_support {

// The default pack's vocabulary: what a run without team packs or configuration reads.
inline const vocabulary::Vocabulary& words()
{
  return audit::default_vocabulary();
}

} // namespace test_support
