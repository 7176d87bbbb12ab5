#include "history/version.hpp"

#include "evidence/marks.hpp"
#include "evidence/work_log.hpp"

#include <algorithm>

namespace history {

namespace {

constexpr size_t k_max_marker_digits = 9; // CommonMark's longest ordered-list number
constexpr size_t k_max_marker_spaces = 4; // one more and the item's text is an indented code block

bool is_box(char c)
{
  return c == ' ' || c == 'x';
}

// The column of the list marker when `line` reads "<spaces><marker><spaces>[?] ..." with the box at
// `box` and no other "[" on the line. The parser reads the box's own character; a line with another
// bracket is still left to a full parse, which keeps this reading of the line simple.
std::optional<int> marker_column(std::string_view line, size_t box)
{
  size_t at = 0;
  while (at < line.size() && line[at] == ' ') {
    ++at;
  }
  const int column = static_cast<int>(at) + 1;
  if (at < line.size() && (line[at] == '-' || line[at] == '+' || line[at] == '*')) {
    ++at;
  } else {
    const size_t digits = at;
    while (at < line.size() && line[at] >= '0' && line[at] <= '9') {
      ++at;
    }
    if (at == digits || at - digits > k_max_marker_digits || at >= line.size() || (line[at] != '.' && line[at] != ')')) {
      return std::nullopt;
    }
    ++at;
  }
  const size_t spaces = at;
  while (at < line.size() && line[at] == ' ') {
    ++at;
  }
  if (at == spaces || at - spaces > k_max_marker_spaces || at + 1 != box || line[at] != '[') {
    return std::nullopt;
  }
  if (box + 2 >= line.size() || line[box + 1] != ']' || line[box + 2] != ' ') {
    return std::nullopt;
  }
  if (line.find('[', box) != std::string_view::npos) {
    return std::nullopt;
  }
  return column;
}

} // namespace

Version read_version(const vocabulary::Vocabulary& words, const markdown::Document& document, const VersionRoles& roles)
{
  Version version;
  version.roles = roles;
  version.items.reserve(document.items.size());
  for (const auto& item : document.items) {
    VersionItem next;
    next.text = item.text;
    next.section = item.section >= 0 ? document.sections[static_cast<size_t>(item.section)].title : "";
    next.ticked = item.ticked;
    next.line = item.line;
    next.column = item.column;
    next.status = item.status;
    version.items.push_back(std::move(next));
  }
  if (roles.work_log) {
    for (auto& entry : evidence::parse_work_log(words, document, false).entries) {
      version.entry_titles.push_back(std::move(entry.title));
    }
  }
  if (roles.metrics) {
    version.has_metrics = !evidence::document_metrics(words, document).empty();
  }
  return version;
}

bool may_hold_box(std::string_view bytes)
{
  // A box is "[", one character, "]" at the start of an item's text: cmark's tasklist reads the source,
  // markdown::Document also the text, where an entity may stand for any of the three ("&#91;", "&lbrack;",
  // "[&#32;]") and "\[" for the bracket (whose source still has "[" then the box's character).
  if (bytes.find("&#") != std::string_view::npos || bytes.find("&lbrack;") != std::string_view::npos
      || bytes.find("&lsqb;") != std::string_view::npos) {
    return true;
  }
  for (size_t at = bytes.find('['); at != std::string_view::npos; at = bytes.find('[', at + 1)) {
    if (at + 1 < bytes.size() && std::string_view(" \t\v\fxX&").find(bytes[at + 1]) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

std::optional<Version> version_without_items(const vocabulary::Vocabulary& words, std::string_view bytes, const VersionRoles& roles)
{
  if (roles.work_log || roles.metrics) {
    return std::nullopt;
  }
  // Without a box, an item is a completion mark, which stands under a stage heading: a long document whose
  // prose says "10%" and "done" but whose headings name no stage holds none (may_hold_stage_heading).
  // Otherwise, as before: "&#91;" and "\[" become a "[" in cmark's text too; "&" covers the entities (of
  // marks too), "[" the escapes.
  const bool without_box_or_stage = !may_hold_box(bytes) && !evidence::may_hold_stage_heading(words, bytes);
  if (!without_box_or_stage
      && (bytes.find('[') != std::string_view::npos || bytes.find('&') != std::string_view::npos || evidence::may_hold_marks(words, bytes))) {
    return std::nullopt;
  }
  Version version;
  version.roles = roles;
  return version;
}

std::optional<Version> retick(const Version& before, std::string_view before_bytes, std::string_view after_bytes)
{
  // Lines are counted by "\n" alone here; cmark also ends them at a lone "\r".
  if (before.roles.work_log || before.roles.metrics || before_bytes.size() != after_bytes.size()
      || before_bytes.find('\r') != std::string_view::npos) {
    return std::nullopt;
  }
  Version after = before;
  int line = 1;
  size_t counted = 0;
  size_t at = 0;
  while (true) {
    const auto differ = std::mismatch(before_bytes.begin() + static_cast<std::ptrdiff_t>(at), before_bytes.end(),
                                      after_bytes.begin() + static_cast<std::ptrdiff_t>(at));
    if (differ.first == before_bytes.end()) {
      return after;
    }
    const size_t box = static_cast<size_t>(differ.first - before_bytes.begin());
    if (!is_box(before_bytes[box]) || !is_box(after_bytes[box])) {
      return std::nullopt;
    }
    line += static_cast<int>(std::count(before_bytes.begin() + static_cast<std::ptrdiff_t>(counted),
                                        before_bytes.begin() + static_cast<std::ptrdiff_t>(box), '\n'));
    counted = box;
    const size_t newline = before_bytes.rfind('\n', box);
    const size_t start = newline == std::string_view::npos ? 0 : newline + 1;
    const size_t end = std::min(before_bytes.find('\n', box), before_bytes.size());
    const auto column = marker_column(before_bytes.substr(start, end - start), box - start);
    if (!column) {
      return std::nullopt;
    }
    // The parse of the version before must agree that a box opens this line, and how it was ticked.
    VersionItem* found = nullptr;
    for (auto& item : after.items) {
      if (item.line == line && item.column == *column) {
        if (found) {
          return std::nullopt;
        }
        found = &item;
      }
    }
    if (!found || found->ticked != (before_bytes[box] == 'x')) {
      return std::nullopt;
    }
    found->ticked = after_bytes[box] == 'x';
    at = box + 1;
  }
}

} // namespace history
