#pragma once

#include "audit/facts.hpp"
#include "evidence/windows.hpp" // the check and the sign-off report read windows through evidence::stated_window

#include <re2/re2.h>

#include <string>
#include <vector>

namespace audit {

// What a ticked box says it produced, read from its own words: shared by evidence-missing,
// metrics-missing and broken-reference so they agree on what an item's evidence is.
enum class EvidenceKind {
  work_log_entry,    // "Record findings in `docs/work-log.md` under a new Phase 3 entry", "Capture results in the work log"
  completion_report, // "Update `...-COMPLETION.md` with actual rollout metrics"
  evidence_file,     // "Attach ... to `docs/validation-reports/`"
  named_file,        // a file or folder an explicit evidence link names: it must exist (a folder: hold a file)
};

struct EvidenceNeed
{
  EvidenceKind kind = EvidenceKind::work_log_entry;
  std::string target;      // the work log, report or folder path (as intended, even when it does not exist)
  std::string entry_topic; // "Phase 3" when the item names the entry it asks for
  std::string phrase;      // the item's words that asked for it
  std::string reference;   // the reference it came from, as written; empty when only words named it
  // Named by a rollout-audit-evidence comment (audit/explicit_evidence.hpp): judged by exactly what it
  // names, with nothing inferred (no stage's entries, no rollout's name). `reference` holds the link as written.
  bool explicit_link = false;
};

std::vector<EvidenceNeed> evidence_needs(const Facts& facts, const DocumentFacts& document, const markdown::TaskItem& item);

// "Attach ... if new evidence is collected": ticking it may mean there was nothing to attach.
bool is_conditional(const vocabulary::Vocabulary& words, const markdown::TaskItem& item);
// "Announce ramp in #ai-broker with current metrics", "Notify stakeholders": a message to people, whose
// "metrics" live in a chat rather than the repository.
bool is_communication(const vocabulary::Vocabulary& words, const markdown::TaskItem& item);
// The headings (and items) that name a plan's final checklist ("Final Success Checklist"): the
// vocabulary's final-checklists, as words of their own.
const RE2& final_checklist_pattern(const vocabulary::Vocabulary& words);
// Builds the words the functions above read items with (a vocabulary::Warmer; see deriving_warmers).
void warm_evidence_words(const vocabulary::Vocabulary& words);

// "Preconditions met: ..."
bool is_precondition(const vocabulary::Vocabulary& words, const markdown::TaskItem& item);

struct EntryRef
{
  const evidence::WorkLog* log = nullptr;
  const evidence::Entry* entry = nullptr;
};

// Work-log entries that speak of a stage: its distinctive words in the entry's heading or body, or its
// traffic percentage among the entry's figures.
// A shared work log holds several rollouts: an entry naming another rollout is not this one's, and with
// `strict` an entry naming no rollout counts only when the repository has a single rollout.
std::vector<EntryRef> entries_for_stage(const Facts& facts, const DocumentFacts& document, int stage, bool strict = false);
// Entries of one work log whose heading names a topic, whatever rollout they name: what an explicit
// evidence link's anchor asks for.
std::vector<EntryRef> entries_titled(const Facts& facts, std::string_view log, std::string_view topic);
// Entries whose heading names a topic ("Phase 3").
std::vector<EntryRef> entries_named(const Facts& facts, const DocumentFacts& document, std::string_view topic);
bool entry_belongs(const Facts& facts, const DocumentFacts& document, const evidence::Entry& entry, bool strict);
// Prepares what the items of each document share, so checks running at once on one document share it
// safely (run_audit calls it before the checks).
void prepare_shared_evidence(const Facts& facts);
// Every entry that may belong to the document's rollout (those entry_belongs could accept), in log order:
// loops over a checklist's entries go over these, not over every rollout's.
const std::vector<EntryRef>& candidate_entries(const Facts& facts, const DocumentFacts& document);
// The stage an entry reports on, -1 when it names none of the document's stages.
int stage_of_entry(const Facts& facts, const DocumentFacts& document, const evidence::Entry& entry);

// The stage a condition in an item refers to: a stage its words name other than its own, else the stage
// before it; -1 when there is none.
int referenced_stage(const DocumentFacts& document, int own_stage, std::string_view text);

// Whether a text names a stage by one of its keywords ("ramp" in "Ramp window stable for 72 hours").
bool mentions_stage(const Stage& stage, std::string_view text);


// A logged figure and where it was logged: a work-log entry, or a document (completion report).
struct Figure
{
  const evidence::Metric* metric = nullptr;
  std::string file;
  const evidence::Entry* entry = nullptr; // null for a report's figures
};

// Figures of the given entries, oldest entry first, so the last applicable one is the latest word.
std::vector<Figure> figures_of(const std::vector<EntryRef>& entries);
std::vector<Figure> figures_of(const DocumentFacts& report);
std::string describe_figure(const Figure& figure);

// A window an item states itself: in its words, in its status ("Status: ✅ done after the 24h soak"), or in
// what it said until it was ticked (`said_before`, from its tick's stamp: "⏳ Pending phase 1 completion
// (24h)" became "✅ DONE"). The check, the kinds and the sign-off report read it the same way.
struct ItemWindow
{
  evidence::StatedWindow window;
  bool said_before = false; // read in what the item said before it was ticked
};

std::optional<ItemWindow> item_window(const vocabulary::Vocabulary& words, const markdown::TaskItem& item, std::string_view said_before);

// Whether work-log entries about a stage can be told apart at all: it has distinctive words or a traffic
// percentage. "Final Success Checklist" has neither.
bool is_identifiable(const DocumentFacts& document, int stage);

// The evidence an item's need is backed by, with when it appeared: the earliest matching work-log entry,
// the completion report (since it holds figures, when figures were asked for), the earliest of the
// rollout's files in the evidence folder. Empty `description` when nothing backs it.
struct Backing
{
  std::string description; // "entry '2025-10-22 - Phase 3 validation'"
  std::string file;
  int line = 0;
  std::optional<Stamp> stamp;
};

Backing find_backing(const Facts& facts, const DocumentFacts& document, int item, const EvidenceNeed& need);

// A file in an evidence folder that this rollout can claim: not a README or placeholder, and naming the
// rollout in its path or text.
bool is_placeholder(const vocabulary::Vocabulary& words, std::string_view path);
bool belongs_to_rollout(const Facts& facts, std::string_view path, std::string_view slug);

// When a stage was completed: the latest tick among its required steps; nullopt while one is open.
std::optional<Stamp> stage_completed(const DocumentFacts& document, int stage, int* last_item = nullptr);

// Whether `evidence` entered what main saw after `tick`. Evidence in the tick's own commit backs it (that
// is how people work); nothing resting on a shallow clone's boundary commit counts as later; a tick not
// yet committed is as late as anything can be.
bool appeared_after(const Stamp& tick, const Stamp& evidence);

// "commit 1a2b3c4d5e6f at 2025-10-22T15:00:00Z" or "in the working tree (not committed)".
std::string describe_stamp(const Stamp& stamp);

// "line 12 'Route 10% of traffic…'": an item as messages quote it, its text cut by util::shorten to 60
// characters.
std::string describe_item(const markdown::TaskItem& item);

// describe_item() lists for messages, at most `limit` entries, then "and N more".
std::string describe_items(const DocumentFacts& document, const std::vector<int>& items, size_t limit = 3);

} // namespace audit
