#pragma once

#include "audit/severity.hpp"
#include "util/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace audit {

// When something entered the audited state: a commit on the first-parent line, or "now" for what is
// not committed (always the case until history is read).
struct Stamp
{
  std::string commit; // empty when not committed
  util::Timestamp time = 0;
  std::string author;
  bool committed = false;
  bool truncated = false;         // at a shallow clone's boundary: the real time may be earlier
  std::string original_commit;    // for a tick merged from a branch: the branch commit that made it
  util::Timestamp original_time = 0;
  std::string original_author;
  // For a tick: what the item said before it, where the tick changed its words (history::ItemHistory).
  std::string said_before;
};

// One piece of evidence a check looked for, found or not, so a person can settle the finding without
// the tool.
struct EvidenceRecord
{
  std::string kind;        // "work-log-entry", "file", "completion-report", "metric", "item", "threshold"
  std::string description; // what was looked for or found, in words
  std::string file;        // where it was looked for or found; may be empty
  int line = 0;
  bool found = false;
  std::optional<Stamp> stamp;
};

// A replacement that settles a finding, where the tool knows it (a misspelt rule id in a suppression
// comment, a moved reference's new path): the text between two positions of the finding's file, 1-based lines
// and byte columns, the end exclusive (as reviewdog's suggestions and SARIF's deletedRegion take it).
struct Fix
{
  std::string description; // "Point the reference at docs/plans/archive/plan.md"
  int line = 0;
  int column = 0;
  int end_line = 0;
  int end_column = 0;
  std::string text;
};

struct Finding
{
  std::string rule;
  Severity severity = Severity::error;
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  std::string item; // the box's text when the finding is about a box
  std::vector<EvidenceRecord> evidence;
  std::optional<Stamp> tick;
  bool on_changed_line = false; // with --changed-since: on a line changed since the revision (or in a new file)
  std::optional<Fix> fix;
};

// Stable order for every report: file, line, column, rule.
void sort_findings(std::vector<Finding>& findings);

} // namespace audit
