#include "evidence/durations.hpp"

#include "evidence/patterns.hpp"

#include <algorithm>
#include <utility>

namespace evidence {

std::optional<double> seconds_per_unit(std::string_view unit)
{
  static constexpr std::pair<std::string_view, double> k_units[] = {
    {"ms", 0.001}, {"s", 1}, {"min", 60}, {"h", 3600}, {"d", 86400}, {"w", 604800},
  };
  for (const auto& [name, seconds] : k_units) {
    if (name == unit) {
      return seconds;
    }
  }
  return std::nullopt;
}

UnitPattern duration_unit_pattern(const vocabulary::Vocabulary& words, const std::vector<std::string_view>& units)
{
  UnitPattern result;
  const auto& groups = words.groups(vocabulary::Concept::duration_units);
  result.pattern = "(?:";
  for (const std::string_view unit : units) {
    const auto group = std::find_if(groups.begin(), groups.end(), [&](const vocabulary::Group& g) { return g.name == unit; });
    const std::vector<vocabulary::Entry> none;
    const auto& entries = group == groups.end() ? none : group->entries;
    result.pattern += (result.units.empty() ? "(" : "|(") + bounded_alternation(entries, {}, false) + ")";
    result.units.emplace_back(unit);
  }
  result.pattern += ")";
  return result;
}

} // namespace evidence
