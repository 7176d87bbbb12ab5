#include "history/snapshots.hpp"

#include "history/libgit2.hpp"

#include <filesystem>

namespace history {

std::string audit_root_prefix(git_repository* repository, const std::string& root)
{
  const char* workdir = git_repository_workdir(repository);
  if (!workdir) {
    return "";
  }
  std::error_code error;
  const auto base = std::filesystem::weakly_canonical(workdir, error);
  const auto relative = std::filesystem::weakly_canonical(root, error).lexically_relative(base).generic_string();
  return relative.empty() || relative == "." ? "" : relative + "/";
}

Snapshots::Snapshots(std::string root) : m_root(std::move(root))
{
}

Snapshots::~Snapshots()
{
  git_repository_free(m_repository);
}

bool Snapshots::opened() const
{
  if (m_tried) {
    return m_repository != nullptr;
  }
  m_tried = true;
  libgit2();
  git_repository* raw_repository = nullptr;
  if (git_repository_open_ext(&raw_repository, m_root.c_str(), 0, nullptr) != 0) {
    return false;
  }
  RepositoryPtr repository(raw_repository);
  if (git_repository_is_bare(raw_repository) || git_repository_head_unborn(raw_repository) == 1) {
    return false;
  }
  m_prefix = audit_root_prefix(raw_repository, m_root);
  m_repository = repository.release();
  return true;
}

Snapshots::Read Snapshots::read(const std::string& commit, std::string_view path) const
{
  const std::lock_guard lock(m_mutex);
  auto key = std::make_pair(commit, std::string(path));
  if (const auto found = m_read.find(key); found != m_read.end()) {
    return found->second;
  }
  Read result = read_uncached(commit, key.second);
  m_read.emplace(std::move(key), result);
  return result;
}

std::optional<std::string> Snapshots::parent_of(const std::string& commit) const
{
  const std::lock_guard lock(m_mutex);
  git_oid id;
  git_commit* raw_commit = nullptr;
  if (!opened() || git_oid_fromstr(&id, commit.c_str()) != 0 || git_commit_lookup(&raw_commit, m_repository, &id) != 0) {
    return std::nullopt;
  }
  const CommitPtr found(raw_commit);
  if (git_commit_parentcount(raw_commit) == 0) {
    return std::nullopt;
  }
  char text[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(text, sizeof text, git_commit_parent_id(raw_commit, 0));
  return std::string(text);
}

git_tree* Snapshots::tree_of(const std::string& commit) const
{
  if (!opened()) {
    return nullptr;
  }
  git_oid id;
  git_commit* raw_commit = nullptr;
  if (git_oid_fromstr(&id, commit.c_str()) != 0 || git_commit_lookup(&raw_commit, m_repository, &id) != 0) {
    return nullptr;
  }
  const CommitPtr found_commit(raw_commit);
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, raw_commit) != 0) {
    return nullptr;
  }
  return raw_tree;
}

std::optional<bool> Snapshots::exists(const std::string& commit, std::string_view path) const
{
  const std::lock_guard lock(m_mutex);
  auto key = std::make_pair(commit, std::string(path));
  if (const auto found = m_exists.find(key); found != m_exists.end()) {
    return found->second;
  }
  std::optional<bool> result;
  if (const TreePtr tree{tree_of(commit)}) {
    git_tree_entry* raw_entry = nullptr;
    result = git_tree_entry_bypath(&raw_entry, tree.get(), (m_prefix + key.second).c_str()) == 0;
    git_tree_entry_free(raw_entry);
  }
  m_exists.emplace(std::move(key), result);
  return result;
}

bool Snapshots::ignored(std::string_view path) const
{
  const std::lock_guard lock(m_mutex);
  const auto [known, fresh] = m_ignored.try_emplace(std::string(path), false);
  if (fresh) {
    int ignored = 0;
    known->second = opened() && git_ignore_path_is_ignored(&ignored, m_repository, (m_prefix + std::string(path)).c_str()) == 0 && ignored == 1;
  }
  return known->second;
}

Snapshots::Read Snapshots::read_uncached(const std::string& commit, const std::string& path) const
{
  Read result;
  const TreePtr tree{tree_of(commit)};
  if (!tree) {
    return result;
  }
  git_tree* raw_tree = tree.get();
  result.state = State::missing;
  git_tree_entry* raw_entry = nullptr;
  if (git_tree_entry_bypath(&raw_entry, raw_tree, (m_prefix + path).c_str()) != 0) {
    return result;
  }
  const std::unique_ptr<git_tree_entry, Freer<git_tree_entry, git_tree_entry_free>> entry(raw_entry);
  if (git_tree_entry_type(raw_entry) != GIT_OBJECT_BLOB) {
    return result;
  }
  git_blob* raw_blob = nullptr;
  if (git_blob_lookup(&raw_blob, m_repository, git_tree_entry_id(raw_entry)) != 0) {
    result.state = State::unknown;
    return result;
  }
  const BlobPtr blob(raw_blob);
  result.state = State::file;
  const std::string_view bytes(static_cast<const char*>(git_blob_rawcontent(raw_blob)), static_cast<size_t>(git_blob_rawsize(raw_blob)));
  if (bytes.find('\0') == std::string_view::npos) {
    result.text = std::string(bytes);
  }
  return result;
}

} // namespace history
