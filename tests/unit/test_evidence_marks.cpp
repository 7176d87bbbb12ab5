#include "evidence/marks.hpp"

#include "audit/rule.hpp"
#include "evidence/items.hpp"
#include "../support/words.hpp"

#include <doctest/doctest.h>

#include <yaml-cpp/yaml.h>

using markdown::ItemForm;
using markdown::ItemKind;
using test_support::words;

namespace {

markdown::Document read(const std::string& bytes, const vocabulary::Vocabulary& vocabulary = words())
{
  return evidence::read_document(vocabulary, "flag.md", bytes);
}

// "form state text | status @line", one per item: what a reader of the document would list.
std::vector<std::string> listed(const markdown::Document& document)
{
  std::vector<std::string> lines;
  for (const auto& item : document.items) {
    const char* form = item.form == ItemForm::box           ? "box"
                       : item.form == ItemForm::status_line ? "status"
                       : item.form == ItemForm::heading     ? "heading"
                       : item.form == ItemForm::mark        ? "mark"
                                                            : "row";
    const char* state = item.kind == ItemKind::not_applicable ? "n/a" : item.ticked ? "done" : "open";
    lines.push_back(std::string(form) + " " + state + " " + item.text + " | " + item.status + " @" + std::to_string(item.line));
  }
  return lines;
}

using Lines = std::vector<std::string>;

vocabulary::Vocabulary team(const char* yaml)
{
  auto layer = vocabulary::parse_layer("team.yaml", YAML::Load(yaml));
  REQUIRE(layer);
  auto assembled = audit::assemble_vocabulary({audit::default_rule_pack()}, *layer);
  REQUIRE(assembled);
  return *assembled;
}

} // namespace

TEST_CASE("is_stage_heading")
{
  for (const char* title : {"Phase 2: Beta cohort", "Stage 3 — EU", "Canary", "Full cutover", "Step #4", "10% of users",
                            "Wave 2 (25 percent)", "Half traffic", "Ring 0"}) {
    CAPTURE(title);
    CHECK(evidence::is_stage_heading(words(), title));
  }
  for (const char* title : {"Status", "Changelog", "Features", "Design notes", "Phase two", "Stages of grief"}) {
    CAPTURE(title);
    CHECK_FALSE(evidence::is_stage_heading(words(), title));
  }
}

