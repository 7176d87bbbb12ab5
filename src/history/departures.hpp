#pragma once

#include "history/history.hpp"
#include "history/tree_diff.hpp"

#include <map>
#include <string>
#include <vector>

namespace history {

// One commit's changes applied to the paths that have left the tree, so a reference to a file that is gone
// can say where it went. `changes` hold paths relative to the audit root (a path outside it is dropped by the
// caller; a move out of it arrives as a deletion). libgit2's renames are moves; of what is left, a deletion
// is paired with the addition of the same bytes, else of the same file name, when that addition is the only
// one of its kind in the commit (and the deletion too); an unpaired deletion is a deletion. A path added or
// changed is no longer gone. Pure: tested without git.
void record_departures(std::map<std::string, Departure>& departed, const std::vector<Change>& changes, const CommitStamp& commit);

} // namespace history
