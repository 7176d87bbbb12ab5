#pragma once

#include "vocabulary/vocabulary.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace evidence {

// A waiting window a checklist states: "worker stable for 24 hours", "Ramp window stable for 72 hours",
// "canary clean for 48 hours", "48h soak", "T+24h", "after 48 hours of clean canary". The
// ticked-before-precondition check and the sign-off report read windows through this one function.
struct StatedWindow
{
  int64_t seconds = 0;
  std::string written; // "stable for 72 hours"
};

// The vocabulary's window forms are tried in order; the first that matches decides. A form states a
// window only through its {duration}: a number and a unit of minutes, hours, days or weeks.
std::optional<StatedWindow> stated_window(const vocabulary::Vocabulary& words, std::string_view text);
// Builds the words windows are read with (a vocabulary::Warmer; see reading_warmers).
void warm_window_words(const vocabulary::Vocabulary& words);

} // namespace evidence
