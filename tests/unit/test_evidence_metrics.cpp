#include "evidence/metrics.hpp"
#include "../support/words.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using test_support::team_words;
using test_support::words;

using evidence::applies_to;
using evidence::Comparator;
using evidence::Condition;
using evidence::demanded_metrics;
using evidence::extract_conditions;
using evidence::extract_metrics;
using evidence::holds;
using evidence::Metric;
using evidence::MetricDemand;
using evidence::Quantity;
using evidence::satisfies;

namespace {

// The one figure in `text`; an empty Metric with line -1 when there is not exactly one.
Metric only_metric(std::string_view text, int line = 1)
{
  const auto metrics = extract_metrics(words(), text, line);
  REQUIRE_MESSAGE(metrics.size() == 1, "figures found in \"", std::string(text), "\": ", metrics.size());
  return metrics.front();
}

void check_latency(std::string_view text, std::string_view percentile, double milliseconds)
{
  CAPTURE(text);
  const Metric metric = only_metric(text);
  CHECK(metric.quantity == Quantity::duration);
  CHECK(metric.name == "latency");
  CHECK(metric.percentile == percentile);
  CHECK(metric.value == doctest::Approx(milliseconds));
  CHECK(metric.unit == "ms");
}

void check_percent(std::string_view text, Quantity quantity, std::string_view name, double percent)
{
  CAPTURE(text);
  const Metric metric = only_metric(text);
  CHECK(metric.quantity == quantity);
  CHECK(metric.name == name);
  CHECK(metric.value == doctest::Approx(percent));
  CHECK(metric.unit == "%");
}

void check_count(std::string_view text, std::string_view name, double value)
{
  CAPTURE(text);
  const Metric metric = only_metric(text);
  CHECK(metric.quantity == Quantity::count);
  CHECK(metric.name == name);
  CHECK(metric.value == value);
  CHECK(metric.unit == "");
}

Condition make_condition(Quantity quantity, std::string name, std::string percentile, Comparator op, double value)
{
  Condition condition;
  condition.quantity = quantity;
  condition.name = std::move(name);
  condition.percentile = std::move(percentile);
  condition.op = op;
  condition.value = value;
  return condition;
}

Metric make_metric(Quantity quantity, std::string name = "", std::string percentile = "")
{
  Metric metric;
  metric.quantity = quantity;
  metric.percentile = std::move(percentile);
  metric.name = std::move(name);
  return metric;
}

std::string describe(const std::vector<MetricDemand>& demands)
{
  std::string result;
  for (const auto& demand : demands) {
    if (!result.empty()) {
      result += "; ";
    }
    result += demand.any ? std::string("any") : std::string(evidence::to_string(demand.quantity));
    if (!demand.name.empty()) {
      result += " " + demand.name;
    }
    if (!demand.percentile.empty()) {
      result += " " + demand.percentile;
    }
    result += " (" + demand.phrase + ")";
  }
  return result;
}

std::string describe(const std::vector<Condition>& conditions)
{
  std::string result;
  for (const auto& condition : conditions) {
    if (!result.empty()) {
      result += "; ";
    }
    result += std::string(evidence::to_string(condition.quantity));
    if (!condition.name.empty()) {
      result += " " + condition.name;
    }
    if (!condition.percentile.empty()) {
      result += " " + condition.percentile;
    }
    result += " " + std::string(evidence::to_string(condition.op)) + " " + std::to_string(condition.value);
    result += " (" + condition.written + ")";
  }
  return result;
}

} // namespace

