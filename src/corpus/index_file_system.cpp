#include "corpus/index_file_system.hpp"

#include <fmt/format.h>
#include <git2.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace corpus {

namespace {

std::string last_error()
{
  const git_error* error = git_error_last();
  return error && error->message ? error->message : "unknown libgit2 error";
}

} // namespace

util::Expected<std::unique_ptr<IndexFileSystem>> IndexFileSystem::open(const std::string& root)
{
  git_libgit2_init();
  std::unique_ptr<IndexFileSystem> result(new IndexFileSystem());
  if (git_repository_open_ext(&result->m_repository, root.c_str(), 0, nullptr) != 0 || git_repository_is_bare(result->m_repository)) {
    return util::Failure{fmt::format("--staged needs a git working tree, and {} is not in one", root)};
  }
  std::error_code error;
  const auto workdir = std::filesystem::weakly_canonical(git_repository_workdir(result->m_repository), error);
  std::string prefix = std::filesystem::weakly_canonical(root, error).lexically_relative(workdir).generic_string();
  prefix = prefix.empty() || prefix == "." ? "" : prefix + "/";
  git_index* index = nullptr;
  if (git_repository_index(&index, result->m_repository) != 0) {
    return util::Failure{fmt::format("cannot read the git index: {}", last_error())};
  }
  const size_t count = git_index_entrycount(index);
  for (size_t i = 0; i < count; ++i) {
    const git_index_entry* entry = git_index_get_byindex(index, i);
    const std::string path = entry->path;
    // Stage 0 only: during a conflicted merge the other stages are not what would be committed.
    if (GIT_INDEX_ENTRY_STAGE(entry) != 0 || !path.starts_with(prefix) || (entry->mode & 0170000) == 0160000) {
      continue;
    }
    const std::string relative = path.substr(prefix.size());
    result->m_sizes[relative] = entry->file_size;
    // A link's blob is its target, not a file's bytes.
    result->m_entries[relative] = Entry{entry->id, (entry->mode & 0170000) == 0100000};
  }
  result->m_workdir = git_repository_workdir(result->m_repository);
  result->m_prefix = prefix;
  git_index_free(index);
  return result;
}

IndexFileSystem::~IndexFileSystem()
{
  git_repository_free(m_repository);
  git_libgit2_shutdown();
}

util::Expected<std::vector<DirectoryEntry>> IndexFileSystem::list(const std::string& directory) const
{
  return list_flat(m_sizes, directory);
}

std::optional<std::string> IndexFileSystem::content_id(const std::string& path) const
{
  const auto found = m_entries.find(path);
  if (found == m_entries.end()) {
    return std::nullopt;
  }
  char id[GIT_OID_HEXSZ + 1];
  git_oid_tostr(id, sizeof(id), &found->second.id);
  return std::string(k_staged_blob_prefix) + id;
}

// The staged bytes from the working tree when its file holds them: a file of the staged size whose git hash
// is the staged blob's id. Reading and hashing a file is several times cheaper than inflating its blob from a
// pack, and a pre-commit run reads the staged text of every document whose references it must quote. The
// hash, not git's stat data, decides: a clean filter (end-of-line conversion, LFS, an encoding) or an edit
// within the index's timestamp would leave the stat data as staged and the bytes not.
std::optional<std::string> IndexFileSystem::read_clean_work_tree_file(const std::string& path, const Entry& entry) const
{
  const uint64_t size = m_sizes.at(path);
  if (!entry.regular_file || size == 0) {
    return std::nullopt;
  }
  const std::string full = m_workdir + m_prefix + path;
  struct stat now;
  if (::lstat(full.c_str(), &now) != 0 || !S_ISREG(now.st_mode) || static_cast<uint64_t>(now.st_size) != size) {
    return std::nullopt;
  }
  std::ifstream in(full, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())) || in.peek() != std::char_traits<char>::eof()) {
    return std::nullopt;
  }
  git_oid id;
  if (git_odb_hash(&id, bytes.data(), bytes.size(), GIT_OBJECT_BLOB) != 0 || !git_oid_equal(&id, &entry.id)) {
    return std::nullopt;
  }
  ++m_work_tree_reads;
  return bytes;
}

util::Expected<std::string> IndexFileSystem::read(const std::string& path, uint64_t max_bytes) const
{
  const auto found = m_entries.find(path);
  if (found == m_entries.end()) {
    return util::Failure{fmt::format("{}: not in the git index", path)};
  }
  if (m_sizes.at(path) > max_bytes) {
    return util::Failure{fmt::format("{}: {} bytes, over the limit of {} (limits.max_file_bytes); not read", path, m_sizes.at(path), max_bytes)};
  }
  if (auto clean = read_clean_work_tree_file(path, found->second)) {
    return std::move(clean).value();
  }
  const std::lock_guard lock(m_repository_mutex);
  git_blob* blob = nullptr;
  if (git_blob_lookup(&blob, m_repository, &found->second.id) != 0) {
    return util::Failure{fmt::format("{}: cannot read the staged content: {}", path, last_error())};
  }
  std::string bytes(static_cast<const char*>(git_blob_rawcontent(blob)), static_cast<size_t>(git_blob_rawsize(blob)));
  git_blob_free(blob);
  return bytes;
}

} // namespace corpus
