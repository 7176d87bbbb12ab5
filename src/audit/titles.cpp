#include "audit/titles.hpp"

#include "util/path.hpp"

#include <algorithm>

namespace audit {

std::string title_of(const markdown::Document& document)
{
  if (const auto* field = document.front_matter.field("title"); field && !field->value.empty()) {
    return field->value;
  }
  return document.sections.empty() ? "" : document.sections.front().title;
}

std::string name_words(std::string_view path)
{
  const std::string_view name = util::basename(path);
  return words_of(name.substr(0, name.rfind('.')));
}

std::string words_of(std::string_view name)
{
  std::string words(name);
  std::replace_if(words.begin(), words.end(), [](char c) { return c == '-' || c == '_' || c == '.'; }, ' ');
  return words;
}

} // namespace audit
