#include "corpus/file_system.hpp"

#include "util/path.hpp"

#include <fmt/format.h>

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <system_error>

namespace fs = std::filesystem;

namespace corpus {

namespace {

struct Descriptor
{
  int value = -1;
  ~Descriptor()
  {
    ::close(value);
  }
};

bool is_inside(const fs::path& root, const fs::path& candidate)
{
  const auto relative = candidate.lexically_relative(root);
  return !relative.empty() && *relative.begin() != "..";
}

// Only a link to a regular file inside the root is read; anything else might escape or loop, and is listed
// with the reason so the corpus can say why it was not read.
void describe_link(const fs::path& root, const fs::path& link, DirectoryEntry& result)
{
  std::error_code error;
  const fs::path target = fs::canonical(link, error);
  if (error) {
    result.skipped = error == std::errc::too_many_symbolic_link_levels ? "symbolic link loops; not followed"
                                                                       : "symbolic link to nothing that can be read; not followed";
  } else if (!is_inside(root, target)) {
    result.skipped = "symbolic link to a path outside the repository; not followed";
  } else if (fs::is_directory(target, error)) {
    result.skipped = "symbolic link to a folder; not followed";
  } else if (!fs::is_regular_file(target, error)) {
    result.skipped = "symbolic link to something other than a file; not followed";
  } else {
    result.size = fs::file_size(target, error);
  }
}

// One listed name, from fstatat beside the folder: its kind and a file's size. nullopt for what is never read
// (sockets, fifos, devices: reading one could block, and the folder's entry says so without a stat) and for
// a name that cannot be looked at (gone since, or in a folder that can be read but not searched).
std::optional<DirectoryEntry> list_entry(const fs::path& root, int folder, const fs::path& base, const dirent* found)
{
  DirectoryEntry result;
  result.name = found->d_name;
  struct stat status{};
  const bool known = found->d_type != DT_UNKNOWN;
  if ((known && found->d_type != DT_REG && found->d_type != DT_LNK && found->d_type != DT_DIR)
      || ::fstatat(folder, found->d_name, &status, AT_SYMLINK_NOFOLLOW) != 0) {
    return std::nullopt;
  }
  if (S_ISDIR(status.st_mode)) {
    result.is_directory = true;
  } else if (S_ISLNK(status.st_mode)) {
    result.is_symlink = true;
    describe_link(root, base / result.name, result);
  } else if (S_ISREG(status.st_mode)) {
    result.size = static_cast<uint64_t>(status.st_size);
  } else {
    return std::nullopt;
  }
  return result;
}

} // namespace

RealFileSystem::RealFileSystem(std::string root)
{
  std::error_code error;
  const fs::path canonical = fs::canonical(root, error);
  m_root = error ? fs::absolute(root).lexically_normal().string() : canonical.string();
  m_root_folder = ::open(m_root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
}

RealFileSystem::~RealFileSystem()
{
  if (m_root_folder >= 0) {
    ::close(m_root_folder);
  }
}

int RealFileSystem::open_beneath(const std::string& relative) const
{
  // What read's checks below find, in three calls instead of one per folder of the path (canonical reads each
  // as a possible link): a regular file, reached without leaving the root (openat2's RESOLVE_BENEATH: no
  // "..", absolute link or magic link out of it). Anything else, an older kernel or a sandbox refusing the
  // call take the checks' way, which also words the message.
  struct stat status {};
  if (m_root_folder < 0 || m_beneath_refused.load(std::memory_order_relaxed)
      || ::fstatat(m_root_folder, relative.c_str(), &status, 0) != 0 || !S_ISREG(status.st_mode)) {
    return -1;
  }
  open_how how{};
  how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  const long opened = ::syscall(SYS_openat2, m_root_folder, relative.c_str(), &how, sizeof how);
  if (opened < 0 && (errno == ENOSYS || errno == EPERM)) {
    m_beneath_refused.store(true, std::memory_order_relaxed); // asked once per run, not once per file
  }
  return opened < 0 ? -1 : static_cast<int>(opened);
}

util::Expected<std::vector<DirectoryEntry>> RealFileSystem::list(const std::string& directory) const
{
  const std::string shown = directory.empty() ? "." : directory;
  const fs::path base = directory.empty() ? fs::path(m_root) : fs::path(m_root) / directory;
  // readdir and fstatat beside the folder's descriptor: a tree of thousands of files was listed through
  // std::filesystem, which built each entry's whole path and walked it again to stat it.
  const std::unique_ptr<DIR, int (*)(DIR*)> folder(::opendir(base.c_str()), &::closedir);
  if (!folder) {
    if (errno == EACCES) {
      return std::vector<DirectoryEntry>{}; // as an unreadable folder inside: skipped, not an error
    }
    return util::Failure{fmt::format("{}: cannot list folder: {}", shown, std::generic_category().message(errno))};
  }
  const fs::path root(m_root);
  std::vector<DirectoryEntry> entries;
  for (;;) {
    errno = 0;
    const dirent* found = ::readdir(folder.get());
    if (!found) {
      if (errno != 0) {
        // A folder changing under the walk or a read error ends the listing with a message.
        return util::Failure{fmt::format("{}: cannot list folder: {}", shown, std::generic_category().message(errno))};
      }
      break;
    }
    const std::string_view name = found->d_name;
    if (name == "." || name == "..") {
      continue;
    }
    if (auto entry = list_entry(root, ::dirfd(folder.get()), base, found)) {
      entries.push_back(std::move(*entry));
    }
  }
  return entries;
}

util::Expected<std::string> RealFileSystem::read(const std::string& path, uint64_t max_bytes) const
{
  const auto normalized = util::normalize_relative(path);
  if (!normalized || normalized->empty()) {
    return util::Failure{fmt::format("{}: path is outside the repository", path)};
  }
  int descriptor = open_beneath(*normalized);
  if (descriptor < 0) {
    std::error_code error;
    const fs::path full = fs::path(m_root) / *normalized;
    const fs::path target = fs::canonical(full, error);
    if (error) {
      return util::Failure{fmt::format("{}: cannot read: {}", path, error.message())};
    }
    if (!is_inside(m_root, target)) {
      return util::Failure{fmt::format("{}: resolves outside the repository; not read", path)};
    }
    if (!fs::is_regular_file(target, error)) {
      return util::Failure{fmt::format("{}: not a regular file", path)};
    }
    // O_NONBLOCK keeps a fifo swapped in since the check above from blocking the open; fstat then refuses it.
    descriptor = ::open(target.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  }
  if (descriptor < 0) {
    return util::Failure{fmt::format("{}: cannot read: permission denied or unreadable", path)};
  }
  const Descriptor closer{descriptor};
  struct stat status {};
  if (::fstat(descriptor, &status) != 0 || !S_ISREG(status.st_mode)) {
    return util::Failure{fmt::format("{}: not a regular file", path)};
  }
  const auto size = static_cast<uint64_t>(status.st_size);
  if (size > max_bytes) {
    return util::Failure{fmt::format("{}: {} bytes, over the limit of {} (limits.max_file_bytes); not read", path, size, max_bytes)};
  }
  std::string bytes(static_cast<size_t>(size), '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t count = ::read(descriptor, bytes.data() + done, bytes.size() - done);
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count < 0) {
      return util::Failure{fmt::format("{}: cannot read", path)};
    }
    if (count == 0) {
      break; // the file shrank since fstat
    }
    done += static_cast<size_t>(count);
  }
  bytes.resize(done);
  return bytes;
}

void MemoryFileSystem::add_file(const std::string& path, std::string bytes)
{
  m_files[path] = std::move(bytes);
}

util::Expected<std::vector<DirectoryEntry>> list_flat(const std::map<std::string, uint64_t>& sizes, const std::string& directory)
{
  const std::string prefix = directory.empty() ? "" : directory + "/";
  std::vector<DirectoryEntry> entries;
  std::set<std::string> seen_directories;
  bool found = directory.empty();
  for (auto it = sizes.lower_bound(prefix); it != sizes.end() && it->first.starts_with(prefix); ++it) {
    found = true;
    const std::string rest = it->first.substr(prefix.size());
    const size_t slash = rest.find('/');
    if (slash == std::string::npos) {
      entries.push_back(DirectoryEntry{rest, false, false, it->second, {}});
    } else if (seen_directories.insert(rest.substr(0, slash)).second) {
      entries.push_back(DirectoryEntry{rest.substr(0, slash), true, false, 0, {}});
    }
  }
  if (!found) {
    return util::Failure{fmt::format("{}: cannot list folder: No such file or directory", directory)};
  }
  return entries;
}

util::Expected<std::vector<DirectoryEntry>> MemoryFileSystem::list(const std::string& directory) const
{
  std::map<std::string, uint64_t> sizes;
  for (const auto& [path, bytes] : m_files) {
    sizes.emplace(path, bytes.size());
  }
  return list_flat(sizes, directory);
}

util::Expected<std::string> MemoryFileSystem::read(const std::string& path, uint64_t max_bytes) const
{
  const auto it = m_files.find(path);
  if (it == m_files.end()) {
    return util::Failure{fmt::format("{}: cannot read: No such file or directory", path)};
  }
  if (it->second.size() > max_bytes) {
    return util::Failure{
      fmt::format("{}: {} bytes, over the limit of {} (limits.max_file_bytes); not read", path, it->second.size(), max_bytes)};
  }
  return it->second;
}

} // namespace corpus
