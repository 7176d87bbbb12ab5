#include "audit/rule_test.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <re2/re2.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace audit {

namespace {

struct Annotation
{
  bool present = true;
  std::vector<std::string> rules;
};

// `<!-- expect: ids -->` in Markdown; `# expect: ids`, a YAML comment, inside front matter, whose lines
// findings about its keys point at.
std::optional<Annotation> annotation_of(std::string_view line, bool in_front_matter)
{
  static const RE2 k_annotation(R"(^\s*<!--\s*expect(-not)?\s*:\s*(.*?)\s*-->\s*$)");
  static const RE2 k_yaml_annotation(R"(^\s*#\s*expect(-not)?\s*:\s*(.*?)\s*$)");
  std::string negated;
  std::string ids;
  if (!RE2::FullMatch(line, in_front_matter ? k_yaml_annotation : k_annotation, &negated, &ids)) {
    return std::nullopt;
  }
  Annotation annotation{negated.empty(), {}};
  for (auto id : util::split(ids, ',')) {
    if (!util::trim(id).empty()) {
      annotation.rules.emplace_back(util::trim(id));
    }
  }
  return annotation;
}

bool covers(const Expectation& expectation, const Finding& finding)
{
  return expectation.rule == finding.rule && (finding.line == expectation.line || (expectation.annotation_line == 1 && finding.line == 1));
}

// An annotation's rule the run does not know: a typo would make the test pass for the wrong reason.
void check_names(const std::string& file, const Expectation& expectation, const std::vector<std::string>& known, RuleTestOutcome& outcome)
{
  if (std::find(known.begin(), known.end(), expectation.rule) != known.end()) {
    return;
  }
  std::string fault = fmt::format("{}:{}: the annotation names no loaded rule '{}'", file, expectation.annotation_line, expectation.rule);
  if (auto suggestion = util::closest_match(expectation.rule, known)) {
    fault += fmt::format(" (did you mean '{}'?)", *suggestion);
  }
  outcome.faults.push_back(fault);
}

} // namespace

std::vector<Expectation> read_expectations(std::string_view text)
{
  const auto lines = util::split_lines(text);
  std::vector<Expectation> expectations;
  std::vector<std::pair<int, Annotation>> waiting; // annotations looking for their line
  const bool has_front_matter = !lines.empty() && util::trim(lines[0]) == "---";
  bool in_front_matter = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const int number = static_cast<int>(i) + 1;
    if (has_front_matter && (i == 0 || in_front_matter)) {
      in_front_matter = i == 0 || (util::trim(lines[i]) != "---" && util::trim(lines[i]) != "...");
    }
    if (auto annotation = annotation_of(lines[i], in_front_matter)) {
      waiting.emplace_back(number, std::move(*annotation));
      continue;
    }
    if (util::trim(lines[i]).empty() || waiting.empty()) {
      continue;
    }
    for (const auto& [annotation_line, annotation] : waiting) {
      for (const auto& rule : annotation.rules) {
        expectations.push_back({number, annotation_line, rule, annotation.present});
      }
    }
    waiting.clear();
  }
  return expectations;
}

RuleTestOutcome compare_expectations(const std::map<std::string, std::vector<Expectation>>& expectations,
                                     const std::vector<Finding>& findings,
                                     const std::vector<std::string>& tested,
                                     const std::vector<std::string>& known)
{
  RuleTestOutcome outcome;
  // (file, line, order, text): the diff in document order, an expectation before the findings at its line.
  std::vector<std::tuple<std::string, int, int, std::string>> rows;
  std::set<const Finding*> expected;
  std::set<const Finding*> refused; // expected not to be there, whichever rule reports them
  for (const auto& [file, list] : expectations) {
    for (const auto& expectation : list) {
      check_names(file, expectation, known, outcome);
      bool found = false;
      for (const auto& finding : findings) {
        if (finding.file == file && covers(expectation, finding)) {
          found = true;
          (expectation.present ? expected : refused).insert(&finding);
        }
      }
      if (expectation.present) {
        outcome.matched += found ? 1 : 0;
        outcome.missed += found ? 0 : 1;
        rows.emplace_back(file, expectation.line, 0, fmt::format("{}{}:{}: {}", found ? "  " : "- ", file, expectation.line, expectation.rule));
      } else {
        outcome.held_not += found ? 0 : 1;
      }
    }
  }
  for (const auto& finding : findings) {
    const bool under_test = std::find(tested.begin(), tested.end(), finding.rule) != tested.end();
    if ((under_test && !expected.contains(&finding)) || refused.contains(&finding)) {
      ++outcome.unexpected;
      rows.emplace_back(finding.file, finding.line, 1,
                        fmt::format("+ {}:{}: {}: {}", finding.file, finding.line, finding.rule, finding.message));
    }
  }
  std::sort(rows.begin(), rows.end());
  for (auto& row : rows) {
    outcome.diff.push_back(std::move(std::get<3>(row)));
  }
  return outcome;
}

} // namespace audit
