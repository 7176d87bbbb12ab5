#pragma once

#include "util/time.hpp"
#include "vocabulary/vocabulary.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidence {

// What a figure measures, which decides its unit. Which metric it is comes from the vocabulary: its `name` is
// a group of duration-metrics ("latency"), percent-metrics ("failure-rate") or countables ("mismatch"), so a
// team that adds a group gets figures, conditions and demands for it without a change here.
enum class Quantity {
  duration,      // milliseconds; `percentile` says which ("p95"), empty when unstated
  percent,       // percent
  traffic_share, // percent of traffic (traffic-metrics); no name
  timestamp,     // seconds since midnight UTC ("14:05 UTC"), or a full ISO time in `absolute`; no name
  count,         // a counted thing
};

std::string_view to_string(Quantity quantity);

// "failure rate", "latency", "duplicate reply", "rollout percentage": a metric as messages name it.
std::string metric_label(Quantity quantity, std::string_view name);

struct Metric
{
  Quantity quantity = Quantity::count;
  std::string name;       // the vocabulary group: "latency", "failure-rate", "mismatch"
  std::string percentile; // "p50", "p95", "p99", "avg" for durations
  double value = 0;       // normalised: ms for durations, percent for percentages, seconds for times of day
  std::string unit;       // normalised unit: "ms", "%", "s" (time of day), "" for counts
  std::string written;    // the text as written, e.g. "Response P95: 3.4 s"
  int line = 0;           // original file line
  std::optional<util::Timestamp> absolute; // the full time when a timestamp was written with its date
};

// Finds the figures in one piece of prose, a list item or a table row. `line` is the line the text starts
// on. Table rows come as "header: cell" pairs joined by " | " so "| P95 | 3.4 s |" reads as "P95 3.4 s".
// Written forms: "Response P95: 3.4 s", "**P95 Latency:** 17670ms", "p99 latency 412 ms",
// "failure rate 0.6%", "failed job rate: 2 percent", "error rate 0.1 %", "rollout at 10%",
// "BULLMQ_ROLLOUT_PERCENTAGE=50", "14:05 UTC", "2025-10-22T17:05:56Z", "12 mismatches", "mismatch count: 0".
// Bounds ("P95 > 5 s", "error rate below 1%") and goals ("target P95 latency: 5 s", "if p95 is 6 s") are no
// figures: false evidence is worse than missed evidence.
std::vector<Metric> extract_metrics(const vocabulary::Vocabulary& words, std::string_view text, int line);

enum class Comparator { less, less_equal, greater, greater_equal, equal };

std::string_view to_string(Comparator op);

// A metric condition written in a checklist: "failure rate >= 2 percent", "response P95 > 5 s",
// "failed job rate < 1 percent", "P95 AI response latency <5s", "error rate below 1%", "p99 under 300 ms".
struct Condition
{
  Quantity quantity = Quantity::duration;
  std::string name;
  std::string percentile;
  Comparator op = Comparator::less;
  double value = 0; // same normalised units as Metric
  std::string written;
  int line = 0;
};

std::vector<Condition> extract_conditions(const vocabulary::Vocabulary& words, std::string_view text, int line);

// Whether a metric of the condition's quantity and name (and percentile, when both name one) is its subject.
bool applies_to(const Condition& condition, const Metric& metric);
bool holds(const Condition& condition, double value);

// What an item asks to be logged: "log timestamps plus response latency" -> {timestamp, latency},
// "with actual rollout metrics" -> {any}, "note the mismatch count and p99 latency" -> {count mismatch,
// latency p99}. Empty when the item asks for no figures.
struct MetricDemand
{
  bool any = false; // "metrics" in general: any figure satisfies it
  Quantity quantity = Quantity::count;
  std::string name;
  std::string percentile;
  std::string phrase; // the words that made the demand, for messages
};

std::vector<MetricDemand> demanded_metrics(const vocabulary::Vocabulary& words, std::string_view item_text);

bool satisfies(const MetricDemand& demand, const Metric& metric);

} // namespace evidence
