#pragma once

#include "markdown/document.hpp"
#include "vocabulary/vocabulary.hpp"

#include <string_view>
#include <vector>

namespace evidence {

// What a task item means, read from its words (the markdown layer reads only the structure): a step, a
// guard ("If failure rate >= 2 percent ..., rollback immediately", "Abort (set X=0) if error rate reaches
// 1 percent"), optional ("(optional)", "if needed"), or not applicable ("N/A", "Skipped:", all struck through).
markdown::ItemKind classify_item(const vocabulary::Vocabulary& words, std::string_view text, bool struck_through);

// Gives every item of a parsed document its kind, a heading such as "Stage 2: Ramp" its number and whether
// it names a stage, and adds the completion marks beyond boxes as items (evidence/marks.hpp).
void recognise_items(const vocabulary::Vocabulary& words, markdown::Document& document);

// recognise_items in its two steps, for a document read in pieces (history/work_log_version.cpp): what each
// piece says on its own, then, on the pieces put together, what depends on the headings above.
void recognise_locally(const vocabulary::Vocabulary& words, markdown::Document& document);
void recognise_in_context(markdown::Document& document);

// A document as every part of the audit reads it: parsed, then recognised with the run's vocabulary.
markdown::Document read_document(const vocabulary::Vocabulary& words,
                                 std::string_view path,
                                 std::string_view bytes,
                                 const markdown::ParseOptions& options = {});

// The word sets of this layer that reading a document and what it logs asks for (its items, marks, figures,
// windows, dated headings), the slowest to build from the built-in pack first (measured: 4 ms to 0.1 ms).
std::vector<vocabulary::Warmer> reading_warmers();

} // namespace evidence
