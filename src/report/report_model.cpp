#include "report/report_model.hpp"

#include "audit/check.hpp"
#include "audit/item_evidence.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace report {

namespace {

Moment moment_of(const audit::Stamp& stamp)
{
  return Moment{stamp.time, stamp.committed, stamp.truncated, stamp.commit, stamp.author};
}

std::string plural(size_t count, std::string_view word)
{
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

std::string title_of(const audit::DocumentFacts& document)
{
  if (const auto* field = document.document.front_matter.field("title"); field && !field->value.empty()) {
    return field->value;
  }
  for (const auto& section : document.document.sections) {
    if (section.level == 1) {
      return section.title;
    }
  }
  return document.path;
}

// A stage title without its number and traffic note, for chart columns: "2. Validation Stage (10 Percent
// Traffic)" -> "Validation Stage · 10%".
std::string short_stage(const audit::Stage& stage)
{
  static const RE2 k_number(R"(^\s*\d+[.)]\s*)");
  static const RE2 k_parenthesis(R"(\s*\([^)]*\)\s*$)");
  std::string title = stage.title;
  RE2::Replace(&title, k_number, "");
  RE2::Replace(&title, k_parenthesis, "");
  title = util::shorten(title, 28);
  if (stage.percent) {
    title += fmt::format(" · {}%", *stage.percent);
  }
  return title;
}

std::string chart_label(evidence::Quantity quantity, const std::string& name, const std::string& percentile)
{
  const std::string label = evidence::metric_label(quantity, name);
  if (quantity == evidence::Quantity::duration && !percentile.empty()) {
    std::string upper = percentile;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return upper + " " + label;
  }
  return quantity == evidence::Quantity::count ? label + " count" : label;
}

std::string_view unit_of(evidence::Quantity quantity)
{
  switch (quantity) {
  case evidence::Quantity::duration:
    return "ms";
  case evidence::Quantity::percent:
  case evidence::Quantity::traffic_share:
    return "%";
  case evidence::Quantity::timestamp:
    return "s";
  case evidence::Quantity::count:
    return "";
  }
  return "";
}

bool charted(evidence::Quantity quantity)
{
  return quantity != evidence::Quantity::timestamp && quantity != evidence::Quantity::traffic_share;
}

using SeriesKey = std::tuple<int, std::string, std::string>; // quantity, name, percentile

struct ChartBuilder
{
  MetricChart chart;
  evidence::Quantity quantity = evidence::Quantity::count;
  std::string name;
  std::string percentile;
};

bool is_complete_report(const audit::Facts& facts, const audit::DocumentFacts& checklist, const audit::DocumentFacts& report)
{
  if (!report.completion_report) {
    return false;
  }
  const auto refers = [&](const audit::DocumentFacts& from, const std::string& to) {
    return std::any_of(from.document.references.begin(), from.document.references.end(), [&](const markdown::Reference& reference) {
      const auto resolved = facts.resolve(from, reference.target);
      return resolved && *resolved == to;
    });
  };
  // "plan.md" and "plan-COMPLETION.md" beside it.
  const std::string stem = checklist.path.substr(0, checklist.path.size() - (checklist.path.ends_with(".md") ? 3 : 0));
  return refers(checklist, report.path) || refers(report, checklist.path) || report.path.starts_with(stem + "-")
         || (!checklist.rollout.empty() && audit::belongs_to_rollout(facts, report.path, checklist.rollout));
}

class ChecklistBuilder
{
public:
  ChecklistBuilder(const audit::Facts& facts, const audit::DocumentFacts& document, const audit::AuditResult& result, bool now_given)
    : m_facts(facts), m_document(document), m_result(result), m_history(facts.timeline->has_history()), m_now_given(now_given)
  {
  }

  ChecklistModel build()
  {
    m_model.path = m_document.path;
    m_model.title = title_of(m_document);
    m_model.rollout = m_document.rollout;
    build_stages();
    build_ticks();
    build_windows();
    build_evidence();
    end_open_stage();
    build_charts();
    build_findings();
    build_verdict();
    build_span();
    return std::move(m_model);
  }

private:
  void build_stages()
  {
    const auto& items = m_document.document.items;
    for (size_t s = 0; s < m_document.stages.size(); ++s) {
      const auto& stage = m_document.stages[s];
      StageModel model;
      model.title = stage.title;
      model.short_title = short_stage(stage);
      model.line = stage.line;
      model.percent = stage.percent;
      for (int index : stage.members) {
        const auto& item = items[static_cast<size_t>(index)];
        if (m_document.stage_of_item(index) != static_cast<int>(s)) {
          continue;
        }
        const auto& tick = static_cast<size_t>(index) < m_document.ticks.size() ? m_document.ticks[static_cast<size_t>(index)] : std::nullopt;
        if (item.ticked && tick && (!model.started || tick->time < model.started->time)) {
          model.started = moment_of(*tick);
        }
        if (item.kind != markdown::ItemKind::step) {
          continue;
        }
        ++model.required;
        if (item.ticked) {
          ++model.ticked;
        } else {
          model.open_lines.push_back(item.line);
        }
      }
      if (model.required > 0) {
        if (auto completed = audit::stage_completed(m_document, static_cast<int>(s))) {
          model.completed = moment_of(*completed);
        }
      }
      m_model.stages.push_back(std::move(model));
    }
    // How long each stage ran before the next one began.
    for (size_t s = 0; s < m_model.stages.size(); ++s) {
      auto& stage = m_model.stages[s];
      if (!stage.started) {
        continue;
      }
      for (size_t next = s + 1; next < m_model.stages.size(); ++next) {
        if (const auto& began = m_model.stages[next].started) {
          if (began->time >= stage.started->time) {
            stage.lasted = began->time - stage.started->time;
          }
          break;
        }
      }
      if (!stage.lasted && !stage.completed && m_history) {
        const bool later_began = std::any_of(m_model.stages.begin() + static_cast<long>(s) + 1, m_model.stages.end(),
                                             [](const StageModel& other) { return other.started.has_value(); });
        if (!later_began && m_now_given && m_facts.timeline->now() >= stage.started->time) {
          stage.lasted = m_facts.timeline->now() - stage.started->time;
          stage.lasted_until_now = true;
        } else if (!later_began) {
          stage.open_end = true; // its length is known once the ticks and evidence are (end_open_stage)
        }
      }
    }
  }

  // Without --now, the stage still open runs until the last event this checklist records (a tick or a
  // piece of its evidence that entered history), not until the clock: a reading of the clock a year later
  // says nothing about the rollout.
  void end_open_stage()
  {
    util::Timestamp last = 0;
    for (const auto& tick : m_model.ticks) {
      if (tick.when.committed) {
        last = std::max(last, tick.when.time);
      }
    }
    for (const auto& mark : m_model.evidence) {
      if (mark.when && mark.when->committed) {
        last = std::max(last, mark.when->time);
      }
    }
    for (auto& stage : m_model.stages) {
      if (stage.open_end && stage.started) {
        stage.lasted = std::max<util::Timestamp>(last, stage.started->time) - stage.started->time;
      }
    }
  }

  void build_ticks()
  {
    const auto& items = m_document.document.items;
    for (size_t i = 0; i < items.size() && i < m_document.ticks.size(); ++i) {
      const auto& item = items[i];
      if (!item.ticked || !m_document.ticks[i]) {
        continue;
      }
      TickMark mark;
      mark.item = static_cast<int>(i);
      mark.stage = m_document.stage_of_item(static_cast<int>(i));
      mark.line = item.line;
      mark.text = item.text;
      mark.when = moment_of(*m_document.ticks[i]);
      mark.required = item.kind == markdown::ItemKind::step;
      m_model.ticks.push_back(std::move(mark));
    }
    std::stable_sort(m_model.ticks.begin(), m_model.ticks.end(), [](const TickMark& a, const TickMark& b) {
      return std::tie(a.when.time, a.line) < std::tie(b.when.time, b.line);
    });
    m_latest_tick.resize(m_model.stages.size());
    for (size_t t = 0; t < m_model.ticks.size(); ++t) {
      const auto& tick = m_model.ticks[t];
      m_tick_of_item.emplace(tick.item, t);
      m_tick_of_line.emplace(tick.line, t);
      if (tick.stage >= 0 && tick.required) {
        m_latest_tick[static_cast<size_t>(tick.stage)] = tick.when; // in time order: the last one wins
      }
    }
  }

  TickMark* tick_of_item(int item)
  {
    const auto found = m_tick_of_item.find(item);
    return found == m_tick_of_item.end() ? nullptr : &m_model.ticks[found->second];
  }

  // The latest tick among a stage's ticked steps: where a window would start at the earliest once the
  // stage is complete.
  std::optional<Moment> latest_tick(int stage) const
  {
    return stage >= 0 && static_cast<size_t>(stage) < m_latest_tick.size() ? m_latest_tick[static_cast<size_t>(stage)] : std::nullopt;
  }

  void add_window(int stage, int item, int line, const evidence::StatedWindow& stated, const std::string& text)
  {
    WindowSpan span;
    span.stage = stage;
    span.item = item;
    span.line = line;
    span.written = stated.written;
    span.seconds = stated.seconds;
    span.waits_on = audit::referenced_stage(m_document, stage, stated.written + " " + text);
    if (span.waits_on < 0) {
      return; // nothing comes before it: a window with no start
    }
    if (m_history) {
      if (const auto& completed = m_model.stages[static_cast<size_t>(span.waits_on)].completed) {
        span.start = completed;
      } else if (auto latest = latest_tick(span.waits_on)) {
        span.start = latest;
        span.provisional = true;
      }
    }
    if (item >= 0) {
      if (const TickMark* tick = tick_of_item(item)) {
        span.tick = tick->when;
      }
    }
    const auto judged = [&](const Moment& tick) {
      if (!span.start || tick.truncated || span.start->truncated || (!tick.committed && !span.start->committed)) {
        return false; // nothing tells their order
      }
      return span.provisional || tick.time < span.start->time + span.seconds;
    };
    if (span.tick) {
      span.early = judged(*span.tick);
      if (TickMark* tick = tick_of_item(item)) {
        tick->in_window = span.early;
      }
    } else if (item < 0) {
      // A window in the stage heading concerns every step of the stage.
      for (int member : m_document.stages[static_cast<size_t>(stage)].members) {
        TickMark* tick = tick_of_item(member);
        if (tick && tick->stage == stage && tick->required && judged(tick->when)) {
          tick->in_window = true;
          span.early = true;
          if (!span.tick || tick->when.time < span.tick->time) {
            span.tick = tick->when;
          }
        }
      }
    }
    m_model.stages[static_cast<size_t>(stage)].windows.push_back(static_cast<int>(m_model.windows.size()));
    m_model.windows.push_back(std::move(span));
  }

  void build_windows()
  {
    const auto& items = m_document.document.items;
    for (size_t s = 0; s < m_document.stages.size(); ++s) {
      const auto& stage = m_document.stages[s];
      if (auto stated = evidence::stated_window(*m_facts.vocabulary, stage.title)) {
        add_window(static_cast<int>(s), -1, stage.line, *stated, stage.title);
      }
      for (int index : stage.members) {
        const auto& item = items[static_cast<size_t>(index)];
        if (m_document.stage_of_item(index) != static_cast<int>(s) || item.kind == markdown::ItemKind::not_applicable) {
          continue;
        }
        // Where the check reads it: the item's words, its status, what it said until it was ticked.
        const auto at = static_cast<size_t>(index);
        std::string_view said_before;
        if (at < m_document.ticks.size() && m_document.ticks[at]) {
          said_before = m_document.ticks[at]->said_before;
        }
        if (auto stated = audit::item_window(*m_facts.vocabulary, item, said_before)) {
          add_window(static_cast<int>(s), index, item.line, stated->window, item.text);
        }
      }
    }
  }

  void add_evidence(EvidenceMark mark)
  {
    for (const auto& other : m_model.evidence) {
      if (other.kind == mark.kind && other.file == mark.file && other.line == mark.line) {
        return;
      }
    }
    m_model.evidence.push_back(std::move(mark));
  }

  std::optional<Moment> dated(const std::optional<audit::Stamp>& stamp) const
  {
    return stamp ? std::optional<Moment>(moment_of(*stamp)) : std::nullopt;
  }

  void build_evidence()
  {
    const auto& timeline = *m_facts.timeline;
    for (const auto& candidate : audit::candidate_entries(m_facts, m_document)) {
      const auto& entry = *candidate.entry;
      if (!audit::entry_belongs(m_facts, m_document, entry, false)) {
        continue;
      }
      EvidenceMark mark;
      mark.kind = EvidenceKind::work_log_entry;
      mark.stage = audit::stage_of_entry(m_facts, m_document, entry);
      mark.label = entry.title;
      mark.file = candidate.log->path;
      mark.line = entry.line;
      mark.when = dated(timeline.entry_added(candidate.log->path, entry));
      mark.written = entry.written_time ? entry.written_time : std::optional<util::Timestamp>(util::to_timestamp(entry.date));
      add_evidence(std::move(mark));
    }
    for (const auto& report : m_facts.documents) {
      if (&report == &m_document || !is_complete_report(m_facts, m_document, report)) {
        continue;
      }
      EvidenceMark mark;
      mark.kind = EvidenceKind::completion_report;
      mark.file = report.path;
      mark.line = 1;
      if (report.metrics.empty()) {
        mark.label = fmt::format("{} (no figures)", report.path);
        mark.when = dated(timeline.file_added(report.path));
      } else {
        mark.label = fmt::format("{} ({})", report.path, plural(report.metrics.size(), "figure"));
        mark.when = dated(timeline.metrics_added(report.path));
      }
      m_reports.push_back(&report);
      add_evidence(std::move(mark));
    }
    for (const auto& path : m_facts.evidence_files) {
      if (m_document.rollout.empty() || audit::is_placeholder(*m_facts.vocabulary, path) || !audit::belongs_to_rollout(m_facts, path, m_document.rollout)) {
        continue;
      }
      EvidenceMark mark;
      mark.kind = EvidenceKind::evidence_file;
      mark.label = path;
      mark.file = path;
      mark.when = dated(timeline.file_added(path));
      add_evidence(std::move(mark));
    }
    std::stable_sort(m_model.evidence.begin(), m_model.evidence.end(), [](const EvidenceMark& a, const EvidenceMark& b) {
      if (a.when.has_value() != b.when.has_value()) {
        return a.when.has_value();
      }
      return a.when && a.when->time < b.when->time;
    });
  }

  void build_charts()
  {
    std::map<SeriesKey, ChartBuilder> charts;
    const auto chart_for = [&](evidence::Quantity quantity, const std::string& name, const std::string& percentile) -> ChartBuilder& {
      const SeriesKey key{static_cast<int>(quantity), name, quantity == evidence::Quantity::duration ? percentile : ""};
      auto& builder = charts[key];
      if (builder.chart.label.empty()) {
        builder.quantity = quantity;
        builder.name = name;
        builder.percentile = std::get<2>(key);
        builder.chart.label = chart_label(quantity, name, builder.percentile);
        builder.chart.unit = std::string(unit_of(quantity));
      }
      return builder;
    };

    // Rollback thresholds the document states, and the gates its preconditions name.
    std::vector<std::pair<evidence::Condition, bool>> conditions;
    for (const auto& threshold : m_document.thresholds) {
      conditions.emplace_back(threshold, true);
    }
    for (const auto& item : m_document.document.items) {
      if (audit::is_precondition(*m_facts.vocabulary, item)) {
        for (auto& condition : evidence::extract_conditions(*m_facts.vocabulary, item.text, item.line)) {
          conditions.emplace_back(std::move(condition), false);
        }
      }
    }

    // Figures per stage: entries that report on a stage and name this rollout (as threshold-breached reads
    // them), then the completion reports.
    struct Logged
    {
      int stage;
      const evidence::Metric* metric;
      std::string file;
      std::string source;
    };
    std::vector<Logged> logged;
    for (const auto& candidate : audit::candidate_entries(m_facts, m_document)) {
      const auto& entry = *candidate.entry;
      if (!audit::entry_belongs(m_facts, m_document, entry, true)) {
        continue;
      }
      const int stage = audit::stage_of_entry(m_facts, m_document, entry);
      if (stage < 0) {
        continue;
      }
      for (const auto& metric : entry.metrics) {
        if (charted(metric.quantity)) {
          logged.push_back({stage, &metric, candidate.log->path, fmt::format("entry '{}'", entry.title)});
        }
      }
    }
    for (const auto* report : m_reports) {
      for (const auto& metric : report->metrics) {
        if (charted(metric.quantity)) {
          logged.push_back({-1, &metric, report->path, fmt::format("completion report `{}`", report->path)});
        }
      }
    }
    if (logged.empty() && conditions.empty()) {
      return;
    }

    // Columns: the stages with a traffic share, those with figures, then the completion report.
    std::set<int> stages;
    for (size_t s = 0; s < m_document.stages.size(); ++s) {
      if (m_document.stages[s].percent) {
        stages.insert(static_cast<int>(s));
      }
    }
    bool report_column = false;
    for (const auto& figure : logged) {
      if (figure.stage >= 0) {
        stages.insert(figure.stage);
      } else {
        report_column = true;
      }
    }
    std::vector<std::string> columns;
    std::vector<int> column_stages;
    for (int stage : stages) {
      columns.push_back(short_stage(m_document.stages[static_cast<size_t>(stage)]));
      column_stages.push_back(stage);
    }
    if (report_column) {
      columns.emplace_back("completion report");
      column_stages.push_back(-1);
    }
    const auto column_of = [&](int stage) {
      return static_cast<int>(std::find(column_stages.begin(), column_stages.end(), stage) - column_stages.begin());
    };

    for (const auto& figure : logged) {
      auto& builder = chart_for(figure.metric->quantity, figure.metric->name, figure.metric->percentile);
      MetricPoint point;
      point.column = column_of(figure.stage);
      point.value = figure.metric->value;
      point.written = figure.metric->written;
      point.file = figure.file;
      point.line = figure.metric->line;
      point.source = figure.source;
      builder.chart.points.push_back(std::move(point));
    }
    for (const auto& [condition, rollback] : conditions) {
      if (!charted(condition.quantity)) {
        continue;
      }
      // A condition without a percentile speaks of whichever latency was logged.
      std::vector<ChartBuilder*> targets;
      for (auto& [key, builder] : charts) {
        if (builder.quantity == condition.quantity && builder.name == condition.name && (condition.percentile.empty() || builder.percentile.empty() || builder.percentile == condition.percentile)) {
          targets.push_back(&builder);
        }
      }
      if (targets.empty()) {
        targets.push_back(&chart_for(condition.quantity, condition.name, condition.percentile));
      }
      for (ChartBuilder* builder : targets) {
        auto& lines = builder->chart.thresholds;
        const bool known = std::any_of(lines.begin(), lines.end(), [&](const ThresholdLine& line) {
          return line.rollback == rollback && line.op == condition.op && line.value == condition.value;
        });
        if (!known) {
          lines.push_back(ThresholdLine{rollback, condition.op, condition.value, condition.written, condition.line});
        }
      }
    }
    for (auto& [key, builder] : charts) {
      auto& chart = builder.chart;
      chart.columns = columns;
      chart.column_stages = column_stages;
      for (auto& point : chart.points) {
        for (const auto& threshold : chart.thresholds) {
          evidence::Condition condition;
          condition.op = threshold.op;
          condition.value = threshold.value;
          const bool holds = evidence::holds(condition, point.value);
          point.breaches = point.breaches || (threshold.rollback ? holds : !holds);
        }
      }
      // Charts with thresholds first: those are what the sign-off is judged against.
      m_model.charts.push_back(std::move(chart));
    }
    std::stable_sort(m_model.charts.begin(), m_model.charts.end(), [](const MetricChart& a, const MetricChart& b) {
      return !a.thresholds.empty() && b.thresholds.empty();
    });
  }

  void build_findings()
  {
    for (const audit::Finding* finding : by_severity(m_result.findings)) {
      if (finding->file != m_document.path) {
        continue;
      }
      ModelFinding model{finding, -1};
      if (const auto found = m_tick_of_line.find(finding->line); found != m_tick_of_line.end()) {
        model.tick = static_cast<int>(found->second);
        m_model.ticks[found->second].findings.push_back(static_cast<int>(m_model.findings.size()));
      }
      m_model.findings.push_back(model);
    }
  }

  void build_verdict()
  {
    std::map<std::string, size_t> errors_by_rule;
    size_t errors = 0;
    size_t warnings = 0;
    for (const auto& finding : m_model.findings) {
      if (finding.finding->severity == audit::Severity::error) {
        ++errors;
        ++errors_by_rule[finding.finding->rule];
      } else if (finding.finding->severity == audit::Severity::warning) {
        ++warnings;
      }
    }
    size_t open = 0;
    int first_open = 0;
    for (const auto& stage : m_model.stages) {
      open += stage.open_lines.size();
      if (!stage.open_lines.empty() && first_open == 0) {
        first_open = stage.open_lines.front();
      }
    }
    std::vector<std::string> reasons;
    if (errors > 0) {
      std::vector<std::pair<std::string, size_t>> rules(errors_by_rule.begin(), errors_by_rule.end());
      std::stable_sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
      std::string list;
      for (size_t r = 0; r < rules.size() && r < 3; ++r) {
        list += fmt::format("{}{} {}", r ? ", " : "", rules[r].second, rules[r].first);
      }
      if (rules.size() > 3) {
        list += ", …";
      }
      reasons.push_back(fmt::format("{} ({})", plural(errors, "error"), list));
    }
    if (open > 0) {
      reasons.push_back(fmt::format("{} open, first at line {}", plural(open, "required step"), first_open));
    }
    Verdict& verdict = m_model.verdict;
    verdict.ready = reasons.empty();
    if (verdict.ready) {
      verdict.text = warnings > 0 ? fmt::format("Ready to sign, with {} to read", plural(warnings, "warning")) : "Ready to sign";
    } else {
      verdict.text = "Not ready to sign: ";
      for (size_t r = 0; r < reasons.size(); ++r) {
        verdict.text += (r ? "; " : "") + reasons[r];
      }
    }
    if (!m_history) {
      verdict.text += " (without git history: when boxes were ticked was not checked)";
    }
  }

  void build_span()
  {
    bool any = false;
    const auto include = [&](util::Timestamp time) {
      m_model.first = any ? std::min(m_model.first, time) : time;
      m_model.last = any ? std::max(m_model.last, time) : time;
      any = true;
    };
    for (const auto& tick : m_model.ticks) {
      include(tick.when.time);
    }
    for (const auto& mark : m_model.evidence) {
      if (mark.when) {
        include(plotted_time(mark, m_history));
      }
    }
    for (const auto& window : m_model.windows) {
      if (window.start) {
        include(window.start->time);
        include(window.start->time + window.seconds);
      }
    }
    if (!any) {
      m_model.first = m_model.last = m_facts.timeline->now();
    }
  }

  const audit::Facts& m_facts;
  const audit::DocumentFacts& m_document;
  const audit::AuditResult& m_result;
  bool m_history;
  bool m_now_given;
  ChecklistModel m_model;
  std::vector<const audit::DocumentFacts*> m_reports;
  std::map<int, size_t> m_tick_of_item; // item index -> index into m_model.ticks
  std::map<int, size_t> m_tick_of_line; // the box's line -> the same
  std::vector<std::optional<Moment>> m_latest_tick; // per stage
};

Verdict overall_verdict(const ReportModel& model, bool with_checklists)
{
  size_t errors = 0;
  for (const auto* finding : model.all_findings) {
    errors += finding->severity == audit::Severity::error ? 1 : 0;
  }
  Verdict verdict;
  std::vector<std::string> blocked;
  for (const auto& checklist : model.checklists) {
    if (!checklist.verdict.ready) {
      blocked.push_back(checklist.title);
    }
  }
  if (with_checklists && model.checklists.empty()) {
    verdict.ready = false;
    verdict.text = "Nothing to sign: no checklist was audited";
    return verdict;
  }
  verdict.ready = errors == 0 && blocked.empty();
  if (verdict.ready) {
    verdict.text = with_checklists ? fmt::format("Ready to sign: {} without errors or open steps", plural(model.checklists.size(), "checklist"))
                                   : "Ready to sign: no errors";
  } else {
    std::vector<std::string> reasons;
    if (!blocked.empty()) {
      std::string names;
      for (size_t b = 0; b < blocked.size() && b < 3; ++b) {
        names += fmt::format("{}'{}'", b ? ", " : "", blocked[b]);
      }
      if (blocked.size() > 3) {
        names += fmt::format(" and {} more", blocked.size() - 3);
      }
      reasons.push_back(fmt::format("{} of {} not ready ({})", blocked.size(), plural(model.checklists.size(), "checklist"), names));
    }
    if (errors > 0) {
      reasons.push_back(plural(errors, "error"));
    }
    verdict.text = "Not ready to sign: ";
    for (size_t r = 0; r < reasons.size(); ++r) {
      verdict.text += (r ? "; " : "") + reasons[r];
    }
  }
  if (with_checklists && !model.has_history) {
    verdict.text += " (without git history: when boxes were ticked was not checked)";
  }
  return verdict;
}

} // namespace

util::Timestamp plotted_time(const EvidenceMark& mark, bool has_history)
{
  if (!has_history && mark.written) {
    return *mark.written; // without history the date the heading states is all that dates it
  }
  return mark.when ? mark.when->time : mark.written.value_or(0);
}

std::string_view to_string(EvidenceKind kind)
{
  switch (kind) {
  case EvidenceKind::work_log_entry:
    return "work-log entry";
  case EvidenceKind::completion_report:
    return "completion report";
  case EvidenceKind::evidence_file:
    return "evidence file";
  }
  return "";
}

ReportModel build_report_model(const audit::Facts* facts, const audit::AuditResult& result, const RunInfo& info)
{
  ReportModel model;
  model.info = info;
  model.result = &result;
  model.counts = verdict(result);
  model.all_findings = by_severity(result.findings);
  model.has_history = info.has_history;
  model.detailed = facts != nullptr;
  if (facts) {
    model.now = facts->timeline->now();
    model.has_history = facts->timeline->has_history();
    // What is signed off: the rollouts, then the plans held against them; by path within. Records and other
    // documents are no one's sign-off, and their findings are listed apart.
    std::vector<const audit::DocumentFacts*> checklists;
    for (const auto& document : facts->documents) {
      if (document.audited && document.checklist && (document.kind == config::Kind::rollout || document.kind == config::Kind::plan)) {
        checklists.push_back(&document);
      }
    }
    std::stable_sort(checklists.begin(), checklists.end(), [&](const auto* a, const auto* b) {
      return std::make_tuple(a->kind, a->path) < std::make_tuple(b->kind, b->path);
    });
    for (const auto* document : checklists) {
      model.checklists.push_back(ChecklistBuilder(*facts, *document, result, info.now_given).build());
    }
  }
  for (const auto* finding : model.all_findings) {
    const bool in_checklist = std::any_of(model.checklists.begin(), model.checklists.end(), [&](const ChecklistModel& checklist) {
      return checklist.path == finding->file;
    });
    if (!in_checklist) {
      model.other_findings.push_back(finding);
    }
  }
  model.verdict = overall_verdict(model, facts != nullptr);
  return model;
}

std::string format_moment(const Moment& moment)
{
  if (!moment.committed) {
    return "not committed";
  }
  std::string text = util::format_timestamp(moment.time); // 2025-10-22T15:00:00Z
  if (text.size() >= 16 && text[10] == 'T') {
    text = text.substr(0, 10) + " " + text.substr(11, 5) + " UTC";
  }
  return moment.truncated ? text + " (or earlier: shallow clone)" : text;
}

std::string format_value(double value, std::string_view unit)
{
  const auto number = [](double v) {
    std::string text = fmt::format("{:.2f}", v);
    while (!text.empty() && text.back() == '0') {
      text.pop_back();
    }
    if (!text.empty() && text.back() == '.') {
      text.pop_back();
    }
    return text;
  };
  if (unit == "ms" && std::fabs(value) >= 1000) {
    return number(value / 1000) + " s";
  }
  if (unit.empty()) {
    return number(value);
  }
  return unit == "%" ? number(value) + "%" : number(value) + " " + std::string(unit);
}

std::string describe_threshold(const ThresholdLine& threshold)
{
  // The unit of the chart it belongs to is not known here; values are shown as the document wrote them.
  return fmt::format("{} {} (line {})", threshold.rollback ? "rollback if" : "required", threshold.written, threshold.line);
}

std::string describe_lasted(const StageModel& stage)
{
  if (!stage.lasted) {
    return "";
  }
  if (stage.open_end) {
    return *stage.lasted > 0 ? fmt::format("at least {} (still open at the last recorded event)", util::format_duration(*stage.lasted))
                             : "still open at the last recorded event";
  }
  return util::format_duration(*stage.lasted) + (stage.lasted_until_now ? " (until now)" : "");
}

} // namespace report
