#include "evidence/metrics.hpp"
#include "../support/words.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

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
using evidence::MetricKind;
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
  CHECK(metric.kind == MetricKind::latency);
  CHECK(metric.percentile == percentile);
  CHECK(metric.value == doctest::Approx(milliseconds));
  CHECK(metric.unit == "ms");
}

void check_percent(std::string_view text, MetricKind kind, double percent)
{
  CAPTURE(text);
  const Metric metric = only_metric(text);
  CHECK(metric.kind == kind);
  CHECK(metric.value == doctest::Approx(percent));
  CHECK(metric.unit == "%");
}

void check_count(std::string_view text, std::string_view name, double value)
{
  CAPTURE(text);
  const Metric metric = only_metric(text);
  CHECK(metric.kind == MetricKind::count);
  CHECK(metric.name == name);
  CHECK(metric.value == value);
  CHECK(metric.unit == "");
}

Condition make_condition(MetricKind kind, std::string percentile, Comparator op, double value)
{
  Condition condition;
  condition.kind = kind;
  condition.percentile = std::move(percentile);
  condition.op = op;
  condition.value = value;
  return condition;
}

Metric make_metric(MetricKind kind, std::string percentile = "", std::string name = "")
{
  Metric metric;
  metric.kind = kind;
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
    result += demand.any ? std::string("any") : std::string(evidence::to_string(demand.kind));
    if (!demand.percentile.empty()) {
      result += " " + demand.percentile;
    }
    if (!demand.name.empty()) {
      result += " " + demand.name;
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
    result += std::string(evidence::to_string(condition.kind));
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
    CHECK(metric.kind == MetricKind::latency);
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
    check_percent("failure rate 0.6%", MetricKind::failure_rate, 0.6);
    check_percent("failure rate: 2 percent", MetricKind::failure_rate, 2);
    check_percent("0.6% failure rate", MetricKind::failure_rate, 0.6);
    check_percent("failure rate 2 pct", MetricKind::failure_rate, 2);
    check_percent("failure rate 0.5 per cent", MetricKind::failure_rate, 0.5);
    check_percent("error rate 0.1 %", MetricKind::error_rate, 0.1);
    check_percent("error rate was 0.2%", MetricKind::error_rate, 0.2);
    check_percent("failed job rate: 2 percent", MetricKind::failed_job_rate, 2);
    check_percent("failed jobs rate 0.4%", MetricKind::failed_job_rate, 0.4);
    check_percent("job failure rate 1.5%", MetricKind::failed_job_rate, 1.5);
  }

  SUBCASE("a rate needs a percent unit")
  {
    CHECK(extract_metrics(words(), "failure rate 0.6", 1).empty());
    CHECK(extract_metrics(words(), "error rate: 2 ms", 1).empty());
  }

  SUBCASE("rollout percentage")
  {
    check_percent("rollout at 10%", MetricKind::rollout_percentage, 10);
    check_percent("10% traffic", MetricKind::rollout_percentage, 10);
    check_percent("10 percent traffic", MetricKind::rollout_percentage, 10);
    check_percent("BULLMQ_ROLLOUT_PERCENTAGE=50", MetricKind::rollout_percentage, 50);
    check_percent("rollout percentage: 50", MetricKind::rollout_percentage, 50);
    CHECK(only_metric("BULLMQ_ROLLOUT_PERCENTAGE=50").written == "BULLMQ_ROLLOUT_PERCENTAGE=50");
    CHECK(extract_metrics(words(), "BULLMQ_ROLLOUT_PERCENTAGE=<previous value>", 1).empty());
    CHECK(extract_metrics(words(), "rollout 10", 1).empty());
  }

  SUBCASE("time of day in seconds since midnight")
  {
    const Metric metric = only_metric("Smoke chat at 14:05 UTC");
    CHECK(metric.kind == MetricKind::timestamp);
    CHECK(metric.value == 14 * 3600 + 5 * 60);
    CHECK(metric.unit == "s");
    CHECK(metric.written == "14:05 UTC");
    CHECK_FALSE(metric.absolute.has_value());
  }

  SUBCASE("ISO timestamps keep what was written")
  {
    const Metric metric = only_metric("Profiled at 2025-10-22T17:05:56Z");
    CHECK(metric.kind == MetricKind::timestamp);
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
    check_count("2 duplicate replies", "duplicate reply", 2);
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
    CHECK(metric.kind == MetricKind::timestamp);
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
    CHECK(metrics[2].kind == MetricKind::failure_rate);
    CHECK(metrics[2].line == 21);
    CHECK(metrics[3].kind == MetricKind::count);
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
          == "failure_rate >= 2.000000 (failure rate >= 2 percent); latency p95 > 5000.000000 (response P95 > 5 s)");
    REQUIRE(conditions.size() == 2);
    CHECK(conditions[0].line == 39);
    CHECK(conditions[1].line == 39);
  }

  SUBCASE("the seed's SLA breaches")
  {
    const auto conditions = extract_conditions(words(), 
      "If SLA breaches occur (response P95 > 5 s, duplicate replies, failed job rate >= 2 percent):", 71);
    CHECK(describe(conditions)
          == "latency p95 > 5000.000000 (response P95 > 5 s); failed_job_rate >= 2.000000 (failed job rate >= 2 "
             "percent)");
  }

  SUBCASE("written forms")
  {
    const auto one = [](std::string_view text) {
      const auto conditions = extract_conditions(words(), text, 1);
      REQUIRE_MESSAGE(conditions.size() == 1, std::string(text));
      return conditions.front();
    };
    Condition condition = one("failed job rate < 1 percent");
    CHECK(condition.kind == MetricKind::failed_job_rate);
    CHECK(condition.op == Comparator::less);
    CHECK(condition.value == 1);

    condition = one("P95 AI response latency <5s");
    CHECK(condition.kind == MetricKind::latency);
    CHECK(condition.percentile == "p95");
    CHECK(condition.op == Comparator::less);
    CHECK(condition.value == 5000);
    CHECK(condition.written == "P95 AI response latency <5s");

    condition = one("error rate below 1%");
    CHECK(condition.kind == MetricKind::error_rate);
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
    CHECK(condition.kind == MetricKind::failure_rate);
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
  const Condition p95 = make_condition(MetricKind::latency, "p95", Comparator::greater, 5000);
  CHECK(applies_to(p95, make_metric(MetricKind::latency, "p95")));
  CHECK(applies_to(p95, make_metric(MetricKind::latency, "")));
  CHECK_FALSE(applies_to(p95, make_metric(MetricKind::latency, "p99")));
  CHECK_FALSE(applies_to(p95, make_metric(MetricKind::failure_rate)));

  const Condition any_latency = make_condition(MetricKind::latency, "", Comparator::greater, 5000);
  CHECK(applies_to(any_latency, make_metric(MetricKind::latency, "p99")));

  const Condition failed_jobs = make_condition(MetricKind::failed_job_rate, "", Comparator::greater_equal, 2);
  CHECK(applies_to(failed_jobs, make_metric(MetricKind::failed_job_rate)));
  CHECK_FALSE(applies_to(failed_jobs, make_metric(MetricKind::failure_rate)));
}

