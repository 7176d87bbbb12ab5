#pragma once

#include "history/libgit2.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace history {

// One file a commit changed, as libgit2's diff would report it (repository paths).
struct Change
{
  git_delta_t status = GIT_DELTA_UNMODIFIED;
  std::string old_path;
  std::string new_path;
  git_oid old_id{};
  git_oid new_id{};
};

using PathspecPtr = std::unique_ptr<git_pathspec, Freer<git_pathspec, git_pathspec_free>>;

// The changes between two trees under a pathspec, renames found. libgit2's tree-to-tree diff walks every
// entry of both trees, matches each path against the pathspec and reads the configuration, for each of
// thousands of commits; here only the subtrees whose ids differ are opened, and libgit2 is asked only when
// its rename detection could pair something (a deletion and an addition) or an entry is not a plain file.
class TreeDiff
{
public:
  // `exact_renames`: pair a deletion and an addition of the same bytes without libgit2's rename detection
  // where that is all it could pair (see exact_renames below); off, libgit2 decides every such commit.
  TreeDiff(git_repository* repository, std::vector<std::string> pathspec, bool exact_renames = true);

  // Nothing when libgit2 could not diff the trees either.
  std::optional<std::vector<Change>> changes(git_tree* old_tree, git_tree* new_tree);
  // The plain files outside the pathspec that the last changes() or quick_changes() found added or deleted
  // (no renames: where such a file went is history/departures.cpp's to pair). The comparison opens the
  // subtrees that differ whatever the pathspec, so they cost no more reading. Empty when it could not compare.
  const std::vector<Change>& others() const
  {
    return m_others;
  }

  // The two ways, exposed so tests can hold one against the other.
  std::optional<std::vector<Change>> quick_changes(git_tree* old_tree, git_tree* new_tree);
  std::optional<std::vector<Change>> libgit2_changes(git_tree* old_tree, git_tree* new_tree);
  // The changes with each deletion paired to the addition of the same blob as a rename, in libgit2's order,
  // when that leaves only deletions or only additions unpaired, so similarity could pair nothing more; an
  // id held by two deletions or two additions, or the empty blob, is libgit2's to pair. libgit2 reads and
  // signs every added and deleted blob to find renames: most commits that move files move them unchanged.
  static std::optional<std::vector<Change>> exact_renames(const std::vector<Change>& changes);
  // How many renames libgit2 weighs before it gives up on similarity (its default, stated to it).
  static constexpr size_t k_rename_limit = 1000;

private:
  // libgit2's diff under `paths`: patterns, or (`literal`) the paths of the files to compare.
  std::optional<std::vector<Change>> libgit2_changes(git_tree* old_tree, git_tree* new_tree,
                                                     std::vector<std::string> paths, bool literal);
  bool compare(const git_tree* old_tree, const git_tree* new_tree, std::string& prefix, std::vector<Change>& out);
  const git_tree* subtree(const git_tree_entry* entry);

  struct OidLess
  {
    bool operator()(const git_oid& a, const git_oid& b) const
    {
      return git_oid_cmp(&a, &b) < 0;
    }
  };

  git_repository* m_repository;
  std::vector<std::string> m_specs;
  PathspecPtr m_pathspec;
  // Subtrees read for this pair of trees and the pair before: a commit's tree is the next commit's parent
  // tree, and libgit2 does not cache trees above 4 KiB, so a large folder would be read twice.
  std::map<git_oid, TreePtr, OidLess> m_trees;
  std::map<git_oid, TreePtr, OidLess> m_previous_trees;
  std::vector<Change> m_others;
  bool m_exact_renames = true;
};

} // namespace history
