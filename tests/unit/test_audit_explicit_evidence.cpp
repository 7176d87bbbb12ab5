#include "audit/explicit_evidence.hpp"

#include <doctest/doctest.h>

namespace {

markdown::TaskItem item_with(std::vector<markdown::HtmlComment> comments)
{
  markdown::TaskItem item;
  item.comments = std::move(comments);
  return item;
}

} // namespace

TEST_CASE("explicit_links")
{
  SUBCASE("targets, anchors, several per comment")
  {
    const auto links = audit::explicit_links(item_with(
      {{12, "rollout-audit-evidence: ops/journal.md#Cohort A diff , ops/evidence/a.csv"}, {13, "a note to the reader"}}));
    REQUIRE(links.size() == 2);
    CHECK(links[0].target == "ops/journal.md");
    CHECK(links[0].anchor == "Cohort A diff");
    CHECK(links[0].written == "ops/journal.md#Cohort A diff");
    CHECK(links[0].line == 12);
    CHECK(links[1].target == "ops/evidence/a.csv");
    CHECK(links[1].anchor.empty());
  }
  SUBCASE("the colon may be left out")
  {
    const auto links = audit::explicit_links(item_with({{3, "rollout-audit-evidence ../reports/wave-1.md"}}));
    REQUIRE(links.size() == 1);
    CHECK(links[0].target == "../reports/wave-1.md");
  }
  SUBCASE("a directive without a target is kept, so that it can be reported")
  {
    const auto links = audit::explicit_links(item_with({{7, "rollout-audit-evidence:  "}}));
    REQUIRE(links.size() == 1);
    CHECK(links[0].target.empty());
    CHECK(links[0].line == 7);
  }
  SUBCASE("other comments are not links")
  {
    CHECK(audit::explicit_links(item_with({{1, "rollout-audit-evidenced: x.md"}})).empty());
    CHECK(audit::explicit_links(item_with({{1, "evidence: x.md"}})).empty());
    CHECK(audit::explicit_links(item_with({{1, "rollout-audit-disable-next-line evidence-missing"}})).empty());
  }
}
