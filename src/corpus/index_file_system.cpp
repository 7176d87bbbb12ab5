#include "corpus/index_file_system.hpp"

#include <fmt/format.h>
#include <git2.h>

#include <filesystem>

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
    char id[GIT_OID_HEXSZ + 1];
    git_oid_tostr(id, sizeof(id), &entry->id);
    const std::string relative = path.substr(prefix.size());
    result->m_sizes[relative] = entry->file_size;
    result->m_blobs[relative] = id;
  }
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
  const auto found = m_blobs.find(path);
  if (found == m_blobs.end()) {
    return std::nullopt;
  }
  return "git-blob-" + found->second;
}

util::Expected<std::string> IndexFileSystem::read(const std::string& path, uint64_t max_bytes) const
{
  const auto found = m_blobs.find(path);
  if (found == m_blobs.end()) {
    return util::Failure{fmt::format("{}: not in the git index", path)};
  }
  if (m_sizes.at(path) > max_bytes) {
    return util::Failure{fmt::format("{}: {} bytes, over the limit of {} (limits.max_file_bytes); not read", path, m_sizes.at(path), max_bytes)};
  }
  git_oid oid;
  git_blob* blob = nullptr;
  if (git_oid_fromstr(&oid, found->second.c_str()) != 0 || git_blob_lookup(&blob, m_repository, &oid) != 0) {
    return util::Failure{fmt::format("{}: cannot read the staged content: {}", path, last_error())};
  }
  std::string bytes(static_cast<const char*>(git_blob_rawcontent(blob)), static_cast<size_t>(git_blob_rawsize(blob)));
  git_blob_free(blob);
  return bytes;
}

} // namespace corpus
