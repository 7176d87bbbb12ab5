#pragma once

#include <map>
#include <unordered_map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

struct git_repository;
struct git_tree;

namespace history {

// Files as they were in commits of the audited repository, read on demand: a check judges the file a ticked
// box needs in the tree of the commit that ticked it (audit::Timeline::file_at). Read from several threads
// at once (rules run on every core), so one lock guards the repository and what was read.
class Snapshots
{
public:
  enum class State {
    missing, // no file at that path in that commit's tree (a folder is no file)
    file,
    unknown, // the commit or the tree cannot be read (not in this clone, or a corrupt object database)
  };
  struct Read
  {
    State state = State::unknown;
    std::optional<std::string> text; // nullopt for a binary file (one with a NUL byte)
  };

  // The repository is opened on the first read: most runs ask for no file as of a commit, and a warm
  // pre-commit run should not pay for opening it. Outside a repository with commits every read is unknown.
  explicit Snapshots(std::string root);
  ~Snapshots();
  Snapshots(const Snapshots&) = delete;
  Snapshots& operator=(const Snapshots&) = delete;

  // `path` is relative to the audit root, `commit` a full commit id.
  Read read(const std::string& commit, std::string_view path) const;
  // Whether a file or a folder stood at `path` in the commit's tree, without reading it; nullopt when the
  // commit or the tree cannot be read.
  std::optional<bool> exists(const std::string& commit, std::string_view path) const;
  // The first parent of a commit (full id): what the tree held just before it; nullopt for a root commit or
  // one this clone cannot read.
  std::optional<std::string> parent_of(const std::string& commit) const;
  // Whether the repository's ignore rules (.gitignore, .git/info/exclude) keep `path` out of git: a file kept
  // in working copies on purpose. False outside a repository.
  bool ignored(std::string_view path) const;

private:
  bool opened() const; // under the lock
  Read read_uncached(const std::string& commit, const std::string& path) const;
  git_tree* tree_of(const std::string& commit) const; // under the lock; the caller frees it; null when unreadable

  std::string m_root;
  mutable bool m_tried = false;
  mutable git_repository* m_repository = nullptr;
  mutable std::string m_prefix; // the audit root inside the repository: "" or "sub/dir/"
  mutable std::mutex m_mutex;
  mutable std::map<std::pair<std::string, std::string>, Read> m_read;
  mutable std::map<std::pair<std::string, std::string>, std::optional<bool>> m_exists;
  // libgit2 gathers the ignore rules of a path's folders on every question: thousands of references to the
  // same missing files ask again and again.
  mutable std::unordered_map<std::string, bool> m_ignored;
};

// Where the audit root sits inside the repository's working tree: "" or "sub/dir/".
std::string audit_root_prefix(git_repository* repository, const std::string& root);

} // namespace history
