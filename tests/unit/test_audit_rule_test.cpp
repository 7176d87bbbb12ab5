#include "audit/rule_test.hpp"

#include <doctest/doctest.h>

namespace {

audit::Finding finding(const std::string& file, int line, const std::string& rule)
{
  audit::Finding result;
  result.file = file;
  result.line = line;
  result.rule = rule;
  result.message = "ticked, but it is not backed";
  return result;
}

} // namespace

TEST_CASE("read_expectations")
{
  const auto expectations = audit::read_expectations("<!-- expect: front-matter -->\n# Title\n\n"
                                                     "<!-- expect: a, b -->\n\n<!--expect-not:c-->\n- [x] Step\n"
                                                     "<!-- expect a -->\n- [x] Other\n");
  REQUIRE(expectations.size() == 4);
  CHECK(expectations[0].line == 2);
  CHECK(expectations[0].annotation_line == 1);
  CHECK(expectations[1].rule == "a");
  CHECK(expectations[1].line == 7); // past blank lines and the next annotation
  CHECK(expectations[2].rule == "b");
  CHECK(expectations[3].rule == "c");
  CHECK_FALSE(expectations[3].present);
  CHECK(expectations[3].line == 7); // "<!-- expect a -->", without its colon, is no annotation
}

TEST_CASE("read_expectations in front matter")
{
  const auto expectations = audit::read_expectations("---\ntitle: x\n# expect: front-matter\nlast_reviewed: 2025-13-01\n---\n\n"
                                                     "# expect: not-an-annotation-here\n");
  REQUIRE(expectations.size() == 1);
  CHECK(expectations[0].line == 4);
  CHECK(expectations[0].annotation_line == 3);
}

TEST_CASE("compare_expectations")
{
  const std::vector<std::string> known{"a", "b", "front-matter"};
  SUBCASE("every tested finding expected, every expect-not held")
  {
    const auto outcome = audit::compare_expectations(
      {{"x.md", {{2, 1, "a", true}, {4, 3, "b", false}}}}, {finding("x.md", 2, "a"), finding("x.md", 9, "front-matter")}, {"a", "b"}, known);
    CHECK(outcome.passed());
    CHECK(outcome.matched == 1);
    CHECK(outcome.held_not == 1);
  }
  SUBCASE("a finding on the first line is covered by an annotation written there")
  {
    CHECK(audit::compare_expectations({{"x.md", {{2, 1, "front-matter", true}}}}, {finding("x.md", 1, "front-matter")}, {"front-matter"}, known)
            .passed());
  }
  SUBCASE("a diff of what was missed and what was not expected, in document order")
  {
    const auto outcome = audit::compare_expectations({{"x.md", {{2, 1, "a", true}, {7, 6, "b", false}, {5, 4, "a", true}}}},
                                                     {finding("x.md", 5, "a"), finding("x.md", 7, "b"), finding("x.md", 9, "a")},
                                                     {"a"}, known);
    CHECK_FALSE(outcome.passed());
    CHECK(outcome.missed == 1);
    CHECK(outcome.unexpected == 2); // b is not tested, but expected not to be there
    CHECK(outcome.diff
          == std::vector<std::string>{"- x.md:2: a", "  x.md:5: a", "+ x.md:7: b: ticked, but it is not backed",
                                      "+ x.md:9: a: ticked, but it is not backed"});
  }
  SUBCASE("an annotation naming no loaded rule fails the case")
  {
    const auto outcome = audit::compare_expectations({{"x.md", {{2, 1, "front-mater", false}}}}, {}, {"a"}, known);
    CHECK_FALSE(outcome.passed());
    CHECK(outcome.faults == std::vector<std::string>{"x.md:1: the annotation names no loaded rule 'front-mater' (did you mean 'front-matter'?)"});
  }
}
