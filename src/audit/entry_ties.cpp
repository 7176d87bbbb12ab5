#include "audit/entry_ties.hpp"

#include "util/path.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace audit {

std::string EntryTies::numbered_title(std::string_view title)
{
  std::string bare;
  int depth = 0;
  for (const char c : title) {
    depth += c == '(' ? 1 : 0;
    if (depth == 0) {
      bare += c;
    }
    depth -= c == ')' && depth > 0 ? 1 : 0;
  }
  const std::string slug = util::slugify(bare);
  bool numbered = false;
  int words = 0;
  for (const auto word : util::split(slug, '-')) {
    if (word.empty()) {
      continue;
    }
    const bool number = std::all_of(word.begin(), word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    numbered = numbered || number;
    words += number ? 0 : 1;
  }
  return numbered && words >= 4 ? slug : std::string(); // the label ("Task") and three words of its own
}

EntryTies::EntryTies(const Facts& facts) : m_facts(facts)
{
  for (const auto& document : facts.documents) {
    std::set<std::string> titles;
    for (const auto& section : document.document.sections) {
      if (std::string title = numbered_title(section.title); !title.empty()) {
        titles.insert(std::move(title));
      }
    }
    for (const auto& title : titles) {
      ++m_documents_with[title];
    }
  }
}

EntryTie EntryTies::tie(const DocumentFacts& document, const evidence::Entry& entry) const
{
  const EntryText& text = m_facts.entry_text(entry);
  if (!document.rollout.empty()
      && std::find(text.rollouts.begin(), text.rollouts.end(), document.rollout) != text.rollouts.end()) {
    return {EntryTie::How::rollout_name, -1};
  }
  if (text.all.find(fmt::format("-{}-", util::slugify(util::basename(document.path)))) != std::string::npos) {
    return {EntryTie::How::file_name, -1};
  }
  const auto& sections = document.document.sections;
  for (size_t s = 0; s < sections.size(); ++s) {
    const std::string title = numbered_title(sections[s].title);
    if (title.empty() || text.all.find(fmt::format("-{}-", title)) == std::string::npos) {
      continue;
    }
    if (const auto found = m_documents_with.find(title); found != m_documents_with.end() && found->second == 1) {
      return {EntryTie::How::heading, static_cast<int>(s)};
    }
  }
  return {};
}

} // namespace audit
