#include "audit/suppression.hpp"

#include <doctest/doctest.h>

#include <climits>

using audit::DirectiveKind;
using audit::parse_directive;

namespace {

// 2025-11-01T00:00:00Z, the audit's "now" in every test.
constexpr util::Timestamp k_now = 1761955200;

const audit::RuleIds k_rules{{"evidence-missing", "metrics-missing", "out-of-order", "suppression-comment"},
                             {"suppression-comment"}};

struct Read
{
  audit::DocumentSuppressions result;
  std::vector<std::string> problems; // "line:column: message"
};

Read read(const std::string& text)
{
  const auto document = markdown::parse_document("c.md", text);
  Read read;
  read.result = audit::read_suppressions(document, text, k_rules, k_now);
  for (const auto& problem : read.result.problems) {
    read.problems.push_back(std::to_string(problem.line) + ":" + std::to_string(problem.column) + ": " + problem.message);
  }
  return read;
}

} // namespace

TEST_CASE("parse_directive")
{
  SUBCASE("other comments are not directives")
  {
    CHECK_FALSE(parse_directive("TODO: link the dashboard"));
    CHECK_FALSE(parse_directive("rollout audit: disable"));
  }
  SUBCASE("next-line with several ids, a quoted reason and an until date")
  {
    const auto directive =
      parse_directive("rollout-audit-disable-next-line evidence-missing,metrics-missing reason=\"logged in INC-42\" until=2025-12-31");
    REQUIRE(directive);
    CHECK(directive->kind == DirectiveKind::disable_next_line);
    CHECK(directive->rules == std::vector<std::string>{"evidence-missing", "metrics-missing"});
    CHECK(directive->reason == "logged in INC-42");
    CHECK(directive->until == util::Date{2025, 12, 31});
    CHECK(directive->fault.empty());
  }
  SUBCASE("ids separated by a comma and a space; single quotes")
  {
    const auto directive = parse_directive("rollout-audit-disable evidence-missing, out-of-order reason='kept open on purpose'");
    REQUIRE(directive);
    CHECK(directive->kind == DirectiveKind::disable);
    CHECK(directive->rules == std::vector<std::string>{"evidence-missing", "out-of-order"});
    CHECK(directive->reason == "kept open on purpose");
    CHECK_FALSE(directive->until);
  }
  SUBCASE("enable with and without ids")
  {
    CHECK(parse_directive("rollout-audit-enable")->kind == DirectiveKind::enable);
    CHECK(parse_directive("rollout-audit-enable")->rules.empty());
    CHECK(parse_directive("rollout-audit-enable out-of-order")->rules == std::vector<std::string>{"out-of-order"});
  }
  SUBCASE("a missing reason is not a fault of form")
  {
    const auto directive = parse_directive("rollout-audit-disable-next-line evidence-missing");
    REQUIRE(directive);
    CHECK(directive->fault.empty());
    CHECK_FALSE(directive->reason);
  }
  SUBCASE("malformed comments say what is wrong")
  {
    CHECK(parse_directive("rollout-audit-disable-next-line evidence-missing reason=\"x\" until=2025-13-01")->fault
          == "until must be a date written YYYY-MM-DD, not '2025-13-01'");
    CHECK(parse_directive("rollout-audit-disable-next-line evidence-missing reason=\"x\" untill=2025-12-01")->fault
          == "unknown attribute 'untill' (did you mean 'until'?)");
    CHECK(parse_directive("rollout-audit-disable-line evidence-missing reason=\"x\"")->fault
          == "unknown directive 'rollout-audit-disable-line' (did you mean 'rollout-audit-disable-next-line'?)");
    CHECK(parse_directive("rollout-audit-disable-next-line reason=\"x\"")->fault
          == "it names no rule; write the ids to suppress, as in rollout-audit-disable-next-line evidence-missing reason=\"...\"");
    CHECK(parse_directive("rollout-audit-disable evidence-missing reason=\"never closed")->fault == "reason has no closing quote");
    CHECK(parse_directive("rollout-audit-disable evidence-missing reason=\"a\" reason=\"b\"")->fault == "reason is given twice");
    CHECK(parse_directive("rollout-audit-disable evidence-missing reason")->fault == "reason needs a value, as in reason=\"...\"");
    CHECK(parse_directive("rollout-audit-enable evidence-missing reason=\"done\"")->fault
          == "rollout-audit-enable takes rule ids only, not 'reason'");
  }
}

