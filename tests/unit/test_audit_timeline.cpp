#include "audit/timeline.hpp"

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
