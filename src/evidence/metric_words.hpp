#pragma once

#include "evidence/metrics.hpp"
#include "evidence/patterns.hpp"

#include <re2/re2.h>

#include <optional>
#include <string>
#include <vector>

namespace evidence {

using Captures = std::vector<re2::StringPiece>;

// A duration metric as its name was written: which metric (a duration-metrics group) and which percentile.
struct DurationName
{
  std::string name;
  std::string percentile;
};

// The vocabulary's words for figures, conditions and demands, compiled once per run
// (Vocabulary::derived). The C++ keeps where each word must stand; every word comes from its concept.
struct MetricWords
{
  explicit MetricWords(const vocabulary::Vocabulary& words);

  // Units right after a number (anchored there). time_unit has one capture per unit of `time_units`;
  // percent_unit captures the unit. says_percent finds a percent unit inside a name ("ROLLOUT_PERCENTAGE").
  RE2 time_unit;
  std::vector<std::string> time_units;
  RE2 percent_unit;
  RE2 says_percent;

  // Times: iso_time captures date, time, zone, offset; time_of_day hour, minute, second, am, pm, zone.
  RE2 iso_time;
  RE2 time_of_day;

  // Names before a figure, at the end of the clause before it, with separators between: capture 1 is the
  // name; duration_before's captures from 2 are read by duration_name.
  RE2 duration_before;
  RE2 percent_before;
  RE2 traffic_before;
  RE2 count_label_before; // "mismatch count:", "number of timeouts"
  RE2 count_alone_before; // "Timeouts:"
  RE2 count_compared;     // "mismatches" right before a comparator: "mismatches > 0"

  // Names after a figure's unit (anchored there): capture 1 is the name.
  RE2 percent_after;
  RE2 traffic_after;
  RE2 count_after;
  RE2 countable; // capture 1: a countable anywhere, to read the thing of a count label

  // A comparator at the end of a clause: capture 1 is the comparator, then one capture per group.
  RE2 comparator_at_end;
  std::vector<Comparator> comparator_ops;

  RE2 hedge;
  RE2 value_header;     // a whole table cell naming a column of observed figures
  RE2 threshold_header; // a whole table cell naming a column of bounds

  // Demands, each capturing what it found as capture 1 (duration_named as duration_before).
  RE2 record_verb;
  RE2 linked_figures; // "with current metrics"
  RE2 figures_named;
  RE2 duration_named;
  RE2 percent_named;
  RE2 traffic_named;
  RE2 timestamp_named;
  RE2 count_named;
  RE2 phrase_stop; // a word that ends the phrase qualifying "metrics"

  GroupMatcher durations;
  GroupMatcher percents;
  GroupMatcher countables;
  GroupMatcher percentiles;

  // The metric and percentile a duration pattern matched, captures from `first` on; nullopt when the
  // vocabulary has no duration metric.
  std::optional<DurationName> duration_name(const Captures& captures, int first) const;
  // The countable a count's name holds ("duplicate-reply" for "number of duplicate replies").
  std::optional<std::string> countable_in(std::string_view text) const;
};

} // namespace evidence
