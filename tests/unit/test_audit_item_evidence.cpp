#include "audit/item_evidence.hpp"
#include "audit/rule.hpp"
#include "../support/words.hpp"

#include "corpus/corpus.hpp"

#include <doctest/doctest.h>

using test_support::words;

namespace {

// A whole audit state on an in-memory tree: no disk, no clock.
struct World
{
  explicit World(std::map<std::string, std::string> files)
  {
    for (auto& [path, bytes] : files) {
      file_system.add_file(path, bytes);
    }
    corpus = std::make_unique<corpus::Corpus>(file_system, corpus::Options{});
    facts = audit::build_facts(*corpus, config, words(), timeline, "");
  }
  const audit::DocumentFacts& document(const std::string& path) const
  {
    return *facts.document(path);
  }

  corpus::MemoryFileSystem file_system;
  config::Config config;
  audit::WorkingTreeTimeline timeline{1761955200};
  std::unique_ptr<corpus::Corpus> corpus;
  audit::Facts facts;
};

const char* const k_checklist = "---\ntitle: AI Broker Rollout Execution Checklist\n---\n\n"
                                "# AI Broker Rollout Execution Checklist\n\n"
                                "## 2. Validation Stage (10 Percent Traffic)\n\n"
                                "- [x] Record findings in `docs/work-log.md` under a new Phase 3 entry.\n"
                                "- [x] Attach logs to `docs/validation-reports/` if new evidence is collected.\n"
                                "- [x] Update `docs/ai-broker-COMPLETION.md` with actual rollout metrics.\n"
                                "- [x] Redeploy worker/service.\n\n"
                                "## 3. Ramp Stage (50 Percent Traffic)\n\n"
                                "- [x] Capture results in the work log.\n";

} // namespace

TEST_CASE("evidence_needs")
{
  World world({{"docs/checklist.md", k_checklist}, {"docs/work-log.md", "# Log\n"}});
  const auto& document = world.document("docs/checklist.md");
  const auto& items = document.document.items;

  auto needs = audit::evidence_needs(world.facts, document, items[0]);
  REQUIRE(needs.size() == 1);
  CHECK(needs[0].kind == audit::EvidenceKind::work_log_entry);
  CHECK(needs[0].target == "docs/work-log.md");
  CHECK(needs[0].entry_topic == "Phase 3");

  needs = audit::evidence_needs(world.facts, document, items[1]);
  REQUIRE(needs.size() == 1);
  CHECK(needs[0].kind == audit::EvidenceKind::evidence_file);
  CHECK(needs[0].target == "docs/validation-reports");

  needs = audit::evidence_needs(world.facts, document, items[2]);
  REQUIRE(needs.size() == 1);
  CHECK(needs[0].kind == audit::EvidenceKind::completion_report);
  CHECK(needs[0].target == "docs/ai-broker-COMPLETION.md");

  CHECK(audit::evidence_needs(world.facts, document, items[3]).empty());

  needs = audit::evidence_needs(world.facts, document, items[4]);
  REQUIRE(needs.size() == 1);
  CHECK(needs[0].kind == audit::EvidenceKind::work_log_entry);
  CHECK(needs[0].entry_topic.empty());

  // Kept per item, since several checks ask about each: asked again, each item gets its own answer, and
  // an item that is not the document's own (a copy) is answered from its words.
  CHECK(audit::evidence_needs(world.facts, document, items[2])[0].target == "docs/ai-broker-COMPLETION.md");
  CHECK(audit::evidence_needs(world.facts, document, items[0])[0].entry_topic == "Phase 3");
  markdown::TaskItem copy = items[3];
  copy.text = "Record findings in the work log.";
  CHECK(audit::evidence_needs(world.facts, document, copy).size() == 1);
  CHECK(audit::evidence_needs(world.facts, document, items[3]).empty());
}

TEST_CASE("entries_for_stage")
{
  World world({{"docs/checklist.md", k_checklist},
               {"docs/work-log.md",
                "# Log\n\n"
                "## 2025-10-23 - AI Broker ramp\n\nRamped to 50%.\n\n"
                "## 2025-10-22 - AI Broker Phase 3 validation\n\nNext: ramp on 2025-10-23.\n\n"
                "## 2025-10-20 - Search reindex validation\n\nDone.\n"},
               {"docs/search-reindex-rollout.md",
                "# Search Reindex Rollout Checklist\n\n## 1. Validation (10% of traffic)\n\n- [x] a\n"
                "- [ ] If error rate > 1 percent, roll back.\n\n## 2. Cutover\n\n- [ ] b\n"}});
  const auto& document = world.document("docs/checklist.md");
  REQUIRE(document.stages.size() == 2);
  CHECK(document.rollout == "ai-broker");

  const auto validation = audit::entries_for_stage(world.facts, document, 0);
  REQUIRE(validation.size() == 1); // the search reindex entry names another rollout
  CHECK(validation[0].entry->topic == "AI Broker Phase 3 validation");

  const auto ramp = audit::entries_for_stage(world.facts, document, 1);
  REQUIRE(ramp.size() == 1); // "Next: ramp on ..." plans the ramp, it does not record it
  CHECK(ramp[0].entry->topic == "AI Broker ramp");
}

