#pragma once

#include "audit/facts.hpp"

#include <string>

namespace report {

// `rollout-audit documents`: every audited document with its kind, the reasons for it and its stages, so a
// user sees why a file is audited as a rollout or a plan, or only for what is true of any document
// (docs/kinds.md). Documents in path order, then a line counting them by kind.
std::string format_documents_text(const audit::Facts& facts);

// The same as JSON: {"documents": [{"path", "kind", "reasons", "stages": [{"line", "title", "boxes",
// "rollout_stage": [words], "final_checklist"}]}], "summary": {"documents", "rollout", "plan", "record", "other"}}.
std::string format_documents_json(const audit::Facts& facts);

} // namespace report
