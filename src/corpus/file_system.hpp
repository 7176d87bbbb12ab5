#pragma once

#include "util/expected.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corpus {

struct DirectoryEntry
{
  std::string name;
  bool is_directory = false;
  bool is_symlink = false;
  uint64_t size = 0;
  // Why the entry is listed but not to be read (a symbolic link that loops, dangles, leaves the root or
  // names a folder): the corpus reports it. Empty for entries that are read.
  std::string skipped;
};

// The audit's only window on the disk, so tests run on an in-memory tree and the real one can enforce
// containment in one place. Paths are repository-relative, forward-slashed, already normalised.
class FileSystem
{
public:
  virtual ~FileSystem() = default;
  virtual util::Expected<std::vector<DirectoryEntry>> list(const std::string& directory) const = 0;
  // Reads at most max_bytes; a larger file is an error, not a truncated read.
  virtual util::Expected<std::string> read(const std::string& path, uint64_t max_bytes) const = 0;
  // Whether read() may run on several threads at once.
  virtual bool reads_concurrently() const
  {
    return false;
  }
  // A name for the file's bytes known without reading them (git's blob id), so a cache of what was
  // derived from them can answer without a read; nullopt when the bytes must be read to be named.
  virtual std::optional<std::string> content_id(const std::string& /*path*/) const
  {
    return std::nullopt;
  }
};

// The working tree under `root`. Never writes. A symlink is followed only when it resolves to a file
// inside the root; directory symlinks are not descended (no loops, no escape). Every read resolves the
// path again and refuses what lands outside the root, so a link swapped after the listing escapes nothing.
class RealFileSystem : public FileSystem
{
public:
  explicit RealFileSystem(std::string root);
  RealFileSystem(const RealFileSystem&) = delete;
  RealFileSystem& operator=(const RealFileSystem&) = delete;
  ~RealFileSystem() override;
  util::Expected<std::vector<DirectoryEntry>> list(const std::string& directory) const override;
  util::Expected<std::string> read(const std::string& path, uint64_t max_bytes) const override;
  bool reads_concurrently() const override
  {
    return true;
  }

private:
  // The file opened beneath the root in one call, or -1 for the path resolved and checked step by step.
  int open_beneath(const std::string& relative) const;

  std::string m_root;     // absolute, canonical
  int m_root_folder = -1; // the root, opened once for open_beneath; -1 when it could not be
  mutable std::atomic<bool> m_beneath_refused{false}; // openat2 unknown to the kernel or refused by a sandbox
};

class MemoryFileSystem : public FileSystem
{
public:
  void add_file(const std::string& path, std::string bytes);
  util::Expected<std::vector<DirectoryEntry>> list(const std::string& directory) const override;
  util::Expected<std::string> read(const std::string& path, uint64_t max_bytes) const override;
  bool reads_concurrently() const override
  {
    return true;
  }

private:
  std::map<std::string, std::string> m_files;
};

// The folder listing of a flat, sorted set of file paths with their sizes: how trees that are not on
// disk (memory, the git index) look like folders.
util::Expected<std::vector<DirectoryEntry>> list_flat(const std::map<std::string, uint64_t>& sizes, const std::string& directory);

} // namespace corpus
