#include "evidence/windows.hpp"

#include "evidence/durations.hpp"
#include "evidence/patterns.hpp"

#include <charconv>
#include <cmath>
#include <memory>
#include <vector>

namespace evidence {

namespace {

using vocabulary::Concept;

// Windows are waited out in minutes to weeks; "stable for 300 ms" is no window.
const std::vector<std::string_view> k_window_units{"min", "h", "d", "w"};

// The vocabulary's window forms, compiled once per run. Each form is captured whole (what was written);
// each {duration} in it captures its number, then one capture per unit.
struct WindowWords
{
  explicit WindowWords(const vocabulary::Vocabulary& words)
  {
    const UnitPattern units = duration_unit_pattern(words, k_window_units);
    unit_names = units.units;
    const Fill fill{
      {"{state}", bounded_alternation(words.entries(Concept::window_states))},
      {"{noun}", bounded_alternation(words.entries(Concept::window_nouns))},
      {"{duration}", "\\b(\\d+(?:\\.\\d+)?)[ \\t]*-?[ \\t]*" + units.pattern},
    };
    for (const auto& entry : words.entries(Concept::windows)) {
      // Appended, not "(" + temporary: GCC 12 at -O3 reads the latter as an overlapping copy (-Wrestrict).
      std::string form = "(";
      form += bounded(entry, fill);
      form += ')';
      forms.push_back(std::make_unique<RE2>(form, pattern_options()));
    }
  }

  std::vector<std::string> unit_names;
  std::vector<std::unique_ptr<RE2>> forms;
};

std::optional<StatedWindow> read_form(const RE2& form, const std::vector<std::string>& unit_names, std::string_view text)
{
  std::vector<re2::StringPiece> groups(1 + static_cast<size_t>(form.NumberOfCapturingGroups()));
  if (!form.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED, groups.data(),
                  static_cast<int>(groups.size()))) {
    return std::nullopt;
  }
  // groups[1] is the form; then, per {duration}: its number and its units.
  const size_t stride = 1 + unit_names.size();
  for (size_t at = 2; at + stride <= groups.size(); at += stride) {
    if (groups[at].data() == nullptr) {
      continue;
    }
    double amount = 0;
    std::from_chars(groups[at].data(), groups[at].data() + groups[at].size(), amount);
    for (size_t u = 0; u < unit_names.size(); ++u) {
      if (groups[at + 1 + u].data() != nullptr) {
        const double seconds = amount * seconds_per_unit(unit_names[u]).value_or(0);
        return StatedWindow{static_cast<int64_t>(std::llround(seconds)), std::string(groups[1].data(), groups[1].size())};
      }
    }
  }
  return std::nullopt;
}

} // namespace

void warm_window_words(const vocabulary::Vocabulary& words)
{
  vocabulary::warm<WindowWords>(words);
}

std::optional<StatedWindow> stated_window(const vocabulary::Vocabulary& words, std::string_view text)
{
  const WindowWords& compiled = words.derived<WindowWords>();
  for (const auto& form : compiled.forms) {
    if (auto window = read_form(*form, compiled.unit_names, text)) {
      return window;
    }
  }
  return std::nullopt;
}

} // namespace evidence
