#pragma once

#include "markdown/document.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace audit {

// An item may name its evidence itself, in a comment that does not show when the Markdown is rendered:
//   - [x] Record the canary's figures in the work log. <!-- rollout-audit-evidence: docs/work-log.md#canary-results -->
// Targets are separated by commas; each is a path (relative to the document, else to the repository root),
// with an optional "#anchor" naming a work-log entry by its heading's words. An item with such a link is
// judged by exactly what it names: nothing is inferred from its words (docs/evidence-links.md).
inline constexpr std::string_view k_evidence_directive = "rollout-audit-evidence";

struct ExplicitLink
{
  std::string target; // the path as written, without the anchor
  std::string anchor; // the entry's words after "#", "" when none
  std::string written; // "docs/work-log.md#canary-results", for messages
  int line = 0;
};

// The links in an item's comments, in order; a directive without a target gives a link with an empty
// target, so that the check can say so.
std::vector<ExplicitLink> explicit_links(const markdown::TaskItem& item);

} // namespace audit
