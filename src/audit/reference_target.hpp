#pragma once

#include "audit/facts.hpp"

#include <string_view>

namespace audit {

// Whether a reference names a path in this repository. A link or an image always does. Inline code does only
// where it is a path here: the bare name of a Markdown document ("cutover-plan.md"), or a path whose first
// folder exists beside the document or at the root ("./" and "../" start from the document). So an identifier
// (`internal/ai/chat.DoneData`: a symbol of a package here), a package path (`next/font/google`,
// `k8s.io/client-go/rest`) or a path in another repository is not one; URLs, routes and commands never reach
// here (markdown::looks_like_path).
bool names_repository_path(const Facts& facts, const DocumentFacts& document, const markdown::Reference& reference);

// A Markdown document's name or path ("plan.md", "docs/runbooks/cutover.markdown").
bool names_document(std::string_view target);

// Whether a document is one of work to come: one of the vocabulary's plan-words in its title, its file name or
// the name of a folder it sits in ("docs/plans/...", "Checkout roadmap", "search-proposal.md").
bool plans_ahead(const vocabulary::Vocabulary& words, const DocumentFacts& document);

// A name written as a pattern, not a path: a part made of one upper-case letter repeated ("YYYY-MM-DD.md",
// "TASK-XX.md"), or elided with "..." ("docs/plans/...-COMPLETION.md").
bool is_placeholder_path(std::string_view target);

} // namespace audit
