#pragma once

#include "markdown/document.hpp"
#include "vocabulary/vocabulary.hpp"

#include <string_view>

namespace evidence {

// Whether a heading names a rollout stage: a stage word with its number ("Phase 2"), a rollout stage
// ("Canary", "Cutover") or a traffic share ("10%", "half traffic"). Completion marks beyond boxes count
// only under such a heading: a README's status table or a changelog's ✅ bullets are not steps.
bool is_stage_heading(const vocabulary::Vocabulary& words, std::string_view title);

// Completion marks beyond GFM boxes become items (markdown::ItemForm) with a state: done (ticked), open,
// skipped or N/A (ItemKind::not_applicable, not a required step). The words are the vocabulary's
// (status-labels, completion-marks, skipped, not-applicable, verdict-marks); where each form may stand is
// decided here, for precision: a report's "✅ tests pass" is not a step.
// - a status line, "Status: <state> ...", directly under a stage heading below the title: the stage's own
//   state, named by the heading;
// - a stage heading that ends in a state in brackets ("(COMPLETED)", "(done 2025-05-02)"), in a mark and a
//   state ("✅ DONE", "☐"), or in capitals after a dash or colon ("— SKIPPED"), or that opens with a mark
//   that is no verdict ("⬜ Canary");
// - a list item or a line that opens with a mark without letters ("☐ Notify support") or a state in
//   brackets ("[DONE] Drain the queue"), where every item of its list (or line of its paragraph) does;
// - a table row, when the table has a status column (its header a status label) whose every filled cell
//   states a state, an empty cell meaning open, or a column of boxes ("[x]").
// A verdict mark ("✅", "❌") alone says a check passed or failed: a list, a heading or a column whose every
// mark is a verdict is a report's; beside a plain state, or after a status label, verdicts read as done and
// open. A value naming two states ("✅/❌") names none.
// Read in two steps, so that a document read in pieces (the history walk's work logs) gets what the whole
// gets. find_marks reads what each part says on its own and puts the marks among the boxes in document
// order (it also tells each heading whether it names a stage); settle_marks applies what depends on the
// headings above and the whole document: marks in list items, lines and tables count only below a stage
// heading (the document's title does not count), list and line marks only in a document that tracks state
// otherwise too (boxes, a stage's status line or heading mark), and a stage marked skipped or N/A has no
// required open steps.
void find_marks(const vocabulary::Vocabulary& words, markdown::Document& document);
// Builds the words marks are read with (a vocabulary::Warmer; see reading_warmers).
void warm_mark_words(const vocabulary::Vocabulary& words);
void settle_marks(markdown::Document& document);

// False only when no parse of the bytes can find a mark: the history walk's shortcut for versions without
// items (history/version.cpp) asks this before it skips a parse.
bool may_hold_marks(const vocabulary::Vocabulary& words, std::string_view bytes);
// Whether a part of a document may hold a mark whatever stands above it (its stage heading may be in an
// earlier part): a state's words, or a status label in a table. Boxes and entities are the caller's to rule
// out (history::may_hold_box, "&").
bool may_hold_marks_anywhere(const vocabulary::Vocabulary& words, std::string_view bytes);

// False only when no parse of the bytes can have a heading that names a stage, and so no completion mark
// beyond a box: every line that could be part of a heading's title (a line with a "#", the lines above a
// setext underline) is read for the stage words, as written and as the parse may join its words. A
// candidate with an entity or a bracket (a link's text is the title, not its syntax) or any "\r" (a line
// end cmark sees and this does not) counts as a stage heading. Long documents name stages and states in
// their prose (a "10%" in a table, "done" in a sentence) where may_hold_marks, reading the whole text, must
// say yes; their headings rarely do.
bool may_hold_stage_heading(const vocabulary::Vocabulary& words, std::string_view bytes);

} // namespace evidence
