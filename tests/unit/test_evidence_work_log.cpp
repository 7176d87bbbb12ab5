#include "evidence/work_log.hpp"
#include "../support/words.hpp"

#include "markdown/document.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using test_support::words;

using evidence::document_metrics;
using evidence::Entry;
using evidence::Metric;
using evidence::Quantity;
using evidence::parse_work_log;
using evidence::WorkLog;

namespace {

WorkLog parse(std::string_view markdown)
{
  return parse_work_log(words(), markdown::parse_document("docs/work-log.md", markdown));
}

std::vector<std::string> topics(const WorkLog& log)
{
  std::vector<std::string> result;
  for (const auto& entry : log.entries) {
    result.push_back(entry.topic);
  }
  return result;
}

const Metric* find_metric(const Entry& entry, std::string_view name, std::string_view percentile = "")
{
  for (const auto& metric : entry.metrics) {
    if ((metric.name == name || evidence::to_string(metric.quantity) == name) && metric.percentile == percentile) {
      return &metric;
    }
  }
  return nullptr;
}

// Line numbers below are the 1-based lines of this text.
constexpr std::string_view k_newest_first = R"(# Work Log

## 2025-10-22 - Phase 3 validation

Smoke chats done at 14:05 UTC. Response P95: 3.4 s.

- failure rate 0.6%
- 12 mismatches

| Metric | Value |
| --- | --- |
| P95 latency | 3.4 s |

### Follow-up notes

p99 latency 412 ms

## 2025-10-21: Ramp preparation

Prepared the configuration.

## SLA Timing Profiling - 2025-10-20T17:05:56Z

**P95 Latency:** 17670ms
)";

} // namespace

TEST_CASE("parse_work_log")
{
  SUBCASE("the heading forms")
  {
    const WorkLog log = parse(k_newest_first);
    CHECK(log.path == "docs/work-log.md");
    REQUIRE(log.entries.size() == 3);
    CHECK(topics(log) == std::vector<std::string>{"Phase 3 validation", "Ramp preparation", "SLA Timing Profiling"});

    CHECK(log.entries[0].title == "2025-10-22 - Phase 3 validation");
    CHECK(log.entries[0].date == util::Date{2025, 10, 22});
    CHECK(log.entries[0].line == 3);
    CHECK_FALSE(log.entries[0].written_time.has_value());

    CHECK(log.entries[1].date == util::Date{2025, 10, 21});
    CHECK(log.entries[1].line == 18);

    CHECK(log.entries[2].date == util::Date{2025, 10, 20});
    REQUIRE(log.entries[2].written_time.has_value());
    CHECK(*log.entries[2].written_time == *util::parse_timestamp("2025-10-20T17:05:56Z"));
  }

  SUBCASE("more heading forms")
  {
    const WorkLog log = parse("## Phase 3 (2025-10-22)\n\ntext\n\n## [2025-10-23] Ramp\n\ntext\n");
    REQUIRE(log.entries.size() == 2);
    CHECK(topics(log) == std::vector<std::string>{"Phase 3", "Ramp"});
    CHECK(log.entries[0].date == util::Date{2025, 10, 22});
    CHECK(log.entries[1].date == util::Date{2025, 10, 23});
  }

  SUBCASE("newest first")
  {
    CHECK(parse(k_newest_first).newest_first);
  }

  SUBCASE("oldest first")
  {
    const WorkLog log = parse("# Log\n\n## 2025-10-20 - A\n\n## 2025-10-21 - B\n\n## 2025-10-22 - C\n");
    REQUIRE(log.entries.size() == 3);
    CHECK_FALSE(log.newest_first);
  }

  SUBCASE("sub-headings belong to the entry above")
  {
    const WorkLog log = parse(k_newest_first);
    REQUIRE(log.entries.size() == 3);
    const Entry& entry = log.entries[0];
    CHECK(entry.section == 1);
    CHECK(entry.last_line == 17);
    CHECK(entry.body.find("Follow-up notes") != std::string::npos);
    const Metric* p99 = find_metric(entry, "latency", "p99");
    REQUIRE(p99 != nullptr);
    CHECK(p99->value == 412);
    CHECK(p99->line == 16);
    CHECK(find_metric(log.entries[1], "latency", "p99") == nullptr);
  }

  SUBCASE("figures from prose, lists and tables with their lines")
  {
    const WorkLog log = parse(k_newest_first);
    REQUIRE(log.entries.size() == 3);
    const Entry& entry = log.entries[0];

    const Metric* time = find_metric(entry, "timestamp");
    REQUIRE(time != nullptr);
    CHECK(time->value == 14 * 3600 + 5 * 60);
    CHECK(time->line == 5);

    const Metric* failure = find_metric(entry, "failure-rate");
    REQUIRE(failure != nullptr);
    CHECK(failure->value == doctest::Approx(0.6));
    CHECK(failure->line == 7);

    const Metric* mismatches = find_metric(entry, "count");
    REQUIRE(mismatches != nullptr);
    CHECK(mismatches->name == "mismatch");
    CHECK(mismatches->value == 12);
    CHECK(mismatches->line == 8);

    std::vector<int> p95_lines;
    for (const auto& metric : entry.metrics) {
      if (metric.name == "latency" && metric.percentile == "p95") {
        CHECK(metric.value == 3400);
        p95_lines.push_back(metric.line);
      }
    }
    CHECK(p95_lines == std::vector<int>{5, 12}); // the prose and the table row

    const Metric* emphasised = find_metric(log.entries[2], "latency", "p95");
    REQUIRE(emphasised != nullptr);
    CHECK(emphasised->value == 17670);
    CHECK(emphasised->line == 24);
  }

  SUBCASE("the body is the entry's prose without its heading")
  {
    const WorkLog log = parse(k_newest_first);
    REQUIRE(log.entries.size() == 3);
    CHECK(log.entries[1].body == "Prepared the configuration.");
    CHECK(log.entries[1].metrics.empty());
  }

  SUBCASE("an impossible date is no entry and ends the one before")
  {
    const WorkLog log = parse("## 2025-10-20 - A\n\nfailure rate 0.6%\n\n## 2025-02-30 - B\n\nerror rate 1%\n");
    REQUIRE(log.entries.size() == 1);
    CHECK(log.entries[0].topic == "A");
    CHECK(find_metric(log.entries[0], "failure-rate") != nullptr);
    CHECK(find_metric(log.entries[0], "error-rate") == nullptr);
  }

  SUBCASE("an undated heading at the entry level ends the entry")
  {
    const WorkLog log = parse("## 2025-10-20 - A\n\nfailure rate 0.6%\n\n## Appendix\n\nerror rate 1%\n");
    REQUIRE(log.entries.size() == 1);
    CHECK(log.entries[0].last_line == 4);
    CHECK(find_metric(log.entries[0], "error-rate") == nullptr);
  }

  SUBCASE("entries are at the shallowest dated level")
  {
    const WorkLog log = parse("## 2025-10-20 - A\n\n### 2025-10-20T10:00:00Z deploy\n\ntext\n\n## 2025-10-21 - B\n");
    CHECK(topics(log) == std::vector<std::string>{"A", "B"});
  }

  SUBCASE("a dated document title does not swallow the entries")
  {
    const WorkLog log = parse("# Work Log (updated 2025-10-22)\n\n## 2025-10-21 - A\n\n## 2025-10-22 - B\n");
    CHECK(topics(log) == std::vector<std::string>{"A", "B"});
  }

  SUBCASE("a date inside a file name is no entry date")
  {
    const WorkLog log = parse("## Notes on 2025-10-21-ai-broker-plan.md\n\n## 2025-10-22 - A\n");
    CHECK(topics(log) == std::vector<std::string>{"A"});
  }

  SUBCASE("no dated headings, no entries")
  {
    CHECK(parse("# Log\n\n## Phase 3\n\np95 latency 3 s\n").entries.empty());
    CHECK(parse("").entries.empty());
  }
}

