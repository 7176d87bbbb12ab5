#include "history/file_state.hpp"
#include "evidence/items.hpp"
#include "../support/words.hpp"

#include <doctest/doctest.h>

using test_support::words;

using history::apply_version;
using history::CommitStamp;
using history::FileHistory;

namespace {

CommitStamp at(const std::string& id, util::Timestamp time)
{
  return CommitStamp{id, time, "Dana", false};
}

markdown::Document checklist(const std::string& items)
{
  return markdown::parse_document("c.md", "# C\n\n## 1. Validation\n\n" + items);
}

} // namespace

TEST_CASE("similarity")
{
  CHECK(history::similarity("Record findings in the work log", "Record findings in the work log") == 1.0);
  CHECK(history::similarity("Record findings in the work log", "Record the findings in the work log") > 0.8);
  CHECK(history::similarity("Record findings", "Redeploy worker") == 0.0);
}

TEST_CASE("match_items")
{
  SUBCASE("exact text pairs in order, so repeated items keep their places")
  {
    const auto match = history::match_items({"Redeploy.", "Verify.", "Redeploy."}, {"Redeploy.", "Redeploy.", "Verify."});
    CHECK(match == std::vector<int>{0, 2, 1});
  }
  SUBCASE("the same list pairs each item with itself")
  {
    CHECK(history::match_items({"Redeploy.", "Verify.", "Redeploy."}, {"Redeploy.", "Verify.", "Redeploy."}) == std::vector<int>{0, 1, 2});
  }
  SUBCASE("a reworded item keeps its counterpart; a new one has none")
  {
    const auto match = history::match_items({"Record findings in docs/work-log.md under a new Phase 3 entry."},
                                            {"Record findings in docs/work-log.md under a new Phase 3 validation entry.",
                                             "Page the on-call engineer."});
    CHECK(match == std::vector<int>{0, -1});
  }
}

