#pragma once

#include "audit/audit.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace report {

struct RunInfo
{
  std::string tool_version;
  std::string root;        // the repository root as given, for humans
  bool has_history = false;
  bool shallow = false;
  size_t commits_read = 0;
  std::string history_note; // why history is absent or partial
};

// path:line:col: severity: message [rule-id], then the diagnostics and a summary line.
std::string format_text(const audit::AuditResult& result, const RunInfo& info, bool color);

// Documented in docs/json-format.md.
std::string format_json(const audit::AuditResult& result, const RunInfo& info);

// The names --format takes, in the order --help lists them.
const std::vector<std::string>& formats();

// Renders with the named format; `color` only matters to text.
std::string render(std::string_view format, const audit::AuditResult& result, const RunInfo& info, bool color);

} // namespace report
