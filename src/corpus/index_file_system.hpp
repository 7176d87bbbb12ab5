#pragma once

#include "corpus/file_system.hpp"

#include <map>
#include <memory>
#include <string>

struct git_repository;

namespace corpus {

// The git index (staging area) under `root`: what a pre-commit hook is about to commit. Files that are
// not staged do not exist here; staged content is read from the object database.
class IndexFileSystem : public FileSystem
{
public:
  // Fails when `root` is not inside a git working tree.
  static util::Expected<std::unique_ptr<IndexFileSystem>> open(const std::string& root);
  ~IndexFileSystem() override;

  util::Expected<std::vector<DirectoryEntry>> list(const std::string& directory) const override;
  util::Expected<std::string> read(const std::string& path, uint64_t max_bytes) const override;
  std::optional<std::string> content_id(const std::string& path) const override;

private:
  IndexFileSystem() = default;

  git_repository* m_repository = nullptr;
  std::map<std::string, uint64_t> m_sizes;   // root-relative path -> size
  std::map<std::string, std::string> m_blobs; // root-relative path -> blob id (hex)
};

} // namespace corpus
