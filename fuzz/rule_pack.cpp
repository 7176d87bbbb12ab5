// audit::parse_rule_pack: YAML, rule keys, selectors compiled with RE2, each check's params validated.
#include "fuzz_common.hpp"

#include "audit/rule.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const auto pack = audit::parse_rule_pack("team-rules.yaml", fuzz_support::bytes(data, size));
  if (!pack) {
    fuzz_support::require(pack.error().starts_with("team-rules.yaml"), "rule-pack error does not name the file");
    return 0;
  }
  // A pattern that compiled runs over text in time linear in the text (RE2): try the selectors.
  const std::string subject = "- [x] Record p95 latency in `docs/work-log.md` " + std::string(200, 'a') + "b";
  for (const auto& rule : pack->rules) {
    fuzz_support::require(!rule.id.empty() && !rule.summary.empty(), "a rule without id or summary was accepted");
    if (rule.select.item) {
      (void)RE2::PartialMatch(subject, *rule.select.item);
    }
    if (rule.select.section) {
      (void)RE2::PartialMatch(subject, *rule.select.section);
    }
  }
  return 0;
}
