#include "history/work_log_version.hpp"

#include "evidence/items.hpp"

#include "markdown/front_matter.hpp"

#include <algorithm>

namespace history {

namespace {

size_t leading_spaces(std::string_view line)
{
  size_t spaces = 0;
  while (spaces < line.size() && line[spaces] == ' ') {
    ++spaces;
  }
  return spaces;
}

// "```" or "~~~" (or longer) after the indentation: the fence's character and length, else 0.
size_t fence_length(std::string_view rest, char& fence)
{
  if (rest.empty() || (rest[0] != '`' && rest[0] != '~')) {
    return 0;
  }
  const size_t length = rest.find_first_not_of(rest[0]);
  const size_t run = length == std::string_view::npos ? rest.size() : length;
  if (run < 3) {
    return 0;
  }
  fence = rest[0];
  return run;
}

bool is_atx_heading(std::string_view line)
{
  const size_t hashes = line.find_first_not_of('#');
  const size_t run = hashes == std::string_view::npos ? line.size() : hashes;
  return run >= 1 && run <= 6 && (run == line.size() || line[run] == ' ' || line[run] == '\t');
}

} // namespace

std::optional<std::vector<size_t>> heading_cuts(std::string_view bytes)
{
  if (bytes.find('\r') != std::string_view::npos) {
    return std::nullopt; // cmark also ends lines at a lone "\r": counted here by "\n" only
  }
  std::vector<size_t> cuts{0};
  // Front matter is split off before cmark sees it; its "# comment" lines are YAML.
  int skip_lines = markdown::split_front_matter(bytes).blank_lines;
  char open_fence = 0;
  size_t open_length = 0;
  for (size_t start = 0; start < bytes.size();) {
    const size_t newline = bytes.find('\n', start);
    const size_t end = newline == std::string_view::npos ? bytes.size() : newline;
    const std::string_view line = bytes.substr(start, end - start);
    const size_t line_start = start;
    start = newline == std::string_view::npos ? bytes.size() : newline + 1;
    if (skip_lines > 0) {
      --skip_lines;
      continue;
    }
    const size_t indent = leading_spaces(line);
    const std::string_view rest = line.substr(indent);
    if (!rest.empty() && rest[0] == '\t' && indent < 4) {
      return std::nullopt; // a tab in the indentation: columns are cmark's to count
    }
    char fence = 0;
    const size_t length = indent < 4 ? fence_length(rest, fence) : 0;
    if (open_fence != 0) {
      // Closed by the same character, at least as long, and nothing after but spaces.
      if (length >= open_length && fence == open_fence && rest.find_first_not_of(' ', length) == std::string_view::npos) {
        open_fence = 0;
      }
      continue;
    }
    if (length > 0) {
      if (indent > 0) {
        return std::nullopt; // an indented fence may belong to a list item a heading would end
      }
      open_fence = fence;
      open_length = length;
      continue;
    }
    if (indent < 4 && rest.starts_with('<')) {
      const size_t close = rest.find("-->");
      if (!rest.starts_with("<!--") || close == std::string_view::npos || close < 4) {
        return std::nullopt; // an HTML block may run over later lines and swallow a heading
      }
      continue; // a one-line comment (a suppression) ends where it starts
    }
    if (indent < 4 && rest.starts_with('[') && rest.find("]:") != std::string_view::npos) {
      return std::nullopt; // a link or footnote definition is used by the text of other pieces
    }
    if (indent == 0 && line_start > 0 && is_atx_heading(line)) {
      cuts.push_back(line_start);
    }
  }
  return cuts;
}

Version WorkLogVersions::read(const vocabulary::Vocabulary& words, std::string_view path, std::string_view bytes, const VersionRoles& roles)
{
  const auto cuts = heading_cuts(bytes);
  if (!cuts) {
    m_pieces.clear();
    ++m_pieces_parsed;
    return read_version(words, evidence::read_document(words, path, bytes), roles);
  }
  markdown::Document whole;
  whole.path = std::string(path);
  std::map<std::string, Piece, std::less<>> used;
  int line_offset = 0;
  for (size_t k = 0; k < cuts->size(); ++k) {
    const size_t begin = (*cuts)[k];
    const size_t end = k + 1 < cuts->size() ? (*cuts)[k + 1] : bytes.size();
    const std::string_view text = bytes.substr(begin, end - begin);
    auto found = used.find(text);
    if (found == used.end()) {
      if (auto known = m_pieces.find(text); known != m_pieces.end()) {
        found = used.insert(m_pieces.extract(known)).position;
      } else {
        ++m_pieces_parsed;
        // What the piece says on its own; what depends on the headings above it is read on the whole.
        markdown::Document parsed = markdown::parse_document(path, text);
        evidence::recognise_locally(words, parsed);
        Piece piece;
        piece.sections = parsed.sections;
        piece.items = parsed.items;
        piece.lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
        found = used.emplace(std::string(text), std::move(piece)).first;
      }
    }
    const Piece& piece = found->second;
    const int section_offset = static_cast<int>(whole.sections.size());
    const int item_offset = static_cast<int>(whole.items.size());
    for (auto section : piece.sections) {
      section.line += line_offset;
      whole.sections.push_back(std::move(section));
    }
    for (auto item : piece.items) {
      item.line += line_offset;
      item.section = item.section >= 0 ? item.section + section_offset : -1;
      item.parent_item = item.parent_item >= 0 ? item.parent_item + item_offset : -1;
      whole.items.push_back(std::move(item));
    }
    line_offset += piece.lines;
  }
  // A piece's first heading had no parent in the piece; in the whole it has the nearest shallower one.
  std::vector<int> open;
  for (size_t i = 0; i < whole.sections.size(); ++i) {
    auto& section = whole.sections[i];
    while (!open.empty() && whole.sections[static_cast<size_t>(open.back())].level >= section.level) {
      open.pop_back();
    }
    section.parent = open.empty() ? -1 : open.back();
    open.push_back(static_cast<int>(i));
  }
  evidence::recognise_in_context(whole);
  m_pieces = std::move(used);
  return read_version(words, whole, roles);
}

} // namespace history
