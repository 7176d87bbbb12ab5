#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace util {

// Repository-relative paths are always forward-slashed, without "." or ".." parts, never absolute.

// Lexically resolves "." and ".." in a relative path; nullopt when it would leave the root.
std::optional<std::string> normalize_relative(std::string_view path);

std::string_view dirname(std::string_view path);  // "docs/a.md" -> "docs", "a.md" -> ""
std::string_view basename(std::string_view path); // "docs/a.md" -> "a.md"
std::string join_path(std::string_view directory, std::string_view name);
// The path that leads from a folder to a path, both repository-relative: ("docs/runbooks",
// "docs/plans/a.md") -> "../plans/a.md"; ("docs", "docs/a.md") -> "a.md"; ("", "a.md") -> "a.md".
std::string relative_path(std::string_view from_directory, std::string_view to);

// gitignore-like globs: "*" and "?" stay within a path part, "**" crosses parts; a pattern without
// "/" matches the file name in any folder.
bool glob_match(std::string_view pattern, std::string_view path);

} // namespace util