TEST_CASE("find_marks")
{
  SUBCASE("a status line under a stage's heading is the stage's state")
  {
    const auto document = read("# Checkout flag rollout\n\n**Status:** ⏳ In progress\n\n"
                               "## Phase 1: Staff (1%)\n\n**Owner:** Ines\n**Status:** ✅ DONE (May 2)\n\n"
                               "## Phase 2: Beta (10%)\n\nStatus: Pending phase 1 completion (24h)\n\n"
                               "## Phase 3: EU (50%)\n\n- **State:** Skipped: no EU traffic yet\n\n"
                               "## Phase 4: Everyone (100%)\n\nProgress: N/A\n\n"
                               "## Phase 5: Cleanup\n\nStatus: waiting on legal\n\nStatus of the dashboards: done\n");
    CHECK(listed(document) == Lines{"status done Phase 1: Staff (1%) | ✅ DONE (May 2) @8",
                                    "status open Phase 2: Beta (10%) | Pending phase 1 completion (24h) @12",
                                    "status n/a Phase 3: EU (50%) | Skipped: no EU traffic yet @16",
                                    "status n/a Phase 4: Everyone (100%) | N/A @20"});
    CHECK(document.items[0].section == 1);
    CHECK(document.items[2].column == 1);
  }
  SUBCASE("a stage heading's mark: in brackets, a mark without letters, capitals after a dash, a leading mark")
  {
    const auto document = read("# Rollout\n\n"
                               "## Phase 1: Staff (1%) (COMPLETED)\n\n"
                               "## Phase 2: Beta [skipped]\n\n"
                               "## Phase 3: EU (✅ done 2024-05-02)\n\n"
                               "## Phase 4: Everyone ✅ DONE\n\n"
                               "### Stage 5 ☐ not started\n\n"
                               "## Stage 6 — SKIPPED\n\n"
                               "## ⬜ Canary\n\n"
                               "## Unit tests (10%) ✅\n\n"
                               "## ✅ Pilot\n\n"
                               "## ✅ Completed: the canary's tasks\n\n"
                               "## Stage 7 - Live\n\n"
                               "## STAGE 8: OPEN BETA\n\n"
                               "## Stage 9 (24h soak)\n\n"
                               "## Notes (done)\n\n"
                               "## Step 9: Tailwind (Complete rewrite of the config)\n\n"
                               "# Phase 10 (COMPLETED)\n");
    CHECK(listed(document) == Lines{"heading done Phase 1: Staff (1%) | (COMPLETED) @3",
                                    "heading n/a Phase 2: Beta | [skipped] @5",
                                    "heading done Phase 3: EU | (✅ done 2024-05-02) @7",
                                    "heading done Phase 4: Everyone | ✅ DONE @9",
                                    "heading open Stage 5 | ☐ not started @11",
                                    "heading n/a Stage 6 | SKIPPED @13",
                                    "heading open Canary | ⬜ @15"});
    // A verdict alone says a check passed, not that the stage is done: "Unit tests (10%) ✅", "✅ Pilot".
    CHECK(document.sections[1].stage);
    CHECK_FALSE(document.sections[14].stage);
  }
  SUBCASE("a mark opening each item of a list or each line of a paragraph; words count there only in brackets")
  {
    const auto document = read("## Phase 1: Staff (1%) (IN PROGRESS)\n\n"
                               "- ✅ Turn the flag on for staff\n"
                               "- ☐ Tell support the flag is on,\n  with the FAQ link\n"
                               "- [DONE] Drain the old queue\n"
                               "- (won't do) Warm the cache\n\n"
                               "⬜ Page the on-call\n❌ Dashboards green\n\n"
                               "- ☐ One item without a mark spoils the list\n- Done: this opens with a word\n\n"
                               "- ☐ So does one\n- Open questions remain\n\n"
                               "☐ And a line\nwithout one\n");
    CHECK(listed(document) == Lines{"heading open Phase 1: Staff (1%) | (IN PROGRESS) @1",
                                    "mark done Turn the flag on for staff | ✅ @3",
                                    "mark open Tell support the flag is on, with the FAQ link | ☐ @4",
                                    "mark done Drain the old queue | DONE @6",
                                    "mark n/a Warm the cache | won't do @7",
                                    "mark open Page the on-call | ⬜ @9",
                                    "mark open Dashboards green | ❌ @10"});
    CHECK(document.items[2].column == 1);
    CHECK(document.items[5].column == 1);
  }
  SUBCASE("verdicts alone are a report's, not a checklist's: ✅ and ❌ bullets, a legend")
  {
    for (const char* text : {"## Phase 1: Staff (1%)\n\n- ✅ Unit tests pass\n- ✅ Lint is clean\n",
                             "## Phase 1: Staff (1%)\n\n- ✅ Login works\n- ❌ Export times out\n",
                             "## Phase 2 (50%)\n\n- ✅ Metrics green → go on\n- ⚠️ One yellow → hold\n- ❌ Any red → roll back\n",
                             "## Phase 2 (50%)\n\n✅ All green\n❌ None red\n",
                             "## Phase 2 (50%)\n\n| Check | Status |\n| --- | --- |\n| login | ✅ |\n| export | ❌ |\n",
                             "## Phase 2 (50%)\n\n| Metric | Status |\n| --- | --- |\n| errors | ✅/❌ |\n| p95 | |\n"}) {
      CAPTURE(text);
      CHECK(read(text).items.empty());
    }
    // Beside a plain state they read as done and open.
    CHECK(listed(read("## Phase 1: Staff (1%) [WIP]\n\n- ✅ Flag on\n- ⏳ Support told\n")).size() == 3);
    CHECK(listed(read("## Phase 1: Staff (1%)\n\nStatus: ✅\n")) == Lines{"status done Phase 1: Staff (1%) | ✅ @3"});
  }
  SUBCASE("table rows: a status column (an empty cell is open) or a column of boxes")
  {
    const auto document = read("## Phase 1: Staff (1%)\n\n"
                               "| Checkpoint | Check | Status |\n| --- | --- | --- |\n"
                               "| T+1h | error rate below 0.5% | ✅ |\n"
                               "| T+6h | p95 below 300 ms | In progress |\n"
                               "| T+12h | no new alerts | |\n"
                               "| T+24h | support tickets flat | [x] |\n"
                               "| T+48h | EU dashboards | N/A |\n\n"
                               "| Done | Step |\n| --- | --- |\n| [ ] | Rotate keys |\n| [x] | Drop the old table |\n| | Archive logs |\n");
    CHECK(listed(document) == Lines{"row done T+1h | error rate below 0.5% | ✅ @5",
                                    "row open T+6h | p95 below 300 ms | In progress @6",
                                    "row open T+12h | no new alerts |  @7",
                                    "row done T+24h | support tickets flat | [x] @8",
                                    "row n/a T+48h | EU dashboards | N/A @9",
                                    "row open Rotate keys | [ ] @13",
                                    "row done Drop the old table | [x] @14",
                                    "row open Archive logs |  @15"});
  }
  SUBCASE("a status column of anything but states is no column of states")
  {
    const auto document = read("## Phase 1: Staff (1%)\n\n"
                               "| Feature | Status |\n| --- | --- |\n| Dark mode | Supported |\n| Sync | Done |\n| Export | |\n");
    CHECK(document.items.empty());
  }
  SUBCASE("marks join the boxes in document order, and indices follow")
  {
    const auto document = read("## Phase 1: Staff (1%) (DONE)\n\n"
                               "- [x] Turn the flag on\n"
                               "  - ✅ for staff\n"
                               "  - [ ] for contractors\n"
                               "- ☐ Tell support\n");
    CHECK(listed(document) == Lines{"heading done Phase 1: Staff (1%) | (DONE) @1", "box done Turn the flag on |  @3",
                                    "mark done for staff | ✅ @4", "box open for contractors |  @5",
                                    "mark open Tell support | ☐ @6"});
    CHECK(document.items[2].parent_item == 1);
    CHECK(document.items[2].depth == 1);
    CHECK(document.items[3].parent_item == 1);
    CHECK(document.items[4].parent_item == -1);
    // Each paragraph still names its item.
    for (const auto& block : document.blocks) {
      if (block.line >= 3) {
        CAPTURE(block.line);
        REQUIRE(block.item >= 0);
        CHECK(document.items[static_cast<size_t>(block.item)].line == block.line);
      }
    }
  }
  SUBCASE("a mark's references and meaning, as a box's")
  {
    const auto document = read("## Stage 2: Ramp (50%)\n\nStatus: in progress\n\n"
                               "- ✅ Record p95 in `docs/work-log.md`\n"
                               "- ☐ If error rate > 2%, roll back\n"
                               "- ☐ N/A: no mobile client\n");
    REQUIRE(document.items.size() == 4);
    REQUIRE(document.items[1].references.size() == 1);
    CHECK(document.items[1].references[0].target == "docs/work-log.md");
    CHECK(document.items[2].kind == ItemKind::guard);
    CHECK(document.items[3].kind == ItemKind::not_applicable);
  }
}

