#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vocabulary {

// Every list of words the recognisers read. The C++ holds the mechanisms (where a word must stand, what a
// match means); the words are data in the rule packs' `vocabulary:` sections (rules/default.yaml holds the
// defaults, docs/vocabulary.md describes each concept). One list per concept: a word that means two things
// belongs to two concepts only when the two meanings differ.
enum class Concept {
  // Stages and documents
  stage_words,         // "Stage 2", "Phase 3": words before a stage's number
  rollout_stages,      // canary, ramp, cutover: words that make a heading a rollout stage
  traffic_share_words, // "half traffic" -> 50: traffic shares written in words, grouped by percentage
  final_checklists,    // "Final Success Checklist": a plan's checklist held against its execution checklist
  rollout_title_words, // "... Rollout Execution Checklist": words that follow a rollout's name in a title
  filler_words,        // words that name no stage in particular ("the", "procedure")
  rollouts,            // a rollout's name (the group) and its aliases
  record_words,        // "work log", "session notes", "retrospective": documents that record what happened
  archive_folders,     // "archive": folders of documents kept as they were
  plan_words,          // "plan", "roadmap", "spec": documents of work to come
  // What an item means
  condition_words,     // "if", "when", "unless": a condition rather than a step
  reactions,           // "rollback", "abort", "kill switch": what a guard does when its condition holds
  not_applicable,      // "N/A"
  optional,            // "(optional)", "if needed"
  skipped,             // "skipped", "won't do"
  preconditions,       // "Preconditions met:", "Gate:"
  record_verbs,        // "record", "log", "capture": an item that writes into a log or report
  update_verbs,        // "update", "edit", "amend": the file named after them exists and is changed
  attach_verbs,        // "attach", "upload": an item that puts a file into an evidence folder
  create_verbs,        // "create", "new", "generate": words saying the file named next will come into being
  absence_words,       // "deleted", "removed", "missing": words saying the file named is not there, knowingly
  done_lists,          // "Files created:", "Modified:": a list that records what a change did, as of then
  figure_words,        // "metrics", "figures": figures in general
  figure_links,        // "with": ties figures to an item that has no recording verb ("... with current metrics")
  communication_verbs, // "announce", "notify": a message to people
  audiences,           // "stakeholders", "#channel": who a message goes to
  future_words,        // "next", "will", "planned": a sentence that plans rather than records
  work_log_names,      // "work log": the work log named in words
  named_entries,       // "under a new {name} entry": an item naming the entry it asks for
  placeholders,        // "README", "template": files in an evidence folder that are not evidence
  rollback_done,       // "rolled back", "rollback executed": a rollback that happened
  negations,           // "no", "without": what turns a rollback into none
  // Figures
  percent_units,       // "%", "percent"
  duration_units,      // "ms", "s", "hours", grouped by unit
  time_zones,          // "UTC": after a time of day
  meridiems,           // "am", "pm", grouped
  duration_metrics,    // latency, response time: figures in time units, grouped by metric
  duration_qualifiers, // "Response P95", "p95 duration": words that name a duration only beside a percentile
  percent_metrics,     // failure rate, error rate: figures in percent, grouped by metric
  traffic_metrics,     // "rollout percentage", "traffic": the share of traffic a figure gives
  traffic_qualifiers,  // "10% of the live traffic": words between a share and its name
  timestamp_names,     // "timestamps": times of day asked for by name
  countables,          // "mismatches", "duplicate replies": counted things, grouped by their singular
  count_qualifiers,    // "12 successful requests": words between a count and its thing
  count_labels,        // "{thing} count", "number of {thing}": a count named before its figure
  percentiles,         // "p95", "95th percentile", "median": grouped by canonical name
  comparators,         // "<", "below", "at least", "reaches": grouped by comparison
  figure_separators,   // "P95 latency was 3 s": words between a metric's name and its figure
  hedges,              // "target", "should": a figure named as a goal, not observed
  value_headers,       // "Value", "Actual": a table column of observed figures, named in its row
  threshold_headers,   // "Threshold", "Rollback if": a table column of bounds
  // Windows
  window_states,       // "stable", "soak": what a waiting window waits for
  window_nouns,        // "window", "bake": a window named by a noun after its length
  windows,             // the forms of a stated window, with {state}, {noun} and {duration}
  // Completion marks beyond boxes
  status_labels,       // "Status:": a line stating a stage's or step's state
  completion_marks,    // "DONE", "✅", "☐": done and open states
  verdict_marks,       // "✅", "❌": completion marks that, alone, say a check passed or failed
};

enum class Shape {
  list,   // a list of entries
  groups, // named groups of entries: a comparison, a unit, a metric, a rollout
};

struct ConceptSpec
{
  Concept which;
  std::string_view id;          // as written in YAML: "stage-words"
  Shape shape = Shape::list;
  std::string_view description; // one line, for `rollout-audit vocabulary`
  // The groups a `groups` concept must use; empty: any name (metrics, countables, rollouts).
  std::vector<std::string_view> fixed_groups;
  // What entries may write in braces ("{n}" for a number): replaced by the mechanism before matching.
  std::vector<std::string_view> placeholders;
  bool percentage_groups = false; // group names are percentages ("50"), as traffic shares in words are
};

// Every concept, in the order `rollout-audit vocabulary` prints them.
const std::vector<ConceptSpec>& concepts();
const ConceptSpec& spec(Concept which);
const ConceptSpec* find_concept(std::string_view id);
std::vector<std::string> concept_ids();

} // namespace vocabulary
