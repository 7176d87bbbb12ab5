#include "history/removed_entries.hpp"
#include "history/file_state.hpp"
#include "../support/words.hpp"

#include <doctest/doctest.h>

using test_support::words;

namespace {

history::CommitStamp at(const std::string& id, util::Timestamp time)
{
  return history::CommitStamp{id, time, "Dana", false};
}

} // namespace

TEST_CASE("keep_removed_texts")
{
  const std::string before = "# Log\n\n## 2025-10-21 - Plan\n\nx\n\n## Profiling - 2025-10-22T17:05:56Z\n\n### Task 2.5\n"
                             "- **P95:** 9 s\n\n## 2025-10-23 - Wrap-up\n\ndone\n";
  const std::string after = "# Log\n\n## 2025-10-21 - Plan\n\nx\n\n## 2025-10-23 - Wrap-up\n\ndone\n";
  history::FileHistory log;
  history::apply_version(words(), log, markdown::parse_document("w.md", before), at("a", 100), {true, false});
  history::apply_version(words(), log, markdown::parse_document("w.md", after), at("b", 200), {true, false});
  CHECK(history::removes_entries(log, at("b", 200)));
  CHECK_FALSE(history::removes_entries(log, at("a", 100)));

  history::keep_removed_texts(words(), log, at("b", 200), "w.md", before);
  REQUIRE(log.entries.size() == 3);
  // From its heading through its sub-headings to the line before the next entry.
  CHECK(log.entries[1].text == "## Profiling - 2025-10-22T17:05:56Z\n\n### Task 2.5\n- **P95:** 9 s\n\n");
  CHECK(log.entries[0].text.empty());
  CHECK_FALSE(history::removes_entries(log, at("b", 200))); // kept: nothing left to cut

  SUBCASE("an earlier version that does not hold the entry leaves its text empty")
  {
    history::FileHistory other;
    history::apply_version(words(), other, markdown::parse_document("w.md", before), at("a", 100), {true, false});
    history::apply_version(words(), other, markdown::parse_document("w.md", after), at("b", 200), {true, false});
    history::keep_removed_texts(words(), other, at("b", 200), "w.md", after);
    CHECK(other.entries[1].text.empty());
  }
}
