#pragma once

#include "evidence/metrics.hpp"
#include "markdown/document.hpp"
#include "util/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace evidence {

struct Entry
{
  std::string title;  // the heading as written, e.g. "2025-10-22 - Phase 3 validation"
  std::string topic;  // the heading without its date: "Phase 3 validation"
  int line = 0;       // heading line
  int last_line = 0;  // last line of the entry's body
  int section = -1;   // the heading's section in the document
  util::Date date;    // the date written in the heading
  std::optional<util::Timestamp> written_time; // the full time when the heading has one
  std::string body;   // the entry's prose, one block a line, for keyword matching
  std::vector<Metric> metrics; // figures in the entry's prose, lists and tables
};

struct WorkLog
{
  std::string path;
  std::vector<Entry> entries; // in document order
  bool newest_first = false;
};

// Entries are the headings that carry a date ("## 2025-10-22 - Phase 3 validation", "## 2025-10-21: Title",
// "## SLA Timing Profiling - 2025-10-22T17:05:56Z"), at the shallowest heading level that has any; deeper
// headings belong to the entry above them. A lone "#" heading is the document's title, never an entry, when
// deeper headings carry dates. An entry's metrics include its own heading's; its body does not.
// `with_metrics` false skips the figures: the history walk needs only the entries, for every version.
WorkLog parse_work_log(const vocabulary::Vocabulary& words, const markdown::Document& document, bool with_metrics = true);
// Builds the pattern dated headings are read with (a vocabulary::Warmer; see reading_warmers).
void warm_heading_dates(const vocabulary::Vocabulary& words);

// Figures anywhere in a document (completion reports): every prose block and table row.
std::vector<Metric> document_metrics(const vocabulary::Vocabulary& words, const markdown::Document& document);

} // namespace evidence
