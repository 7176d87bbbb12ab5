#pragma once

#include "vocabulary/vocabulary.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidence {

// The groups of duration-units, as the concept table fixes them, and what one of each is worth.
std::optional<double> seconds_per_unit(std::string_view unit);

// The entries of the given unit groups as one pattern with one capture per group, in the order given, so
// that the first capture that matched names the unit. Each entry ends a word: "h" is not the start of
// "hello". The start is left free ("5ms" as well as "5 ms").
struct UnitPattern
{
  std::string pattern;
  std::vector<std::string> units; // the unit of each capture
};

UnitPattern duration_unit_pattern(const vocabulary::Vocabulary& words, const std::vector<std::string_view>& units);

} // namespace evidence
