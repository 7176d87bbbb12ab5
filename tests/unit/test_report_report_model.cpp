#include "report/report_model.hpp"
#include "../support/words.hpp"

#include "audit/timeline.hpp"
#include "corpus/corpus.hpp"
#include "util/time.hpp"

#include <doctest/doctest.h>

#include <map>

using test_support::words;

namespace {

util::Timestamp at(const char* iso)
{
  return *util::parse_timestamp(iso);
}

// A timeline with a scripted history: each box ticked at the time its text's opening words say, entries
// and files added when told. No git.
class ScriptedTimeline : public audit::WorkingTreeTimeline
{
public:
  explicit ScriptedTimeline(util::Timestamp now) : WorkingTreeTimeline(now)
  {
  }
  std::vector<std::optional<audit::Stamp>> ticks(const std::string&, const markdown::Document& document) const override
  {
    std::vector<std::optional<audit::Stamp>> out;
    for (const auto& item : document.items) {
      if (!item.ticked) {
        out.emplace_back();
        continue;
      }
      std::optional<audit::Stamp> stamp = uncommitted();
      for (const auto& [prefix, time] : tick_times) {
        if (item.text.starts_with(prefix)) {
          stamp = committed(time);
        }
      }
      if (const auto before = said_before.find(item.text); before != said_before.end()) {
        stamp->said_before = before->second;
      }
      out.push_back(stamp);
    }
    return out;
  }
  std::optional<audit::Stamp> file_added(const std::string& path) const override
  {
    const auto found = file_times.find(path);
    return found == file_times.end() ? std::optional<audit::Stamp>(uncommitted()) : committed(found->second);
  }
  std::optional<audit::Stamp> entry_added(const std::string&, const evidence::Entry& entry) const override
  {
    const auto found = entry_times.find(entry.title);
    return found == entry_times.end() ? std::optional<audit::Stamp>(uncommitted()) : committed(found->second);
  }
  std::optional<audit::Stamp> metrics_added(const std::string& path) const override
  {
    return file_added(path);
  }
  bool has_history() const override
  {
    return history;
  }

  static audit::Stamp committed(util::Timestamp time)
  {
    audit::Stamp stamp;
    stamp.time = time;
    stamp.committed = true;
    stamp.commit = std::string(40, static_cast<char>('a' + time % 6));
    stamp.author = "Sam Operator";
    return stamp;
  }

  std::map<std::string, util::Timestamp> tick_times;
  std::map<std::string, util::Timestamp> file_times;
  std::map<std::string, util::Timestamp> entry_times;
  std::map<std::string, std::string> said_before; // by item text: what it said until it was ticked
  bool history = true;
};

const char* const k_checklist = "---\n"
                                "title: Widget Rollout Checklist\n"
                                "---\n"
                                "\n"
                                "# Widget Rollout Checklist\n"
                                "\n"
                                "## 1. Canary Stage (10 Percent Traffic)\n"
                                "\n"
                                "- [x] Set WIDGET_PERCENT=10 on the canary.\n"                             // line 9
                                "- [x] Record results in `docs/work-log.md`.\n"                             // line 10
                                "- [ ] If error rate >= 2 percent or p95 > 500 ms, rollback immediately.\n" // line 11
                                "\n"
                                "## 2. Ramp Stage (50 Percent Traffic)\n"
                                "\n"
                                "- [x] Preconditions met: canary stable for 24 hours, error rate < 1 percent.\n" // line 15
                                "- [x] Set WIDGET_PERCENT=50.\n"                                                 // line 16
                                "- [ ] Capture results in the work log.\n"                                       // line 17
                                "\n"
                                "## 3. Full Rollout (100 Percent Traffic)\n"
                                "\n"
                                "- [ ] Set WIDGET_PERCENT=100.\n"; // line 21

const char* const k_work_log = "# Log\n"
                               "\n"
                               "## 2025-10-01 - Widget canary (10% traffic)\n"
                               "\n"
                               "- p95 latency 620 ms\n"
                               "- error rate 0.4%\n";

struct World
{
  World()
  {
    file_system.add_file("docs/checklist.md", k_checklist);
    file_system.add_file("docs/work-log.md", k_work_log);
    timeline.tick_times = {{"Set WIDGET_PERCENT=10", at("2025-10-01T10:00:00Z")},
                           {"Record results", at("2025-10-01T11:00:00Z")},
                           {"Preconditions met", at("2025-10-01T15:00:00Z")},
                           {"Set WIDGET_PERCENT=50", at("2025-10-01T15:00:00Z")}};
    timeline.entry_times = {{"2025-10-01 - Widget canary (10% traffic)", at("2025-10-01T10:30:00Z")}};
  }
  void build()
  {
    corpus = std::make_unique<corpus::Corpus>(file_system, corpus::Options{});
    facts = audit::build_facts(*corpus, config, words(), timeline, "");
  }

