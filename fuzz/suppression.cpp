// audit suppression comments: every HTML comment of a parsed document through parse_directive, then
// read_suppressions over the whole document as the filter and the suppression-comment check read them.
#include "fuzz_common.hpp"

#include "audit/rule.hpp"
#include "audit/suppression.hpp"
#include "markdown/document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  static const audit::RuleIds k_rules = [] {
    audit::RuleIds ids = audit::rule_ids(audit::default_rule_pack().rules);
    ids.known.emplace_back("approval-recorded"); // a team rule
    return ids;
  }();
  const std::string_view text = fuzz_support::bytes(data, size);
  if (size < 4096) {
    (void)audit::parse_directive(text); // the comment text alone, as the model hands it over
  }
  const auto document = markdown::parse_document("docs/fuzz.md", text);
  for (const auto& comment : document.comments) {
    (void)audit::parse_directive(comment.text);
  }
  const auto read = audit::read_suppressions(document, text, k_rules, 1761955200);
  for (const auto& suppression : read.suppressions) {
    fuzz_support::require(suppression.first_line <= suppression.last_line, "suppression ends before it starts");
    (void)read.covers(suppression.rule, suppression.first_line);
  }
  return 0;
}