TEST_CASE("holds")
{
  CHECK(holds(make_condition(MetricKind::latency, "p95", Comparator::greater, 5000), 17670));
  CHECK_FALSE(holds(make_condition(MetricKind::latency, "p95", Comparator::greater, 5000), 5000));
  CHECK(holds(make_condition(MetricKind::failure_rate, "", Comparator::greater_equal, 2), 2));
  CHECK_FALSE(holds(make_condition(MetricKind::failure_rate, "", Comparator::greater_equal, 2), 0.6));
  CHECK(holds(make_condition(MetricKind::failed_job_rate, "", Comparator::less, 1), 0.5));
  CHECK_FALSE(holds(make_condition(MetricKind::failed_job_rate, "", Comparator::less, 1), 1));
  CHECK(holds(make_condition(MetricKind::latency, "", Comparator::less_equal, 300), 300));
  CHECK(holds(make_condition(MetricKind::count, "", Comparator::equal, 0), 0));
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
       "timestamp (timestamps); latency (response latency)"},
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
          == "count mismatch (mismatch count); latency p99 (p99 latency)");
    CHECK(describe(demanded_metrics(words(), "Record failure rate and error rate in the work log."))
          == "failure_rate (failure rate); error_rate (error rate)");
    CHECK(describe(demanded_metrics(words(), "Report the failed job rate and rollout percentage."))
          == "failed_job_rate (failed job rate); rollout_percentage (rollout percentage)");
    CHECK(describe(demanded_metrics(words(), "Log the number of duplicate replies."))
          == "count duplicate reply (number of duplicate replies)");
  }

  SUBCASE("a noun without a recording verb demands nothing")
  {
    CHECK(demanded_metrics(words(), "Check response latency on the dashboard.").empty());
    CHECK(demanded_metrics(words(), "Review the timestamps.").empty());
  }

  SUBCASE("the subject of a bound is not a demand")
  {
    CHECK(describe(demanded_metrics(words(), "Log response latency; page on-call if failure rate >= 2 percent."))
          == "latency (response latency)");
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
  CHECK(satisfies(any, make_metric(MetricKind::latency, "p95")));
  CHECK(satisfies(any, make_metric(MetricKind::count, "", "mismatch")));
  CHECK(satisfies(any, make_metric(MetricKind::rollout_percentage)));
  CHECK_FALSE(satisfies(any, make_metric(MetricKind::timestamp)));

  MetricDemand latency;
  latency.kind = MetricKind::latency;
  CHECK(satisfies(latency, make_metric(MetricKind::latency, "p95")));
  CHECK(satisfies(latency, make_metric(MetricKind::latency, "")));
  CHECK_FALSE(satisfies(latency, make_metric(MetricKind::failure_rate)));

  MetricDemand p99 = latency;
  p99.percentile = "p99";
  CHECK(satisfies(p99, make_metric(MetricKind::latency, "p99")));
  CHECK_FALSE(satisfies(p99, make_metric(MetricKind::latency, "p95")));

  MetricDemand mismatches;
  mismatches.kind = MetricKind::count;
  mismatches.name = "mismatch";
  CHECK(satisfies(mismatches, make_metric(MetricKind::count, "", "mismatch")));
  CHECK_FALSE(satisfies(mismatches, make_metric(MetricKind::count, "", "conversation")));

  MetricDemand timestamps;
  timestamps.kind = MetricKind::timestamp;
  CHECK(satisfies(timestamps, make_metric(MetricKind::timestamp)));
  CHECK_FALSE(satisfies(timestamps, make_metric(MetricKind::latency)));
}

TEST_CASE("to_string")
{
  CHECK(evidence::to_string(MetricKind::latency) == "latency");
  CHECK(evidence::to_string(MetricKind::failure_rate) == "failure_rate");
  CHECK(evidence::to_string(MetricKind::error_rate) == "error_rate");
  CHECK(evidence::to_string(MetricKind::failed_job_rate) == "failed_job_rate");
  CHECK(evidence::to_string(MetricKind::rollout_percentage) == "rollout_percentage");
  CHECK(evidence::to_string(MetricKind::timestamp) == "timestamp");
  CHECK(evidence::to_string(MetricKind::count) == "count");
  CHECK(evidence::to_string(Comparator::less) == "<");
  CHECK(evidence::to_string(Comparator::less_equal) == "<=");
  CHECK(evidence::to_string(Comparator::greater) == ">");
  CHECK(evidence::to_string(Comparator::greater_equal) == ">=");
  CHECK(evidence::to_string(Comparator::equal) == "=");
}
