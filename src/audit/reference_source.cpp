#include "audit/reference_source.hpp"

#include "util/text.hpp"

#include <algorithm>

namespace audit {

std::string_view SourceLines::line(int number)
{
  if (!m_read) {
    m_read = true;
    if (const std::string* text = m_facts.corpus->text(m_document.path)) {
      m_lines = util::split_lines(*text);
    }
  }
  if (number < 1 || static_cast<size_t>(number) > m_lines.size()) {
    return {};
  }
  return m_lines[static_cast<size_t>(number) - 1];
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
