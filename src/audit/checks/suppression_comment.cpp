#include "audit/checks/checks.hpp"
#include "audit/suppression.hpp"

namespace audit::checks {

namespace {

// Reports the suppression comments that do not suppress, or not all they name: no reason, expired, an
// unknown rule, malformed. What the comments do suppress is dropped once for every check, by the framework
// (cli's apply_filters), from the same reading of the comments (audit/suppression.hpp).
class SuppressionComment : public Check
{
public:
  void run(const Rule& rule, const Facts& facts, FindingSink& sink) const override
  {
    const RuleIds ids = rule_ids_param(rule);
    for (const auto& document : facts.documents) {
      if (document.document.comments.empty() || !selects_document(rule, document)) {
        continue;
      }
      const std::string* text = facts.corpus->text(document.path);
      if (!text) {
        continue;
      }
      for (const auto& problem : read_suppressions(document.document, *text, ids, facts.timeline->now()).problems) {
        sink.add(document, problem.line, problem.column, problem.message).fix = problem.fix;
      }
    }
  }
};

} // namespace

std::unique_ptr<Check> make_suppression_comment()
{
  return std::make_unique<SuppressionComment>();
}

} // namespace audit::checks