  corpus::MemoryFileSystem file_system;
  config::Config config;
  ScriptedTimeline timeline{at("2025-10-03T00:00:00Z")};
  std::unique_ptr<corpus::Corpus> corpus;
  audit::Facts facts;
};

audit::Finding finding(std::string rule, audit::Severity severity, std::string file, int line, std::string message)
{
  audit::Finding out;
  out.rule = std::move(rule);
  out.severity = severity;
  out.file = std::move(file);
  out.line = line;
  out.column = 1;
  out.message = std::move(message);
  return out;
}

audit::AuditResult findings_of_world()
{
  audit::AuditResult result;
  result.summary = audit::Summary{2, {1, 0, 0, 0}, 7, 4};
  result.findings.push_back(finding("ticked-before-precondition", audit::Severity::error, "docs/checklist.md", 15, "ticked early"));
  result.findings.push_back(finding("broken-reference", audit::Severity::warning, "docs/other.md", 3, "gone"));
  return result;
}

const report::MetricChart* chart(const report::ChecklistModel& checklist, std::string_view label)
{
  for (const auto& each : checklist.charts) {
    if (each.label == label) {
      return &each;
    }
  }
  return nullptr;
}

} // namespace

TEST_CASE("build_report_model")
{
  World world;
  world.build();
  const auto result = findings_of_world();
  report::RunInfo info;
  info.has_history = true;
  info.now_given = true;
  const auto model = report::build_report_model(&world.facts, result, info);

  CHECK(model.detailed);
  CHECK(model.has_history);
  CHECK(model.now == at("2025-10-03T00:00:00Z"));
  REQUIRE(model.checklists.size() == 1); // the work log has no boxes
  const auto& checklist = model.checklists[0];
  CHECK(checklist.path == "docs/checklist.md");
  CHECK(checklist.title == "Widget Rollout Checklist");
  CHECK(checklist.rollout == "widget");

  SUBCASE("stages: when each began, completed and how long it ran")
  {
    REQUIRE(checklist.stages.size() == 3);
    const auto& canary = checklist.stages[0];
    CHECK(canary.percent == 10);
    CHECK(canary.required == 2); // the rollback guard is no step
    CHECK(canary.ticked == 2);
    REQUIRE(canary.started);
    CHECK(canary.started->time == at("2025-10-01T10:00:00Z"));
    REQUIRE(canary.completed);
    CHECK(canary.completed->time == at("2025-10-01T11:00:00Z"));
    CHECK(canary.lasted == 5 * 3600); // until the ramp's first tick
    CHECK_FALSE(canary.lasted_until_now);

    const auto& ramp = checklist.stages[1];
    CHECK(ramp.ticked == 2);
    CHECK(ramp.required == 3);
    CHECK(ramp.open_lines == std::vector<int>{17});
    CHECK_FALSE(ramp.completed);
    CHECK(ramp.lasted == at("2025-10-03T00:00:00Z") - at("2025-10-01T15:00:00Z"));
    CHECK(ramp.lasted_until_now);
    CHECK_FALSE(ramp.open_end);

    const auto& full = checklist.stages[2];
    CHECK_FALSE(full.started);
    CHECK_FALSE(full.lasted);
  }

  SUBCASE("ticks in time order, with their findings and windows")
  {
    REQUIRE(checklist.ticks.size() == 4);
    CHECK(checklist.ticks[0].line == 9);
    CHECK(checklist.ticks[1].line == 10);
    CHECK(checklist.ticks[2].line == 15);
    CHECK(checklist.ticks[3].line == 16);
    CHECK(checklist.ticks[2].stage == 1);
    CHECK(checklist.ticks[2].when.committed);
    CHECK(checklist.ticks[2].when.author == "Sam Operator");
    CHECK(checklist.ticks[2].in_window);      // 4 hours after the canary completed, 24 stated
    CHECK_FALSE(checklist.ticks[3].in_window); // the window is the precondition's, not the whole stage's
    REQUIRE(checklist.ticks[2].findings.size() == 1);
    const auto& linked = checklist.findings[static_cast<size_t>(checklist.ticks[2].findings[0])];
    CHECK(linked.finding->rule == "ticked-before-precondition");
    CHECK(linked.tick == 2);
  }

  SUBCASE("stated windows start where the stage they wait on completed")
  {
    REQUIRE(checklist.windows.size() == 1);
    const auto& window = checklist.windows[0];
    CHECK(window.stage == 1);
    CHECK(window.waits_on == 0);
    CHECK(window.line == 15);
    CHECK(window.written == "stable for 24 hours");
    CHECK(window.seconds == 86400);
    REQUIRE(window.start);
    CHECK(window.start->time == at("2025-10-01T11:00:00Z"));
    CHECK_FALSE(window.provisional);
    REQUIRE(window.tick);
    CHECK(window.tick->time == at("2025-10-01T15:00:00Z"));
    CHECK(window.early);
    CHECK(checklist.stages[1].windows == std::vector<int>{0});
  }

  SUBCASE("evidence at the time it appeared")
  {
    REQUIRE(checklist.evidence.size() == 1);
    const auto& entry = checklist.evidence[0];
    CHECK(entry.kind == report::EvidenceKind::work_log_entry);
    CHECK(entry.stage == 0);
    CHECK(entry.file == "docs/work-log.md");
    CHECK(entry.line == 3);
    REQUIRE(entry.when);
    CHECK(entry.when->time == at("2025-10-01T10:30:00Z"));
    CHECK(entry.written == at("2025-10-01T00:00:00Z"));
    CHECK(report::plotted_time(entry, true) == at("2025-10-01T10:30:00Z"));
    CHECK(report::plotted_time(entry, false) == at("2025-10-01T00:00:00Z"));
  }

  SUBCASE("metrics per stage against the thresholds")
  {
    const auto* latency = chart(checklist, "P95 latency");
    REQUIRE(latency);
    CHECK(latency->unit == "ms");
    CHECK(latency->columns == std::vector<std::string>{"Canary Stage · 10%", "Ramp Stage · 50%", "Full Rollout · 100%"});
    REQUIRE(latency->points.size() == 1);
    CHECK(latency->points[0].column == 0);
    CHECK(latency->points[0].value == 620);
    CHECK(latency->points[0].breaches);
    CHECK(latency->points[0].source == "entry '2025-10-01 - Widget canary (10% traffic)'");
    REQUIRE(latency->thresholds.size() == 1);
    CHECK(latency->thresholds[0].rollback);
    CHECK(latency->thresholds[0].value == 500);
    CHECK(latency->thresholds[0].line == 11);

    const auto* errors = chart(checklist, "error rate");
    REQUIRE(errors);
    REQUIRE(errors->points.size() == 1);
    CHECK(errors->points[0].value == doctest::Approx(0.4));
    CHECK_FALSE(errors->points[0].breaches); // under the rollback threshold and the ramp's gate
    REQUIRE(errors->thresholds.size() == 2);
    CHECK(errors->thresholds[0].rollback);
    CHECK(errors->thresholds[0].op == evidence::Comparator::greater_equal);
    CHECK_FALSE(errors->thresholds[1].rollback);
    CHECK(errors->thresholds[1].op == evidence::Comparator::less);
    CHECK(errors->thresholds[1].line == 15);
  }

  SUBCASE("verdicts")
  {
    CHECK_FALSE(checklist.verdict.ready);
    CHECK(checklist.verdict.text == "Not ready to sign: 1 error (1 ticked-before-precondition); 2 required steps open, first at line 17");
    CHECK_FALSE(model.verdict.ready);
    CHECK(model.verdict.text == "Not ready to sign: 1 of 1 checklist not ready ('Widget Rollout Checklist'); 1 error");
    REQUIRE(model.other_findings.size() == 1);
    CHECK(model.other_findings[0]->file == "docs/other.md");
    CHECK(model.all_findings.size() == 2);
    CHECK(model.counts == report::verdict(result));
  }
}

