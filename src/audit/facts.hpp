#pragma once

#include "audit/timeline.hpp"
#include "config/config.hpp"
#include "corpus/corpus.hpp"
#include "evidence/metrics.hpp"
#include "evidence/work_log.hpp"
#include "markdown/document.hpp"
#include "util/path.hpp"
#include "util/record_cache.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <string>
#include <type_traits>
#include <vector>

namespace audit {

// What a heading says of a stage, in the vocabulary's words, as written: what makes it a rollout's stage.
struct StageHeading
{
  std::string rollout_word;      // "Ramp", "Canary": a rollout-stages word outside brackets
  std::string share;             // "10 Percent", "Half traffic": a traffic share, anywhere
  std::string numbered;          // "Phase 2": a stage word and its number, outside brackets
  std::optional<double> percent; // the share as a percentage

  bool is_rollout_stage() const { return !rollout_word.empty() || !share.empty() || !numbered.empty(); }
};

StageHeading read_stage_heading(const vocabulary::Vocabulary& words, std::string_view title);

// A heading that directly holds task items: the unit of a staged rollout ("2. Validation Stage (10 Percent
// Traffic)"). It is a rollout's stage when its heading says so, in the vocabulary's words: the words that do
// are kept as written, for the reasons `rollout-audit documents` shows.
struct Stage
{
  int section = -1;
  std::string title;
  int line = 0;
  std::vector<int> items;            // indices into the document's items
  std::vector<int> members;          // the same with every nested item, in document order
  std::vector<std::string> keywords; // distinctive words of the title ("validation"), for finding its entries
  std::optional<double> percent;     // "10 Percent Traffic" -> 10, "Half traffic" -> 50
  std::string rollout_word;          // "Ramp", "Canary": a rollout-stages word outside brackets
  std::string share;                 // "10 Percent", "Half traffic": the traffic share as written
  std::string numbered;              // "Phase 2": a stage word and its number, outside brackets

  bool is_rollout_stage() const { return !rollout_word.empty() || !share.empty() || !numbered.empty(); }
};

struct EvidenceCache; // item_evidence.cpp

// How a document's structure reads as a rollout's (audit/kinds.cpp, read_rollout): whether it is one, and the
// stage lines and guards that say so, or why it is none. Its own words and the vocabulary's alone decide, so it
// is found where the document is derived and kept in the facts cache.
struct RolloutReading
{
  bool rollout = false;
  std::vector<std::string> reasons;
  bool operator==(const RolloutReading&) const = default;
};

struct DocumentFacts
{
  std::string path;
  markdown::Document document; // without its prose blocks and tables, once the facts below are derived
  bool audited = false; // under the path the user asked for; others are read as evidence only
  bool checklist = false;
  bool work_log = false;
  bool completion_report = false;
  // What the document is (audit/kinds.hpp), which decides the rules that look at it, and the words, paths and
  // structure that decided, as `rollout-audit documents` shows them. Found by build_facts once every document
  // is read: a plan is one by the rollout it goes with.
  config::Kind kind = config::Kind::other;
  std::vector<std::string> kind_reasons;
  bool archived = false; // under a folder named like an archive (archive-folders): kept as it was
  std::vector<int> final_sections; // sorted: the headings of its final checklist (final-checklists) and below
  // A plan's execution checklists: the rollouts naming it or named by it (bare names and moved files count), in
  // the order of the documents. Only these are held against its final checklist, never any document it links.
  std::vector<std::string> executions;
  std::vector<Stage> stages;
  // Rollback and abort thresholds the document states: its guard items and its rollback section.
  std::vector<evidence::Condition> thresholds;
  // Figures the document holds anywhere (completion reports).
  std::vector<evidence::Metric> metrics;
  // The rollout the document is about, as a slug ("ai-broker"): its front matter's `rollout`, else the
  // words of its title before the vocabulary's rollout-title-words ("Rollout", "Checklist", "Plan"); the
  // name of the rollouts group when that is one of its names.
  std::string rollout;
  // When each item was ticked (nullopt for open items), from the timeline.
  std::vector<std::optional<Stamp>> ticks;
  // The stage of each item (index into stages, -1 for none), filled with the stages by build_facts.
  std::vector<int> item_stages;
  // What each ticked item of a checklist asks to be logged and asserts, found once from its own words when
  // the document is derived (and kept in the facts cache); empty when not derived. Read them through
  // demands_of and conditions_of, which find them for other items.
  std::vector<std::vector<evidence::MetricDemand>> item_demands;
  std::vector<std::vector<evidence::Condition>> item_conditions;
  // Found when the document is derived (and kept in the facts cache); nullopt: kinds.cpp reads it itself.
  std::optional<RolloutReading> rollout_reading;
  // What item_evidence.cpp finds for every item alike (a stage's entries, whether an entry belongs to this
  // rollout), kept so a 50,000-item checklist does not look it up 50,000 times. Guarded: checks run at once.
  mutable std::shared_ptr<EvidenceCache> evidence_cache;
  const vocabulary::Vocabulary* vocabulary = nullptr; // the run's, set by build_facts

