#include "history/diff_ahead.hpp"

namespace history {

namespace {

// How far the comparisons may run ahead: their results (every file a commit added or deleted) are held
// until taken.
constexpr size_t k_window = 64;

} // namespace

DiffAhead::DiffAhead(std::string root, std::vector<std::string> pathspec, bool exact_renames, std::vector<git_oid> commits)
  : m_root(std::move(root)),
    m_pathspec(std::move(pathspec)),
    m_exact_renames(exact_renames),
    m_commits(std::move(commits)),
    m_diffs(m_commits.size())
{
  m_thread = std::jthread([this]() { run(); });
}

DiffAhead::~DiffAhead()
{
  m_stop = true;
  m_taken.store(m_commits.size() + k_window);
  m_taken.notify_all();
}

DiffAhead::Diff DiffAhead::take(size_t index)
{
  for (size_t found = m_found.load(); found <= index; found = m_found.load()) {
    m_found.wait(found);
  }
  Diff diff = std::move(m_diffs[index]);
  m_taken.store(index + 1);
  m_taken.notify_all();
  return diff;
}

void DiffAhead::run()
{
  git_repository* raw_repository = nullptr;
  const bool opened = git_repository_open_ext(&raw_repository, m_root.c_str(), 0, nullptr) == 0;
  const RepositoryPtr repository(raw_repository);
  // A failure leaves the diffs not found (the walk compares itself); the walk never waits in vain.
  try {
    TreeDiff diff(repository.get(), m_pathspec, m_exact_renames);
    for (size_t index = 0; index < m_commits.size() && opened; ++index) {
      for (size_t taken = m_taken.load(); index >= taken + k_window; taken = m_taken.load()) {
        m_taken.wait(taken);
      }
      if (m_stop) {
        break;
      }
      git_commit* raw_commit = nullptr;
      if (git_commit_lookup(&raw_commit, repository.get(), &m_commits[index]) == 0) {
        const CommitPtr commit(raw_commit);
        m_diffs[index] = compare(diff, commit.get());
      }
      m_found.store(index + 1);
      m_found.notify_all();
    }
  } catch (...) {
    // This thread's top: whatever failed, the walk compares the trees of the commits not found itself.
  }
  m_found.store(m_commits.size());
  m_found.notify_all();
}

DiffAhead::Diff DiffAhead::compare(TreeDiff& diff, git_commit* commit)
{
  Diff result;
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit) != 0) {
    return result;
  }
  const TreePtr tree(raw_tree);
  TreePtr parent_tree;
  if (git_commit_parentcount(commit) > 0) {
    git_commit* raw_parent = nullptr;
    if (git_commit_parent(&raw_parent, commit, 0) == 0) {
      const CommitPtr parent(raw_parent);
      git_tree* raw_parent_tree = nullptr;
      if (git_commit_tree(&raw_parent_tree, raw_parent) == 0) {
        parent_tree.reset(raw_parent_tree);
      }
    }
  }
  result.changes = diff.changes(parent_tree.get(), tree.get());
  result.others = diff.others();
  result.found = true;
  return result;
}

} // namespace history