TEST_CASE("build_report_model draws a window a status line stated until it was marked done")
{
  World world;
  world.file_system.add_file("docs/checklist.md", "# Widget Flag Rollout\n\n"
                                                  "## Phase 1: Staff (5%)\n\n**Status:** ✅ DONE\n\n"
                                                  "## Phase 2: Everyone (100%)\n\n**Status:** ✅ DONE\n"); // line 9
  world.timeline.tick_times = {{"Phase 1", at("2025-10-01T10:00:00Z")}, {"Phase 2", at("2025-10-01T13:00:00Z")}};
  world.timeline.said_before = {{"Phase 2: Everyone (100%)", "⏳ Awaiting phase 1 sign-off (24h)"}};
  world.build();
  report::RunInfo info;
  info.has_history = true;
  const auto model = report::build_report_model(&world.facts, audit::AuditResult{}, info);
  REQUIRE(model.checklists.size() == 1);
  const auto& checklist = model.checklists[0];
  // As ticked-before-precondition reads it: 24 hours from phase 1's completion, and the done mark 3 hours in.
  REQUIRE(checklist.windows.size() == 1);
  const auto& window = checklist.windows[0];
  CHECK(window.stage == 1);
  CHECK(window.waits_on == 0);
  CHECK(window.line == 9);
  CHECK(window.written == "Awaiting phase 1 sign-off (24h)");
  CHECK(window.seconds == 86400);
  REQUIRE(window.start);
  CHECK(window.start->time == at("2025-10-01T10:00:00Z"));
  CHECK(window.early);
  REQUIRE(checklist.ticks.size() == 2);
  CHECK(checklist.ticks[1].in_window);
}

