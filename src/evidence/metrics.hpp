#pragma once

#include "util/time.hpp"
#include "vocabulary/vocabulary.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidence {

enum class MetricKind {
  latency,            // value in milliseconds; `percentile` says which ("p95"), empty when unstated
  failure_rate,       // percent
  error_rate,         // percent
  failed_job_rate,    // percent
  rollout_percentage, // percent of traffic
  timestamp,          // seconds since midnight UTC ("14:05 UTC"), or a full ISO time in `absolute`
  count,              // a counted thing; `name` says what ("mismatch", "conversations", "requests")
};

std::string_view to_string(MetricKind kind);

struct Metric
{
  MetricKind kind = MetricKind::count;
  std::string percentile; // "p50", "p95", "p99" for latency
  std::string name;       // for counts
  double value = 0;       // normalised: ms for latency, percent for rates, seconds for times of day
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
  MetricKind kind = MetricKind::latency;
  std::string percentile;
  Comparator op = Comparator::less;
  double value = 0; // same normalised units as Metric
  std::string written;
  int line = 0;
};

std::vector<Condition> extract_conditions(const vocabulary::Vocabulary& words, std::string_view text, int line);

// Whether a metric of the condition's kind (and percentile, when both name one) is the subject of it.
bool applies_to(const Condition& condition, const Metric& metric);
bool holds(const Condition& condition, double value);

// What an item asks to be logged: "log timestamps plus response latency" -> {timestamp, latency},
// "with actual rollout metrics" -> {any}, "note the mismatch count and p99 latency" -> {count mismatch,
// latency p99}. Empty when the item asks for no figures.
struct MetricDemand
{
  bool any = false; // "metrics" in general: any figure satisfies it
  MetricKind kind = MetricKind::count;
  std::string percentile;
  std::string name;
  std::string phrase; // the words that made the demand, for messages
};

std::vector<MetricDemand> demanded_metrics(const vocabulary::Vocabulary& words, std::string_view item_text);

bool satisfies(const MetricDemand& demand, const Metric& metric);

} // namespace evidence
