#include "corpus/file_system.hpp"

#include "util/path.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
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

} // namespace

RealFileSystem::RealFileSystem(std::string root)
{
  std::error_code error;
  const fs::path canonical = fs::canonical(root, error);
  m_root = error ? fs::absolute(root).lexically_normal().string() : canonical.string();
}

util::Expected<std::vector<DirectoryEntry>> RealFileSystem::list(const std::string& directory) const
{
  const fs::path base = directory.empty() ? fs::path(m_root) : fs::path(m_root) / directory;
  std::error_code error;
  fs::directory_iterator iterator(base, fs::directory_options::skip_permission_denied, error);
  if (error) {
    return util::Failure{fmt::format("{}: cannot list folder: {}", directory.empty() ? "." : directory, error.message())};
  }
  std::vector<DirectoryEntry> entries;
  // increment(error), not the range-for's throwing operator++: a folder changing under the walk or a read
  // error ends the listing with a message instead of an exception nobody catches.
  std::error_code walk_error;
  for (; iterator != fs::directory_iterator(); iterator.increment(walk_error)) {
    if (walk_error) {
      return util::Failure{fmt::format("{}: cannot list folder: {}", directory.empty() ? "." : directory, walk_error.message())};
    }
    const fs::directory_entry& entry = *iterator;
    DirectoryEntry result;
    result.name = entry.path().filename().string();
    const auto status = entry.symlink_status(error);
    if (error) {
      continue;
    }
    result.is_symlink = fs::is_symlink(status);
    if (result.is_symlink) {
      // Only a link to a regular file inside the root is read; anything else might escape or loop, and is
      // listed with the reason so the corpus can say why it was not read.
      const fs::path target = fs::canonical(entry.path(), error);
      if (error) {
        result.skipped = error == std::errc::too_many_symbolic_link_levels
                           ? "symbolic link loops; not followed"
                           : "symbolic link to nothing that can be read; not followed";
      } else if (!is_inside(m_root, target)) {
        result.skipped = "symbolic link to a path outside the repository; not followed";
      } else if (fs::is_directory(target, error)) {
        result.skipped = "symbolic link to a folder; not followed";
      } else if (!fs::is_regular_file(target, error)) {
        result.skipped = "symbolic link to something other than a file; not followed";
      } else {
        result.size = fs::file_size(target, error);
      }
      error.clear();
      entries.push_back(std::move(result));
      continue;
    } else if (fs::is_directory(status)) {
      result.is_directory = true;
    } else if (fs::is_regular_file(status)) {
      result.size = entry.file_size(error);
    } else {
      continue; // sockets, fifos, devices: reading one could block
    }
    entries.push_back(std::move(result));
  }
  if (walk_error) {
    return util::Failure{fmt::format("{}: cannot list folder: {}", directory.empty() ? "." : directory, walk_error.message())};
  }
  return entries;
}

util::Expected<std::string> RealFileSystem::read(const std::string& path, uint64_t max_bytes) const
{
  const auto normalized = util::normalize_relative(path);
  if (!normalized || normalized->empty()) {
    return util::Failure{fmt::format("{}: path is outside the repository", path)};
  }
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
  // One open, fstat and read: every Markdown file of the tree comes through here. O_NONBLOCK keeps a fifo
  // swapped in since the check above from blocking the open; fstat then refuses it.
  const int descriptor = ::open(target.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
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
