#pragma once

#include "vocabulary/vocabulary.hpp"

#include <string_view>

namespace audit {

// What the words around a reference say is done to its target.
enum class ReferenceIntent {
  named,  // only named: it should exist
  create, // "Create `lib/rate-card.ts`", "New: `docs/runbook.md`", "Attach ... to `evidence/`": it may not exist yet
  absent, // "Deleted `lib/old.ts`", "Missing: `docs/runbooks/dr.md`": the text knows it is not there
  update, // "Update `X-COMPLETION.md` with ...", "Amend `docs/runbooks/oncall.md`": it must exist
};

// The text a reference stands in, cut at the reference: its line before and after it (the source line,
// Markdown marks and all), and the heading of its section.
struct ReferenceContext
{
  std::string_view before;
  std::string_view after;
  std::string_view heading;
};

// A create word (the vocabulary's create-verbs and attach-verbs) in the reference's sentence before it, or in
// the three words after it ("(new)", "| NEW |"), creates; else an absence word there (absence-words) says it is
// knowingly not there; else an update verb there updates; else a heading that names creating and not updating
// ("Files to create") creates. Creating and absence win: update verbs are nouns too ("Add sitemap updates
// (`x`)"), and a target the text does not claim is there is better left unreported. Record verbs ("Record
// findings in `docs/work-log.md`") say nothing of whether the file is there yet.
ReferenceIntent reference_intent(const vocabulary::Vocabulary& words, const ReferenceContext& context);

} // namespace audit
