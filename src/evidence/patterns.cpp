#include "evidence/patterns.hpp"

#include <cctype>

namespace evidence {

namespace {

bool is_word_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// An entry's pattern begins with a word character when its first literal is one: "(?:a|b)c" with 'a',
// "[a-z]+x" with a class (taken as letters), "\w". A placeholder leaves the edge to what fills it.
bool starts_with_word(std::string_view pattern)
{
  while (!pattern.empty()) {
    if (pattern.starts_with("(?:")) {
      pattern.remove_prefix(3);
    } else if (pattern.front() == '(') {
      pattern.remove_prefix(1);
    } else {
      break;
    }
  }
  if (pattern.empty()) {
    return false;
  }
  if (pattern.front() == '\\') {
    return pattern.size() > 1 && (pattern[1] == 'w' || pattern[1] == 'd');
  }
  return pattern.front() == '[' || is_word_char(pattern.front());
}

// The same at the end, past quantifiers and closing brackets: "hours?" ends with 's', "a\.m\." with an
// escaped dot, which is no word character.
bool ends_with_word(std::string_view pattern)
{
  while (!pattern.empty()) {
    const char last = pattern.back();
    if (last == '?' || last == '*' || last == '+' || last == ')') {
      pattern.remove_suffix(1);
    } else if (last == '}' && pattern.find('{') != std::string_view::npos) {
      const size_t open = pattern.rfind('{');
      const std::string_view inside = pattern.substr(open + 1, pattern.size() - open - 2);
      const bool repetition = !inside.empty() && std::isdigit(static_cast<unsigned char>(inside.front())) != 0;
      if (!repetition) {
        return false; // a placeholder: what fills it decides
      }
      pattern.remove_suffix(pattern.size() - open);
    } else {
      break;
    }
  }
  if (pattern.empty()) {
    return false;
  }
  if (pattern.size() > 1 && pattern[pattern.size() - 2] == '\\') {
    return pattern.back() == 'w' || pattern.back() == 'd';
  }
  return pattern.back() == ']' || is_word_char(pattern.back());
}

} // namespace

RE2::Options pattern_options()
{
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(false);
  return options;
}

std::string bounded(const vocabulary::Entry& entry, const Fill& fill, bool leading)
{
  const bool placeholder_first = entry.text.starts_with("{");
  std::string result = leading && !placeholder_first && starts_with_word(entry.text) ? "\\b" : "";
  result += "(?:" + vocabulary::pattern_of(entry, fill) + ")";
  if (ends_with_word(entry.text)) {
    result += "\\b";
  }
  return result;
}

std::string bounded_alternation(const std::vector<vocabulary::Entry>& entries, const Fill& fill, bool leading)
{
  if (entries.empty()) {
    return vocabulary::alternation(entries); // matches nothing
  }
  std::string result = "(?:";
  for (size_t i = 0; i < entries.size(); ++i) {
    result += i == 0 ? "" : "|";
    result += bounded(entries[i], fill, leading);
  }
  return result + ")";
}

GroupMatcher::GroupMatcher(const std::vector<vocabulary::Group>& groups, const Fill& fill)
{
  for (const auto& group : groups) {
    m_names.push_back(group.name);
    m_patterns.push_back(std::make_unique<RE2>(vocabulary::alternation(group.entries, fill), pattern_options()));
  }
}

std::optional<std::string> GroupMatcher::group_of(std::string_view text) const
{
  for (size_t g = 0; g < m_patterns.size(); ++g) {
    const RE2& pattern = *m_patterns[g];
    std::vector<re2::StringPiece> captures(1 + static_cast<size_t>(pattern.NumberOfCapturingGroups()));
    if (!pattern.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::ANCHOR_BOTH, captures.data(),
                       static_cast<int>(captures.size()))) {
      continue;
    }
    std::string name = m_names[g];
    const size_t open = name.find('{');
    const size_t close = name.find('}', open);
    if (open != std::string::npos && close != std::string::npos) {
      for (size_t c = 1; c < captures.size(); ++c) {
        if (captures[c].data() != nullptr) {
          name.replace(open, close - open + 1, std::string(captures[c].data(), captures[c].size()));
          break;
        }
      }
    }
    return name;
  }
  return std::nullopt;
}

} // namespace evidence
