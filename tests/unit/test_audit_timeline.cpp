#include "audit/timeline.hpp"

#include "corpus/corpus.hpp"
#include "corpus/file_system.hpp"
#include "evidence/items.hpp"
#include "../support/words.hpp"

#include <doctest/doctest.h>

using test_support::words;

TEST_CASE("HistoryTimeline::ticks")
{
  history::History history;
  history.status.available = true;
  history::ItemHistory done;
  done.text = "Phase 2: Beta (10%)";
  done.ticked = true;
  done.tick = history::CommitStamp{"c2", 200, "Ines", false};
  done.status = "✅ DONE";
  done.said_before = "⏳ Pending phase 1 completion (24h)";
  history.files["flag.md"].items = {done};
  const audit::HistoryTimeline timeline(history, 1000);
  const auto document = evidence::read_document(words(), "flag.md", "# Flag\n\n## Phase 2: Beta (10%)\n\nStatus: ✅ DONE\n");
  REQUIRE(document.items.size() == 1);
  const auto ticks = timeline.ticks("flag.md", document);
  REQUIRE(ticks.size() == 1);
  REQUIRE(ticks[0]);
  CHECK(ticks[0]->commit == "c2");
  // What the item said before it was marked done travels with the tick, for the checks that read windows.
  CHECK(ticks[0]->said_before == "⏳ Pending phase 1 completion (24h)");
  // Done in the working tree only: dated now, and nothing said before.
  const auto uncommitted = timeline.ticks("other.md", document);
  REQUIRE(uncommitted[0]);
  CHECK_FALSE(uncommitted[0]->committed);
  CHECK(uncommitted[0]->said_before.empty());
}

TEST_CASE("WorkingTreeTimeline::file_at")
{
  corpus::MemoryFileSystem files;
  files.add_file("docs/meta.yaml", "group: payments\n");
  files.add_file("docs/logo.png", std::string("\x89PNG\0", 5));
  const corpus::Corpus corpus(files, corpus::Options{});
  const audit::WorkingTreeTimeline timeline(1761955200, &corpus);
  audit::Stamp committed;
  committed.committed = true;
  committed.commit = "abc";
  // Without history every moment is now: a committed stamp reads the audited files too.
  for (const auto& when : {audit::Stamp{}, committed}) {
    const auto meta = timeline.file_at("docs/meta.yaml", when);
    CHECK(meta.known);
    CHECK(meta.exists);
    CHECK(meta.text == "group: payments\n");
  }
  CHECK_FALSE(timeline.file_at("docs/missing.yaml", {}).exists);
  CHECK(timeline.file_at("docs/logo.png", {}).exists);
  CHECK_FALSE(timeline.file_at("docs/logo.png", {}).text);
  CHECK_FALSE(audit::WorkingTreeTimeline(1761955200).file_at("docs/meta.yaml", {}).exists); // no corpus: no files
}

TEST_CASE("HistoryTimeline::file_at")
{
  corpus::MemoryFileSystem files;
  files.add_file("docs/meta.yaml", "group: billing\n");
  const corpus::Corpus corpus(files, corpus::Options{});
  const history::History history;
  const audit::HistoryTimeline timeline(history, 1761955200, &corpus, nullptr);
  CHECK(timeline.file_at("docs/meta.yaml", {}).text == "group: billing\n"); // uncommitted: now
  audit::Stamp committed;
  committed.committed = true;
  committed.commit = "abc";
  CHECK_FALSE(timeline.file_at("docs/meta.yaml", committed).known); // no repository to read the commit from
}

TEST_CASE("WorkingTreeTimeline: no history to ask")
{
  corpus::MemoryFileSystem files;
  files.add_file("docs/plans/plan.md", "# Plan\n");
  const corpus::Corpus corpus(files, corpus::Options{});
  const audit::WorkingTreeTimeline timeline(1761955200, &corpus);
  CHECK_FALSE(timeline.last_edit("docs/plans/plan.md"));
  CHECK(timeline.existed_at("docs/plans/plan.md", {}) == true);
  CHECK(timeline.existed_at("docs/plans", {}) == true);
  CHECK(timeline.existed_at("docs/gone.md", {}) == false);
  CHECK(timeline.moves("docs/gone.md").empty());
  CHECK(timeline.departed_named("gone.md").empty());
  CHECK_FALSE(timeline.is_ignored("docs/private/x.md")); // no repository to ask
}

TEST_CASE("HistoryTimeline: changes and departures")
{
  corpus::MemoryFileSystem files;
  files.add_file("docs/archive/2025/plan.md", "# Plan\n");
  const corpus::Corpus corpus(files, corpus::Options{});
  history::History history;
  history.status.available = true;
  const history::CommitStamp first{"c1", 100, "Ines", false};
  const history::CommitStamp second{"c2", 200, "Ines", false};
  history.files["docs/archive/2025/plan.md"].edited = first;
  history.files["docs/archive/2025/plan.md"].edited_path = "docs/active/plan.md";
  history.departed = {{"docs/active/plan.md", {"docs/archive/plan.md", first}},
                      {"docs/archive/plan.md", {"docs/archive/2025/plan.md", second}},
                      {"src/Form.tsx", {"src/legacy/Form.tsx", first}},
                      {"src/legacy/Form.tsx", {"", second}},
                      {"lib/a.ts", {"lib/b.ts", first}},
                      {"lib/b.ts", {"lib/a.ts", second}}};
  const audit::HistoryTimeline timeline(history, 1761955200, &corpus, nullptr);

  SUBCASE("the commit that last changed a file's bytes, and its path then")
  {
    const auto edit = timeline.last_edit("docs/archive/2025/plan.md");
    REQUIRE(edit);
    CHECK(edit->stamp.commit == "c1");
    CHECK(edit->stamp.committed);
    CHECK(edit->path == "docs/active/plan.md");
    CHECK_FALSE(timeline.last_edit("docs/new.md"));
  }
  SUBCASE("a path that moved twice: both steps, to where it is now")
  {
    const auto steps = timeline.moves("docs/active/plan.md");
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].from == "docs/active/plan.md");
    CHECK(steps[0].to == "docs/archive/plan.md");
    CHECK(steps[0].stamp.commit == "c1");
    CHECK(steps[1].to == "docs/archive/2025/plan.md");
    CHECK(steps[1].stamp.time == 200);
  }
  SUBCASE("moved, then deleted")
  {
    const auto steps = timeline.moves("src/Form.tsx");
    REQUIRE(steps.size() == 2);
    CHECK(steps[1].to.empty());
  }
  SUBCASE("a loop (only a damaged cache holds one) ends")
  {
    CHECK(timeline.moves("lib/a.ts").size() == 2);
  }
  SUBCASE("paths that left with a file name")
  {
    CHECK(timeline.departed_named("plan.md") == std::vector<std::string>{"docs/active/plan.md", "docs/archive/plan.md"});
    CHECK(timeline.departed_named("other.md").empty());
  }
  SUBCASE("what stood at a path now, without a commit; unknown without a repository")
  {
    CHECK(timeline.existed_at("docs/archive/2025", {}) == true);
    audit::Stamp committed;
    committed.committed = true;
    committed.commit = "c1";
    CHECK_FALSE(timeline.existed_at("docs/active/plan.md", committed));
  }
}
