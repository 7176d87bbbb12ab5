#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace util {

// Repository-relative paths are always forward-slashed, without "." or ".." parts, never absolute.

// Lexically resolves "." and ".." in a relative path; nullopt when it would leave the root.
std::optional<std::string> normalize_relative(std::string_view path);

std::string_view dirname(std::string_view path);  // "docs/a.md" -> "docs", "a.md" -> ""
std::string_view basename(std::string_view path); // "docs/a.md" -> "a.md"
// A Markdown document by its name as the tool reads trees and history: ".md" or ".markdown".
inline bool is_markdown_path(std::string_view path)
{
  return path.ends_with(".md") || path.ends_with(".markdown");
}
std::string join_path(std::string_view directory, std::string_view name);
// The path that leads from a folder to a path, both repository-relative: ("docs/runbooks",
// "docs/plans/a.md") -> "../plans/a.md"; ("docs", "docs/a.md") -> "a.md"; ("", "a.md") -> "a.md".
std::string relative_path(std::string_view from_directory, std::string_view to);

// gitignore-like globs: "*" and "?" stay within a path part, "**" crosses parts; a pattern without
// "/" matches the file name in any folder.
bool glob_match(std::string_view pattern, std::string_view path);
// A git pathspec (where '*' crosses folders) covering at least every path the glob matches, so a history
// walk can diff only what a glob names: "**/validation-reports/**" -> "*validation-reports/*".
std::string glob_pathspec(std::string_view glob);

// Whether a command-line word is a glob rather than a name: it holds '*' or '?'.
bool is_glob(std::string_view word);

// What the user asked about: repository-relative folders, files and globs; empty covers everything.
class PathScope
{
public:
  PathScope() = default;
  // One folder or file, "" for everything. Implicit on purpose: a single prefix was the whole scope before
  // several paths were taken, and callers that pass one keep meaning the same.
  PathScope(std::string_view path); // NOLINT(google-explicit-constructor)
  PathScope(const char* path) : PathScope(std::string_view(path)) {} // NOLINT(google-explicit-constructor)
  PathScope(const std::string& path) : PathScope(std::string_view(path)) {} // NOLINT(google-explicit-constructor)

  void add_path(std::string_view path); // "" adds everything
  // A glob anchored at the root: "docs/**/*.md"; "*.md" is the root's own files, as a shell would read it.
  void add_glob(std::string_view glob);
  bool covers(std::string_view path) const;
  bool everything() const { return m_everything; }

private:
  bool m_everything = false;
  bool m_empty = true;
  std::vector<std::string> m_paths;
  std::vector<std::string> m_globs;
};

} // namespace util
