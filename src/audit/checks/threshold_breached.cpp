#include "audit/checks/checks.hpp"
#include "audit/entry_ties.hpp"
#include "audit/item_evidence.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <optional>
#include <set>

namespace audit::checks {

namespace {

// The vocabulary's rollback-done and negations, compiled once per run.
struct RollbackWords
{
  explicit RollbackWords(const vocabulary::Vocabulary& words)
    : done("(?i)\\b" + vocabulary::alternation(words.entries(vocabulary::Concept::rollback_done)) + "\\b"),
      negated("(?i)(?:^|[^\\w'])" + vocabulary::alternation(words.entries(vocabulary::Concept::negations)) + "(?:[^\\w']|$)")
  {
  }
  RE2 done;
  RE2 negated;
};

// A rollback that happened: "rolled back to 10%", "rollback executed", "reverted". Not "no rollback
// needed", "past the rollback threshold, so we carried on", nor a plan to roll back.
bool records_rollback(const vocabulary::Vocabulary& words, std::string_view text)
{
  const RE2& k_done = words.derived<RollbackWords>().done;
  const RE2& k_negated = words.derived<RollbackWords>().negated;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find_first_of(".!?;\n", start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view sentence = text.substr(start, end - start);
    if (RE2::PartialMatch(sentence, k_done) && !RE2::PartialMatch(sentence, k_negated)) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

// A rollback logged on or after the day of the breach answers it.
bool rollback_logged_since(const Facts& facts, const DocumentFacts& document, const evidence::Entry& breach)
{
  for (const auto& candidate : candidate_entries(facts, document)) {
    const auto& entry = *candidate.entry;
    if (util::to_timestamp(entry.date) >= util::to_timestamp(breach.date) && entry_belongs(facts, document, entry, false)
        && (records_rollback(*facts.vocabulary, entry.topic) || records_rollback(*facts.vocabulary, entry.body))) {
      return true;
    }
  }
  return false;
}

class ThresholdBreached : public Check
{
public:
  void run(const Rule& rule, const Facts& facts, FindingSink& sink) const override
  {
    std::optional<EntryTies> ties; // only when history kept entries the logs no longer hold
    if (facts.timeline->has_history() && !facts.removed_entries.empty()) {
      ties.emplace(facts);
    }
    for (const auto& document : facts.documents) {
      if (!document.checklist || !selects_document(rule, document)) {
        continue;
      }
      check_rollback_thresholds(rule, facts, document, sink);
      check_assertions(rule, facts, document, sink);
      if (ties) {
        check_removed_figures(rule, facts, *ties, document, sink);
      }
    }
  }

private:
  // A figure over a rollback threshold, then a later stage ticked with no rollback in the log.
  static void check_rollback_thresholds(const Rule& rule, const Facts& facts, const DocumentFacts& document, FindingSink& sink)
  {
    if (document.thresholds.empty()) {
      return;
    }
    std::set<int> reported; // one finding per box, for its first breach
    for (const auto& candidate : candidate_entries(facts, document)) {
      const auto& entry = *candidate.entry;
      if (!entry_belongs(facts, document, entry, true)) {
        continue; // first: it is the cheap test
      }
      const int stage = stage_of_entry(facts, document, entry);
      if (stage < 0) {
        continue;
      }
      for (const auto& metric : entry.metrics) {
        for (const auto& threshold : document.thresholds) {
          if (!evidence::applies_to(threshold, metric) || !evidence::holds(threshold, metric.value)) {
            continue;
          }
          report_breach(rule, facts, document, stage, Figure{&metric, candidate.log->path, &entry}, threshold, reported, sink);
        }
      }
    }
  }

  static void report_breach(const Rule& rule,
                            const Facts& facts,
                            const DocumentFacts& document,
                            int stage,
                            const Figure& figure,
                            const evidence::Condition& threshold,
                            std::set<int>& reported,
                            FindingSink& sink)
  {
    if (rollback_logged_since(facts, document, *figure.entry)) {
      return;
    }
    for (size_t later = static_cast<size_t>(stage) + 1; later < document.stages.size(); ++later) {
      for (int index : document.stages[later].items) {
        const auto& item = document.document.items[static_cast<size_t>(index)];
        if (!is_ticked_step(item) || !selects_item(rule, document, item)) {
          continue;
        }
        if (!reported.insert(index).second) {
          return;
        }
        auto& finding = sink.add(
          document, item, facts,
          fmt::format("{}, but {} crosses the rollback threshold '{}' (line {}) and no rollback is logged; "
                      "roll back and log it, or record why the rollout went on",
                      ticked_word(item), describe_figure(figure), threshold.written, threshold.line));
        finding.evidence.push_back({"metric", figure.metric->written, figure.file, figure.metric->line, true, std::nullopt});
        finding.evidence.push_back({"threshold", threshold.written, document.path, threshold.line, true, std::nullopt});
        return; // the first ticked step after the breach is where the rollout should have stopped
      }
    }
  }

  // A plan's final checklist speaks for its whole rollout: the entries logged for its execution checklists.
  static std::vector<EntryRef> executions_entries(const Facts& facts, const DocumentFacts& plan)
  {
    std::vector<EntryRef> entries;
    for (const auto& path : plan.executions) {
      const DocumentFacts& execution = *facts.document(path);
      for (const auto& candidate : candidate_entries(facts, execution)) {
        if (entry_belongs(facts, execution, *candidate.entry, true)) {
          entries.push_back(candidate);
        }
      }
    }
    return entries;
  }

  // "failed job rate < 1 percent" ticked while the stage's latest figure says otherwise; for a plan's final
  // checklist, while the rollout's latest figure does.
  static void check_assertions(const Rule& rule, const Facts& facts, const DocumentFacts& document, FindingSink& sink)
  {
    for (size_t i = 0; i < document.document.items.size(); ++i) {
      const auto& item = document.document.items[i];
      if (!is_ticked_step(item) || !selects_item(rule, document, item)) {
        continue;
      }
      const auto conditions = document.conditions_of(static_cast<int>(i));
      if (conditions.empty()) {
        continue;
      }
      const int own_stage = document.stage_of_item(static_cast<int>(i));
      const int stage = is_precondition(*facts.vocabulary, item) ? referenced_stage(document, own_stage, item.text) : own_stage;
      const bool final_item = std::binary_search(document.final_sections.begin(), document.final_sections.end(), item.section);
      const auto figures = figures_of(final_item && !document.executions.empty() ? executions_entries(facts, document)
                                                                                 : entries_for_stage(facts, document, stage, true));
      for (const auto& condition : conditions) {
        const Figure* latest = nullptr;
        for (const auto& figure : figures) {
          if (evidence::applies_to(condition, *figure.metric)) {
            latest = &figure;
          }
        }
        if (!latest || evidence::holds(condition, latest->metric->value)) {
          continue;
        }
        auto& finding = sink.add(document, item, facts,
                                 fmt::format("{} as '{}', but the latest logged figure is {}; fix the rollout or "
                                             "correct the log before ticking",
                                             ticked_word(item), condition.written, describe_figure(*latest)));
        finding.evidence.push_back({"metric", latest->metric->written, latest->file, latest->metric->line, true, std::nullopt});
      }
    }
  }

  // With history: "P95 < 5 s validated" ticked while the log held, or came to hold, a figure of this rollout
  // saying otherwise, in an entry a later commit deleted. The log no longer shows it; history does.
  static void check_removed_figures(const Rule& rule, const Facts& facts, const EntryTies& ties, const DocumentFacts& document,
                                    FindingSink& sink)
  {
    for (size_t i = 0; i < document.document.items.size(); ++i) {
      const auto& item = document.document.items[i];
      const auto& tick = document.ticks[i];
      if (!is_ticked_step(item) || !tick || !tick->committed || tick->truncated || !selects_item(rule, document, item)) {
        continue;
      }
      const auto conditions = document.conditions_of(static_cast<int>(i));
      const int stage = document.stage_of_item(static_cast<int>(i));
      for (const auto& removed : facts.removed_entries) {
        if (conditions.empty() || removed.removed.time <= tick->time) {
          continue; // gone before the tick: the box did not overlook it
        }
        const EntryTie tie = tie_to_stage(facts, ties, document, removed.entry, stage);
        if (tie && report_removed_figure(facts, document, item, *tick, conditions, removed, tie, sink)) {
          break; // one finding per box
        }
      }
    }
  }

  // Tied to the document by its own names; for a step inside a rollout stage, about that stage too (a plan's
  // final checklist speaks for the whole plan).
  static EntryTie tie_to_stage(const Facts& facts, const EntryTies& ties, const DocumentFacts& document, const evidence::Entry& entry, int stage)
  {
    const EntryTie tie = ties.tie(document, entry);
    if (!tie || stage < 0 || !document.stages[static_cast<size_t>(stage)].is_rollout_stage()) {
      return tie;
    }
    if (tie.how != EntryTie::How::heading) {
      return stage_of_entry(facts, document, entry) == stage ? tie : EntryTie{};
    }
    const int stage_section = document.stages[static_cast<size_t>(stage)].section;
    for (int s = tie.section; s >= 0; s = document.document.sections[static_cast<size_t>(s)].parent) {
      if (s == stage_section) {
        return tie;
      }
    }
    return {};
  }

  static std::string describe_gap(util::Timestamp from, util::Timestamp to)
  {
    const int64_t seconds = to >= from ? to - from : from - to;
    const std::string length = seconds < 60 ? fmt::format("{} s", seconds) : util::format_duration(seconds);
    return fmt::format("{} {} the tick", length, to >= from ? "after" : "before");
  }

  // "commit X deleted that entry at T", or, for a deletion a merge brought, the branch commit and the merge.
  static std::string describe_removal(const RemovedLogEntry& removed)
  {
    if (removed.removed_original) {
      return fmt::format("commit {} deleted that entry at {}, merged in commit {} at {}", removed.removed_original->commit.substr(0, 12),
                         util::format_timestamp(removed.removed_original->time), removed.removed.commit.substr(0, 12),
                         util::format_timestamp(removed.removed.time));
    }
    return fmt::format("commit {} deleted that entry at {}", removed.removed.commit.substr(0, 12),
                       util::format_timestamp(removed.removed.time));
  }

  static bool report_removed_figure(const Facts& facts,
                                    const DocumentFacts& document,
                                    const markdown::TaskItem& item,
                                    const Stamp& tick,
                                    const std::vector<evidence::Condition>& conditions,
                                    const RemovedLogEntry& removed,
                                    const EntryTie& tie,
                                    FindingSink& sink)
  {
    for (const auto& condition : conditions) {
      const evidence::Metric* latest = nullptr;
      for (const auto& metric : removed.entry.metrics) {
        if (evidence::applies_to(condition, metric)) {
          latest = &metric;
        }
      }
      if (!latest || evidence::holds(condition, latest->value)) {
        continue;
      }
      auto& finding = sink.add(
        document, item, facts,
        fmt::format("{} {} as '{}', but `{}` {} '{}' in entry '{}' (added in commit {} at {}, {}); {}; restore the entry "
                    "and settle the figure, or untick the box",
                    ticked_word(item), describe_stamp(tick), condition.written, removed.log,
                    removed.appeared.time >= tick.time ? "then logged" : "held", latest->written, removed.entry.title,
                    removed.appeared.commit.substr(0, 12), util::format_timestamp(removed.appeared.time),
                    describe_gap(tick.time, removed.appeared.time), describe_removal(removed)));
      finding.evidence.push_back({"metric", latest->written, removed.log, 0, true, removed.appeared});
      if (tie.how == EntryTie::How::heading) {
        sink.cap_severity(finding, Severity::warning); // tied by a heading it writes out: inferred, not stated
      }
      return true;
    }
    return false;
  }
};

} // namespace

std::unique_ptr<Check> make_threshold_breached()
{
  return std::make_unique<ThresholdBreached>();
}

} // namespace audit::checks
