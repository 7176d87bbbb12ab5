#pragma once

#include "corpus/file_system.hpp"
#include "util/diagnostic.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace corpus {

struct File
{
  std::string path; // repository-relative, forward slashes
  uint64_t size = 0;
};

// How much one run reads (config::Limits, `limits:` in the configuration, gives them; docs/limits.md).
struct Limits
{
  uint64_t max_file_bytes = 16 * 1024 * 1024; // a larger file is reported and not read
  size_t max_files = 200000;                  // files past this many are reported once and not audited
  int max_depth = 64;                         // folders nested deeper are reported and not descended
};

struct Options
{
  std::vector<std::string> exclude; // globs; ".git" and "node_modules" are always skipped
  Limits limits;
};

// Which files exist under the repository root and their bytes, read at most once. Everything after this
// layer works on memory; references are answered from the listing, never by touching the disk again.
class Corpus
{
public:
  Corpus(const FileSystem& file_system, Options options);

  const std::vector<File>& files() const
  {
    return m_files;
  }
  bool is_file(std::string_view path) const;
  bool is_directory(std::string_view path) const;
  // Files below a folder, at any depth.
  std::vector<const File*> files_under(std::string_view directory) const;

  // Valid UTF-8 text of a file, read on first use. Invalid sequences are replaced by U+FFFD and reported;
  // a file with a NUL byte is binary and yields nullopt.
  const std::string* text(std::string_view path) const;
  // A file's text as text() gives it, for a reader that needs it only a while (a check reading a document's
  // lines once its facts are built): a copy of what is held, else read afresh and not kept, so a large tree's
  // documents are not all held again at the end of a run. Its problem is reported once, as text() would.
  std::optional<std::string> text_apart(std::string_view path) const;
  // Reads files ahead of text(), on several threads when the file system allows, and returns their texts,
  // null where text() would return null, for other threads to work on; nothing may call text() or
  // preload() while they do. What is wrong with a file is still reported when text() first asks for it:
  // the diagnostics keep the order of text() calls. `threads`: at most this many (0: as many as the file
  // system allows and there are cores).
  std::vector<const std::string*> preload(const std::vector<std::string_view>& paths, unsigned threads = 0) const;
  // The file system's name for a listed file's bytes (FileSystem::content_id), for files within the size
  // limit only: a file over it is reported when read, which a cache must not skip.
  std::optional<std::string> content_id(std::string_view path) const;
  // Whether reading the file reported a problem (invalid UTF-8, binary, unreadable): what is derived from
  // such a file is not cached, so a cached answer never hides the report.
  bool had_problem(std::string_view path) const;
  // A listed file's bytes read afresh, neither kept nor checked nor reported, safe on any thread while
  // others use the corpus; nothing where the file system cannot read on several threads at once, for a file
  // over the size limit, or when the read fails.
  std::optional<std::string> read_apart(std::string_view path) const;
  // Frees a file's text once what is derived from it is built; a later text() reads it again without
  // reporting its problem twice.
  void release(std::string_view path) const;

  const std::vector<util::Diagnostic>& diagnostics() const
  {
    return m_diagnostics;
  }
  // A problem found later in a file's bytes (a limit the Markdown hit), reported with the corpus's own.
  void add_diagnostic(util::Diagnostic diagnostic) const
  {
    const std::lock_guard lock(m_mutex);
    m_diagnostics.push_back(std::move(diagnostic));
  }
  // Orders the diagnostics reported since the first `from` by file and line: files first read by checks
  // running at once report in whatever order the threads reach them.
  void sort_diagnostics_from(size_t from) const;

private:
  struct Loaded
  {
    std::optional<std::string> text;
    std::optional<util::Diagnostic> problem; // reported by the first text() call
    bool reported = false;
    bool released = false; // read again when asked for
  };

  void discover(const std::string& directory, int depth);
  Loaded& load(std::string_view path) const;
  Loaded read_file(std::string_view path) const; // touches nothing mutable: safe on several threads

  const FileSystem& m_file_system;
  Options m_options;
  std::vector<File> m_files;
  std::set<std::string, std::less<>> m_file_paths;
  std::set<std::string, std::less<>> m_directories;
  mutable std::map<std::string, Loaded, std::less<>> m_texts;
  mutable std::vector<util::Diagnostic> m_diagnostics;
  mutable std::mutex m_mutex; // text() and the diagnostics, for checks running at once
};

// Replaces every invalid UTF-8 sequence by U+FFFD; returns the 1-based line of the first one, 0 if none.
int repair_utf8(std::string& text);

} // namespace corpus