TEST_CASE("read_suppressions")
{
  SUBCASE("next-line covers the next non-blank line only")
  {
    const auto r = read("# C\n"
                        "\n"
                        "<!-- rollout-audit-disable-next-line evidence-missing reason=\"logged in INC-42\" -->\n"
                        "\n"
                        "- [x] Record findings.\n"
                        "- [x] Capture results.\n");
    CHECK(r.problems.empty());
    CHECK_FALSE(r.result.covers("evidence-missing", 3));
    CHECK(r.result.covers("evidence-missing", 5));
    CHECK_FALSE(r.result.covers("evidence-missing", 6));
    CHECK_FALSE(r.result.covers("metrics-missing", 5));
  }
  SUBCASE("several ids; stacked comments all mean the box under them")
  {
    const auto r = read("# C\n"
                        "\n"
                        "<!-- rollout-audit-disable-next-line evidence-missing,metrics-missing reason=\"in INC-42\" -->\n"
                        "<!-- rollout-audit-disable-next-line out-of-order reason=\"stage skipped\" -->\n"
                        "- [x] Record findings.\n");
    CHECK(r.problems.empty());
    CHECK(r.result.covers("evidence-missing", 5));
    CHECK(r.result.covers("metrics-missing", 5));
    CHECK(r.result.covers("out-of-order", 5));
  }
  SUBCASE("a comment at the end of a box's line means the line after it")
  {
    const auto r = read("# C\n"
                        "\n"
                        "- [x] Record findings. <!-- rollout-audit-disable-next-line evidence-missing reason=\"x\" -->\n"
                        "- [x] Capture results.\n");
    CHECK(r.problems.empty());
    CHECK_FALSE(r.result.covers("evidence-missing", 3));
    CHECK(r.result.covers("evidence-missing", 4));
  }
  SUBCASE("a block runs from its disable to the enable of that id")
  {
    const auto r = read("# C\n"
                        "\n"
                        "<!-- rollout-audit-disable evidence-missing,out-of-order reason=\"migrated from the old tracker\" -->\n"
                        "- [x] One.\n"
                        "<!-- rollout-audit-enable out-of-order -->\n"
                        "- [x] Two.\n"
                        "<!-- rollout-audit-enable -->\n"
                        "- [x] Three.\n");
    CHECK(r.problems.empty());
    CHECK_FALSE(r.result.covers("evidence-missing", 3));
    CHECK(r.result.covers("evidence-missing", 4));
    CHECK(r.result.covers("out-of-order", 4));
    CHECK_FALSE(r.result.covers("out-of-order", 6));
    CHECK(r.result.covers("evidence-missing", 6));
    CHECK_FALSE(r.result.covers("evidence-missing", 8));
  }
  SUBCASE("an unclosed block runs to the end of the file")
  {
    const auto r = read("# C\n\n<!-- rollout-audit-disable out-of-order reason=\"legacy plan\" -->\n\n- [x] One.\n");
    CHECK(r.problems.empty());
    CHECK(r.result.covers("out-of-order", 5));
    CHECK(r.result.covers("out-of-order", INT_MAX));
  }
  SUBCASE("a long block and a later next-line of the same rule: the block still covers the lines after")
  {
    const auto r = read("# C\n"
                        "\n"
                        "<!-- rollout-audit-disable out-of-order reason=\"legacy plan\" -->\n"
                        "- [x] One.\n"
                        "<!-- rollout-audit-disable-next-line out-of-order reason=\"again\" -->\n"
                        "- [x] Two.\n"
                        "- [x] Three.\n");
    CHECK(r.problems.empty());
    CHECK(r.result.covers("out-of-order", 4));
    CHECK(r.result.covers("out-of-order", 6));
    CHECK(r.result.covers("out-of-order", 7));
    CHECK_FALSE(r.result.covers("evidence-missing", 7));
  }
  SUBCASE("a missing reason does not suppress and is reported")
  {
    const auto r = read("# C\n\n<!-- rollout-audit-disable-next-line evidence-missing -->\n- [x] One.\n");
    CHECK(r.problems == std::vector<std::string>{
                          "3:1: suppression of 'evidence-missing' has no reason=\"...\"; it does not suppress until it says why"});
    CHECK_FALSE(r.result.covers("evidence-missing", 4));
  }
  SUBCASE("an until date in the past stops suppressing and is reported; the day itself still counts")
  {
    const auto expired =
      read("# C\n\n<!-- rollout-audit-disable-next-line evidence-missing reason=\"x\" until=2025-10-01 -->\n- [x] One.\n");
    CHECK(expired.problems
          == std::vector<std::string>{"3:1: suppression of 'evidence-missing' expired on 2025-10-01; it no longer suppresses"});
    CHECK_FALSE(expired.result.covers("evidence-missing", 4));
    const auto last_day =
      read("# C\n\n<!-- rollout-audit-disable-next-line evidence-missing reason=\"x\" until=2025-11-01 -->\n- [x] One.\n");
    CHECK(last_day.problems.empty());
    CHECK(last_day.result.covers("evidence-missing", 4));
  }
  SUBCASE("an until date in the future suppresses quietly")
  {
    const auto r = read("# C\n\n<!-- rollout-audit-disable-next-line evidence-missing reason=\"x\" until=2026-01-31 -->\n- [x] One.\n");
    CHECK(r.problems.empty());
    CHECK(r.result.covers("evidence-missing", 4));
  }
  SUBCASE("an unknown id is reported with the closest loaded rule; the other ids still suppress")
  {
    const auto r = read("# C\n\n  <!-- rollout-audit-disable-next-line evidence-mising,out-of-order reason=\"x\" -->\n- [x] One.\n");
    CHECK(r.problems
          == std::vector<std::string>{"3:3: unknown rule 'evidence-mising' in suppression (did you mean 'evidence-missing'?)"});
    CHECK_FALSE(r.result.covers("evidence-missing", 4));
    CHECK(r.result.covers("out-of-order", 4));
    const auto far = read("# C\n\n<!-- rollout-audit-disable-next-line no-such-thing reason=\"x\" -->\n- [x] One.\n");
    CHECK(far.problems == std::vector<std::string>{"3:1: unknown rule 'no-such-thing' in suppression"});
  }
  SUBCASE("a misspelt id, attribute or directive carries its correction, as a replacement of that word")
  {
    const auto fix_of = [](const std::string& text) {
      const auto r = read(text);
      REQUIRE(r.result.problems.size() == 1);
      REQUIRE(r.result.problems[0].fix);
      const audit::Fix& fix = *r.result.problems[0].fix;
      return std::to_string(fix.line) + ":" + std::to_string(fix.column) + "-" + std::to_string(fix.end_line) + ":"
             + std::to_string(fix.end_column) + " " + fix.text;
    };
    // "evidence-mising" spans columns 40 to 54 of line 3: the end is exclusive.
    CHECK(fix_of("# C\n\n  <!-- rollout-audit-disable-next-line evidence-mising,out-of-order reason=\"x\" -->\n- [x] One.\n")
          == "3:40-3:55 evidence-missing");
    CHECK(read("# C\n\n<!-- rollout-audit-disable out-of-ordr reason=\"x\" -->\n- [x] One.\n").result.problems.at(0).fix->description
          == "Replace out-of-ordr with out-of-order");
    // The same word in the reason is not the id; an id just before "-->" is still a word.
    CHECK(fix_of("# C\n\n<!-- rollout-audit-disable out-of-ordr reason=\"out-of-ordr\" -->\n- [x] One.\n")
          == "3:28-3:39 out-of-order");
    CHECK(fix_of("# C\n\n<!-- rollout-audit-disable-next-line reason=\"x\" out-of-ordr-->\n- [x] One.\n")
          == "3:49-3:60 out-of-order");
    // On the comment's second line.
    CHECK(fix_of("# C\n\n<!-- rollout-audit-disable-next-line\n     evidence-missing reasn=\"x\" -->\n- [x] One.\n")
          == "4:23-4:28 reason");
    CHECK(fix_of("# C\n\n<!-- rollout-audit-disable-nextline evidence-missing reason=\"x\" -->\n- [x] One.\n")
          == "3:6-3:36 rollout-audit-disable-next-line");
    // Nothing close enough: no correction to offer.
    const auto far = read("# C\n\n<!-- rollout-audit-disable-next-line no-such-thing reason=\"x\" -->\n- [x] One.\n");
    CHECK_FALSE(far.result.problems.at(0).fix);
  }
  SUBCASE("a malformed comment is reported with its problem and does not suppress")
  {
    const auto r = read("# C\n\n<!-- rollout-audit-disable-next-line evidence-missing reason=\"x\" until=2025-02-30 -->\n- [x] One.\n");
    CHECK(r.problems == std::vector<std::string>{"3:1: malformed suppression comment: until must be a date written "
                                                 "YYYY-MM-DD, not '2025-02-30'; it does not suppress"});
    CHECK(r.result.suppressions.empty());
  }
  SUBCASE("the suppression-comment rule cannot be suppressed by a comment")
  {
    const auto r = read("# C\n\n<!-- rollout-audit-disable suppression-comment reason=\"noisy\" -->\n- [x] One.\n");
    CHECK(r.problems == std::vector<std::string>{
                          "3:1: 'suppression-comment' cannot be suppressed by a comment; turn it off in the configuration instead"});
    CHECK(r.result.suppressions.empty());
  }
  SUBCASE("an enable without a disable, and a next-line with nothing after it")
  {
    const auto r = read("# C\n\n<!-- rollout-audit-enable out-of-order -->\n\n<!-- rollout-audit-disable-next-line out-of-order reason=\"x\" -->\n");
    CHECK(r.problems == std::vector<std::string>{
                          "3:1: rollout-audit-enable of 'out-of-order' has no rollout-audit-disable of it above",
                          "5:1: suppression of 'out-of-order' has no line after it to apply to"});
  }
  SUBCASE("a comment over several lines means the line after its end")
  {
    const auto r = read("# C\n\n<!--\n  rollout-audit-disable-next-line evidence-missing\n  reason=\"logged in INC-42\"\n-->\n- [x] One.\n");
    CHECK(r.problems.empty());
    CHECK(r.result.covers("evidence-missing", 7));
  }
  SUBCASE("examples in code blocks are not comments")
  {
    const auto r = read("# C\n\n```\n<!-- rollout-audit-disable-next-line evidence-missing -->\n```\n- [x] One.\n");
    CHECK(r.problems.empty());
    CHECK(r.result.suppressions.empty());
  }
}

TEST_CASE("rule_ids_param")
{
  audit::Rule rule;
  rule.id = "suppression-comment";
  rule.check = "suppression-comment";
  std::vector<audit::Rule> rules(3);
  rules[0].id = "evidence-missing";
  rules[0].check = "evidence-missing";
  rules[1].id = "approval-recorded";
  rules[1].check = "required-file";
  rules[2] = rule;
  rule.params = YAML::Node(YAML::NodeType::Map);
  rule.params["loaded_rules"] = audit::loaded_rules_param(rules);
  const auto ids = audit::rule_ids_param(rule);
  CHECK(ids.known == std::vector<std::string>{"evidence-missing", "approval-recorded", "suppression-comment"});
  CHECK(ids.unsuppressible == std::vector<std::string>{"suppression-comment"});
  CHECK(audit::rule_ids(rules).known == ids.known);
  CHECK(audit::rule_ids(rules).unsuppressible == ids.unsuppressible);
}
