#include "history/work_log_version.hpp"

#include "evidence/items.hpp"
#include "evidence/marks.hpp"
#include "history/version.hpp"

#include "markdown/front_matter.hpp"
#include "util/record_cache.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>

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

// Where an HTML block that opens with `rest` (a line starting with "<", lower-cased) ends, by CommonMark's
// seven kinds: at a line holding the returned marker (scripts, comments, processing instructions,
// declarations, CDATA), or, for "", at the next blank line (every other block, and a paragraph that opens
// with inline HTML, which only ends sooner).
std::string_view html_end(std::string_view rest)
{
  for (const char* tag : {"script", "pre", "style", "textarea"}) {
    const std::string_view name(tag);
    if (rest.substr(1).starts_with(name)
        && (rest.size() == name.size() + 1 || std::string_view(" \t>").find(rest[name.size() + 1]) != std::string_view::npos)) {
      return tag[0] == 's' ? (tag[1] == 'c' ? "</script>" : "</style>") : (tag[0] == 'p' ? "</pre>" : "</textarea>");
    }
  }
  if (rest.starts_with("<!--")) {
    return "-->";
  }
  if (rest.starts_with("<?")) {
    return "?>";
  }
  if (rest.starts_with("<![cdata[")) {
    return "]]>";
  }
  if (rest.size() > 2 && rest[1] == '!' && std::isalpha(static_cast<unsigned char>(rest[2]))) {
    return ">";
  }
  return "";
}

// A link reference definition whole on its line: "[label]: destination" and an optional quoted title.
// Anything else that opens with "[label]:" (a title on the next line, a "[^note]: words") is not read here.
bool is_definition_line(std::string_view rest)
{
  const size_t close = rest.find(']');
  if (rest.size() < 4 || rest[0] != '[' || close == std::string_view::npos || close < 2 || rest.substr(1, close - 1).find_first_of("[\\") != std::string_view::npos
      || close + 1 >= rest.size() || rest[close + 1] != ':') {
    return false;
  }
  std::string_view after = util::trim(rest.substr(close + 2));
  const size_t destination = std::min(after.find_first_of(" \t"), after.size());
  if (destination == 0 || after[0] == '<') {
    return false;
  }
  after = util::trim(after.substr(destination));
  if (after.empty()) {
    return true;
  }
  const char open = after[0];
  const char closing = open == '(' ? ')' : open;
  return (open == '"' || open == '\'' || open == '(') && after.size() >= 2 && after.back() == closing
         && after.substr(1, after.size() - 2).find(closing) == std::string_view::npos;
}

// Reads a text line by line for heading_cuts: fences, HTML blocks and definitions.
class CutReader
{
public:
  explicit CutReader(std::string_view bytes) : m_bytes(bytes) {}

  std::optional<HeadingCuts> read()
  {
    if (m_bytes.find('\r') != std::string_view::npos) {
      return std::nullopt; // cmark also ends lines at a lone "\r": counted here by "\n" only
    }
    // Front matter is split off before cmark sees it; its "# comment" lines are YAML.
    int skip_lines = markdown::front_matter_lines(m_bytes);
    for (size_t start = 0; start < m_bytes.size();) {
      const size_t end = std::min(m_bytes.find('\n', start), m_bytes.size());
      const std::string_view line = m_bytes.substr(start, end - start);
      const size_t line_start = start;
      start = end + 1;
      if (skip_lines > 0) {
        --skip_lines;
        continue;
      }
      if (!next_line(line, line_start)) {
        return std::nullopt;
      }
    }
    // A piece parsed with the definitions after it must not swallow them in a block left open at the end.
    if (!m_cuts.definitions.empty() && (m_open_fence != 0 || !m_html_end.empty())) {
      return std::nullopt;
    }
    return std::move(m_cuts);
  }

private:
  enum class Previous { blank, definition, heading, other };

