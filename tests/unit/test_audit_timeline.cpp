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
