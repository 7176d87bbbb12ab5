#include "evidence/items.hpp"
#include "audit/rule.hpp"

#include "../support/words.hpp"

#include <doctest/doctest.h>

using evidence::classify_item;
using markdown::ItemKind;
using test_support::words;

TEST_CASE("classify_item")
{
  SUBCASE("not applicable")
  {
    CHECK(classify_item(words(), "Anything at all", true) == ItemKind::not_applicable);
    CHECK(classify_item(words(), "N/A - no mobile client", false) == ItemKind::not_applicable);
    CHECK(classify_item(words(), "n/a", false) == ItemKind::not_applicable);
    CHECK(classify_item(words(), "(N/A) mobile", false) == ItemKind::not_applicable);
    CHECK(classify_item(words(), "Not applicable: no worker", false) == ItemKind::not_applicable);
    CHECK(classify_item(words(), "( not applicable )", false) == ItemKind::not_applicable);
    CHECK(classify_item(words(), "Redeploy the router service. N/A: it hot-reloads its configuration", false)
          == ItemKind::not_applicable);
    CHECK(classify_item(words(), "Check the n/a-count metric", false) == ItemKind::step);
    CHECK(classify_item(words(), "Route traffic via API/N/A gateway", false) == ItemKind::step);
  }

  SUBCASE("optional")
  {
    CHECK(classify_item(words(), "Optional: warm the cache", false) == ItemKind::optional);
    CHECK(classify_item(words(), "(optional) warm the cache", false) == ItemKind::optional);
    CHECK(classify_item(words(), "Warm the cache (optional)", false) == ItemKind::optional);
    CHECK(classify_item(words(), "Re-run smoke chats if needed", false) == ItemKind::optional);
    CHECK(classify_item(words(), "Notify support if applicable", false) == ItemKind::optional);
  }

  SUBCASE("guard")
  {
    CHECK(classify_item(words(), "If failure rate >= 2 percent or response P95 > 5 s, rollback immediately (see Section 5).",
                        false)
          == ItemKind::guard);
    CHECK(classify_item(words(), "When errors spike, page the on-call engineer", false) == ItemKind::guard);
    CHECK(classify_item(words(), "Should the queue back up, halt the ramp", false) == ItemKind::guard);
    CHECK(classify_item(words(), "In case of data loss, revert the migration", false) == ItemKind::guard);
    CHECK(classify_item(words(), "if P95 > 5 s, Escalate", false) == ItemKind::guard);
    // The reaction first, then a condition on a figure.
    CHECK(classify_item(words(), "Abort (set ROUTER_SHARE=0) if error rate reaches 1 percent", false) == ItemKind::guard);
    CHECK(classify_item(words(), "Pause the ramp when p99 latency exceeds 800 ms", false) == ItemKind::guard);
  }

  SUBCASE("step")
  {
    CHECK(classify_item(words(), "Attach production screenshots or logs (anonymized) to docs/validation-reports/ if new "
                        "evidence is collected.",
                        false)
          == ItemKind::step);
    CHECK(classify_item(words(), "Roll back the staging flag", false) == ItemKind::step);
    CHECK(classify_item(words(), "If the dashboard is green, post an update", false) == ItemKind::step);
    CHECK(classify_item(words(), "If the homepage loads, continue", false) == ItemKind::step);
    CHECK(classify_item(words(), "Iffy wording, rollback", false) == ItemKind::step);
    CHECK(classify_item(words(), "", false) == ItemKind::step);
    // A reaction and a condition without a figure: a step of the plan, not a guard.
    CHECK(classify_item(words(), "Stop the old worker when the new one is healthy", false) == ItemKind::step);
    CHECK(classify_item(words(), "Make the flag optional for tenants", false) == ItemKind::step);
    CHECK(classify_item(words(), "Verify no jobs were skipped", false) == ItemKind::step);
  }

  SUBCASE("skipped")
  {
    CHECK(classify_item(words(), "Skipped: the mobile client has no users yet", false) == ItemKind::not_applicable);
    CHECK(classify_item(words(), "(won't do) shadow traffic", false) == ItemKind::not_applicable);
  }
}


TEST_CASE("classify_item (a team's vocabulary)")
{
  // A team that writes "freeze" for its reaction and "unless" only in prose.
  YAML::Node node = YAML::Load("reactions: [freeze]\ncondition-words: {remove: [unless]}\n");
  auto layer = vocabulary::parse_layer("team.yaml", node);
  REQUIRE(layer);
  auto team = audit::assemble_vocabulary({audit::default_rule_pack()}, *layer);
  REQUIRE(team);
  CHECK(classify_item(*team, "If p95 > 2 s, freeze the deploy", false) == ItemKind::guard);
  CHECK(classify_item(words(), "If p95 > 2 s, freeze the deploy", false) == ItemKind::step);
  CHECK(classify_item(*team, "Unless p95 > 2 s, roll back", false) == ItemKind::step);
}

TEST_CASE("recognise_items")
{
  auto document = markdown::parse_document("x.md",
                                           "## Stage 2: Ramp\n\n"
                                           "- [ ] ~~Drain the old queue~~\n"
                                           "- [ ] ~~Drain~~ the queue\n"
                                           "- [ ] N/A: no mobile client\n"
                                           "- [ ] Optional: warm the cache\n"
                                           "- [ ] Re-run smoke chats if needed\n"
                                           "- [ ] If P95 > 5 s, roll back\n"
                                           "- [ ] If the dashboard is green, post an update\n"
                                           "## Wave 3 - everyone\n\n"
                                           "## Phase two\n");
  evidence::recognise_items(words(), document);
  REQUIRE(document.items.size() == 7);
  CHECK(document.items[0].kind == ItemKind::not_applicable);
  CHECK(document.items[1].kind == ItemKind::step);
  CHECK(document.items[2].kind == ItemKind::not_applicable);
  CHECK(document.items[3].kind == ItemKind::optional);
  CHECK(document.items[4].kind == ItemKind::optional);
  CHECK(document.items[5].kind == ItemKind::guard);
  CHECK(document.items[6].kind == ItemKind::step);
  REQUIRE(document.sections.size() == 3);
  CHECK(document.sections[0].number == 2);
  CHECK(document.sections[1].number == 3);
  CHECK(document.sections[2].number == -1);
}