TEST_CASE("extract_metrics")
{
  SUBCASE("latency with a percentile, normalised to milliseconds")
  {
    check_latency("Response P95: 3.4 s", "p95", 3400);
    check_latency("P95 Latency: 17670ms", "p95", 17670);
    check_latency("p99 latency 412 ms", "p99", 412);
    check_latency("P50 = 120ms", "p50", 120);
    check_latency("p95 response time 2.1s", "p95", 2100);
    check_latency("latency (p95) 800 ms", "p95", 800);
    check_latency("p95 latency was 2 seconds", "p95", 2000);
    check_latency("p95 latency of 250 msec", "p95", 250);
    check_latency("p99 latency is 1.5 sec", "p99", 1500);
    check_latency("p95 latency at 90 milliseconds", "p95", 90);
  }

  SUBCASE("average and unstated percentiles")
  {
    check_latency("average latency 300 ms", "avg", 300);
    check_latency("response latency 1.2 s", "", 1200);
  }

  SUBCASE("Markdown emphasis leftovers")
  {
    const Metric metric = only_metric("**P95 Latency:** 17670ms");
    CHECK(metric.quantity == Quantity::duration);
    CHECK(metric.percentile == "p95");
    CHECK(metric.value == 17670);
    CHECK(metric.written == "P95 Latency: 17670ms");
  }

  SUBCASE("written is the matched span")
  {
    const auto metrics = extract_metrics(words(), "Smoke chats done. Response P95: 3.4 s overall.", 7);
    REQUIRE(metrics.size() == 1);
    CHECK(metrics[0].written == "Response P95: 3.4 s");
    CHECK(metrics[0].line == 7);
  }

  SUBCASE("a number without a time unit is no latency")
  {
    CHECK(extract_metrics(words(), "P95 latency 3400", 1).empty());
    CHECK(extract_metrics(words(), "p99 latency: 412", 1).empty());
  }

  SUBCASE("rates in percent")
  {
    check_percent("failure rate 0.6%", Quantity::percent, "failure-rate", 0.6);
    check_percent("failure rate: 2 percent", Quantity::percent, "failure-rate", 2);
    check_percent("0.6% failure rate", Quantity::percent, "failure-rate", 0.6);
    check_percent("failure rate 2 pct", Quantity::percent, "failure-rate", 2);
    check_percent("failure rate 0.5 per cent", Quantity::percent, "failure-rate", 0.5);
    check_percent("error rate 0.1 %", Quantity::percent, "error-rate", 0.1);
    check_percent("error rate was 0.2%", Quantity::percent, "error-rate", 0.2);
    check_percent("failed job rate: 2 percent", Quantity::percent, "failed-job-rate", 2);
    check_percent("failed jobs rate 0.4%", Quantity::percent, "failed-job-rate", 0.4);
    check_percent("job failure rate 1.5%", Quantity::percent, "failed-job-rate", 1.5);
  }

  SUBCASE("a rate needs a percent unit")
  {
    CHECK(extract_metrics(words(), "failure rate 0.6", 1).empty());
    CHECK(extract_metrics(words(), "error rate: 2 ms", 1).empty());
  }

  SUBCASE("rollout percentage")
  {
    check_percent("rollout at 10%", Quantity::traffic_share, "", 10);
    check_percent("10% traffic", Quantity::traffic_share, "", 10);
    check_percent("10 percent traffic", Quantity::traffic_share, "", 10);
    check_percent("BULLMQ_ROLLOUT_PERCENTAGE=50", Quantity::traffic_share, "", 50);
    check_percent("rollout percentage: 50", Quantity::traffic_share, "", 50);
    CHECK(only_metric("BULLMQ_ROLLOUT_PERCENTAGE=50").written == "BULLMQ_ROLLOUT_PERCENTAGE=50");
    CHECK(extract_metrics(words(), "BULLMQ_ROLLOUT_PERCENTAGE=<previous value>", 1).empty());
    CHECK(extract_metrics(words(), "rollout 10", 1).empty());
  }

  SUBCASE("time of day in seconds since midnight")
  {
    const Metric metric = only_metric("Smoke chat at 14:05 UTC");
    CHECK(metric.quantity == Quantity::timestamp);
    CHECK(metric.value == 14 * 3600 + 5 * 60);
    CHECK(metric.unit == "s");
    CHECK(metric.written == "14:05 UTC");
    CHECK_FALSE(metric.absolute.has_value());
  }

  SUBCASE("ISO timestamps keep what was written")
  {
    const Metric metric = only_metric("Profiled at 2025-10-22T17:05:56Z");
    CHECK(metric.quantity == Quantity::timestamp);
    CHECK(metric.value == 17 * 3600 + 5 * 60 + 56);
    CHECK(metric.unit == "s");
    CHECK(metric.written == "2025-10-22T17:05:56Z");
    REQUIRE(metric.absolute.has_value());
    CHECK(*metric.absolute == *util::parse_timestamp("2025-10-22T17:05:56Z"));
  }

  SUBCASE("plain dates are no metrics")
  {
    CHECK(extract_metrics(words(), "2025-10-22", 1).empty());
    CHECK(extract_metrics(words(), "Deployed on 2025-10-22 after review", 1).empty());
  }

  SUBCASE("counts")
  {
    check_count("12 mismatches", "mismatch", 12);
    check_count("mismatch count: 0", "mismatch", 0);
    check_count("2 duplicate replies", "duplicate-reply", 2);
    check_count("40 conversations reviewed", "conversation", 40);
    check_count("3 retries", "retry", 3);
    check_count("0 errors", "error", 0);
    check_count("Timeouts: 1", "timeout", 1);
  }

  SUBCASE("no counts from dates, times, versions or percentages")
  {
    CHECK(extract_metrics(words(), "2025-10-22 requests", 1).empty());
    CHECK(extract_metrics(words(), "version 1.2.3 jobs", 1).empty());
    CHECK(extract_metrics(words(), "v2 requests", 1).empty());
    CHECK(extract_metrics(words(), "10% requests", 1).empty());
    CHECK(extract_metrics(words(), "1.5 errors", 1).empty());
    CHECK(extract_metrics(words(), "Errors: 3/100", 1).empty());
    // Only the time is a figure: its minutes are not a count of jobs.
    const Metric metric = only_metric("at 14:05 jobs resumed");
    CHECK(metric.quantity == Quantity::timestamp);
  }

  SUBCASE("thresholds are conditions, not figures")
  {
    CHECK(extract_metrics(words(), "P95 > 5 s", 1).empty());
    CHECK(extract_metrics(words(), "failure rate >= 2 percent", 1).empty());
    CHECK(extract_metrics(words(), "P95 AI response latency <5s", 1).empty());
    CHECK(extract_metrics(words(), "error rate below 1%", 1).empty());
    CHECK(extract_metrics(words(), "p99 under 300 ms", 1).empty());
    CHECK(extract_metrics(words(), "P95 \xE2\x89\xA4 5 s", 1).empty());
    CHECK(extract_metrics(words(), "latency less than 2 s", 1).empty());
    CHECK(extract_metrics(words(), "at least 2 conversations", 1).empty());
    CHECK(extract_metrics(words(), 
            "If failure rate >= 2 percent or response P95 > 5 s, rollback immediately (see Section 5).", 1)
            .empty());
  }

  SUBCASE("goals and hypotheses are not observations")
  {
    CHECK(extract_metrics(words(), "Target P95 latency: 5 s", 1).empty());
    CHECK(extract_metrics(words(), "Target: 10% traffic with n8n fallback enabled.", 1).empty());
    CHECK(extract_metrics(words(), "If p95 latency is 6 s, roll back", 1).empty());
  }

  SUBCASE("each figure keeps its own name and line")
  {
    const auto metrics = extract_metrics(words(), "P95 3.4 s, p99 5 s\nfailure rate 0.6%, 12 mismatches", 20);
    REQUIRE(metrics.size() == 4);
    CHECK(metrics[0].percentile == "p95");
    CHECK(metrics[0].value == 3400);
    CHECK(metrics[0].line == 20);
    CHECK(metrics[1].percentile == "p99");
    CHECK(metrics[1].value == 5000);
    CHECK(metrics[1].line == 20);
    CHECK(metrics[2].name == "failure-rate");
    CHECK(metrics[2].line == 21);
    CHECK(metrics[3].quantity == Quantity::count);
    CHECK(metrics[3].line == 21);
  }

  SUBCASE("table rows")
  {
    check_latency("Metric: P95 latency | Value: 3.4 s", "p95", 3400);
    CHECK(only_metric("Metric: P95 latency | Value: 3.4 s").written == "P95 latency 3.4 s");
    check_latency("Stage: Validation | P95: 3.4 s", "p95", 3400);
    const auto metrics = extract_metrics(words(), "Metric: Response P95 | Target: 5 s | Actual: 3.4 s", 3);
    REQUIRE(metrics.size() == 1);
    CHECK(metrics[0].value == 3400);
  }

  SUBCASE("nothing in prose without figures")
  {
    CHECK(extract_metrics(words(), "Review Chatwoot inbox transcripts for persona continuity.", 1).empty());
    CHECK(extract_metrics(words(), "Worker stable for 24 hours, Phase 3 complete.", 1).empty());
    CHECK(extract_metrics(words(), "", 1).empty());
  }
}

