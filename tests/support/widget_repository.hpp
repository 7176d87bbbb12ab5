#pragma once

#include "temp_tree.hpp"

#include <string>

namespace test_support {

// The smallest repository the CLI tests audit: one validation stage whose "Record findings" box needs a
// work-log entry for "Widget validation".
inline const char* const k_widget_checklist = "---\n"
                                              "title: Widget Rollout Checklist\n"
                                              "owner: platform\n"
                                              "status: Draft\n"
                                              "last_reviewed: 2025-10-01\n"
                                              "---\n"
                                              "\n"
                                              "# Widget Rollout Checklist\n"
                                              "\n"
                                              "## 1. Validation Stage (10 Percent Traffic)\n"
                                              "\n"
                                              "- [x] Route 10 percent of traffic.\n"
                                              "- [x] Record findings in `docs/work-log.md` under a new Widget validation entry.\n";

// With `entry_body` empty the work log has no entry, so the second box's evidence is missing.
inline void write_widget_repository(const TempTree& tree, const std::string& entry_body)
{
  tree.write(".rollout-audit.yaml", "exclude: []\n");
  tree.write("docs/checklist.md", k_widget_checklist);
  tree.write("docs/work-log.md",
             entry_body.empty() ? "# Log\n" : "# Log\n\n## 2025-10-02 - Widget validation\n\n" + entry_body + "\n");
}

} // namespace test_support
