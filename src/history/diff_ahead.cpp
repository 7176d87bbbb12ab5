#include "history/diff_ahead.hpp"

#include <algorithm>

namespace history {

namespace {

// How far the comparisons may run ahead: their results (every file a commit added or deleted) are held
// until taken.
constexpr size_t k_window = 64;
// How many of the walk's next commits may have their blobs read ahead: they are held until the walk has
// applied them.
constexpr size_t k_blob_window = 8;

std::optional<std::string> read_blob(git_repository* repository, const git_oid& id)
{
  git_blob* raw_blob = nullptr;
  if (git_blob_lookup(&raw_blob, repository, &id) != 0) {
    return std::nullopt;
  }
  const BlobPtr blob(raw_blob);
  return std::string(static_cast<const char*>(git_blob_rawcontent(raw_blob)), static_cast<size_t>(git_blob_rawsize(raw_blob)));
}

} // namespace

DiffAhead::DiffAhead(std::string root, std::vector<std::string> pathspec, bool exact_renames, std::vector<git_oid> commits, Reads reads,
                     size_t blob_budget)
  : m_root(std::move(root)),
    m_pathspec(std::move(pathspec)),
    m_exact_renames(exact_renames),
    m_commits(std::move(commits)),
    m_reads(std::move(reads)),
    m_blob_budget(blob_budget),
    m_diffs(m_commits.size()),
    m_blobs(m_commits.size())
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
        if (!read_blobs(repository.get())) {
          m_taken.wait(taken);
        }
      }
      if (m_stop) {
        break;
      }
      find_diff(diff, repository.get(), index);
      m_found.store(index + 1);
      m_found.notify_all();
    }
  } catch (...) {
    // This thread's top: whatever failed, the walk compares the trees of the commits not found itself.
  }
  m_found.store(m_commits.size());
  m_found.notify_all();
  if (opened) {
    read_blobs_until_taken(repository.get());
  }
}

void DiffAhead::find_diff(TreeDiff& diff, git_repository* repository, size_t index)
{
  git_commit* raw_commit = nullptr;
  if (git_commit_lookup(&raw_commit, repository, &m_commits[index]) != 0) {
    return;
  }
  const CommitPtr commit(raw_commit);
  Diff& found = m_diffs[index];
  found = compare(diff, commit.get());
  if (!found.changes) {
    return;
  }
  std::vector<git_oid> ids;
  for (const Change& change : *found.changes) {
    if (m_reads(change)) {
      ids.push_back(change.new_id);
    }
  }
  if (!ids.empty()) {
    found.blobs = std::make_shared<BlobsAhead>(ids);
    m_blobs[index] = found.blobs;
  }
}

// Reads the unclaimed blobs of one commit: the first of the walk's next few that has any, else the one it is
// applying (the walk reads that one too, so it comes last); false when none has, or the bytes held are at
// their budget.
bool DiffAhead::read_blobs(git_repository* repository)
{
  const size_t taken = std::min(m_taken.load(), m_commits.size());
  const size_t applying = taken > 0 ? taken - 1 : 0;
  for (; m_released < applying; ++m_released) {
    m_blobs[m_released].reset(); // the walk holds the bytes it has not applied yet
  }
  const size_t end = std::min({m_found.load(), taken + k_blob_window, m_commits.size()});
  const auto held = [&] {
    size_t bytes = 0;
    for (size_t index = applying; index < end; ++index) {
      bytes += m_blobs[index] ? m_blobs[index]->bytes_read() : 0;
    }
    return bytes;
  };
  const auto keep_going = [&] { return !m_stop && held() < m_blob_budget; };
  for (size_t n = 0; n < end - applying && keep_going(); ++n) {
    const size_t index = taken + n < end ? taken + n : applying;
    if (m_blobs[index] && !m_blobs[index]->all_claimed()) {
      m_blobs[index]->read_unclaimed([&](const git_oid& id) { return read_blob(repository, id); }, keep_going);
      return true;
    }
  }
  return false;
}

// Once every diff is found, the blobs of the commits the walk has still to apply.
void DiffAhead::read_blobs_until_taken(git_repository* repository)
{
  try {
    for (size_t taken = m_taken.load(); taken <= m_commits.size() && !m_stop; taken = m_taken.load()) {
      if (!read_blobs(repository)) {
        m_taken.wait(taken);
      }
    }
  } catch (...) {
    // The walk reads what was not read ahead.
  }
  for (auto& blobs : m_blobs) {
    blobs.reset();
  }
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
