#pragma once

#include "audit/facts.hpp"

#include <string_view>

namespace audit {

using config::Kind;

inline std::string_view kind_name(Kind kind)
{
  return config::to_string(kind);
}

// Every kind, in the order listings count them.
inline constexpr Kind k_kinds[] = {Kind::rollout, Kind::plan, Kind::record, Kind::other};

// "1 rollout", "3 plans", "2 other": a count of documents of a kind, for summaries.
std::string count_of_kind(size_t count, Kind kind);

// The front-matter key that states a document's kind ("audit_kind: record"), over what its words say.
inline constexpr std::string_view k_kind_key = "audit_kind";

// Gives every document of the facts its kind (DocumentFacts::kind), the reasons shown for it (kind_reasons)
// and its final checklist (final_sections). The first of these decides:
//   1. the front matter's audit_kind;
//   2. the configuration's `kinds:` globs;
//   3. its role: a work log or a completion report is a record;
//   4. record words (the vocabulary's record-words) in its title or file name: a record;
//   5. a rollout's stages (read_stage_heading): a heading with a traffic share, or two or more stages named
//      by rollout words with a gate, a window, a threshold or a rollback guard; one of them holding boxes:
//      a rollout;
//   6. a final checklist (final-checklists) while a rollout names it or is named by it: a plan;
//   7. a folder named like an archive (archive-folders), or a date in its file name: a record;
//   8. anything else: other.
// A rollout's structure is read before archive folders and dates because a checklist moved to an archive
// or named by its date is still the rollout it was; words in its own title say what a document is.
void assign_kinds(Facts& facts);
// Whether a document's structure is a rollout's: stages with a traffic share, or stages named by rollout
// words with something that stops, waits or checks; the reasons say which, or why it is none.
RolloutReading read_rollout(const vocabulary::Vocabulary& words, const DocumentFacts& document);

// Whether a rule looking at the document's kind sees this item: a plan shows the rules its final checklist
// only, the rest of it being its own task list; every other kind shows every item.
bool in_kind_scope(const DocumentFacts& document, const markdown::TaskItem& item);

} // namespace audit