TEST_CASE("build_report_model without history")
{
  World world;
  world.timeline.history = false;
  world.timeline.tick_times.clear();
  world.timeline.entry_times.clear();
  world.build();
  const audit::AuditResult result;
  const auto model = report::build_report_model(&world.facts, result, report::RunInfo{});
  CHECK_FALSE(model.has_history);
  REQUIRE(model.checklists.size() == 1);
  const auto& checklist = model.checklists[0];
  // Every tick is "now"; no window is judged or drawn; the entry sits at its heading's date.
  for (const auto& tick : checklist.ticks) {
    CHECK_FALSE(tick.when.committed);
    CHECK_FALSE(tick.in_window);
  }
  REQUIRE(checklist.windows.size() == 1);
  CHECK_FALSE(checklist.windows[0].start);
  CHECK_FALSE(checklist.windows[0].early);
  CHECK(checklist.first == at("2025-10-01T00:00:00Z"));
  CHECK(checklist.last == at("2025-10-03T00:00:00Z"));
  CHECK(checklist.verdict.text == "Not ready to sign: 2 required steps open, first at line 17 (without git history: when boxes were ticked was not checked)");
}

TEST_CASE("build_report_model of findings only")
{
  const auto result = findings_of_world();
  const auto model = report::build_report_model(nullptr, result, report::RunInfo{});
  CHECK_FALSE(model.detailed);
  CHECK(model.checklists.empty());
  CHECK(model.other_findings.size() == 2);
  CHECK_FALSE(model.verdict.ready);
  CHECK(model.verdict.text == "Not ready to sign: 1 error");

  const audit::AuditResult clean;
  CHECK(report::build_report_model(nullptr, clean, report::RunInfo{}).verdict.text == "Ready to sign: no errors");
}

TEST_CASE("build_report_model of a finished checklist")
{
  corpus::MemoryFileSystem file_system;
  file_system.add_file("docs/done.md", "# Search Reindex Rollout Checklist\n\n## 1. Cutover (100 Percent Traffic)\n\n- [x] Switch the alias.\n");
  ScriptedTimeline timeline(at("2025-10-03T00:00:00Z"));
  timeline.tick_times = {{"Switch", at("2025-10-02T09:00:00Z")}};
  const corpus::Corpus corpus(file_system, corpus::Options{});
  const config::Config config;
  const auto facts = audit::build_facts(corpus, config, words(), timeline, "");
  audit::AuditResult result;
  result.findings.push_back(finding("broken-reference", audit::Severity::warning, "docs/done.md", 5, "gone"));
  const auto model = report::build_report_model(&facts, result, report::RunInfo{});
  REQUIRE(model.checklists.size() == 1);
  CHECK(model.checklists[0].verdict.ready);
  CHECK(model.checklists[0].verdict.text == "Ready to sign, with 1 warning to read");
  CHECK(model.checklists[0].charts.empty());
  CHECK(model.checklists[0].stages[0].completed->time == at("2025-10-02T09:00:00Z"));
  CHECK(model.verdict.ready);
  CHECK(model.verdict.text == "Ready to sign: 1 checklist without errors or open steps");
}

