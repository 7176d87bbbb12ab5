#pragma once

#include "audit/facts.hpp"

#include <map>
#include <string>

namespace audit {

// How a work-log entry is tied to a document, on the document's own names only, never on a heading's generic
// words ("Next Actions", "Validation"): the entry names the document's rollout (or an alias of it), names its
// file ("...-activation-plan.md"), or writes out one of its numbered headings in full ("Task 2.5: Response SLA
// remediation", the heading's words in a row, the number included, three words or more besides it), a heading
// no other document has.
struct EntryTie
{
  enum class How { none, rollout_name, file_name, heading };
  How how = How::none;
  int section = -1; // for a heading: the document's section
  explicit operator bool() const
  {
    return how != How::none;
  }
};

class EntryTies
{
public:
  explicit EntryTies(const Facts& facts);
  EntryTie tie(const DocumentFacts& document, const evidence::Entry& entry) const;

  // A heading's title as an entry writes it out: its slug without "(...)" asides, or "" for a heading that
  // names too little (no number, or fewer than three words besides it) to tie anything.
  static std::string numbered_title(std::string_view title);

private:
  const Facts& m_facts;
  std::map<std::string, int, std::less<>> m_documents_with; // numbered title -> how many documents have it
};

} // namespace audit
