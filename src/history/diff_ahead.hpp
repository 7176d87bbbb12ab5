#pragma once

#include "history/blobs_ahead.hpp"
#include "history/tree_diff.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace history {

// The changes of each first-parent commit, found on another thread ahead of the walk that applies them:
// comparing trees and finding renames is a third of the walk, and needs nothing the walk learns. Its own
// repository handle (libgit2 objects are not shared across threads), at most a window of commits ahead.
// While the window is full it reads the blobs the walk's next commits bring (BlobsAhead).
class DiffAhead
{
public:
  struct Diff
  {
    bool found = false;                        // else the walk compares the trees itself
    std::optional<std::vector<Change>> changes; // TreeDiff::changes
    std::vector<Change> others;                 // TreeDiff::others
    std::shared_ptr<BlobsAhead> blobs;          // the new blobs of the changes the walk reads, maybe read ahead
  };
  // Which changes' new blobs are worth reading ahead of the walk. Called on this object's thread, beside the
  // walk's own calls.
  using Reads = std::function<bool(const Change&)>;

  // `commits` oldest first; `root` opens the repository again; `pathspec` and `exact_renames` as TreeDiff's.
  // `blob_budget`: the bytes read ahead held at most (a commit may bring a whole vendored tree of Markdown).
  // Kept small: the reader maps pack windows of its own over what it reads, which count against the run's
  // peak too (16 MiB put Pulse's cold run 7 MB over its memory target; 1 MiB keeps it at the build before).
  DiffAhead(std::string root, std::vector<std::string> pathspec, bool exact_renames, std::vector<git_oid> commits, Reads reads,
            size_t blob_budget = k_blob_budget);
  static constexpr size_t k_blob_budget = 1 << 20;
  ~DiffAhead();
  DiffAhead(const DiffAhead&) = delete;
  DiffAhead& operator=(const DiffAhead&) = delete;

  // The diff of commits[index], waiting for it; each index once, in order.
  Diff take(size_t index);

  // A commit's changes against its first parent (all of it for a root commit or a missing parent), with
  // the other files' additions and deletions: what the walk compares itself when nothing was found ahead.
  static Diff compare(TreeDiff& diff, git_commit* commit);

private:
  void run();
  void find_diff(TreeDiff& diff, git_repository* repository, size_t index);
  bool read_blobs(git_repository* repository);
  void read_blobs_until_taken(git_repository* repository);

  std::string m_root;
  std::vector<std::string> m_pathspec;
  bool m_exact_renames;
  std::vector<git_oid> m_commits;
  Reads m_reads;
  size_t m_blob_budget;
  std::vector<Diff> m_diffs;
  std::vector<std::shared_ptr<BlobsAhead>> m_blobs; // this thread's handles on the blobs of commits not taken
  size_t m_released = 0; // m_blobs before it are dropped: the walk has applied them and holds what it still reads
  std::atomic<size_t> m_found{0};    // diffs published, in order
  std::atomic<size_t> m_taken{0};    // diffs the walk took
  std::atomic<bool> m_stop{false};
  std::jthread m_thread;             // last: started once the rest is set
};

} // namespace history
