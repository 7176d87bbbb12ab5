#include "vocabulary/concepts.hpp"

#include <algorithm>
#include <stdexcept>

namespace vocabulary {

namespace {

using enum Concept;
using enum Shape;

// The one table of concepts: YAML ids, shapes, fixed groups and placeholders, what `vocabulary` prints.
const std::vector<ConceptSpec> k_concepts{
  {stage_words, "stage-words", list, "words before a stage's number in a heading (\"Stage 2\", \"Phase 3\")", {}, {}},
  {rollout_stages, "rollout-stages", list, "words that make a heading a rollout stage (canary, ramp, cutover)", {}, {}},
  {traffic_share_words, "traffic-share-words", groups, "traffic shares written in words, grouped by percentage (\"half traffic\": 50)", {}, {}, true},
  {final_checklists, "final-checklists", list, "headings of a plan's checklist that is held against its execution checklist", {}, {}},
  {rollout_title_words, "rollout-title-words", list, "words that follow a rollout's name in a title (\"... Rollout Checklist\")", {}, {}},
  {filler_words, "filler-words", list, "words in a stage heading that name no stage in particular", {}, {}},
  {rollouts, "rollouts", groups, "a rollout's name (the group) and the other names work logs and files call it by", {}, {}},
  {record_words, "record-words", list, "words in a title or file name that make a document a record of what happened", {}, {}},
  {archive_folders, "archive-folders", list, "folder names whose documents are kept as they were (records)", {}, {}},
  {plan_words, "plan-words", list, "words in a title, file or folder name that make a document one of work to come (plan, roadmap)", {}, {}},
  {condition_words, "condition-words", list, "words that make an item a condition rather than a step (\"if\", \"when\")", {}, {}},
  {reactions, "reactions", list, "what a guard does when its condition holds (rollback, abort); also names rollback sections", {}, {}},
  {not_applicable, "not-applicable", list, "marks an item or a status as not applicable (\"N/A\")", {}, {}},
  {optional, "optional", list, "marks an item as optional (\"(optional)\", \"if needed\")", {}, {}},
  {skipped, "skipped", list, "marks an item or a status as skipped", {}, {}},
  {preconditions, "preconditions", list, "an item that opens with one of these states a precondition or gate (\"Preconditions met:\")", {}, {}},
  {record_verbs, "record-verbs", list, "verbs of an item that writes into a work log or report (record, log, capture)", {}, {}},
  {update_verbs, "update-verbs", list, "verbs saying the file named after them exists and is changed (update, edit); they record too", {}, {}},
  {attach_verbs, "attach-verbs", list, "verbs of an item that puts a file into an evidence folder (attach, upload)", {}, {}},
  {create_verbs, "create-verbs", list, "words saying the file or folder referenced after them will come into being (create, new, generate)", {}, {}},
  {absence_words, "absence-words", list, "words saying the file or folder referenced beside them is gone or not there yet (deleted, removed, missing)", {}, {}},
  {done_lists, "done-lists", list, "words introducing a list of what a change did (\"Files created:\", \"Modified:\"): its paths are as of then", {}, {}},
  {figure_words, "figure-words", list, "words that ask for figures in general (\"with actual rollout metrics\")", {}, {}},
  {figure_links, "figure-links", list, "words that tie figures in general to an item without a recording verb (\"close the ticket with final metrics\")", {}, {}},
  {communication_verbs, "communication-verbs", list, "verbs of an item that messages people (announce, notify)", {}, {}},
  {audiences, "audiences", list, "who such a message goes to (stakeholders, a #channel)", {}, {}},
  {future_words, "future-words", list, "words of a sentence that plans rather than records (\"next\", \"will\")", {}, {}},
  {work_log_names, "work-log-names", list, "the work log named in words (\"capture results in the work log\")", {}, {}},
  {named_entries, "named-entries", list, "how an item names the work-log entry it asks for; {name} is the entry's topic", {}, {"{name}"}},
  {placeholders, "placeholders", list, "file names (their start) in an evidence folder that are not evidence (README, template)", {}, {}},
  {rollback_done, "rollback-done", list, "a rollback that happened (\"rolled back\", \"rollback executed\")", {}, {}},
  {negations, "negations", list, "words that deny a rollback (\"no rollback needed\")", {}, {}},
  {percent_units, "percent-units", list, "units of a percentage (\"%\", \"percent\")", {}, {}},
  {duration_units, "duration-units", groups, "units of time, grouped by unit", {"ms", "s", "min", "h", "d", "w"}, {}},
  {time_zones, "time-zones", list, "zones written after a time of day (\"14:05 UTC\")", {}, {}},
  {meridiems, "meridiems", groups, "halves of the day after a time (\"2:05 pm\")", {"am", "pm"}, {}},
  {duration_metrics, "duration-metrics", groups, "metrics measured in time (latency), grouped by metric; the first is the one a percentile alone names (\"P95: 3.4 s\")", {}, {}},
  {duration_qualifiers, "duration-qualifiers", list, "words that name a duration only beside a percentile (\"Response P95\", \"p95 duration\")", {}, {}},
  {percent_metrics, "percent-metrics", groups, "metrics measured in percent (failure rate, error rate), grouped by metric", {}, {}},
  {traffic_metrics, "traffic-metrics", list, "names of the share of traffic a figure gives (\"rollout percentage: 10\")", {}, {}},
  {traffic_qualifiers, "traffic-qualifiers", list, "words between a traffic share and its name (\"10% of the live traffic\")", {}, {}},
  {timestamp_names, "timestamp-names", list, "times of day asked for by name (\"log timestamps\")", {}, {}},
  {countables, "countables", groups, "counted things, grouped by their name in the singular", {}, {}},
  {count_qualifiers, "count-qualifiers", list, "words between a count and its thing (\"12 successful requests\")", {}, {}},
  {count_labels, "count-labels", list, "a count named before its figure; {thing} is a countable (\"mismatch count: 0\")", {}, {"{thing}"}},
  {percentiles, "percentiles", groups, "percentiles and averages, grouped by canonical name; {n} is the percentile's number", {}, {"{n}"}},
  {comparators, "comparators", groups, "comparisons in conditions and thresholds, symbols and words", {"less", "at-most", "greater", "at-least", "equal"}, {}},
  {figure_separators, "figure-separators", list, "words between a metric's name and its figure (\"P95 latency was 3 s\")", {}, {}},
  {hedges, "hedges", list, "words that make a figure a goal or a bound, not an observation (\"target\", \"should\")", {}, {}},
  {value_headers, "value-headers", list, "table headers of a column of observed figures, named in the row's first cell", {}, {}},
  {threshold_headers, "threshold-headers", list, "table headers of a column of bounds, named in the row's first cell", {}, {}},
  {window_states, "window-states", list, "what a waiting window waits for (\"stable\", \"soak\")", {}, {}},
  {window_nouns, "window-nouns", list, "nouns after a window's length (\"48h soak\", \"24 hour window\")", {}, {}},
  {windows, "windows", list, "the forms of a stated window, with {state}, {noun} and {duration}", {}, {"{state}", "{noun}", "{duration}"}},
  {status_labels, "status-labels", list, "labels of a line stating a stage's or step's state (\"**Status:** DONE\")", {}, {}},
  {completion_marks, "completion-marks", groups, "marks and words of a done or open state, beyond GFM boxes (skipped and N/A have concepts of their own)", {"done", "open"}, {}},
  {verdict_marks, "verdict-marks", list, "completion marks that alone say a check passed or failed (a report's ✅ and ❌ bullets), not a step's state", {}, {}},
};

} // namespace

const std::vector<ConceptSpec>& concepts()
{
  return k_concepts;
}

const ConceptSpec& spec(Concept which)
{
  const auto found = std::find_if(k_concepts.begin(), k_concepts.end(), [&](const ConceptSpec& spec) {
    return spec.which == which;
  });
  if (found == k_concepts.end()) {
    throw std::logic_error("a concept is missing from the table in vocabulary/concepts.cpp");
  }
  return *found;
}

const ConceptSpec* find_concept(std::string_view id)
{
  const auto found = std::find_if(k_concepts.begin(), k_concepts.end(), [&](const ConceptSpec& spec) {
    return spec.id == id;
  });
  return found == k_concepts.end() ? nullptr : &*found;
}

std::vector<std::string> concept_ids()
{
  std::vector<std::string> ids;
  for (const auto& spec : k_concepts) {
    ids.emplace_back(spec.id);
  }
  return ids;
}

} // namespace vocabulary
