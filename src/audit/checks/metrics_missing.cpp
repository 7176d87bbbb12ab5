#include "audit/checks/checks.hpp"
#include "audit/item_evidence.hpp"

#include <fmt/format.h>

namespace audit::checks {

namespace {

// Where an item's figures should be: the completion report it updates, else the work-log entries of the
// stage it belongs to (or, for a precondition, of the stage it refers to).
struct FigureSource
{
  std::vector<Figure> figures;
  std::string where;  // for messages
  std::string absent; // why there is nothing to look in, when !exists
  bool exists = true; // false when there is no entry or report at all to hold figures
  bool covered_by_evidence_missing = false;
};

std::string entry_titles(const std::vector<EntryRef>& entries)
{
  std::string titles;
  for (size_t i = 0; i < entries.size() && i < 3; ++i) {
    titles += fmt::format("{}'{}' ({}:{})", i ? ", " : "", entries[i].entry->title, entries[i].log->path, entries[i].entry->line);
  }
  return titles;
}

// An item with evidence links: its figures are in the entries the links name, and nowhere else. A linked
// file that is neither (a CSV, a screenshot) holds no figures this tool reads: nothing is said about it.
FigureSource linked_figures(const Facts& facts, const std::vector<EvidenceNeed>& needs)
{
  FigureSource source;
  std::vector<EntryRef> entries;
  for (const auto& need : needs) {
    if (need.kind == EvidenceKind::work_log_entry) {
      auto titled = entries_titled(facts, need.target, need.entry_topic);
      entries.insert(entries.end(), titled.begin(), titled.end());
    }
  }
  if (entries.empty()) {
    source.exists = false;
    source.covered_by_evidence_missing = true;
    return source;
  }
  source.where = fmt::format("the entries its evidence links name: {}", entry_titles(entries));
  source.figures = figures_of(entries);
  return source;
}

FigureSource figures_for(const Facts& facts, const DocumentFacts& document, int index, int stage)
{
  const auto& item = document.document.items[static_cast<size_t>(index)];
  FigureSource source;
  const auto needs = evidence_needs(facts, document, item);
  for (const auto& need : needs) {
    if (need.kind == EvidenceKind::completion_report) {
      const auto* report = facts.document(need.target);
      source.where = fmt::format("the completion report `{}`", need.target);
      if (!report) {
        source.exists = false;
        source.absent = fmt::format("the completion report `{}` does not exist", need.target);
        source.covered_by_evidence_missing = true;
        return source;
      }
      source.figures = figures_of(*report);
      return source;
    }
  }
  if (std::any_of(needs.begin(), needs.end(), [](const EvidenceNeed& need) { return need.explicit_link; })) {
    return linked_figures(facts, needs);
  }
  if (!is_identifiable(document, stage)
      && std::none_of(needs.begin(), needs.end(), [](const EvidenceNeed& need) { return !need.entry_topic.empty(); })) {
    // Nothing tells which entries would hold the figures: say nothing rather than guess.
    source.exists = false;
    source.covered_by_evidence_missing = true;
    return source;
  }
  std::vector<EntryRef> entries = entries_for_stage(facts, document, stage);
  for (const auto& need : needs) {
    if (need.kind == EvidenceKind::work_log_entry && !need.entry_topic.empty()) {
      // An entry both about the stage and named by the item ("under a new Step 1 entry") counts once.
      for (const auto& entry : entries_named(facts, document, need.entry_topic)) {
        if (std::none_of(entries.begin(), entries.end(), [&](const EntryRef& known) { return known.entry == entry.entry; })) {
          entries.push_back(entry);
        }
      }
    }
  }
  const std::string stage_title = stage >= 0 ? document.stages[static_cast<size_t>(stage)].title : "";
  source.where = fmt::format("the work-log entries about stage '{}'", stage_title);
  if (entries.empty()) {
    source.exists = false;
    source.absent = fmt::format("no work-log entry is about stage '{}'", stage_title);
    source.covered_by_evidence_missing = std::any_of(needs.begin(), needs.end(), [](const EvidenceNeed& need) {
      return need.kind == EvidenceKind::work_log_entry;
    });
    return source;
  }
  source.where = fmt::format("work-log entries about stage '{}': {}", stage_title, entry_titles(entries));
  source.figures = figures_of(entries);
  return source;
}

class MetricsMissing : public Check
{
public:
  void run(const Rule& rule, const Facts& facts, FindingSink& sink) const override
  {
    for (const auto& document : facts.documents) {
      if (!document.checklist || !selects_document(rule, document)) {
        continue;
      }
      for (size_t i = 0; i < document.document.items.size(); ++i) {
        const auto& item = document.document.items[i];
        if (!is_ticked_step(item) || !selects_item(rule, document, item)) {
          continue;
        }
        check_demands(facts, document, static_cast<int>(i), sink);
        check_assertions(facts, document, static_cast<int>(i), sink);
      }
    }
  }

private:
  static void check_demands(const Facts& facts, const DocumentFacts& document, int index, FindingSink& sink)
  {
    const auto& item = document.document.items[static_cast<size_t>(index)];
    auto demands = document.demands_of(index);
    if (is_communication(*facts.vocabulary, item)) {
      // "with current metrics" in a message is shared in the chat; a specific figure must still be logged.
      std::erase_if(demands, [](const evidence::MetricDemand& demand) { return demand.any; });
    }
    if (demands.empty()) {
      return;
    }
    const auto source = figures_for(facts, document, index, document.stage_of_item(index));
    if (source.covered_by_evidence_missing) {
      return;
    }
    std::vector<std::string> missing;
    for (const auto& demand : demands) {
      const bool found = std::any_of(source.figures.begin(), source.figures.end(), [&](const Figure& figure) {
        return evidence::satisfies(demand, *figure.metric);
      });
      if (!found) {
        missing.push_back(demand.phrase);
      }
    }
    if (missing.empty()) {
      check_logged_after_tick(facts, document, index, demands, source, sink);
      return;
    }
    std::string message = source.exists
                            ? fmt::format("ticked, but no figure for {} is logged in {}; log the measured values, or untick the box",
                                          fmt::join(missing, ", "), source.where)
                            : fmt::format("ticked, but {} is logged nowhere: {}; log the measured values, or untick the box",
                                          fmt::join(missing, ", "), source.absent);
    if (facts.timeline->has_history()) {
      message += " (judged as the files stand now)";
    }
    auto& finding = sink.add(document, item, facts, message);
    for (const auto& phrase : missing) {
      finding.evidence.push_back({"metric", phrase, "", 0, false, std::nullopt});
    }
  }

