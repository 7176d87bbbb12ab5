#include "audit/kinds.hpp"
#include "../support/words.hpp"

#include "corpus/file_system.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using test_support::words;

namespace {

// A search team's move to a new indexer, in stages named by share and by word, with a guard, a gate and a
// window: a rollout.
const char* const k_cutover = "# Search Indexer Cutover Runbook\n"       // 1
                              "\n"                                         // 2
                              "## Canary (5% of queries)\n"                // 3
                              "\n"                                         // 4
                              "- [x] Send 5% of queries to the new indexer.\n"                       // 5
                              "- [ ] If error rate > 1 percent, roll back to the old indexer.\n"     // 6
                              "\n"                                         // 7
                              "## Stage B - Half traffic\n"                // 8
                              "\n"                                         // 9
                              "- [ ] Gate: canary clean for 48 hours.\n"   // 10
                              "- [ ] Shift half of the queries.\n"         // 11
                              "\n"                                         // 12
                              "## Stage C - All traffic\n"                 // 13
                              "\n"                                         // 14
                              "- [ ] Move the remaining queries.\n";       // 15

// The plan the cutover executes: its own tasks, and a sign-off held against the cutover.
const char* const k_plan = "# Search Indexer Migration Plan\n"                      // 1
                           "\n"                                                     // 2
                           "Executed with `search-cutover.md`.\n"                   // 3
                           "\n"                                                     // 4
                           "## Task 1: Build the index\n"                           // 5
                           "\n"                                                     // 6
                           "- [ ] Write the schema.\n"                              // 7
                           "\n"                                                     // 8
                           "## Final Sign-off\n"                                    // 9
                           "\n"                                                     // 10
                           "- [ ] Old indexer switched off for a week.\n";          // 11

struct Tree
{
  corpus::MemoryFileSystem files;
  config::Config config;