TEST_CASE("extract_conditions")
{
  SUBCASE("the seed's rollback guard")
  {
    const auto conditions = extract_conditions(words(), 
      "If failure rate >= 2 percent or response P95 > 5 s, rollback immediately (see Section 5).", 39);
    CHECK(describe(conditions)
          == "percent failure-rate >= 2.000000 (failure rate >= 2 percent); duration latency p95 > 5000.000000 (response P95 > 5 s)");
    REQUIRE(conditions.size() == 2);
    CHECK(conditions[0].line == 39);
    CHECK(conditions[1].line == 39);
  }

  SUBCASE("the seed's SLA breaches")
  {
    const auto conditions = extract_conditions(words(), 
      "If SLA breaches occur (response P95 > 5 s, duplicate replies, failed job rate >= 2 percent):", 71);
    CHECK(describe(conditions)
          == "duration latency p95 > 5000.000000 (response P95 > 5 s); percent failed-job-rate >= 2.000000 (failed job "
             "rate >= 2 percent)");
  }

  SUBCASE("written forms")
  {
    const auto one = [](std::string_view text) {
      const auto conditions = extract_conditions(words(), text, 1);
      REQUIRE_MESSAGE(conditions.size() == 1, std::string(text));
      return conditions.front();
    };
    Condition condition = one("failed job rate < 1 percent");
    CHECK(condition.name == "failed-job-rate");
    CHECK(condition.op == Comparator::less);
    CHECK(condition.value == 1);

    condition = one("P95 AI response latency <5s");
    CHECK(condition.name == "latency");
    CHECK(condition.percentile == "p95");
    CHECK(condition.op == Comparator::less);
    CHECK(condition.value == 5000);
    CHECK(condition.written == "P95 AI response latency <5s");

    condition = one("error rate below 1%");
    CHECK(condition.name == "error-rate");
    CHECK(condition.op == Comparator::less);
    CHECK(condition.value == 1);

    condition = one("p99 under 300 ms");
    CHECK(condition.percentile == "p99");
    CHECK(condition.op == Comparator::less);
    CHECK(condition.value == 300);

    condition = one("P95 \xE2\x89\xA4 5 s");
    CHECK(condition.op == Comparator::less_equal);
    CHECK(condition.value == 5000);

    condition = one("P95 \xE2\x89\xA5 5 s");
    CHECK(condition.op == Comparator::greater_equal);

    condition = one("failure rate of at least 2%");
    CHECK(condition.name == "failure-rate");
    CHECK(condition.op == Comparator::greater_equal);

    condition = one("p95 latency at most 800 ms");
    CHECK(condition.op == Comparator::less_equal);
    CHECK(condition.value == 800);
  }

  SUBCASE("figures and bare bounds are no conditions")
  {
    CHECK(extract_conditions(words(), "Response P95: 3.4 s", 1).empty());
    CHECK(extract_conditions(words(), "worker stable for 24 hours", 1).empty());
    CHECK(extract_conditions(words(), "(target < 5 s)", 1).empty());
    CHECK(extract_conditions(words(), "p95 latency -> 3 s", 1).empty());
  }
}