  // Judged as the files stood when the box was ticked: figures logged only in a later commit. Items that
  // name their evidence (a work-log entry, a report) are ticked-before-evidence's to judge.
  static void check_logged_after_tick(const Facts& facts,
                                      const DocumentFacts& document,
                                      int index,
                                      const std::vector<evidence::MetricDemand>& demands,
                                      const FigureSource& source,
                                      FindingSink& sink)
  {
    const auto& tick = document.ticks[static_cast<size_t>(index)];
    const auto& item = document.document.items[static_cast<size_t>(index)];
    if (!facts.timeline->has_history() || !tick || !evidence_needs(facts, document, item).empty()) {
      return;
    }
    for (const auto& demand : demands) {
      const Figure* earliest = nullptr;
      std::optional<Stamp> earliest_stamp;
      for (const auto& figure : source.figures) {
        if (!figure.entry || !evidence::satisfies(demand, *figure.metric)) {
          continue;
        }
        const auto stamp = facts.timeline->entry_added(figure.file, *figure.entry);
        if (stamp && (!earliest_stamp || stamp->time < earliest_stamp->time)) {
          earliest = &figure;
          earliest_stamp = stamp;
        }
      }
      if (!earliest || !appeared_after(*tick, *earliest_stamp)) {
        continue;
      }
      auto& finding = sink.add(document, item, facts,
                               fmt::format("ticked {}, before the figures it asks for were logged: {} first logged as {}, "
                                           "which appeared {}; log the figures before ticking",
                                           describe_stamp(*tick), demand.phrase, describe_figure(*earliest),
                                           describe_stamp(*earliest_stamp)));
      finding.evidence.push_back({"metric", earliest->metric->written, earliest->file, earliest->metric->line, true, earliest_stamp});
      return; // one finding per box: the first late figure says it
    }
  }

  static void check_assertions(const Facts& facts, const DocumentFacts& document, int index, FindingSink& sink)
  {
    const auto& item = document.document.items[static_cast<size_t>(index)];
    const auto conditions = document.conditions_of(index);
    if (conditions.empty()) {
      return;
    }
    const int own_stage = document.stage_of_item(index);
    const int stage = is_precondition(*facts.vocabulary, item) ? referenced_stage(document, own_stage, item.text) : own_stage;
    const auto source = figures_for(facts, document, index, stage);
    if (source.covered_by_evidence_missing) {
      return;
    }
    for (const auto& condition : conditions) {
      const bool logged = std::any_of(source.figures.begin(), source.figures.end(), [&](const Figure& figure) {
        return evidence::applies_to(condition, *figure.metric);
      });
      if (logged) {
        continue; // whether the figure agrees is threshold-breached's question
      }
      auto& finding = sink.add(
        document, item, facts,
        source.exists ? fmt::format("ticked as '{}', but no {} figure is logged in {}; log the measured value that shows it",
                                    condition.written, evidence::metric_label(condition.quantity, condition.name), source.where)
                       : fmt::format("ticked as '{}', but no {} figure is logged: {}; log the measured value that shows it",
                                    condition.written, evidence::metric_label(condition.quantity, condition.name), source.absent));
      finding.evidence.push_back({"metric", condition.written, "", 0, false, std::nullopt});
    }
  }
};

} // namespace

std::unique_ptr<Check> make_metrics_missing()
{
  return std::make_unique<MetricsMissing>();
}

} // namespace audit::checks