  audit::Facts facts(const corpus::Corpus& corpus) const
  {
    static const audit::WorkingTreeTimeline timeline(1'761'955'200);
    return audit::build_facts(corpus, config, words(), timeline, "", 1);
  }
};

struct Kind
{
  std::string kind;
  std::vector<std::string> reasons;
  bool operator==(const Kind&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Kind& kind)
{
  out << kind.kind << ":";
  for (const auto& reason : kind.reasons) {
    out << " [" << reason << "]";
  }
  return out;
}

Kind kind_of(const Tree& tree, const std::string& path)
{
  const corpus::Corpus corpus(tree.files, corpus::Options{});
  const audit::Facts facts = tree.facts(corpus);
  const auto* document = facts.document(path);
  REQUIRE(document);
  return Kind{std::string(config::to_string(document->kind)), document->kind_reasons};
}

} // namespace

TEST_CASE("assign_kinds (inferred)")
{
  Tree tree;
  tree.files.add_file("docs/search-cutover.md", k_cutover);

  SUBCASE("a rollout: stages with a traffic share, or named by rollout words with something that stops, waits or checks")
  {
    CHECK(kind_of(tree, "docs/search-cutover.md")
          == Kind{"rollout",
                  {"3 rollout stages (lines 3, 8, 13), 3 with a traffic share", "rollback guard (line 6)", "gate (line 10)",
                   "window 'clean for 48 hours' (line 10)"}});
    tree.files.add_file("docs/pilot.md", "# Pilot\n\n## Pilot (10% of users)\n\n- [ ] Invite.\n");
    CHECK(kind_of(tree, "docs/pilot.md") == Kind{"rollout", {"1 rollout stage (line 3), 1 with a traffic share"}});
    tree.files.add_file("docs/named.md", "# Flags\n\n## Dogfooding\n\n- [x] Staff.\n\n## General availability\n\n"
                                         "- [ ] Gate: dogfooding stable for 3 days.\n");
    CHECK(kind_of(tree, "docs/named.md")
          == Kind{"rollout", {"2 rollout stages (lines 3, 7)", "gate (line 9)", "window 'stable for 3 days' (line 9)"}});
    // Stages whose state is a status line: the wait their status states counts as a box's would.
    tree.files.add_file("docs/status.md", "# Flags\n\n## Pilot\n\n**Status:** ✅ DONE\n\n## Beta\n\n"
                                          "**Status:** ⏳ Awaiting the pilot sign-off (48h)\n");
    CHECK(kind_of(tree, "docs/status.md")
          == Kind{"rollout", {"2 rollout stages (lines 3, 7)", "window 'Awaiting the pilot sign-off (48h)' (line 9)"}});
  }
  SUBCASE("a plan: a final checklist, named by a rollout or naming one (here by a bare file name)")
  {
    tree.files.add_file("docs/plans/search-migration.md", k_plan);
    CHECK(kind_of(tree, "docs/plans/search-migration.md")
          == Kind{"plan", {"final checklist 'Final Sign-off' (line 9)", "names the rollout docs/search-cutover.md (line 3)"}});
  }
  SUBCASE("a plan named by its rollout")
  {
    tree.files.add_file("docs/plans/search-migration.md", "# Migration\n\n## Success Checklist\n\n- [ ] Done.\n");
    tree.files.add_file("docs/search-cutover.md", std::string("Part of `plans/search-migration.md`.\n\n") + k_cutover);
    CHECK(kind_of(tree, "docs/plans/search-migration.md")
          == Kind{"plan", {"final checklist 'Success Checklist' (line 3)", "named by the rollout docs/search-cutover.md (line 1)"}});
  }
  SUBCASE("a final checklist no rollout knows of is a plan's in name only")
  {
    tree.files.add_file("docs/plans/search-migration.md", "# Migration\n\n## Tasks\n\n- [x] Schema.\n\n## Final Sign-off\n\n- [ ] Done.\n");
    CHECK(kind_of(tree, "docs/plans/search-migration.md")
          == Kind{"other",
                  {"2 boxes under 2 headings, none a rollout stage",
                   "final checklist 'Final Sign-off' (line 7), but no rollout names it or is named by it"}});
  }
  SUBCASE("records: by the words of the title or the file name, by a date or an archive folder")
  {
    tree.files.add_file("docs/notes/week-38.md", "# Session notes, week 38\n\n- [x] Paired on the indexer.\n");
    tree.files.add_file("docs/search_RETRO.md", "# Indexer\n\n- [x] Went well.\n");
    tree.files.add_file("docs/2025-09-20_indexer.md", "# Indexer\n\n- [x] Benchmarked.\n");
    tree.files.add_file("docs/archive/indexer.md", "# Indexer\n\n- [ ] Old idea.\n");
    CHECK(kind_of(tree, "docs/notes/week-38.md") == Kind{"record", {"'Session notes' in the title"}});
    CHECK(kind_of(tree, "docs/search_RETRO.md") == Kind{"record", {"'RETRO' in the file name"}});
    CHECK(kind_of(tree, "docs/2025-09-20_indexer.md")
          == Kind{"record", {"dated file name ('2025-09-20')", "1 box under 1 heading, none a rollout stage"}});
    CHECK(kind_of(tree, "docs/archive/indexer.md")
          == Kind{"record", {"in the archive folder 'docs/archive/'", "1 box under 1 heading, none a rollout stage"}});
  }
  SUBCASE("records: by a folder whose name holds a record word, plural or not")
  {
    tree.files.add_file("docs/incidents/db-failover.md", "# DB failover\n\n- [x] Paged.\n");
    tree.files.add_file("docs/team-reports/sprint-12.md", "# Sprint 12\n\n- [x] Shipped.\n");
    tree.files.add_file("docs/reporting/dashboards.md", "# Dashboards\n\n- [ ] Add one.\n");
    tree.files.add_file("docs/reports/search-cutover.md", k_cutover);
    CHECK(kind_of(tree, "docs/incidents/db-failover.md")
          == Kind{"record", {"in the record folder 'docs/incidents/'", "1 box under 1 heading, none a rollout stage"}});
    CHECK(kind_of(tree, "docs/team-reports/sprint-12.md").kind == "record");
    CHECK(kind_of(tree, "docs/reporting/dashboards.md").kind == "other"); // "reporting" is no record word
    CHECK(kind_of(tree, "docs/reports/search-cutover.md").kind == "rollout"); // its structure outweighs its folder
  }
  SUBCASE("a rollout's structure outweighs a date and an archive folder; its title's words do not")
  {
    tree.files.add_file("docs/archive/2025-09-01-cutover.md", k_cutover);
    tree.files.add_file("docs/cutover-summary.md", k_cutover);
    CHECK(kind_of(tree, "docs/archive/2025-09-01-cutover.md").kind == "rollout");
    CHECK(kind_of(tree, "docs/cutover-summary.md")
          == Kind{"record",
                  {"'summary' in the file name",
                   "a record although it has 3 rollout stages (lines 3, 8, 13), 3 with a traffic share; audit_kind: rollout "
                   "audits it as one"}});
  }
  SUBCASE("others: acceptance criteria, questionnaires, staged work without a guard")
  {
    tree.files.add_file("docs/design.md", "# Ranking design\n\n## Acceptance criteria\n\n- [ ] Ties broken by date.\n");
    tree.files.add_file("docs/readme.md", "# Search\n\nNo boxes here.\n");
    tree.files.add_file("docs/one.md", "# Pilot\n\n## Pilot\n\n- [ ] Invite.\n");
    tree.files.add_file("docs/two.md", "# Work\n\n## Phase 1\n\n- [ ] Draft.\n\n## Phase 2: Beta\n\n- [ ] Ship.\n");
    CHECK(kind_of(tree, "docs/design.md") == Kind{"other", {"1 box under 1 heading, none a rollout stage"}});
    CHECK(kind_of(tree, "docs/readme.md") == Kind{"other", {"no boxes"}});
    CHECK(kind_of(tree, "docs/one.md")
          == Kind{"other", {"1 rollout stage ('Pilot', line 3) and no traffic share; a rollout has two or more, or a share"}});
    CHECK(kind_of(tree, "docs/two.md")
          == Kind{"other", {"2 rollout stages (lines 3, 7), but no traffic share, gate, window, threshold or rollback guard"}});
  }
  SUBCASE("numbered phases are a plan's; a rollback heading guards only stages with a traffic share")
  {
    const std::string phases = "# Work\n\n## Phase 1\n\n- [ ] Draft.\n\n## Phase 2\n\n- [ ] Ship.\n\n## Revert\n\nUndo it.\n";
    tree.files.add_file("docs/phases.md", phases);
    tree.files.add_file("docs/named.md", "# Work\n\n## Pilot\n\n- [ ] Draft.\n\n## Beta\n\n- [ ] Ship.\n\n## Revert\n\nUndo it.\n");
    tree.files.add_file("docs/shares.md", "# Work\n\n## Pilot\n\n- [ ] Draft.\n\n## 20% of traffic\n\n| Step | Done |\n\n## Revert\n\nUndo it.\n");
    CHECK(kind_of(tree, "docs/phases.md")
          == Kind{"other",
                  {"2 rollout stages (lines 3, 7), numbered only; a rollout's stages are named by a traffic share or a rollout word"}});
    CHECK(kind_of(tree, "docs/named.md")
          == Kind{"other",
                  {"2 rollout stages (lines 3, 7) and rollback section 'Revert' (line 11), but no traffic share, gate, window, "
                   "threshold or rollback guard"}});
    // A stage whose steps are not boxes (a table) still names the rollout's stages.
    CHECK(kind_of(tree, "docs/shares.md")
          == Kind{"rollout", {"2 rollout stages (lines 3, 7), 1 with a traffic share", "rollback section 'Revert' (line 11)"}});
  }
  SUBCASE("a percentage is a traffic share where the heading says it is traffic or a stage")
  {
    tree.files.add_file("docs/palette.md", "# Palette\n\n## Colours (95% grey)\n\n- [ ] Grey.\n\n## Checks (100% pass)\n\n"
                                           "- [ ] Pass.\n\n## Rollback\n\nUndo.\n");
    CHECK(kind_of(tree, "docs/palette.md") == Kind{"other", {"2 boxes under 2 headings, none a rollout stage"}});
  }
  SUBCASE("roles: the work log and completion reports are records")
  {
    tree.files.add_file("docs/work-log.md", "# Log\n\n## 2025-09-20 - Canary\n\n- [x] Five percent.\n");
    tree.files.add_file("docs/search-COMPLETION.md", "# Done\n");
    tree.config.work_logs = {"docs/work-log.md"};
    tree.config.completion_reports = {"*-COMPLETION.md"};
    CHECK(kind_of(tree, "docs/work-log.md") == Kind{"record", {"a work log (work_log: 'docs/work-log.md')"}});
    CHECK(kind_of(tree, "docs/search-COMPLETION.md") == Kind{"record", {"a completion report (completion_reports: '*-COMPLETION.md')"}});
  }
}

TEST_CASE("assign_kinds (stated)")
{
  Tree tree;
  tree.files.add_file("docs/search-cutover.md", k_cutover);
  tree.files.add_file("docs/survey.md", "---\naudit_kind: Rollout\n---\n# Survey\n\n- [ ] Which region first?\n");
  tree.files.add_file("docs/retro/cutover.md", k_cutover);

  SUBCASE("the front matter's audit_kind wins over the words")
  {
    CHECK(kind_of(tree, "docs/survey.md") == Kind{"rollout", {"audit_kind: rollout in the front matter (line 2)"}});
  }
  SUBCASE("the configuration's kinds: wins over the words, the front matter over both")
  {
    auto parsed = config::parse_config(".rollout-audit.yaml", "kinds:\n  plan: docs/survey.md\n  record: [docs/retro/**]\n");
    REQUIRE(parsed);
    tree.config = *parsed;
    CHECK(kind_of(tree, "docs/retro/cutover.md")
          == Kind{"record", {"kinds: record: 'docs/retro/**' in .rollout-audit.yaml (line 3)"}});
    CHECK(kind_of(tree, "docs/survey.md").kind == "rollout");
  }
  SUBCASE("an audit_kind that names no kind is said, and the kind inferred")
  {
    tree.files.add_file("docs/survey.md", "---\naudit_kind: rolout\n---\n# Survey\n\n- [ ] Which region first?\n");
    CHECK(kind_of(tree, "docs/survey.md")
          == Kind{"other",
                  {"audit_kind 'rolout' in the front matter (line 2) is not a kind; inferred instead",
                   "1 box under 1 heading, none a rollout stage"}});
  }
}

TEST_CASE("in_kind_scope")
{
  Tree tree;
  tree.files.add_file("docs/search-cutover.md", k_cutover);
  tree.files.add_file("docs/plans/search-migration.md", k_plan);
  const corpus::Corpus corpus(tree.files, corpus::Options{});
  const audit::Facts facts = tree.facts(corpus);
  const auto& plan = *facts.document("docs/plans/search-migration.md");
  REQUIRE(plan.kind == config::Kind::plan);
  CHECK_FALSE(audit::in_kind_scope(plan, plan.document.items[0])); // its task list
  CHECK(audit::in_kind_scope(plan, plan.document.items[1]));       // its final checklist
  const auto& rollout = *facts.document("docs/search-cutover.md");
  CHECK(std::all_of(rollout.document.items.begin(), rollout.document.items.end(),
                    [&](const markdown::TaskItem& item) { return audit::in_kind_scope(rollout, item); }));
}