TEST_CASE("applies_to")
{
  const Condition p95 = make_condition(Quantity::duration, "latency", "p95", Comparator::greater, 5000);
  CHECK(applies_to(p95, make_metric(Quantity::duration, "latency", "p95")));
  CHECK(applies_to(p95, make_metric(Quantity::duration, "latency", "")));
  CHECK_FALSE(applies_to(p95, make_metric(Quantity::duration, "latency", "p99")));
  CHECK_FALSE(applies_to(p95, make_metric(Quantity::percent, "failure-rate")));

  const Condition any_latency = make_condition(Quantity::duration, "latency", "", Comparator::greater, 5000);
  CHECK(applies_to(any_latency, make_metric(Quantity::duration, "latency", "p99")));

  const Condition failed_jobs = make_condition(Quantity::percent, "failed-job-rate", "", Comparator::greater_equal, 2);
  CHECK(applies_to(failed_jobs, make_metric(Quantity::percent, "failed-job-rate")));
  CHECK_FALSE(applies_to(failed_jobs, make_metric(Quantity::percent, "failure-rate")));
}

TEST_CASE("holds")
{
  CHECK(holds(make_condition(Quantity::duration, "latency", "p95", Comparator::greater, 5000), 17670));
  CHECK_FALSE(holds(make_condition(Quantity::duration, "latency", "p95", Comparator::greater, 5000), 5000));
  CHECK(holds(make_condition(Quantity::percent, "failure-rate", "", Comparator::greater_equal, 2), 2));
  CHECK_FALSE(holds(make_condition(Quantity::percent, "failure-rate", "", Comparator::greater_equal, 2), 0.6));
  CHECK(holds(make_condition(Quantity::percent, "failed-job-rate", "", Comparator::less, 1), 0.5));
  CHECK_FALSE(holds(make_condition(Quantity::percent, "failed-job-rate", "", Comparator::less, 1), 1));
  CHECK(holds(make_condition(Quantity::duration, "latency", "", Comparator::less_equal, 300), 300));
  CHECK(holds(make_condition(Quantity::count, "mismatch", "", Comparator::equal, 0), 0));
}

