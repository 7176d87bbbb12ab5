#pragma once

#include "audit/finding.hpp"
#include "util/expected.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace audit {

// A baseline records the findings a repository had when it adopted the tool (--write-baseline FILE), so a
// later run with --baseline FILE reports only what is new. An entry is matched by rule, file and the box's
// text (the message when the finding is about no box), never by line, so edits elsewhere in a file do not
// bring its findings back; each entry stands for one finding.
struct BaselineEntry
{
  std::string rule;
  std::string file;
  std::string item;    // the box's text, or empty
  std::string message; // when there is no item
};

struct Baseline
{
  std::vector<BaselineEntry> entries;
};

BaselineEntry baseline_entry(const Finding& finding);

// The YAML written to FILE: a comment, `version: 1` and `findings:` with one entry per finding, in order.
std::string format_baseline(const std::vector<Finding>& findings);

// Every fault is "path:line:col: what is wrong".
util::Expected<Baseline> parse_baseline(std::string_view path, std::string_view yaml_text);

// Removes the findings the baseline records, each entry matching at most one finding; returns how many.
size_t apply_baseline(const Baseline& baseline, std::vector<Finding>& findings);

} // namespace audit