TEST_CASE("parse_work_log (times in headings)")
{
  const std::string text = "# Log\n\n## 2025-10-22 14:05 UTC - Ramp\n\nx\n\n## 2025-10-23T09:30:00+02:00 - Cutover\n\ny\n\n"
                           "## 2025-10-24 08:00 Zulu - Review\n\nz\n";
  const auto log = parse(text);
  REQUIRE(log.entries.size() == 3);
  REQUIRE(log.entries[0].written_time);
  CHECK(*log.entries[0].written_time == *util::parse_timestamp("2025-10-22T14:05:00Z"));
  REQUIRE(log.entries[1].written_time);
  CHECK(*log.entries[1].written_time == *util::parse_timestamp("2025-10-23T07:30:00Z"));
  CHECK(log.entries[2].topic == "Zulu - Review");
  // A team that writes "Zulu" for UTC: the time is read, and the zone leaves the topic.
  auto layer = vocabulary::parse_layer("team.yaml", YAML::Load("time-zones: [Zulu]"));
  REQUIRE(layer);
  const auto team = audit::assemble_vocabulary({audit::default_rule_pack()}, *layer);
  REQUIRE(team);
  const auto zulu = parse_work_log(*team, markdown::parse_document("docs/work-log.md", text));
  REQUIRE(zulu.entries[2].written_time);
  CHECK(*zulu.entries[2].written_time == *util::parse_timestamp("2025-10-24T08:00:00Z"));
  CHECK(zulu.entries[2].topic == "Review");
}

TEST_CASE("document_metrics")
{
  const auto document = markdown::parse_document("docs/plans/x-COMPLETION.md",
                                                  "# Completion\n"
                                                  "\n"
                                                  "Rollout at 10% on 2025-10-22.\n"
                                                  "\n"
                                                  "| Metric | Value |\n"
                                                  "| --- | --- |\n"
                                                  "| P95 latency | 3.4 s |\n"
                                                  "| Failed job rate | 0.2% |\n"
                                                  "\n"
                                                  "- mismatch count: 0\n");
  const auto metrics = document_metrics(words(), document);
  REQUIRE(metrics.size() == 4);
  CHECK(metrics[0].quantity == Quantity::traffic_share);
  CHECK(metrics[0].value == 10);
  CHECK(metrics[0].line == 3);
  CHECK(metrics[1].name == "latency");
  CHECK(metrics[1].percentile == "p95");
  CHECK(metrics[1].value == 3400);
  CHECK(metrics[1].line == 7);
  CHECK(metrics[2].name == "failed-job-rate");
  CHECK(metrics[2].value == doctest::Approx(0.2));
  CHECK(metrics[2].line == 8);
  CHECK(metrics[3].quantity == Quantity::count);
  CHECK(metrics[3].name == "mismatch");
  CHECK(metrics[3].line == 10);
}
