#include "corpus/index_file_system.hpp"

#include <fmt/format.h>
#include <git2.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace corpus {

namespace {

std::string last_error()
{
  const git_error* error = git_error_last();
  return error && error->message ? error->message : "unknown libgit2 error";
}

bool exists(const std::string& path)
{
  struct stat info;
  return !path.empty() && ::stat(path.c_str(), &info) == 0;
}

// Whether a filter could stand between a working-tree file and its blob anywhere in the repository: an
// attributes file (tracked, the repository's own, the user's or the system's) or end-of-line conversion
// configured. Without any, no file need be asked on its own (which reads attributes for every path).
bool may_filter(git_repository* repository, git_index* index)
{
  const size_t count = git_index_entrycount(index);
  for (size_t i = 0; i < count; ++i) {
    const std::string_view path = git_index_get_byindex(index, i)->path;
    if (path == ".gitattributes" || path.ends_with("/.gitattributes")) {
      return true;
    }
  }
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  const std::string user = xdg && *xdg ? std::string(xdg) + "/git/attributes" : home ? std::string(home) + "/.config/git/attributes" : "";
  if (exists(std::string(git_repository_path(repository)) + "info/attributes") || exists(user) || exists("/etc/gitattributes")) {
    return true;
  }
  git_config* config = nullptr;
  if (git_repository_config_snapshot(&config, repository) != 0) {
    return true;
  }
  git_buf value = GIT_BUF_INIT;
  int autocrlf = 0;
  const bool attributes_file = git_config_get_string_buf(&value, config, "core.attributesFile") == 0;
  git_buf_dispose(&value);
  const bool converts = git_config_get_bool(&autocrlf, config, "core.autocrlf") == 0
                          ? autocrlf != 0
                          : git_config_get_string_buf(&value, config, "core.autocrlf") == 0; // "input"
  git_buf_dispose(&value);
  git_config_free(config);
  return attributes_file || converts;
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
    const Stat stat{entry->mtime.seconds, entry->mtime.nanoseconds, entry->ctime.seconds, entry->ctime.nanoseconds,
                    entry->ino, entry->file_size};
    // A regular file whose stat data the index keeps up to date: not a link, not assumed unchanged, not
    // outside the sparse checkout, not only intended to be added.
    const bool kept = (entry->mode & 0170000) == 0100000 && (entry->flags & GIT_INDEX_ENTRY_VALID) == 0
                      && (entry->flags_extended & (GIT_INDEX_ENTRY_SKIP_WORKTREE | GIT_INDEX_ENTRY_INTENT_TO_ADD)) == 0;
    result->m_entries[relative] = Entry{id, kept ? stat : Stat{}};
  }
  struct stat index_stat;
  if (const char* index_path = git_index_path(index); index_path && ::stat(index_path, &index_stat) == 0) {
    result->m_index_stat.mtime_seconds = index_stat.st_mtim.tv_sec;
    result->m_index_stat.mtime_nanoseconds = static_cast<uint32_t>(index_stat.st_mtim.tv_nsec);
  }
  result->m_may_filter = may_filter(result->m_repository, index);
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
  return "git-blob-" + found->second.blob;
}

// git's own test for a file unchanged since it was staged (its stat data as the index recorded it), and not
// "racily clean": modified within the timestamp the index was written at, which the stat data cannot tell;
// and no filter between the file and its blob, so the file holds the blob's bytes.
// Reading the file is several times cheaper than inflating its blob from a pack, and a pre-commit run reads
// the staged text of every document whose references it must quote.
std::optional<std::string> IndexFileSystem::read_clean_work_tree_file(const std::string& path, const Entry& entry) const
{
  const Stat& recorded = entry.stat;
  const auto before = [](int64_t a_seconds, uint32_t a_nanoseconds, int64_t b_seconds, uint32_t b_nanoseconds) {
    return a_seconds != b_seconds ? a_seconds < b_seconds : a_nanoseconds < b_nanoseconds;
  };
  if (recorded.size == 0 || !before(recorded.mtime_seconds, recorded.mtime_nanoseconds, m_index_stat.mtime_seconds,
                                    m_index_stat.mtime_nanoseconds)) {
    return std::nullopt;
  }
  const std::string in_repository = m_prefix + path;
  const std::string full = m_workdir + in_repository;
  struct stat now;
  if (::lstat(full.c_str(), &now) != 0 || !S_ISREG(now.st_mode) || static_cast<uint64_t>(now.st_size) != recorded.size
      || now.st_mtim.tv_sec != recorded.mtime_seconds || static_cast<uint32_t>(now.st_mtim.tv_nsec) != recorded.mtime_nanoseconds
      || now.st_ctim.tv_sec != recorded.ctime_seconds || static_cast<uint32_t>(now.st_ctim.tv_nsec) != recorded.ctime_nanoseconds
      || static_cast<uint32_t>(now.st_ino) != recorded.inode) {
    return std::nullopt;
  }
  // A filter (end-of-line conversion, LFS, ident) makes the blob differ from the file it was cleaned from.
  git_filter_list* filters = nullptr;
  if ((m_may_filter && git_filter_list_load(&filters, m_repository, nullptr, in_repository.c_str(), GIT_FILTER_TO_ODB, GIT_FILTER_DEFAULT) != 0)
      || filters) {
    git_filter_list_free(filters);
    return std::nullopt;
  }
  std::ifstream in(full, std::ios::binary);
  std::string bytes(recorded.size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())) || in.peek() != std::char_traits<char>::eof()) {
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
  git_oid oid;
  git_blob* blob = nullptr;
  if (git_oid_fromstr(&oid, found->second.blob.c_str()) != 0 || git_blob_lookup(&blob, m_repository, &oid) != 0) {
    return util::Failure{fmt::format("{}: cannot read the staged content: {}", path, last_error())};
  }
  std::string bytes(static_cast<const char*>(git_blob_rawcontent(blob)), static_cast<size_t>(git_blob_rawsize(blob)));
  git_blob_free(blob);
  return bytes;
}

} // namespace corpus