TEST_CASE("settle_marks")
{
  SUBCASE("ordinary documents sprout no items")
  {
    // A README's status table of feature names, a changelog's ✅ bullets, a heading "Status" in prose, a
    // document's own status under its title.
    for (const char* text : {"# Widget\n\n## Features\n\n| Feature | Status |\n| --- | --- |\n| Sync | ✅ |\n| Export | ❌ |\n",
                             "# Changelog\n\n## 2.1.0\n\n- ✅ Dark mode\n- ❌ Removed the legacy exporter\n",
                             "# Notes\n\n## Status\n\nThe migration is done; the cleanup is in progress.\n",
                             "# Phase 1 rollout\n\n**Status:** ✅ COMPLETE\n\n✅ All green\n"}) {
      CAPTURE(text);
      CHECK(read(text).items.empty());
    }
  }
  SUBCASE("list marks count where the document tracks state otherwise too: boxes, a status line, a heading mark")
  {
    const std::string missing = "## Stage 1: Launch gate\n\nMissing:\n\n- ⬜ the voice guide\n- ⬜ the accessibility checklist\n";
    CHECK(read(missing).items.empty());
    CHECK(read(missing + "\n## Stage 2: Ramp (50%)\n\nStatus: pending\n").items.size() == 3);
    CHECK(read(missing + "\n- [ ] a box elsewhere\n").items.size() == 3);
  }
  SUBCASE("below a stage, at any depth")
  {
    const auto document = read("## Phase 1: Staff (1%)\n\n### Monitoring checkpoints\n\n"
                               "| When | Status |\n| --- | --- |\n| T+1h | ✅ |\n| T+24h | |\n\n## Follow-up\n\n- ☐ Write the retro\n");
    CHECK(listed(document) == Lines{"row done T+1h | ✅ @7", "row open T+24h |  @8"});
  }
  SUBCASE("a stage marked skipped or N/A has no required open steps, its sub-sections' neither")
  {
    const auto document = read("## Phase 3: EU (50%) (SKIPPED)\n\n- [ ] Turn the flag on in EU\n- [x] Tell EU support\n\n"
                               "### Checks\n\n- ☐ EU dashboards green\n\n"
                               "## Phase 4: Everyone (100%)\n\nStatus: n/a\n\n- [ ] Turn the flag on\n\n"
                               "## Phase 5: Cleanup (10%)\n\n- [ ] Remove the flag\n");
    CHECK(listed(document) == Lines{"heading n/a Phase 3: EU (50%) | (SKIPPED) @1", "box n/a Turn the flag on in EU |  @3",
                                    "box done Tell EU support |  @4", "mark n/a EU dashboards green | ☐ @8",
                                    "status n/a Phase 4: Everyone (100%) | n/a @12", "box n/a Turn the flag on |  @14",
                                    "box open Remove the flag |  @18"});
  }
  SUBCASE("in two steps: a piece without the stage heading above it keeps its marks until settled")
  {
    auto piece = markdown::parse_document("log.md", "### Checks\n\n- ☐ dashboards green\n");
    evidence::recognise_locally(words(), piece);
    CHECK(piece.items.size() == 1);
    evidence::recognise_in_context(piece);
    CHECK(piece.items.empty());
  }
}

