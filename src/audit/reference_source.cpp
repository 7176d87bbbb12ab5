#include "audit/reference_source.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <cctype>

namespace audit {

std::string_view SourceLines::line(int number)
{
  if (!m_read) {
    m_read = true;
    m_text = m_facts.corpus->text_apart(m_document.path);
    if (m_text) {
      m_lines = util::split_lines(*m_text);
    }
  }
  if (number < 1 || static_cast<size_t>(number) > m_lines.size()) {
    return {};
  }
  return m_lines[static_cast<size_t>(number) - 1];
}

namespace {

// The indentation of a list item's marker ("- ", "* ", "+ ", "1. ", "2) "), or nullopt for a line that opens none.
std::optional<size_t> item_indent(std::string_view line)
{
  const size_t indent = line.find_first_not_of(' ');
  if (indent == std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view rest = line.substr(indent);
  size_t marker = 0;
  while (marker < rest.size() && marker < 9 && std::isdigit(static_cast<unsigned char>(rest[marker]))) {
    ++marker;
  }
  const bool numbered = marker > 0 && marker < rest.size() && (rest[marker] == '.' || rest[marker] == ')');
  const bool bullet = marker == 0 && !rest.empty() && (rest[0] == '-' || rest[0] == '*' || rest[0] == '+');
  const size_t after = numbered ? marker + 1 : 1;
  if ((numbered || bullet) && (after == rest.size() || rest[after] == ' ' || rest[after] == '\t')) {
    return indent;
  }
  return std::nullopt;
}

} // namespace

std::string_view SourceLines::lead_in(int number)
{
  const auto own = item_indent(line(number));
  if (!own) {
    return {};
  }
  // Upwards past the list's other items (and their continuation lines) to what opens it; a long list is still
  // one list, but no lead-in is looked for further than this.
  for (int above = number - 1; above >= 1 && above >= number - 200; --above) {
    const std::string_view text = line(above);
    if (util::trim(text).empty()) {
      continue;
    }
    const auto indent = item_indent(text);
    if (indent && *indent < *own) {
      return text; // the parent item
    }
    if (indent) {
      continue; // a sibling or a nested item
    }
    if (text.find_first_not_of(' ') <= *own) {
      return text; // prose or a heading at the list's own depth: its lead-in
    }
  }
  return {};
}

std::optional<TargetSpan> target_span(std::string_view line, const markdown::Reference& reference)
{
  const size_t from = static_cast<size_t>(std::max(reference.column, 1)) - 1;
  if (from >= line.size() || reference.target.empty()) {
    return std::nullopt;
  }
  size_t at = std::string_view::npos;
  if (reference.from_link) {
    // After the link's text: "[docs/a.md](docs/a.md)" names its target in the text too.
    for (const std::string_view opening : {"](", "](<"}) {
      const size_t found = line.find(std::string(opening) + reference.target, from);
      if (found != std::string_view::npos) {
        at = std::min(at, found + opening.size());
      }
    }
  } else {
    at = line.find(reference.target, from);
  }
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  return TargetSpan{static_cast<int>(at) + 1, static_cast<int>(at + reference.target.size()) + 1};
}

ReferenceContext reference_context(const DocumentFacts& document, std::string_view line, const markdown::Reference& reference)
{
  ReferenceContext context;
  const auto& sections = document.document.sections;
  const auto section = std::find_if(sections.rbegin(), sections.rend(), [&](const markdown::Section& candidate) {
    return candidate.line < reference.line;
  });
  if (section != sections.rend()) {
    context.heading = section->title;
  }
  const auto span = target_span(line, reference);
  const size_t start = span ? static_cast<size_t>(span->start_column) - 1 : std::min(line.size(), static_cast<size_t>(std::max(reference.column, 1)) - 1);
  size_t end = span ? static_cast<size_t>(span->end_column) - 1 : start;
  // Past the reference's own closing marks, so that the words after it start after it.
  while (span && end < line.size() && (line[end] == '`' || line[end] == ')' || line[end] == '>')) {
    ++end;
  }
  context.before = line.substr(0, start);
  context.after = line.substr(std::min(end, line.size()));
  return context;
}

} // namespace audit