TEST_CASE("apply_version")
{
  FileHistory file;
  apply_version(words(), file, checklist("- [ ] Switch traffic.\n- [ ] Record findings.\n"), at("a", 100), {});
  REQUIRE(file.added);
  CHECK(file.added->id == "a");
  CHECK_FALSE(file.items[0].tick);

  SUBCASE("a tick is dated by the version that made it and kept after")
  {
    apply_version(words(), file, checklist("- [x] Switch traffic.\n- [ ] Record findings.\n"), at("b", 200), {});
    apply_version(words(), file, checklist("- [x] Switch traffic.\n- [x] Record findings.\n"), at("c", 300), {});
    CHECK(file.items[0].tick->id == "b");
    CHECK(file.items[1].tick->id == "c");
  }
  SUBCASE("untick then retick counts from the re-tick")
  {
    apply_version(words(), file, checklist("- [x] Switch traffic.\n"), at("b", 200), {});
    apply_version(words(), file, checklist("- [ ] Switch traffic.\n"), at("c", 300), {});
    apply_version(words(), file, checklist("- [x] Switch traffic.\n"), at("d", 400), {});
    CHECK(file.items[0].tick->id == "d");
  }
  SUBCASE("a reworded ticked item keeps its tick")
  {
    apply_version(words(), file, checklist("- [x] Switch traffic.\n- [ ] Record findings.\n"), at("b", 200), {});
    apply_version(words(), file, checklist("- [x] Switch the traffic over.\n- [ ] Record findings.\n"), at("c", 300), {});
    CHECK(file.items[0].text == "Switch the traffic over.");
    CHECK(file.items[0].tick->id == "b");
  }
  SUBCASE("work-log entries are dated by their first version")
  {
    FileHistory log;
    apply_version(words(), log, markdown::parse_document("w.md", "# Log\n\n## 2025-10-21 - Plan\n\nx\n"), at("a", 100), {true, false});
    apply_version(words(), log,
                  markdown::parse_document("w.md", "# Log\n\n## 2025-10-21 - Plan\n\nx\n\n## 2025-10-22 - Phase 3\n\ny\n"),
                  at("b", 200),
                  {true, false});
    REQUIRE(log.entries.size() == 2);
    CHECK(log.entries[0].appeared.id == "a");
    CHECK(log.entries[1].title == "2025-10-22 - Phase 3");
    CHECK(log.entries[1].appeared.id == "b");
  }
  SUBCASE("an entry a version no longer holds is removed by its commit, and back when written again")
  {
    FileHistory log;
    const auto version = [](const std::string& body) {
      return markdown::parse_document("w.md", "# Log\n\n" + body);
    };
    const std::string both = "## 2025-10-21 - Plan\n\nx\n\n## 2025-10-22 - Profiling\n\nP95 9 s\n";
    apply_version(words(), log, version(both), at("a", 100), {true, false});
    apply_version(words(), log, version("## 2025-10-21 - Plan\n\nx\n"), at("b", 200), {true, false});
    REQUIRE(log.entries.size() == 2);
    CHECK_FALSE(log.entries[0].removed);
    REQUIRE(log.entries[1].removed);
    CHECK(log.entries[1].removed->id == "b");
    CHECK(log.entries[1].appeared.id == "a");
    apply_version(words(), log, version("## 2025-10-21 - Plan\n\nx y\n"), at("c", 300), {true, false});
    CHECK(log.entries[1].removed->id == "b"); // the first commit without it, not the latest
    log.entries[1].text = "## 2025-10-22 - Profiling\n";
    apply_version(words(), log, version(both), at("d", 400), {true, false});
    CHECK_FALSE(log.entries[1].removed);
    CHECK(log.entries[1].text.empty());
    CHECK(log.entries[1].appeared.id == "a");
  }
  SUBCASE("a heading edited back and forth: the old wording, written again beside the new, is a new entry")
  {
    FileHistory log;
    const auto version = [](const std::string& body) {
      return markdown::parse_document("w.md", "# Log\n\n" + body);
    };
    apply_version(words(), log, version("## 2025-10-21 - Plan (10% traffic)\n\nx\n"), at("a", 100), {true, false});
    apply_version(words(), log, version("## 2025-10-21 - Plan (10 percent traffic)\n\nx\n"), at("b", 200), {true, false});
    REQUIRE(log.entries.size() == 1);
    CHECK(log.entries[0].title == "2025-10-21 - Plan (10 percent traffic)");
    CHECK(log.entries[0].appeared.id == "a");
    apply_version(words(), log,
                  version("## 2025-10-21 - Plan (10 percent traffic)\n\nx\n\n## 2025-10-21 - Plan (10% traffic)\n\ny\n"),
                  at("c", 300),
                  {true, false});
    REQUIRE(log.entries.size() == 2);
    CHECK(log.entries[1].appeared.id == "c");
  }
  SUBCASE("a version read without a parse folds in like the parsed one")
  {
    history::Version version = history::read_version(words(), checklist("- [ ] Switch traffic.\n- [ ] Record findings.\n"), {});
    version.items[1].ticked = true;
    apply_version(file, version, at("b", 200));
    CHECK_FALSE(file.items[0].tick);
    REQUIRE(file.items[1].tick);
    CHECK(file.items[1].tick->id == "b");
    CHECK(file.items[1].section == "1. Validation");
  }
  SUBCASE("completion marks are dated like boxes, and keep what they said while open")
  {
    FileHistory flag;
    const auto version = [](const std::string& body) {
      return evidence::read_document(words(), "f.md", "# Flag rollout\n\n## Phase 1: Staff (1%)\n\n" + body);
    };
    apply_version(words(), flag, version("Status: ⏳ Pending the go-ahead (24h)\n\n- ☐ Tell support\n- ☐ Page on-call\n"), at("a", 100), {});
    REQUIRE(flag.items.size() == 3);
    CHECK(flag.items[0].status == "⏳ Pending the go-ahead (24h)");
    CHECK_FALSE(flag.items[0].tick);
    apply_version(words(), flag, version("Status: ✅ DONE\n\n- ☐ Tell support\n- ☐ Page on-call\n"), at("b", 200), {});
    REQUIRE(flag.items[0].tick);
    CHECK(flag.items[0].tick->id == "b");
    CHECK(flag.items[0].said_before == "⏳ Pending the go-ahead (24h)");
    apply_version(words(), flag, version("Status: ✅ DONE (May 2)\n\n- ✅ Tell support, FAQ\n- ☐ Page on-call\n"), at("c", 300), {});
    CHECK(flag.items[0].tick->id == "b");
    CHECK(flag.items[0].said_before == "⏳ Pending the go-ahead (24h)"); // kept while it stays done
    CHECK(flag.items[1].tick->id == "c");
    CHECK(flag.items[1].said_before == "Tell support ☐"); // reworded as it was ticked
    // A box ticked without a change of words says nothing before.
    apply_version(words(), file, checklist("- [x] Switch traffic.\n- [ ] Record findings.\n"), at("b", 200), {});
    CHECK(file.items[0].said_before.empty());
  }
  SUBCASE("a report's figures are dated from when it first held them")
  {
    FileHistory report;
    apply_version(words(), report, markdown::parse_document("r.md", "# R\n\nTo be filled in.\n"), at("a", 100), {false, true});
    CHECK_FALSE(report.metrics_since);
    apply_version(words(), report, markdown::parse_document("r.md", "# R\n\nResponse P95: 3.4 s\n"), at("b", 200), {false, true});
    REQUIRE(report.metrics_since);
    CHECK(report.metrics_since->id == "b");
  }
}

TEST_CASE("match_document")
{
  FileHistory file;
  apply_version(words(), file, checklist("- [x] Switch traffic.\n- [ ] Record findings.\n"), at("a", 100), {});
  const auto audited = checklist("- [x] Switch traffic.\n- [x] Record findings.\n- [x] A new step.\n");
  const auto matched = history::match_document(file, audited);
  REQUIRE(matched.size() == 3);
  CHECK(matched[0]->tick->id == "a");
  CHECK_FALSE(matched[1]->ticked); // ticked in the working tree only
  CHECK(matched[2] == nullptr);
}