  int stage_of_item(int item) const; // index into stages, -1 when the item is in none
  // evidence::demanded_metrics and evidence::extract_conditions of an item's text.
  std::vector<evidence::MetricDemand> demands_of(int item) const;
  std::vector<evidence::Condition> conditions_of(int item) const;
};

// Vectors of documents move them when they grow, and copy them whole when a move might throw.
static_assert(std::is_nothrow_move_constructible_v<DocumentFacts>);

// What a document yields on its own, without the timeline or the other documents: derived on every core,
// and kept in the facts cache under the identity of the document's bytes and its roles.
struct DerivedDocument
{
  DocumentFacts facts; // all but the path and the ticks
  std::optional<evidence::WorkLog> work_log;
};

// An entry's words, slugged once: entries are matched against every item of every checklist, so their
// text must not be re-normalised per comparison.
struct EntryText
{
  std::string all;   // "-" + slug of title and body + "-", for whole-phrase search
  std::string title; // "-" + slug of the heading + "-", for a named entry ("under a new Phase 3 entry")
  std::string topic; // slug of the heading without its date
  std::vector<std::string> records; // slugs of the body's sentences that record rather than plan
  std::vector<std::string> rollouts; // the rollouts (Facts::rollouts) the entry names
};

// Slugs of files' texts, each found at most once per run (Facts::text_slug); checks ask at once.
struct TextSlugs
{
  std::mutex mutex;
  std::map<std::string, std::optional<std::string>, std::less<>> slugs; // path -> slug, nullopt: no text
  std::map<std::string, std::string, std::less<>> path_slugs;          // path -> slug of the path itself
  util::RecordCache* cache = nullptr; // the facts cache, where slugs outlive the run
};

// The repository's files by file name, indexed on first use (a bare name, "did you mean").
struct FileNames
{
  std::once_flag indexed;
  std::multimap<std::string, std::string, std::less<>> paths; // "plan.md" -> "docs/plans/archive/plan.md"
};

// A work-log entry a later commit took out of the log (Timeline::removed_entries), read as the log last held
// it: its figures are evidence from the commit it appeared in until the one that removed it.
struct RemovedLogEntry
{
  std::string log;
  evidence::Entry entry; // lines counted from the entry's heading
  Stamp appeared;
  Stamp removed;
  std::optional<Stamp> removed_original; // the branch commit, for a removal a merge brought
};

// Everything checks may know, built once from the corpus. Checks read this and nothing else.
struct Facts
{
  const corpus::Corpus* corpus = nullptr;
  const config::Config* config = nullptr;
  const Timeline* timeline = nullptr;
  const vocabulary::Vocabulary* vocabulary = nullptr;
  std::vector<DocumentFacts> documents;
  std::vector<evidence::WorkLog> work_logs;
  std::vector<std::string> evidence_files;
  std::vector<std::string> rollouts; // every rollout's and plan's rollout slug, distinct, in path order
  std::unordered_map<const evidence::Entry*, EntryText> entry_texts;
  // Every work-log entry in log order, and the positions there of the entries naming each rollout or none:
  // a checklist looks only at entries that can be its own, not at every entry of every rollout.
  std::vector<std::pair<const evidence::WorkLog*, const evidence::Entry*>> entries;
  std::unordered_map<std::string, std::vector<size_t>> entries_naming;
  std::vector<size_t> entries_naming_none;
  std::vector<RemovedLogEntry> removed_entries; // with history; their EntryText is in entry_texts too