TEST_CASE("referenced_stage")
{
  World world(std::map<std::string, std::string>{
    {"docs/checklist.md", "# X\n\n## 1. Validation\n\n- [x] a\n\n## 2. Ramp\n\n- [x] b\n\n## 3. Cutover\n\n- [ ] c\n"}});
  const auto& document = world.document("docs/checklist.md");
  CHECK(audit::referenced_stage(document, 2, "Preconditions met: Ramp window stable for 72 hours") == 1);
  CHECK(audit::referenced_stage(document, 2, "Preconditions met: validation complete") == 0);
  CHECK(audit::referenced_stage(document, 2, "Preconditions met") == 1);
  CHECK(audit::referenced_stage(document, 0, "Preconditions met") == -1);
}

namespace {

markdown::TaskItem item_saying(const std::string& text)
{
  markdown::TaskItem result;
  result.text = text;
  return result;
}

using test_support::team_words;

} // namespace

TEST_CASE("is_communication")
{
  CHECK(audit::is_communication(words(), item_saying("Announce ramp in #ai-broker with current metrics.")));
  CHECK(audit::is_communication(words(), item_saying("Notify stakeholders with incident summary.")));
  CHECK_FALSE(audit::is_communication(words(), item_saying("Send test notifications and log delivery latency.")));
  CHECK_FALSE(audit::is_communication(words(), item_saying("Post-deploy: verify the dashboard.")));
  const auto team = team_words("communication-verbs: [page]\naudiences: [\"the release train\"]\n");
  CHECK(audit::is_communication(team, item_saying("Page the release train with the p95 figures.")));
  CHECK_FALSE(audit::is_communication(words(), item_saying("Page the release train with the p95 figures.")));
}

TEST_CASE("is_conditional")
{
  CHECK(audit::is_conditional(words(), item_saying("Attach screenshots to `docs/validation-reports/` if new evidence is collected.")));
  CHECK(audit::is_conditional(words(), item_saying("Record the fallback rate when the fallback was used.")));
  CHECK_FALSE(audit::is_conditional(words(), item_saying("Record findings in the work log.")));
  CHECK_FALSE(audit::is_conditional(words(), item_saying("Verify the cliff-edge dashboards.")));
}

TEST_CASE("is_precondition")
{
  CHECK(audit::is_precondition(words(), item_saying("Preconditions met: validation window complete.")));
  CHECK(audit::is_precondition(words(), item_saying("Gate: canary clean for 48 hours")));
  CHECK(audit::is_precondition(words(), item_saying("Go/no-go: error budget intact")));
  CHECK_FALSE(audit::is_precondition(words(), item_saying("Gateway config reloaded")));
  CHECK_FALSE(audit::is_precondition(words(), item_saying("Confirm preconditions with the team")));
  CHECK(audit::is_precondition(team_words("preconditions: [\"entry check\"]\n"), item_saying("Entry check: replicas in sync")));
}

TEST_CASE("is_placeholder")
{
  CHECK(audit::is_placeholder(words(), "docs/validation-reports/README.md"));
  CHECK(audit::is_placeholder(words(), "docs/validation-reports/.gitkeep"));
  CHECK(audit::is_placeholder(words(), "docs/validation-reports/template-rollout.md"));
  CHECK_FALSE(audit::is_placeholder(words(), "docs/validation-reports/router-readme-check.md"));
  CHECK_FALSE(audit::is_placeholder(words(), "docs/validation-reports/router-latency.csv"));
  CHECK(audit::is_placeholder(team_words("placeholders: [example]\n"), "docs/validation-reports/example-run.md"));
}

TEST_CASE("describe_item")
{
  markdown::TaskItem item;
  item.line = 21;
  item.text = "Redeploy the service.";
  CHECK(audit::describe_item(item) == "line 21 'Redeploy the service.'");
  // Long items are cut by util::shorten at 60 characters, between two characters, never inside one: byte 57,
  // where the old cut fell, is inside a Japanese character of this item.
  item.text = "Redeploy the confirmation service — 再デプロイ後、トラフィックを増やす前に支払い確認のダッシュボードを確認する";
  CHECK(audit::describe_item(item) == "line 21 'Redeploy the confirmation service — 再デプロイ後、トラフィックを増やす前に支払い確…'");
}

TEST_CASE("describe_items")
{
  const World world(std::map<std::string, std::string>{{"docs/a.md", "# A\n\n- [ ] one\n- [ ] two\n- [ ] Verificação de todas as páginas de pagamento após a migração do serviço\n- [ ] four\n"}});
  CHECK(audit::describe_items(world.document("docs/a.md"), {0, 2, 1, 3}) ==
        "line 3 'one', line 5 'Verificação de todas as páginas de pagamento após a migraçã…', line 4 'two' and 1 more");
}

TEST_CASE("item_window")
{
  markdown::TaskItem item;
  item.text = "Phase 2: Beta (10%)";
  item.status = "✅ DONE";
  CHECK_FALSE(audit::item_window(words(), item, ""));
  // What the status said until it was marked done.
  auto window = audit::item_window(words(), item, "⏳ Pending phase 1 completion (24h)");
  REQUIRE(window);
  CHECK(window->said_before);
  CHECK(window->window.written == "Pending phase 1 completion (24h)");
  // The status as it reads now, then the item's own words, come first.
  item.status = "✅ done after the 48h soak";
  window = audit::item_window(words(), item, "⏳ Pending phase 1 completion (24h)");
  REQUIRE(window);
  CHECK_FALSE(window->said_before);
  CHECK(window->window.seconds == 48 * 3600);
  item.text = "Widen once the canary is stable for 72 hours";
  CHECK(audit::item_window(words(), item, "")->window.written == "stable for 72 hours");
}
