#include "corpus/corpus.hpp"

#include "util/parallel.hpp"
#include "util/path.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <set>

namespace corpus {

namespace {

// As in .gitignore: a pattern with no slash but a trailing one names a file or folder at any depth
// (`archive/` leaves out docs/plans/archive/); one with a slash before its end is anchored at the root
// (`/drafts/`, `docs/drafts/`).
bool excludes(const std::string& pattern, const std::string& path, const std::string& name, bool is_directory)
{
  const bool directory_only = pattern.ends_with('/');
  const std::string_view stem = std::string_view(pattern).substr(0, pattern.size() - (directory_only ? 1 : 0));
  if (!stem.empty() && stem.find('/') == std::string_view::npos && (is_directory || !directory_only)
      && util::glob_match(stem, name)) {
    return true;
  }
  const std::string_view anchored = std::string_view(pattern).substr(pattern.starts_with('/') ? 1 : 0);
  return util::glob_match(anchored, path) || (is_directory && util::glob_match(anchored, path + "/"));
}

// File systems name the path in their messages ("docs/a.md: cannot read: ..."); the diagnostic names it
// already.
std::string without_path(const std::string& message, std::string_view path)
{
  if (message.size() > path.size() + 2 && message.starts_with(path) && message.compare(path.size(), 2, ": ") == 0) {
    return message.substr(path.size() + 2);
  }
  return message;
}

// A name as it can be shown on one line of output: control characters and bytes that are not UTF-8 are
// written as escapes, so a file named "x.md\nfake.md:1:1: error: ..." cannot forge a line of the report.
std::optional<std::string> unprintable_name(std::string_view path)
{
  std::string shown = util::one_line(path);
  return shown == path ? std::nullopt : std::optional<std::string>(std::move(shown));
}

bool always_skipped(std::string_view name)
{
  return name == ".git" || name == "node_modules" || name == ".hg" || name == ".svn";
}

} // namespace

Corpus::Corpus(const FileSystem& file_system, Options options)
  : m_file_system(file_system),
    m_options(std::move(options))
{
  discover("", 0);
  std::sort(m_files.begin(), m_files.end(), [](const File& a, const File& b) { return a.path < b.path; });
}

void Corpus::discover(const std::string& directory, int depth)
{
  if (depth > m_options.limits.max_depth) {
    m_diagnostics.push_back({directory, 0, 0,
                             fmt::format("folders nested deeper than {} levels (limits.max_folder_depth); not descended",
                                         m_options.limits.max_depth),
                             true});
    return;
  }
  auto entries = m_file_system.list(directory);
  if (!entries) {
    m_diagnostics.push_back({directory.empty() ? "." : directory, 0, 0, without_path(entries.error(), directory.empty() ? "." : directory)});
    return;
  }
  // A folder with its own .git below the root is another repository (a submodule, a vendored clone): its
  // documents are not this repository's, and its history is not in this walk.
  if (!directory.empty() && std::any_of(entries->begin(), entries->end(), [](const DirectoryEntry& entry) {
        return entry.name == ".git";
      })) {
    m_directories.erase(directory);
    return;
  }
  for (const auto& entry : entries.value()) {
    if (always_skipped(entry.name)) {
      continue;
    }
    const std::string path = util::join_path(directory, entry.name);
    const bool excluded = std::any_of(m_options.exclude.begin(), m_options.exclude.end(), [&](const auto& pattern) {
      return excludes(pattern, path, entry.name, entry.is_directory);
    });
    if (excluded) {
      continue;
    }
    if (const auto shown = unprintable_name(path)) {
      m_diagnostics.push_back({*shown, 0, 0, "name holds control characters or bytes that are not UTF-8; not audited"});
      continue;
    }
    if (!entry.skipped.empty()) {
      m_diagnostics.push_back({path, 0, 0, entry.skipped});
      continue;
    }
    if (entry.is_directory) {
      m_directories.insert(path);
      discover(path, depth + 1);
    } else if (m_files.size() < m_options.limits.max_files) {
      m_files.push_back(File{path, entry.size});
      m_file_paths.insert(path);
    } else if (m_files.size() == m_options.limits.max_files) {
      m_diagnostics.push_back({path, 0, 0,
                               fmt::format("more than {} files (limits.max_files); this one and the rest are not audited",
                                           m_options.limits.max_files),
                               true});
    }
  }
}

bool Corpus::is_file(std::string_view path) const
{
  return m_file_paths.find(path) != m_file_paths.end();
}

bool Corpus::is_directory(std::string_view path) const
{
  return path.empty() || m_directories.find(path) != m_directories.end();
}

std::vector<const File*> Corpus::files_under(std::string_view directory) const
{
  std::vector<const File*> result;
  const std::string prefix = directory.empty() ? "" : std::string(directory) + "/";
  for (const auto& file : m_files) {
    if (file.path.starts_with(prefix)) {
      result.push_back(&file);
    }
  }
  return result;
}

const std::string* Corpus::text(std::string_view path) const
{
  const std::lock_guard lock(m_mutex);
  Loaded& loaded = load(path);
  if (!loaded.reported) {
    loaded.reported = true;
    if (loaded.problem) {
      m_diagnostics.push_back(*loaded.problem);
    }
  }
  return loaded.text ? &*loaded.text : nullptr;
}

std::optional<std::string> Corpus::text_apart(std::string_view path) const
{
  std::unique_lock lock(m_mutex);
  // A text held (loaded by text()) is copied, its problem reported once.
  const auto held = [&]() -> Loaded* {
    const auto found = m_texts.find(path);
    if (found == m_texts.end() || found->second.released) {
      return nullptr;
    }
    if (!found->second.reported && found->second.problem) {
      m_diagnostics.push_back(*found->second.problem);
    }
    found->second.reported = true;
    return &found->second;
  };
  if (const Loaded* loaded = held()) {
    return loaded->text;
  }
  // A file system that cannot read on several threads is read under the lock, one file at a time; the others
  // outside it (checks on every core read the documents they quote).
  if (m_file_system.reads_concurrently()) {
    lock.unlock();
  }
  Loaded read = read_file(path);
  if (!lock.owns_lock()) {
    lock.lock();
    if (held()) {
      return std::move(read.text); // loaded and held meanwhile (text() on another thread): held it stays
    }
  }
  auto found = m_texts.try_emplace(std::string(path)).first;
  if (!found->second.reported && read.problem) {
    m_diagnostics.push_back(*read.problem);
  }
  found->second.reported = true;
  found->second.released = true;
  found->second.problem = std::move(read.problem);
  return std::move(read.text);
}

std::vector<const std::string*> Corpus::preload(const std::vector<std::string_view>& paths, unsigned threads) const
{
  std::vector<std::string_view> unread;
  std::set<std::string_view> seen;
  for (std::string_view path : paths) {
    const auto known = m_texts.find(path);
    if ((known == m_texts.end() || known->second.released) && seen.insert(path).second) {
      unread.push_back(path);
    }
  }
  std::vector<Loaded> loaded(unread.size());
  const unsigned most = m_file_system.reads_concurrently() ? util::default_threads() : 1;
  util::for_each_index(unread.size(), threads == 0 ? most : std::min(threads, most), [&](size_t i) { loaded[i] = read_file(unread[i]); });
  for (size_t i = 0; i < unread.size(); ++i) {
    auto [found, fresh] = m_texts.try_emplace(std::string(unread[i]));
    const bool reported = !fresh && found->second.reported; // released: its problem was reported already
    found->second = std::move(loaded[i]);
    found->second.reported = reported;
  }
  std::vector<const std::string*> texts;
  texts.reserve(paths.size());
  for (std::string_view path : paths) {
    const Loaded& found = m_texts.find(path)->second;
    texts.push_back(found.text ? &*found.text : nullptr);
  }
  return texts;
}

Corpus::Loaded& Corpus::load(std::string_view path) const
{
  auto found = m_texts.find(path);
  if (found == m_texts.end()) {
    found = m_texts.emplace(std::string(path), read_file(path)).first;
  } else if (found->second.released) {
    const bool reported = found->second.reported;
    found->second = read_file(path);
    found->second.reported = reported;
  }
  return found->second;
}

void Corpus::sort_diagnostics_from(size_t from) const
{
  const std::lock_guard lock(m_mutex);
  if (from < m_diagnostics.size()) {
    std::stable_sort(m_diagnostics.begin() + static_cast<std::ptrdiff_t>(from), m_diagnostics.end(),
                     [](const util::Diagnostic& a, const util::Diagnostic& b) { return std::tie(a.file, a.line) < std::tie(b.file, b.line); });
  }
}

std::optional<std::string> Corpus::content_id(std::string_view path) const
{
  const auto listed = std::lower_bound(m_files.begin(), m_files.end(), path, [](const File& file, std::string_view wanted) {
    return file.path < wanted;
  });
  if (listed == m_files.end() || listed->path != path || listed->size > m_options.limits.max_file_bytes) {
    return std::nullopt;
  }
  return m_file_system.content_id(listed->path);
}

bool Corpus::had_problem(std::string_view path) const
{
  const std::lock_guard lock(m_mutex); // checks running at once read files through text()
  const auto found = m_texts.find(path);
  return found != m_texts.end() && found->second.problem.has_value();
}

void Corpus::release(std::string_view path) const
{
  if (const auto found = m_texts.find(path); found != m_texts.end() && found->second.text) {
    found->second.text.reset();
    found->second.released = true;
  }
}

std::optional<std::string> Corpus::read_apart(std::string_view path) const
{
  const auto listed = std::lower_bound(m_files.begin(), m_files.end(), path, [](const File& file, std::string_view wanted) {
    return file.path < wanted;
  });
  if (!m_file_system.reads_concurrently() || listed == m_files.end() || listed->path != path
      || listed->size > m_options.limits.max_file_bytes) {
    return std::nullopt;
  }
  auto bytes = m_file_system.read(std::string(path), m_options.limits.max_file_bytes);
  if (!bytes) {
    return std::nullopt;
  }
  return std::move(bytes).value();
}

Corpus::Loaded Corpus::read_file(std::string_view path) const
{
  Loaded loaded;
  const auto listed = std::lower_bound(m_files.begin(), m_files.end(), path, [](const File& file, std::string_view wanted) {
    return file.path < wanted;
  });
  const bool over_limit = listed != m_files.end() && listed->path == path && listed->size > m_options.limits.max_file_bytes;
  auto bytes = over_limit ? util::Expected<std::string>(util::Failure{fmt::format(
                              "{} bytes, over the limit of {} (limits.max_file_bytes); not read", listed->size,
                              m_options.limits.max_file_bytes)})
                          : m_file_system.read(std::string(path), m_options.limits.max_file_bytes);
  if (!bytes) {
    loaded.problem = util::Diagnostic{std::string(path), 0, 0, without_path(bytes.error(), path), over_limit};
  } else if (const size_t nul = bytes->find('\0'); nul != std::string::npos) {
    loaded.problem =
      util::Diagnostic{std::string(path), util::line_of_offset(*bytes, nul), 0, "binary file (NUL byte); not audited"};
  } else {
    loaded.text = std::move(bytes).value();
    if (const int line = repair_utf8(*loaded.text); line > 0) {
      loaded.problem = util::Diagnostic{std::string(path), line, 0, "not valid UTF-8; invalid bytes read as U+FFFD"};
    }
  }
  return loaded;
}

int repair_utf8(std::string& text)
{
  auto invalid = util::find_invalid_utf8(text);
  if (!invalid) {
    return 0;
  }
  const int first_line = util::line_of_offset(text, *invalid);
  std::string repaired;
  repaired.reserve(text.size() + 16);
  size_t start = 0;
  while (invalid) {
    const size_t at = start + *invalid;
    repaired.append(text, start, at - start);
    repaired += "\xEF\xBF\xBD";
    start = at + 1;
    invalid = util::find_invalid_utf8(std::string_view(text).substr(start));
  }
  repaired.append(text, start);
  text = std::move(repaired);
  return first_line;
}

} // namespace corpus
