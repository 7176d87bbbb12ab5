#include "audit/titles.hpp"

#include "evidence/items.hpp"

#include "../support/words.hpp"

#include <doctest/doctest.h>

TEST_CASE("title_of")
{
  const auto title = [](const std::string& text) {
    return audit::title_of(evidence::read_document(test_support::words(), "docs/a.md", text));
  };
  CHECK(title("---\ntitle: Search cutover\n---\n# Something else\n") == "Search cutover");
  CHECK(title("## Notes\n\n# Later\n") == "Notes"); // the first heading, whatever its level
  CHECK(title("No heading at all.\n").empty());
}

TEST_CASE("name_words and words_of")
{
  CHECK(audit::name_words("docs/reports/SESSION_CONTEXT_2025-10-12.md") == "SESSION CONTEXT 2025 10 12");
  CHECK(audit::name_words("docs/v1.2-notes.md") == "v1 2 notes");
  CHECK(audit::words_of("completion_drive_plans") == "completion drive plans");
  CHECK(audit::words_of("v1.2") == "v1 2");
}
