#pragma once

#include "audit/facts.hpp"
#include "audit/reference_intent.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace audit {

// A document's lines as audited, read on first use: a check that looks at the words around a reference, or at
// where its target is written, reads the document's text only when a reference is missing.
class SourceLines
{
public:
  SourceLines(const Facts& facts, const DocumentFacts& document) : m_facts(facts), m_document(document)
  {
  }
  SourceLines(const SourceLines&) = delete; // the lines point into this reader's own text
  SourceLines& operator=(const SourceLines&) = delete;
  std::string_view line(int number); // 1-based; "" past the end or for an unreadable file
  // What introduces the list a line's item stands in: its parent item's line, else the line of prose (or the
  // heading) just above the list ("**Files Created:**"); "" when the line is no list item or nothing does.
  std::string_view lead_in(int number);

private:
  const Facts& m_facts;
  const DocumentFacts& m_document;
  bool m_read = false;
  std::optional<std::string> m_text; // this reader's own copy, freed with it
  std::vector<std::string_view> m_lines;
};

// Where a reference's target is written on its line, in byte columns (1-based, the end excluded): inside the
// backticks of inline code, or between a link's parentheses. nullopt when the line does not hold it as written
// (a percent-encoded link, a reference-style link's definition elsewhere).
struct TargetSpan
{
  int start_column = 0;
  int end_column = 0;
};
std::optional<TargetSpan> target_span(std::string_view line, const markdown::Reference& reference);

// The words around a reference (audit::reference_intent reads them): its line before and after the target, and
// the heading of the section it stands in.
ReferenceContext reference_context(const DocumentFacts& document, std::string_view line, const markdown::Reference& reference);

} // namespace audit