TEST_CASE("format_value")
{
  CHECK(report::format_value(6200, "ms") == "6.2 s");
  CHECK(report::format_value(612, "ms") == "612 ms");
  CHECK(report::format_value(0.8, "%") == "0.8%");
  CHECK(report::format_value(2, "%") == "2%");
  CHECK(report::format_value(12, "") == "12");
}

TEST_CASE("format_moment")
{
  report::Moment moment{at("2025-10-22T15:00:00Z"), true, false, "abc", "Sam"};
  CHECK(report::format_moment(moment) == "2025-10-22 15:00 UTC");
  moment.truncated = true;
  CHECK(report::format_moment(moment) == "2025-10-22 15:00 UTC (or earlier: shallow clone)");
  moment.committed = false;
  CHECK(report::format_moment(moment) == "not committed");
}

TEST_CASE("build_report_model without --now: the open stage ends at the last recorded event, not at the clock")
{
  World world;
  world.timeline = ScriptedTimeline{at("2026-12-01T00:00:00Z")}; // a clock reading a year on
  world.timeline.tick_times = {{"Set WIDGET_PERCENT=10", at("2025-10-01T10:00:00Z")},
                               {"Record results", at("2025-10-01T11:00:00Z")},
                               {"Preconditions met", at("2025-10-01T15:00:00Z")},
                               {"Set WIDGET_PERCENT=50", at("2025-10-01T16:00:00Z")}};
  world.timeline.entry_times = {{"2025-10-01 - Widget canary (10% traffic)", at("2025-10-01T10:30:00Z")}};
  world.build();
  report::RunInfo info;
  info.has_history = true;
  const auto model = report::build_report_model(&world.facts, findings_of_world(), info);
  REQUIRE(model.checklists.size() == 1);
  const auto& ramp = model.checklists[0].stages[1];
  CHECK(ramp.open_end);
  CHECK_FALSE(ramp.lasted_until_now);
  CHECK(ramp.lasted == 3600); // from its first tick (15:00) to the last tick (16:00)
  CHECK(model.checklists[0].stages[0].lasted == 5 * 3600);
  CHECK_FALSE(model.checklists[0].stages[0].open_end);
}

TEST_CASE("build_report_model signs off rollouts and plans only")
{
  corpus::MemoryFileSystem file_system;
  file_system.add_file("docs/b-cutover.md", "# Billing Cutover\n\n## Canary (5% of traffic)\n\n- [x] Route.\n\n"
                                            "## Ramp (50% of traffic)\n\n- [ ] Ramp.\n");
  file_system.add_file("docs/a-plan.md", "# Billing Plan\n\nRuns `b-cutover.md`.\n\n## Final Sign-off\n\n- [ ] Done.\n");
  file_system.add_file("docs/c-notes.md", "# Session notes\n\n- [x] Talked.\n");
  file_system.add_file("docs/d-todo.md", "# To do\n\n- [ ] Tidy.\n");
  ScriptedTimeline timeline(at("2025-10-03T00:00:00Z"));
  const corpus::Corpus corpus(file_system, corpus::Options{});
  const config::Config config;
  const auto facts = audit::build_facts(corpus, config, words(), timeline, "");
  audit::AuditResult result;
  result.findings.push_back(finding("broken-reference", audit::Severity::warning, "docs/c-notes.md", 3, "gone"));
  const auto model = report::build_report_model(&facts, result, report::RunInfo{});
  // The rollout first, then the plan; the notes and the to-do list are no one's sign-off.
  REQUIRE(model.checklists.size() == 2);
  CHECK(model.checklists[0].path == "docs/b-cutover.md");
  CHECK(model.checklists[1].path == "docs/a-plan.md");
  REQUIRE(model.other_findings.size() == 1);
  CHECK(model.other_findings[0]->file == "docs/c-notes.md");
}