TEST_CASE("demanded_metrics")
{
  SUBCASE("the seed's items, exactly")
  {
    struct Case
    {
      const char* text;
      const char* demands;
    };
    const Case k_cases[] = {
      {"Confirm Redis, OpenAI, and Chatwoot credentials in the target environment (Railway or Vercel).", ""},
      {"Download recent worker logs (Railway dashboard or railway logs --service bullmq-worker).", ""},
      {"Notify stakeholders in #ai-broker:", ""},
      {"Update environment configuration:", ""},
      {"Redeploy worker/service.", ""},
      {"Verify migration status reflects 10 percent rollout and n8n fallback enabled.", ""},
      {"Execute smoke chats (desktop and mobile) and log timestamps plus response latency.",
       "timestamp (timestamps); duration latency (response latency)"},
      {"Record findings in docs/work-log.md under a new Phase 3 entry.", ""},
      {"If failure rate >= 2 percent or response P95 > 5 s, rollback immediately (see Section 5).", ""},
      {"Preconditions met: validation window complete, failed job rate < 1 percent, worker stable for 24 hours.", ""},
      {"Update configuration:", ""},
      {"Announce ramp in #ai-broker with current metrics.", "any (current metrics)"},
      {"Re-run smoke chats and /api/admin/migration-status.", ""},
      {"Review Chatwoot inbox transcripts for persona continuity and handoff behavior.", ""},
      {"Capture results in the work log.", ""},
      {"Preconditions met: Ramp window stable for 72 hours and leadership sign-off recorded.", ""},
      {"Run end-to-end verification:", ""},
      {"Post completion update in #ai-broker and #customer-systems.", ""},
      {"Schedule 48 hour post-cutover review meeting (engineering, operations, support).", ""},
      {"Update docs/plans/active/2025-10-21-ai-broker-chat-activation-plan-COMPLETION.md with actual rollout "
       "metrics and verification outcomes.",
       "any (actual rollout metrics)"},
      {"Attach production screenshots or logs (anonymized) to docs/validation-reports/ if new evidence is collected.",
       ""},
      {"Ensure the Final Success Checklist in the activation plan is ticked only after all verification steps pass.",
       ""},
      {"Log incident details in docs/work-log.md.", ""},
    };
    for (const auto& item : k_cases) {
      CAPTURE(item.text);
      CHECK(describe(demanded_metrics(words(), item.text)) == item.demands);
    }
  }

  SUBCASE("kinds, percentiles and names")
  {
    CHECK(describe(demanded_metrics(words(), "note the mismatch count and p99 latency"))
          == "count mismatch (mismatch count); duration latency p99 (p99 latency)");
    CHECK(describe(demanded_metrics(words(), "Record failure rate and error rate in the work log."))
          == "percent failure-rate (failure rate); percent error-rate (error rate)");
    CHECK(describe(demanded_metrics(words(), "Report the failed job rate and rollout percentage."))
          == "percent failed-job-rate (failed job rate); traffic_share (rollout percentage)");
    CHECK(describe(demanded_metrics(words(), "Log the number of duplicate replies."))
          == "count duplicate-reply (number of duplicate replies)");
  }

  SUBCASE("a noun without a recording verb demands nothing")
  {
    CHECK(demanded_metrics(words(), "Check response latency on the dashboard.").empty());
    CHECK(demanded_metrics(words(), "Review the timestamps.").empty());
  }

  SUBCASE("the subject of a bound is not a demand")
  {
    CHECK(describe(demanded_metrics(words(), "Log response latency; page on-call if failure rate >= 2 percent."))
          == "duration latency (response latency)");
  }

  SUBCASE("a figure the item states itself is not a demand")
  {
    CHECK(demanded_metrics(words(), "Update environment configuration: `CONFIRMATION_ROLLOUT_PERCENTAGE=10`").empty());
    CHECK(demanded_metrics(words(), "Update the flag: rollout percentage 25%.").empty());
    CHECK(describe(demanded_metrics(words(), "Set rollout percentage: 50 and log the error rate."))
          == "percent error-rate (error rate)");
  }

  SUBCASE("each demand once")
  {
    CHECK(demanded_metrics(words(), "Log latency, then log latency again.").size() == 1);
  }
}

