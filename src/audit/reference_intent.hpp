#pragma once

#include "vocabulary/vocabulary.hpp"

#include <string_view>

namespace audit {

// What the words around a reference say is done to its target.
enum class ReferenceIntent {
  named,  // only named: it should exist
  create, // "Create `lib/rate-card.ts`", "New: `docs/runbook.md`", "Attach ... to `evidence/`": it may not exist yet
  write,  // "Update `X-COMPLETION.md` with ...", "Record findings in `docs/work-log.md`": it must exist
};

// The text a reference stands in, cut at the reference: its line before and after it (the source line,
// Markdown marks and all), and the heading of its section.
struct ReferenceContext
{
  std::string_view before;
  std::string_view after;
  std::string_view heading;
};

// The nearest of the vocabulary's create-verbs and attach-verbs (create) or record-verbs (write) before the
// reference in its sentence decides; else the first in the three words after it, before the next reference;
// else the heading, when it names only one of the two ("Files to create", not "Files created or updated"). A
// word in both lists creates: precision over recall.
ReferenceIntent reference_intent(const vocabulary::Vocabulary& words, const ReferenceContext& context);

} // namespace audit
