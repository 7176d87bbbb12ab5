#pragma once

#include "history/version.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace history {

// Where a Markdown text may be cut into pieces that cmark parses alone exactly as it parses them in the
// whole: before each top-level ATX heading ("## 2025-10-22 - ...") outside fenced code and HTML blocks.
// `starts`: byte offsets of the pieces' starts, the first always 0. `definitions`: the text's link
// reference definitions, one a line, which a reference in any piece may use: each piece is parsed with them
// after it. Nothing when the text holds what could tie pieces together or hide a heading otherwise (a
// definition that may be a paragraph's line or runs over lines, a fence in a list item, a tab in the
// indentation, "\r"), so the caller parses it whole.
struct HeadingCuts
{
  std::vector<size_t> starts;
  std::string definitions;
};
std::optional<HeadingCuts> heading_cuts(std::string_view bytes);

// Versions of one work log, which grows by an entry per change: parsing every version whole made the walk
// quadratic in the log's length. Each version is cut at its headings and each piece's parse is kept by its
// bytes, so a new version parses only its new or edited pieces. Gives what read_version gives for a parse
// of the whole version.
class WorkLogVersions
{
public:
  Version read(const vocabulary::Vocabulary& words, std::string_view path, std::string_view bytes, const VersionRoles& roles);
  size_t pieces_parsed() const
  {
    return m_pieces_parsed;
  }
  // Of those, the pieces read from their heading alone (no item, no other heading in them).
  size_t headings_only() const
  {
    return m_headings_only;
  }
  // Whether the last version read was cut into pieces (else it was parsed whole).
  bool cut() const
  {
    return m_cut;
  }

private:
  struct Piece
  {
    std::vector<markdown::Section> sections; // lines relative to the piece's first line
    std::vector<markdown::TaskItem> items;   // sections indices relative to the piece's; marks not yet settled
    int lines = 0;                           // how many lines the piece spans
  };
  std::map<std::string, Piece, std::less<>> m_pieces; // the last version's pieces, by their bytes' identity
  std::string m_definitions;                          // what they were parsed with
  size_t m_pieces_parsed = 0;
  size_t m_headings_only = 0;
  bool m_cut = false;
};

} // namespace history