TEST_CASE("satisfies")
{
  MetricDemand any;
  any.any = true;
  CHECK(satisfies(any, make_metric(Quantity::duration, "latency", "p95")));
  CHECK(satisfies(any, make_metric(Quantity::count, "mismatch")));
  CHECK(satisfies(any, make_metric(Quantity::traffic_share)));
  CHECK_FALSE(satisfies(any, make_metric(Quantity::timestamp)));

  MetricDemand latency;
  latency.quantity = Quantity::duration;
  latency.name = "latency";
  CHECK(satisfies(latency, make_metric(Quantity::duration, "latency", "p95")));
  CHECK(satisfies(latency, make_metric(Quantity::duration, "latency", "")));
  CHECK_FALSE(satisfies(latency, make_metric(Quantity::percent, "failure-rate")));

  MetricDemand p99 = latency;
  p99.percentile = "p99";
  CHECK(satisfies(p99, make_metric(Quantity::duration, "latency", "p99")));
  CHECK_FALSE(satisfies(p99, make_metric(Quantity::duration, "latency", "p95")));

  MetricDemand mismatches;
  mismatches.quantity = Quantity::count;
  mismatches.name = "mismatch";
  CHECK(satisfies(mismatches, make_metric(Quantity::count, "mismatch")));
  CHECK_FALSE(satisfies(mismatches, make_metric(Quantity::count, "conversation")));

  MetricDemand timestamps;
  timestamps.quantity = Quantity::timestamp;
  CHECK(satisfies(timestamps, make_metric(Quantity::timestamp)));
  CHECK_FALSE(satisfies(timestamps, make_metric(Quantity::duration, "latency")));
}

TEST_CASE("to_string")
{
  CHECK(evidence::to_string(Quantity::duration) == "duration");
  CHECK(evidence::to_string(Quantity::percent) == "percent");
  CHECK(evidence::to_string(Quantity::traffic_share) == "traffic_share");
  CHECK(evidence::to_string(Quantity::timestamp) == "timestamp");
  CHECK(evidence::to_string(Quantity::count) == "count");
  CHECK(evidence::to_string(Comparator::less) == "<");
  CHECK(evidence::to_string(Comparator::less_equal) == "<=");
  CHECK(evidence::to_string(Comparator::greater) == ">");
  CHECK(evidence::to_string(Comparator::greater_equal) == ">=");
  CHECK(evidence::to_string(Comparator::equal) == "=");
}

