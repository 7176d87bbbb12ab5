#pragma once

#include "corpus/file_system.hpp"

#include <git2/oid.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

struct git_repository;

namespace corpus {

// How a staged file's content id (FileSystem::content_id) begins: the blob's id in hex follows.
inline constexpr std::string_view k_staged_blob_prefix = "git-blob-";

// The git index (staging area) under `root`: what a pre-commit hook is about to commit. Files that are
// not staged do not exist here; staged content is read from the object database, or from the working tree
// where its file holds the staged bytes (see read()).
class IndexFileSystem : public FileSystem
{
public:
  // Fails when `root` is not inside a git working tree.
  static util::Expected<std::unique_ptr<IndexFileSystem>> open(const std::string& root);
  ~IndexFileSystem() override;

  util::Expected<std::vector<DirectoryEntry>> list(const std::string& directory) const override;
  util::Expected<std::string> read(const std::string& path, uint64_t max_bytes) const override;
  std::optional<std::string> content_id(const std::string& path) const override;
  // The index is read once, when opened; what a read asks of the repository is guarded.
  bool reads_concurrently() const override
  {
    return true;
  }

  // How many reads took the working tree's file for the staged bytes (see read()).
  size_t work_tree_reads() const
  {
    return m_work_tree_reads;
  }

private:
  struct Entry
  {
    git_oid id;
    bool regular_file = false;
  };

  IndexFileSystem() = default;
  std::optional<std::string> read_clean_work_tree_file(const std::string& path, const Entry& entry) const;

  git_repository* m_repository = nullptr;
  std::string m_workdir;                 // the working tree, with a trailing slash
  std::string m_prefix;                  // `root` within it: "" or a folder with a trailing slash
  std::map<std::string, uint64_t> m_sizes; // root-relative path -> size
  std::map<std::string, Entry> m_entries;  // root-relative path -> staged blob
  mutable std::atomic<size_t> m_work_tree_reads{0};
  mutable std::mutex m_repository_mutex; // blob reads: one git_repository is not used by two threads at once
};

} // namespace corpus
