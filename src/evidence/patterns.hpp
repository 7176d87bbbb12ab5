#pragma once

#include "vocabulary/vocabulary.hpp"

#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidence {

using Fill = std::map<std::string, std::string, std::less<>>;

// Case-insensitive, and silent: the vocabulary checked every entry when it was loaded.
RE2::Options pattern_options();

// Where an entry must stand: an entry that begins (ends) with a letter or digit must begin (end) a word
// there, so "of" does not match inside "offset" nor "h" the start of "hello"; "%", "<=" and "#channel"
// need no boundary. `leading` false leaves the start free, for a unit written against its number ("5ms").
std::string bounded(const vocabulary::Entry& entry, const Fill& fill = {}, bool leading = true);
std::string bounded_alternation(const std::vector<vocabulary::Entry>& entries, const Fill& fill = {}, bool leading = true);

// Which group of a groups concept a matched text belongs to: the first group one of whose entries
// matches the whole text. A group name holding `{n}` (a percentile's "p{n}") gets the number the entry's
// `{n}` matched. Compiled once, with the concept's placeholders filled as given.
class GroupMatcher
{
public:
  GroupMatcher(const std::vector<vocabulary::Group>& groups, const Fill& fill = {});

  std::optional<std::string> group_of(std::string_view text) const;
  const std::vector<std::string>& names() const { return m_names; }

private:
  std::vector<std::string> m_names;
  std::vector<std::unique_ptr<RE2>> m_patterns;
};

} // namespace evidence