TEST_CASE("extract_metrics (the vocabulary's words)")
{
  SUBCASE("units: percent-units and the figure groups of duration-units")
  {
    const auto words = team_words("percent-units: [prozent]\nduration-units: {s: [sekunden]}\n");
    CHECK(only_metric("p95 latency 3 min").value == 180000);
    CHECK(extract_metrics(words, "error rate 2 prozent", 1).size() == 1);
    CHECK(extract_metrics(test_support::words(), "error rate 2 prozent", 1).empty());
    const auto metrics = extract_metrics(words, "p95 latency 3 sekunden", 1);
    REQUIRE(metrics.size() == 1);
    CHECK(metrics[0].value == 3000);
    // Hours are a window's unit, not a figure's: "24h" after a number is no latency.
    CHECK(extract_metrics(test_support::words(), "p95 latency 2 h", 1).empty());
  }

  SUBCASE("time-zones and meridiems")
  {
    CHECK(only_metric("Smoke test at 2:05 pm").value == 14 * 3600 + 5 * 60);
    CHECK(only_metric("Smoke test at 11:30 p.m.").value == 23 * 3600 + 30 * 60);
    CHECK(only_metric("Smoke test at 9:10 a.m.").value == 9 * 3600 + 10 * 60);
    CHECK(extract_metrics(test_support::words(), "at 2:05 amazing results", 1).empty()); // "am" must end a word
    CHECK(extract_metrics(test_support::words(), "verse 3:16 Zulu", 1).empty());
    const auto words = team_words("time-zones: [Zulu]\n");
    const auto metrics = extract_metrics(words, "verse 3:16 Zulu", 1);
    REQUIRE(metrics.size() == 1);
    CHECK(metrics[0].quantity == Quantity::timestamp);
    CHECK(metrics[0].written == "3:16 Zulu");
    const auto iso = extract_metrics(words, "Flipped at 2026-02-10 10:15 Zulu", 1);
    REQUIRE(iso.size() == 1);
    CHECK(iso[0].absolute == util::parse_timestamp("2026-02-10T10:15:00Z"));
  }

  SUBCASE("figure-separators")
  {
    check_latency("P95 \xE2\x89\x88 300 ms", "p95", 300);   // ≈
    check_latency("P95 \xE2\x80\x93 3.4 s", "p95", 3400);  // en dash
    check_latency("p99 latency averaging 410 ms", "p99", 410);
    CHECK(extract_metrics(test_support::words(), "p95 latency offset 300 ms", 1).empty()); // "of" must be a word
  }

  SUBCASE("percentiles: canonical names and a numbered percentile alone")
  {
    check_latency("99.9th percentile latency 2 s", "p99.9", 2000);
    check_latency("median response time 120 ms", "p50", 120);
    check_latency("95th percentile: 900 ms", "p95", 900);
    CHECK(extract_metrics(test_support::words(), "average: 3 min", 1).empty()); // an average alone names nothing
    const auto words = team_words("percentiles: {\"p{n}\": [\"tp{n}\"]}\n");
    const auto metrics = extract_metrics(words, "TP99 latency: 300 ms", 1);
    REQUIRE(metrics.size() == 1);
    CHECK(metrics[0].percentile == "p99");
  }

  SUBCASE("duration-qualifiers name a duration only beside a percentile")
  {
    check_latency("p95 duration 3 s", "p95", 3000);
    check_latency("Response P95: 3.4 s", "p95", 3400);
    CHECK(extract_metrics(test_support::words(), "Deployment duration: 12 min", 1).empty());
    CHECK(extract_metrics(test_support::words(), "Response: 3 s", 1).empty());
  }

  SUBCASE("a team's duration metric")
  {
    const auto words = team_words("duration-metrics: {queue-wait: [\"queue wait(?: time)?\"]}\n");
    const auto metrics = extract_metrics(words, "p95 queue wait 4 s, p95 latency 300 ms", 1);
    REQUIRE(metrics.size() == 2);
    CHECK(metrics[0].name == "queue-wait");
    CHECK(metrics[0].percentile == "p95");
    CHECK(metrics[1].name == "latency");
    // A percentile alone names the first duration metric.
    CHECK(only_metric("P95: 3 s").name == "latency");
  }

  SUBCASE("a team's percent metric")
  {
    const auto words = team_words("percent-metrics: {cpu-usage: [\"cpu(?: usage)?\"]}\n");
    const auto metrics = extract_metrics(words, "CPU usage: 78%, 64% cpu, error rate 0.2%", 1);
    REQUIRE(metrics.size() == 3);
    CHECK(metrics[0].quantity == Quantity::percent);
    CHECK(metrics[0].name == "cpu-usage");
    CHECK(metrics[0].value == 78);
    CHECK(metrics[1].name == "cpu-usage");
    CHECK(metrics[2].name == "error-rate");
    CHECK(extract_metrics(words, "CPU usage: 78", 1).empty()); // a percentage needs its unit
    CHECK(extract_metrics(test_support::words(), "CPU usage: 78%", 1).empty());
  }

  SUBCASE("a team's countable, and count-qualifiers and count-labels")
  {
    const auto words = team_words("countables: {queue-item: [\"queue items?\"]}\ncount-qualifiers: [dropped]\n");
    CHECK(extract_metrics(words, "740 queue items", 1).at(0).name == "queue-item");
    CHECK(extract_metrics(words, "queue item count: 740", 1).at(0).name == "queue-item");
    CHECK(extract_metrics(words, "Queue items: 740", 1).at(0).value == 740);
    CHECK(extract_metrics(words, "5 dropped messages", 1).at(0).name == "message");
    CHECK(extract_metrics(test_support::words(), "5 dropped messages", 1).empty());
    check_count("count of retries: 3", "retry", 3);
  }

  SUBCASE("traffic-metrics and traffic-qualifiers")
  {
    check_percent("10% of the live traffic", Quantity::traffic_share, "", 10);
    check_percent("traffic percentage: 25", Quantity::traffic_share, "", 25);
    CHECK(extract_metrics(test_support::words(), "traffic share: 25", 1).empty()); // its name does not say percent
    check_percent("traffic share: 25%", Quantity::traffic_share, "", 25);
    CHECK(extract_metrics(test_support::words(), "5% errors during the rollout", 1).empty());
    const auto words = team_words("traffic-qualifiers: [mobile]\n");
    CHECK(extract_metrics(words, "10% of mobile traffic", 1).size() == 1);
  }

  SUBCASE("hedges and value-headers")
  {
    const auto words = team_words("hedges: [aim]\nvalue-headers: [messwert]\n");
    CHECK(extract_metrics(words, "aim p95 latency 3 s", 1).empty());
    CHECK(extract_metrics(test_support::words(), "aim p95 latency 3 s", 1).size() == 1);
    CHECK(extract_metrics(words, "Metric: P95 latency | Messwert: 3.4 s", 1).size() == 1);
    CHECK(extract_metrics(test_support::words(), "Metric: P95 latency | Messwert: 3.4 s", 1).empty());
  }
}

