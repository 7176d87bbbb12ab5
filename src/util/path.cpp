#include "util/path.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <vector>

namespace util {

std::optional<std::string> normalize_relative(std::string_view path)
{
  if (path.starts_with("/")) {
    return std::nullopt;
  }
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    const std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      if (parts.empty()) {
        return std::nullopt;
      }
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string result;
  for (const auto& part : parts) {
    if (!result.empty()) {
      result += '/';
    }
    result += part;
  }
  return result;
}

std::string_view dirname(std::string_view path)
{
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string_view basename(std::string_view path)
{
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string relative_path(std::string_view from_directory, std::string_view to)
{
  const auto from_parts = from_directory.empty() ? std::vector<std::string_view>{} : split(from_directory, '/');
  const auto to_parts = split(to, '/');
  size_t common = 0;
  while (common < from_parts.size() && common + 1 < to_parts.size() && from_parts[common] == to_parts[common]) {
    ++common;
  }
  std::string result;
  for (size_t i = common; i < from_parts.size(); ++i) {
    result += "../";
  }
  for (size_t i = common; i < to_parts.size(); ++i) {
    result += to_parts[i];
    result += i + 1 < to_parts.size() ? "/" : "";
  }
  return result;
}

std::string join_path(std::string_view directory, std::string_view name)
{
  if (directory.empty()) {
    return std::string(name);
  }
  std::string result(directory);
  if (!result.ends_with('/')) {
    result += '/';
  }
  result += name;
  return result;
}

namespace {

// What any match needs, checked before the table (a run classifies every file by several globs): the
// pattern's text before its first wildcard starts the path, its text after the last one ends it, and each
// literal run between occurs in it. "**/" may stand for no folder at all, so a '/' right after "**" is not
// required.
bool literals_present(std::string_view pattern, std::string_view text)
{
  constexpr std::string_view k_wildcards = "*?";
  const size_t first = pattern.find_first_of(k_wildcards);
  if (first == std::string_view::npos) {
    return pattern == text;
  }
  if (!text.starts_with(pattern.substr(0, first))) {
    return false;
  }
  for (size_t at = first; at < pattern.size();) {
    size_t begin = pattern.find_first_not_of(k_wildcards, at);
    if (begin == std::string_view::npos) {
      return true;
    }
    const size_t end = pattern.find_first_of(k_wildcards, begin);
    if (begin >= 2 && pattern.substr(begin - 2, 3) == "**/") {
      ++begin;
    }
    if (end == std::string_view::npos) {
      return text.ends_with(pattern.substr(begin));
    }
    if (text.find(pattern.substr(begin, end - begin)) == std::string_view::npos) {
      return false;
    }
    at = end;
  }
  return true;
}

// Dynamic programming over (pattern position, text position): linear in their product, so no pattern
// can make it backtrack exponentially, and "**" and "*" mix correctly.
bool match_from(std::string_view pattern, std::string_view text)
{
  if (!literals_present(pattern, text)) {
    return false;
  }
  const size_t width = text.size() + 1;
  // matches[p * width + t]: pattern[p..] matches text[t..]
  std::vector<char> matches((pattern.size() + 1) * width, 0);
  matches[pattern.size() * width + text.size()] = 1;
  for (size_t p = pattern.size(); p-- > 0;) {
    for (size_t t = text.size() + 1; t-- > 0;) {
      bool result = false;
      if (pattern[p] == '*') {
        const bool crosses = p + 1 < pattern.size() && pattern[p + 1] == '*';
        if (crosses) {
          const size_t after = p + 2;
          // "**/" may also stand for no folder at all, where a folder could start: "**/x.md" is not "ax.md".
          if (after < pattern.size() && pattern[after] == '/' && (t == 0 || text[t - 1] == '/')
              && matches[(after + 1) * width + t]) {
            result = true;
          }
          result = result || matches[after * width + t] || (t < text.size() && matches[p * width + t + 1]);
        } else {
          result = matches[(p + 1) * width + t] || (t < text.size() && text[t] != '/' && matches[p * width + t + 1]);
        }
      } else if (t < text.size() && (pattern[p] == text[t] || (pattern[p] == '?' && text[t] != '/'))) {
        result = matches[(p + 1) * width + t + 1];
      }
      matches[p * width + t] = result ? 1 : 0;
    }
  }
  return matches[0] != 0;
}

} // namespace

std::string glob_pathspec(std::string_view glob)
{
  std::string spec;
  if (glob.find('/') == std::string_view::npos) {
    spec.push_back('*'); // a file name in any folder
  } else if (glob.starts_with('/')) {
    glob.remove_prefix(1);
  }
  // "**/" and "**" become '*', which in a pathspec crosses folders; a run of stars is one.
  for (size_t i = 0; i < glob.size(); ++i) {
    const bool stars = glob[i] == '*';
    if (glob.substr(i, 3) == "**/") {
      i += 2;
    }
    if (!stars || !spec.ends_with('*')) {
      spec += glob[i] == '/' && stars ? '*' : glob[i];
    }
  }
  return spec;
}

bool glob_match(std::string_view pattern, std::string_view path)
{
  if (pattern.find('/') == std::string_view::npos) {
    return match_from(pattern, basename(path));
  }
  // "**/*.md": neither '*' nor '?' matches a '/', so the part after "**/" can only match the file's name.
  if (pattern.starts_with("**/") && pattern.find('/', 3) == std::string_view::npos) {
    return match_from(pattern.substr(3), basename(path));
  }
  if (pattern.starts_with("/")) {
    pattern.remove_prefix(1);
  }
  if (pattern.ends_with("/")) {
    return match_from(std::string(pattern) + "**", path);
  }
  return match_from(pattern, path);
}

bool is_glob(std::string_view word)
{
  return word.find_first_of("*?") != std::string_view::npos;
}

PathScope::PathScope(std::string_view path)
{
  add_path(path);
}

void PathScope::add_path(std::string_view path)
{
  m_empty = false;
  if (path.empty() || path == ".") {
    m_everything = true;
    return;
  }
  m_paths.emplace_back(path);
}

void PathScope::add_glob(std::string_view glob)
{
  m_empty = false;
  // A leading '/' anchors glob_match at the root, which a pattern without '/' otherwise is not.
  // Appended, not "/" + glob: GCC 12 at -O3 warns (-Wrestrict, a false positive) on a literal prepended to a
  // temporary string.
  std::string anchored = glob.starts_with('/') ? "" : "/";
  m_globs.push_back(anchored.append(glob));
}

bool PathScope::covers(std::string_view path) const
{
  if (m_empty || m_everything) {
    return true;
  }
  for (const auto& folder_or_file : m_paths) {
    if (path == folder_or_file || (path.starts_with(folder_or_file) && path.size() > folder_or_file.size()
                                   && path[folder_or_file.size()] == '/')) {
      return true;
    }
  }
  return std::any_of(m_globs.begin(), m_globs.end(), [&](const std::string& glob) { return glob_match(glob, path); });
}

} // namespace util