TEST_CASE("find_marks (a team's marks)")
{
  // A team that writes 🟢 and 🔴, and "LANDED" after its stages, with no ✅.
  const auto custom = team("completion-marks:\n  done: [\"🟢\", landed]\n  open: [\"🔴\"]\n"
                           "status-labels: [health]\n");
  const std::string text = "## Phase 1: Staff (1%) (LANDED)\n\n- 🟢 Flag on\n- 🔴 Support told\n\nHealth: 🟢\n";
  CHECK(listed(read(text, custom)) == Lines{"heading done Phase 1: Staff (1%) | (LANDED) @1", "mark done Flag on | 🟢 @3",
                                            "mark open Support told | 🔴 @4", "status done Phase 1: Staff (1%) | 🟢 @6"});
  CHECK(read(text).items.empty());
  const auto without = team("completion-marks:\n  open: {remove: [\"☐\"]}\n");
  CHECK(read("## Phase 1: Staff (1%)\n\n- [x] Flag on\n- ☐ Support told\n", without).items.size() == 1);
  CHECK(read("## Phase 1: Staff (1%)\n\n- [x] Flag on\n- ☐ Support told\n").items.size() == 2);
  // A team whose checklists are written with ✅ bullets says ✅ is no verdict for it.
  const auto ticks = team("verdict-marks: {remove: [\"✅\"]}\n");
  CHECK(read("## Phase 1: Staff (1%) (DONE)\n\n- ✅ Flag on\n- ✅ Support told\n", ticks).items.size() == 3);
  CHECK(read("## Phase 1: Staff (1%) (DONE)\n\n- ✅ Flag on\n- ✅ Support told\n").items.size() == 1);
}

TEST_CASE("may_hold_marks")
{
  CHECK_FALSE(evidence::may_hold_marks(words(), "# Notes\n\nAll done; ✅ everywhere, but no stage is named.\n"));
  CHECK_FALSE(evidence::may_hold_marks(words(), "# Phase 2\n\nNothing states a state here.\n"));
  CHECK(evidence::may_hold_marks(words(), "## Phase 2\n\n- ✅ flag on\n"));
  CHECK(evidence::may_hold_marks(words(), "## Phase 2\n\n| Step | Status |\n| --- | --- |\n| a | |\n"));
  // Words a parse joins: emphasis, code, escapes and inline HTML inside a word.
  CHECK(evidence::may_hold_marks(words(), "## Pha*se* 2\n\nStatus: DO**NE**\n"));
  CHECK(evidence::may_hold_marks(words(), "## Phase 2\n\nStatus: DO<b>NE</b>\n"));
  CHECK(evidence::may_hold_marks(words(), "## Ph`a`se 2\n\nStatus: D\\ONE\n"));
  // It answers for the parse: where it says no, the parse finds no item (the history walk's tests hold it
  // to every fixture document).
  for (const char* text : {"# Phase 2\n\nNo state.\n", "# Notes\n\n✅ done\n", "## Phase 2 (DONE)\n",
                           "## Canary\n\n**Status**: ✅\n", "## Canary\n\n| Step | Status |\n| --- | --- |\n| a | |\n"}) {
    CAPTURE(text);
    CHECK(evidence::may_hold_marks(words(), text) == !read(text).items.empty());
  }
}
