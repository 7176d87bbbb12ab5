#pragma once

#include "util/expected.hpp"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace history {

// What changed between a revision and the audited state (the working tree, or the index with --staged):
// for --changed-since, so a pull-request gate reports only what the change brought.
struct ChangedLines
{
  std::set<std::string> added_files; // new since the revision (untracked ones too): every line counts
  // Files that exist at both ends and differ, with the line ranges (first, last; 1-based, in the audited
  // version) that were added or modified. Lines that were only deleted leave no range.
  std::map<std::string, std::vector<std::pair<int, int>>> changed_files;

  bool file_changed(const std::string& path) const;
  // A line of an added file, a line in a changed range, or line 1 of a changed file (a finding there is
  // about the whole file, such as its front matter).
  bool covers(const std::string& path, int line) const;
};

// Paths are relative to `root`, which may be a folder inside the repository. An unknown revision or no
// repository is a failure naming the revision.
util::Expected<ChangedLines> changed_since(const std::string& root, const std::string& revision, bool staged);

} // namespace history
