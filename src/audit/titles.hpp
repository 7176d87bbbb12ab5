#pragma once

#include "markdown/document.hpp"

#include <string>
#include <string_view>

namespace audit {

// What a document calls itself, where the vocabulary's words about documents are looked for.

// Its front matter's title, else its first heading; "" when it has neither.
std::string title_of(const markdown::Document& document);

// A file name's words, without its extension: "SESSION_CONTEXT_2025-10-12.md" -> "SESSION CONTEXT 2025 10 12".
std::string name_words(std::string_view path);

// A name's words: "completion_drive_plans" -> "completion drive plans".
std::string words_of(std::string_view name);

} // namespace audit
