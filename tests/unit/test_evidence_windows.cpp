#include "evidence/windows.hpp"
#include "../support/words.hpp"

#include <doctest/doctest.h>

#include <string>

using evidence::stated_window;
using test_support::team_words;
using test_support::words;

namespace {

// "written, seconds" of the window a text states, "" when it states none.
std::string window_of(const vocabulary::Vocabulary& vocabulary, std::string_view text)
{
  const auto window = stated_window(vocabulary, text);
  return window ? window->written + ", " + std::to_string(window->seconds) : "";
}

std::string window_of(std::string_view text)
{
  return window_of(words(), text);
}

} // namespace

TEST_CASE("stated_window")
{
  SUBCASE("a state held for a duration")
  {
    CHECK(window_of("Preconditions met: validation window complete, worker stable for 24 hours.")
          == "stable for 24 hours, 86400");
    CHECK(window_of("Ramp window stable for 72 hours and leadership sign-off recorded.") == "stable for 72 hours, 259200");
    CHECK(window_of("Gate: canary clean for 48 hours") == "clean for 48 hours, 172800");
    CHECK(window_of("Monitor dashboards for 6 hours before widening") == "Monitor dashboards for 6 hours, 21600");
    CHECK(window_of("Let the replicas soak for 2 days") == "soak for 2 days, 172800");
    CHECK(window_of("Hold at 25 percent for at least 1 week") == "Hold at 25 percent for at least 1 week, 604800");
    CHECK(window_of("Stay green for 90 minutes") == "green for 90 minutes, 5400");
    CHECK(window_of("Keep the old worker running for 1.5 hours") == "running for 1.5 hours, 5400");
  }

  SUBCASE("a wait for something, its duration in brackets")
  {
    CHECK(window_of("Pending phase 1 completion (24h)") == "Pending phase 1 completion (24h), 86400");
    CHECK(window_of("awaiting the canary (2 days)") == "awaiting the canary (2 days), 172800");
    // A bracketed figure that waits for nothing is no window.
    CHECK(window_of("Phase 2: Beta (10%)").empty());
    CHECK(window_of("Deploy the worker (2h of work)").empty());
  }

  SUBCASE("a duration before a noun")
  {
    CHECK(window_of("Full cutover (after 48h soak)") == "48h soak, 172800");
    CHECK(window_of("24h bake on the canary hosts") == "24h bake, 86400");
    CHECK(window_of("a 72-hour window of no alerts") == "72-hour window, 259200");
    CHECK(window_of("2 days of stability") == "2 days of stability, 172800");
    CHECK(window_of("30 min cool-down") == "30 min cool-down, 1800");
    CHECK(window_of("12 h observation period") == "12 h observation period, 43200");
  }

  SUBCASE("checkpoints and waits after a stretch of time")
  {
    CHECK(window_of("T+24h: vitals reviewed") == "T+24h, 86400");
    CHECK(window_of("T + 2 days: crash report triaged") == "T + 2 days, 172800");
    CHECK(window_of("Widen to 50% after 48 hours of clean crash reports") == "after 48 hours of clean, 172800");
  }

  SUBCASE("no window")
  {
    CHECK(window_of("Schedule 48 hour post-cutover review meeting") == "");
    CHECK(window_of("p95 stable at 300 ms") == "");
    CHECK(window_of("Retry for 300 ms") == "");       // milliseconds are no window's unit
    CHECK(window_of("stable for 5 parsecs") == "");
    CHECK(window_of("stable soon") == "");
    CHECK(window_of("stable. Then wait for 3 hours") == "wait for 3 hours, 10800"); // a state does not cross a sentence
    CHECK(window_of("stable for 24 hello") == "");    // "h" must end its word
    CHECK(window_of("AT+24h") == "");
  }

  SUBCASE("the forms are tried in order")
  {
    CHECK(window_of("24h soak, then stable for 72 hours") == "soak, then stable for 72 hours, 259200");
  }
}

TEST_CASE("stated_window (a team's vocabulary)")
{
  SUBCASE("duration-units, window-states and window-nouns")
  {
    const auto german = team_words("duration-units: {h: [stunden], d: [tage]}\nwindow-states: [stabil]\nwindow-nouns: [beobachtung]\n");
    CHECK(window_of(german, "Dienst stabil for 24 stunden") == "stabil for 24 stunden, 86400");
    CHECK(window_of(german, "2 tage beobachtung") == "2 tage beobachtung, 172800");
    CHECK(window_of("Dienst stabil for 24 stunden") == "");
  }

  SUBCASE("windows: forms added and replaced")
  {
    const auto added = team_words("windows: [\"{duration} (?:later|on)\"]\n");
    CHECK(window_of(added, "Check again 36 hours later") == "36 hours later, 129600");
    CHECK(window_of("Check again 36 hours later") == "");
    const auto replaced = team_words("windows: {replace: [\"quarantine (?:of )?{duration}\"]}\n");
    CHECK(window_of(replaced, "quarantine of 3 days") == "quarantine of 3 days, 259200");
    CHECK(window_of(replaced, "stable for 24 hours") == "");
  }

  SUBCASE("a form without a duration states no window")
  {
    const auto words = team_words("windows: {replace: [\"{state} overnight\", \"{state} for {duration}\"]}\n");
    CHECK(window_of(words, "stable overnight, stable for 8 hours") == "stable for 8 hours, 28800");
  }
}
