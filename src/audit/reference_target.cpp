#include "audit/reference_target.hpp"

#include "audit/titles.hpp"
#include "util/path.hpp"
#include "util/text.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>

namespace audit {

namespace {

constexpr std::array<std::string_view, 3> k_markdown_endings{".md", ".markdown", ".mdx"};

bool is_markdown_name(std::string_view name)
{
  const std::string lower = util::to_lower(name);
  return std::any_of(k_markdown_endings.begin(), k_markdown_endings.end(), [&](std::string_view ending) {
    return lower.size() > ending.size() && lower.ends_with(ending);
  });
}

bool is_folder(const Facts& facts, const std::optional<std::string>& path)
{
  return path && (path->empty() || facts.corpus->is_directory(*path));
}

// "YYYY", "MM", "XX", "X": the same capital letter throughout. Not "II", "III": numerals in real names.
bool is_placeholder_part(std::string_view part)
{
  if (part.empty() || part.front() < 'A' || part.front() > 'Z' || part.front() == 'I') {
    return false;
  }
  const bool repeated = std::all_of(part.begin(), part.end(), [&](char c) { return c == part.front(); });
  return repeated && (part.size() >= 2 || part.front() == 'X');
}

// "chat.DoneData", "dockeragent.Version": a package's symbol, not a file. An extension starts with a small letter
// or is written in capitals ("README.MD").
bool is_symbol(std::string_view last_part)
{
  const size_t dot = last_part.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= last_part.size()) {
    return false;
  }
  const std::string_view after = last_part.substr(dot + 1);
  return after.front() >= 'A' && after.front() <= 'Z' && std::any_of(after.begin(), after.end(), [](char c) {
           return c >= 'a' && c <= 'z';
         });
}

struct PlanWords
{
  static RE2::Options options()
  {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(false);
    return options;
  }
  explicit PlanWords(const vocabulary::Vocabulary& words)
    : pattern("\\b(?:" + vocabulary::alternation(words.entries(vocabulary::Concept::plan_words)) + ")\\b", options())
  {
  }
  RE2 pattern;
};

} // namespace

bool plans_ahead(const vocabulary::Vocabulary& words, const DocumentFacts& document)
{
  const RE2& pattern = words.derived<PlanWords>().pattern;
  if (RE2::PartialMatch(title_of(document.document), pattern) || RE2::PartialMatch(name_words(document.path), pattern)) {
    return true;
  }
  const auto folders = util::split(util::dirname(document.path), '/');
  return std::any_of(folders.begin(), folders.end(), [&](std::string_view folder) {
    return !folder.empty() && RE2::PartialMatch(words_of(folder), pattern);
  });
}

bool names_document(std::string_view target)
{
  return is_markdown_name(util::basename(target));
}

bool names_repository_path(const Facts& facts, const DocumentFacts& document, const markdown::Reference& reference)
{
  if (reference.from_link) {
    return true;
  }
  const std::string_view target = reference.target;
  const size_t slash = target.find('/');
  if (slash == std::string_view::npos) {
    return is_markdown_name(target);
  }
  if (is_symbol(util::basename(target))) {
    return false;
  }
  const std::string_view first = target.substr(0, slash);
  const std::string_view folder = util::dirname(document.path);
  if (first == "." || first == "..") {
    // Every leading "./" and "../": "../../x" starts two folders up, which must be inside the repository.
    size_t end = 0;
    while (target.substr(end).starts_with("./") || target.substr(end).starts_with("../")) {
      end = target.find('/', end) + 1;
    }
    return is_folder(facts, util::normalize_relative(util::join_path(folder, target.substr(0, end - 1))));
  }
  return is_folder(facts, util::normalize_relative(util::join_path(folder, first))) || facts.corpus->is_directory(first);
}

bool is_placeholder_path(std::string_view target)
{
  if (target.find("...") != std::string_view::npos) {
    return true;
  }
  std::string_view rest = target;
  while (!rest.empty()) {
    const size_t end = rest.find_first_of("/-_.");
    if (is_placeholder_part(rest.substr(0, end))) {
      return true;
    }
    if (end == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(end + 1);
  }
  return false;
}

} // namespace audit