TEST_CASE("extract_conditions (the vocabulary's words)")
{
  SUBCASE("one comparator list, grouped by comparison")
  {
    const auto op_of = [](const vocabulary::Vocabulary& words, std::string_view text) {
      const auto conditions = extract_conditions(words, text, 1);
      REQUIRE_MESSAGE(conditions.size() == 1, std::string(text));
      return conditions.front().op;
    };
    CHECK(op_of(test_support::words(), "error rate reaches 1 percent") == Comparator::greater_equal);
    CHECK(op_of(test_support::words(), "p99 latency exceeding 800 ms") == Comparator::greater);
    CHECK(op_of(test_support::words(), "error rate no more than 1%") == Comparator::less_equal);
    CHECK(op_of(test_support::words(), "error rate less than or equal to 1%") == Comparator::less_equal);
    CHECK(op_of(test_support::words(), "p95 latency within 300 ms") == Comparator::less_equal);
    // A comparator is never a figure: "reaches 1 percent" is a bound, in figures as in conditions.
    CHECK(extract_metrics(test_support::words(), "error rate reaches 1 percent", 1).empty());
    const auto words = team_words("comparators: {greater: [tops]}\n");
    CHECK(op_of(words, "p95 latency tops 2 s") == Comparator::greater);
    CHECK(extract_metrics(words, "p95 latency tops 2 s", 1).empty());
    CHECK(extract_metrics(test_support::words(), "p95 latency tops 2 s", 1).empty()); // not a separator either
  }

  SUBCASE("counts compared")
  {
    CHECK(describe(extract_conditions(test_support::words(), "Halt if mismatches > 0 or more than 3 timeouts.", 1))
          == "count mismatch > 0.000000 (mismatches > 0); count timeout > 3.000000 (more than 3 timeouts)");
    const auto words = team_words("countables: {queue-item: [\"queue items?\"]}\n");
    CHECK(describe(extract_conditions(words, "Abort if queue items exceed 500.", 1))
          == "count queue-item > 500.000000 (queue items exceed 500)");
    CHECK(extract_conditions(test_support::words(), "Reuses conversations within 30-day windows", 1).empty());
  }

  SUBCASE("a team's percent metric")
  {
    const auto words = team_words("percent-metrics: {cpu-usage: [\"cpu(?: usage)?\"]}\n");
    CHECK(describe(extract_conditions(words, "Abort if CPU usage reaches 85 percent.", 1))
          == "percent cpu-usage >= 85.000000 (CPU usage reaches 85 percent)");
  }

  SUBCASE("threshold-headers")
  {
    const auto words = team_words("threshold-headers: [grenze]\n");
    CHECK(extract_conditions(words, "Metric: P95 latency | Grenze: > 4 s", 1).size() == 1);
    CHECK(extract_conditions(test_support::words(), "Metric: P95 latency | Grenze: > 4 s", 1).empty());
  }
}

TEST_CASE("demanded_metrics (the vocabulary's words)")
{
  SUBCASE("every record verb asks for the figures it names")
  {
    CHECK(describe(demanded_metrics(words(), "Update `docs/search-v2-COMPLETION.md` with p99 latency."))
          == "duration latency p99 (p99 latency)");
    CHECK(describe(demanded_metrics(words(), "Append the error rate to the shift notes."))
          == "percent error-rate (error rate)");
  }

  SUBCASE("figure-links and figure-words")
  {
    CHECK(describe(demanded_metrics(words(), "Close the ticket with final metrics.")) == "any (final metrics)");
    CHECK(demanded_metrics(words(), "Close the ticket with p99 latency.").empty()); // a link asks for figures in general
    const auto words = team_words("figure-links: [alongside]\nfigure-words: [readings]\n");
    CHECK(describe(demanded_metrics(words, "Close the ticket alongside the shard readings."))
          == "any (the shard readings)");
  }

  SUBCASE("timestamp-names and traffic names that say percent")
  {
    CHECK(describe(demanded_metrics(words(), "Record the time stamps of each probe.")) == "timestamp (time stamps)");
    CHECK(describe(demanded_metrics(words(), "Record the traffic percentage.")) == "traffic_share (traffic percentage)");
    CHECK(demanded_metrics(words(), "Record the rollout notes.").empty());
  }

  SUBCASE("a team's metrics")
  {
    const auto words = team_words("percent-metrics: {cpu-usage: [\"cpu(?: usage)?\"]}\n"
                            "countables: {queue-item: [\"queue items?\"]}\n");
    CHECK(describe(demanded_metrics(words, "Write CPU usage and the queue item count into the log."))
          == "percent cpu-usage (CPU usage); count queue-item (queue item count)");
  }
}

TEST_CASE("metric_label")
{
  CHECK(evidence::metric_label(Quantity::percent, "failed-job-rate") == "failed job rate");
  CHECK(evidence::metric_label(Quantity::duration, "latency") == "latency");
  CHECK(evidence::metric_label(Quantity::count, "duplicate-reply") == "duplicate reply");
  CHECK(evidence::metric_label(Quantity::traffic_share, "") == "rollout percentage");
  CHECK(evidence::metric_label(Quantity::timestamp, "") == "timestamp");
}