  // False when the line makes the text one to parse whole.
  bool next_line(std::string_view line, size_t line_start)
  {
    const size_t indent = leading_spaces(line);
    const std::string_view rest = line.substr(indent);
    if (!rest.empty() && rest[0] == '\t' && indent < 4) {
      return false; // a tab in the indentation: columns are cmark's to count
    }
    const Previous previous = m_previous;
    m_previous = rest.empty() ? Previous::blank : Previous::other;
    if (may_end_indented_fence(rest, indent)) {
      return false;
    }
    if (in_block(line, rest, indent)) {
      return true;
    }
    char fence = 0;
    if (const size_t length = indent < 4 ? fence_length(rest, fence) : 0; length > 0) {
      m_open_fence = fence;
      m_open_length = length;
      m_open_indent = indent;
      return true;
    }
    if (indent < 4 && rest.starts_with('<')) {
      return open_html(rest);
    }
    if (indent < 4 && rest.starts_with('[') && rest.find("]:") != std::string_view::npos) {
      // A definition is used by the text of other pieces: each piece is parsed with all of them after it.
      // One that cannot stand where it is (under a paragraph's line) is the paragraph's: parse whole.
      if (previous == Previous::other || !is_definition_line(rest)) {
        return false;
      }
      m_cuts.definitions += std::string(rest) + "\n";
      m_previous = Previous::definition;
      return true;
    }
    if (indent < 4 && is_atx_heading(rest)) {
      m_previous = Previous::heading;
      if (indent == 0 && line_start > 0) {
        m_cuts.starts.push_back(line_start);
      }
    }
    return true;
  }

  // An indented fence may stand in a list item, whose content column lies somewhere up to the fence's: then
  // a line left of the fence may end the item and the code with it, and a closing fence indented four or more
  // may close it (within three of that column), where at the top level neither would. Other lines read the
  // same either way, so the text is cut as usual unless such a line comes before the fence closes.
  bool may_end_indented_fence(std::string_view rest, size_t indent) const
  {
    if (m_open_fence == 0 || m_open_indent == 0 || rest.empty()) {
      return false;
    }
    char fence = 0;
    const bool closing = fence_length(rest, fence) >= m_open_length && fence == m_open_fence;
    return indent < m_open_indent || (closing && indent >= 4 && indent <= m_open_indent + 3);
  }

  // Whether the line belongs to a fenced code or HTML block opened above.
  bool in_block(std::string_view line, std::string_view rest, size_t indent)
  {
    if (m_html_blank) {
      m_html_blank = !rest.empty();
      return m_html_blank;
    }
    if (!m_html_end.empty()) {
      if (util::to_lower(line).find(m_html_end) != std::string::npos) {
        m_html_end = {};
      }
      return true;
    }
    if (m_open_fence != 0) {
      char fence = 0;
      const size_t length = indent < 4 ? fence_length(rest, fence) : 0;
      // Closed by the same character, at least as long, and nothing after but spaces.
      if (length >= m_open_length && fence == m_open_fence && rest.find_first_not_of(' ', length) == std::string_view::npos) {
        m_open_fence = 0;
      }
      return true;
    }
    return false;
  }

  bool open_html(std::string_view rest)
  {
    const std::string lower = util::to_lower(rest);
    const std::string_view end = html_end(lower);
    if (end.empty()) {
      m_html_blank = true;
    } else if (lower.find(end, end == "-->" ? 4 : 2) == std::string::npos) {
      m_html_end = end; // else it ends on its own line (a one-line comment, a suppression)
    }
    return true;
  }

  std::string_view m_bytes;
  HeadingCuts m_cuts{{0}, {}};
  Previous m_previous = Previous::blank;
  char m_open_fence = 0;
  size_t m_open_length = 0;
  size_t m_open_indent = 0; // the open fence's indentation (see may_end_indented_fence)
  bool m_html_blank = false;    // in an HTML block that ends at a blank line
  std::string_view m_html_end;  // in an HTML block that ends at a line holding this
};