  const EntryText& entry_text(const evidence::Entry& entry) const;

  // The slug (util::slugify) of a file's whole text, for asking whether it names a rollout; nullptr for a
  // file with no text. Found once per run and, when reading the file reported nothing, kept in the facts
  // cache by the bytes' identity: a warm run does not read an evidence folder's files again.
  const std::string* text_slug(std::string_view path) const;
  // The slug of a path, found once per run (every item that asks about an evidence folder looks at each
  // file's name).
  const std::string& path_slug(std::string_view path) const;
  std::shared_ptr<TextSlugs> text_slugs = std::make_shared<TextSlugs>();

  const DocumentFacts* document(std::string_view path) const;
  // A reference resolved relative to the document, then to the repository root, then, for a bare file name
  // ("rollout-plan.md"), to the one file of that name anywhere in the repository; nullopt when it names
  // nothing that exists, or a bare name more than one file has. Never leaves the root.
  std::optional<std::string> resolve(const DocumentFacts& from, std::string_view target) const;
  // Every file of the repository with this file name, in path order.
  std::vector<std::string> files_named(std::string_view name) const;
  std::shared_ptr<FileNames> file_names = std::make_shared<FileNames>();
  // The same without the existence test: where the reference points, for messages.
  std::optional<std::string> intended_path(const DocumentFacts& from, std::string_view target) const;
  bool is_work_log(std::string_view path) const;
  bool is_completion_report(std::string_view path) const;
  bool is_evidence(std::string_view path) const;
};

// `audited` is what the user asked about (files, folders, globs; "" for the whole repository). The documents are
// parsed on `threads` threads (0: one per core); the facts and the corpus's diagnostics are the same, in
// the same order, whatever the number. With a cache (records of audit/facts_codec), a document whose bytes
// and roles it knows is neither parsed nor derived again (and, where the file system names the bytes
// without reading them, not read); what is derived is added. The cache is kept for Facts::text_slug: the
// caller stores it after the checks have run.
Facts build_facts(const corpus::Corpus& corpus,
                  const config::Config& config,
                  const vocabulary::Vocabulary& words,
                  const Timeline& timeline,
                  const util::PathScope& audited,
                  unsigned threads = 0,
                  util::RecordCache* cache = nullptr);

// A file read as a document, with the roles it is read in.
struct DocumentCandidate
{
  const corpus::File* file = nullptr;
  bool audited = false;
  bool work_log = false;
  bool completion_report = false;
  bool checklist_candidate = false;
};

// The files build_facts reads: Markdown under `audited` and what the role globs name. The evidence files are
// noted in `facts` on the way (its config set).
std::vector<DocumentCandidate> find_candidates(const corpus::Corpus& corpus, const util::PathScope& audited, Facts& facts);
// What a document yields on its own (all but its path and ticks), from its parse: the facts cache's records.
DerivedDocument derive_candidate(const vocabulary::Vocabulary& words, const DocumentCandidate& candidate, markdown::Document parsed_document);
// The word sets parsing and deriving a document ask for (evidence::reading_warmers and this layer's), the
// slowest to build first: built on every core once a document is to be parsed, rather than by the first
// reader to ask while the others wait.
std::vector<vocabulary::Warmer> deriving_warmers();
// A record's id in the facts cache: the bytes' identity and the roles that shaped what was derived.
std::string record_id(const std::string& content_id, const DocumentCandidate& candidate);

std::string rollout_slug(const vocabulary::Vocabulary& words, const markdown::Document& document);

// Whether a slug (util::slugify) names a rollout: its slug within it, or one of the other names the
// vocabulary's rollouts give it, among its words.
bool names_rollout(const vocabulary::Vocabulary& words, std::string_view slug, std::string_view rollout);

// Whether a heading names a rollback section: a reaction (rollback, abort) in it.
bool is_rollback_heading(const vocabulary::Vocabulary& words, std::string_view title);

// Stages of a document, in order, with their keywords, traffic shares and what makes them a rollout's.
std::vector<Stage> find_stages(const vocabulary::Vocabulary& words, const markdown::Document& document);

// The stage of each item, from stages found by find_stages: DocumentFacts::item_stages.
std::vector<int> stages_of_items(const markdown::Document& document, const std::vector<Stage>& stages);

} // namespace audit