// Whether a line after a piece's first could make a heading of its own: "#" first after the indentation,
// block quote and list markers (an ATX heading, wherever it stands), or a line of only "=" or "-" (a setext
// underline, also a thematic break after a blank line, which is left to the parse too).
bool may_open_heading(std::string_view line)
{
  const size_t start = line.find_first_not_of(" \t>-*+0123456789.)");
  if (start != std::string_view::npos && line[start] == '#') {
    return true;
  }
  const std::string_view rest = util::trim(line);
  return !rest.empty() && (rest.find_first_not_of("= \t>") == std::string_view::npos || rest.find_first_not_of("- \t>") == std::string_view::npos);
}

// A piece that holds no item and no heading but its first reads as that heading alone: most edits of a long
// document change a section's prose, and the section's heading is all its parse would give the whole.
std::optional<markdown::Document> heading_only(const vocabulary::Vocabulary& words, std::string_view path, std::string_view text,
                                              const std::string& definitions)
{
  if (may_hold_box(text) || text.find('&') != std::string_view::npos || evidence::may_hold_marks_anywhere(words, text)) {
    return std::nullopt;
  }
  const size_t first_end = std::min(text.find('\n'), text.size());
  for (size_t start = first_end + 1; start < text.size();) {
    const size_t end = std::min(text.find('\n', start), text.size());
    if (may_open_heading(text.substr(start, end - start))) {
      return std::nullopt;
    }
    start = end + 1;
  }
  std::string heading(text.substr(0, first_end));
  heading += "\n";
  if (!definitions.empty()) {
    heading += "\n" + definitions;
  }
  return markdown::parse_document(path, heading);
}

} // namespace

std::optional<HeadingCuts> heading_cuts(std::string_view bytes)
{
  return CutReader(bytes).read();
}

Version WorkLogVersions::read(const vocabulary::Vocabulary& words, std::string_view path, std::string_view bytes, const VersionRoles& roles)
{
  const auto cuts = heading_cuts(bytes);
  m_cut = cuts.has_value();
  if (!cuts) {
    m_pieces.clear();
    m_definitions.clear();
    ++m_pieces_parsed;
    return read_version(words, evidence::read_document(words, path, bytes), roles);
  }
  if (cuts->definitions != m_definitions) {
    m_pieces.clear(); // each piece was parsed with the definitions, which can change what its links read
    m_definitions = cuts->definitions;
  }
  markdown::Document whole;
  whole.path = std::string(path);
  std::map<std::string, Piece, std::less<>> used;
  int line_offset = 0;
  const std::vector<size_t>& starts = cuts->starts;
  for (size_t k = 0; k < starts.size(); ++k) {
    const size_t begin = starts[k];
    const size_t end = k + 1 < starts.size() ? starts[k + 1] : bytes.size();
    const std::string_view text = bytes.substr(begin, end - begin);
    // Kept by their bytes' identity rather than the bytes: the pieces of every document the walk has seen
    // would otherwise hold a copy of every document (util::content_id_of, as the facts cache keys them).
    std::string id = util::content_id_of(text);
    auto found = used.find(id);
    if (found == used.end()) {
      if (auto known = m_pieces.find(id); known != m_pieces.end()) {
        found = used.insert(m_pieces.extract(known)).position;
      } else {
        ++m_pieces_parsed;
        // What the piece says on its own; what depends on the headings above it is read on the whole.
        // After a blank line, the definitions start no block of the piece's and only define. A piece after
        // the first opens with its heading (the cut), where front matter cannot stand.
        auto heading = k > 0 ? heading_only(words, path, text, m_definitions) : std::nullopt;
        m_headings_only += heading ? 1 : 0;
        markdown::Document parsed = heading                   ? std::move(*heading)
                                    : m_definitions.empty() ? markdown::parse_document(path, text)
                                                            : markdown::parse_document(path, std::string(text) + "\n\n" + m_definitions);
        evidence::recognise_locally(words, parsed);
        Piece piece;
        piece.sections = parsed.sections;
        piece.items = parsed.items;
        piece.lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
        found = used.emplace(std::move(id), std::move(piece)).first;
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
