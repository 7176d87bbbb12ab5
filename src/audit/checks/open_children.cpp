#include "audit/checks/checks.hpp"
#include "audit/item_evidence.hpp"

#include <fmt/format.h>

namespace audit::checks {

namespace {

bool nested_under(const markdown::Document& document, int item, int ancestor)
{
  for (int parent = document.items[static_cast<size_t>(item)].parent_item; parent >= 0;
       parent = document.items[static_cast<size_t>(parent)].parent_item) {
    if (parent == ancestor) {
      return true;
    }
  }
  return false;
}

// A ticked box whose own nested steps are open claims more than was done: "Readiness review approved" ticked
// while "Security sign-off" under it is not.
class OpenChildren : public Check
{
public:
  std::vector<ParamSpec> params() const override
  {
    return {{"children", ParamKind::pattern, "RE2 pattern: only nested boxes whose text matches must be done (default: every nested step)", {}}};
  }

  void run(const Rule& rule, const Facts& facts, FindingSink& sink) const override
  {
    const YAML::Node pattern = rule.params ? rule.params["children"] : YAML::Node();
    const std::unique_ptr<RE2> children = pattern ? std::make_unique<RE2>(pattern.Scalar(), RE2::Quiet) : nullptr;
    for (const auto& document : facts.documents) {
      if (!document.checklist || !selects_document(rule, document)) {
        continue;
      }
      const auto& items = document.document.items;
      for (size_t i = 0; i < items.size(); ++i) {
        if (is_ticked_step(items[i]) && selects_item(rule, document, items[i])) {
          check_item(facts, document, static_cast<int>(i), children.get(), sink);
        }
      }
    }
  }

private:
  static void check_item(const Facts& facts, const DocumentFacts& document, int parent, const RE2* children, FindingSink& sink)
  {
    const auto& items = document.document.items;
    std::vector<int> open;
    for (size_t j = static_cast<size_t>(parent) + 1; j < items.size(); ++j) {
      if (!nested_under(document.document, static_cast<int>(j), parent)) {
        break; // nested boxes follow their parent
      }
      if (is_open_step(items[j]) && (!children || RE2::PartialMatch(items[j].text, *children))) {
        open.push_back(static_cast<int>(j));
      }
    }
    if (open.empty()) {
      return;
    }
    const bool one = open.size() == 1;
    auto& finding = sink.add(document, items[static_cast<size_t>(parent)], facts,
                             fmt::format("ticked, but {} nested under it {} open: {}; tick {} first, or untick this box",
                                         one ? "a step" : fmt::format("{} steps", open.size()), one ? "is" : "are",
                                         describe_items(document, open), one ? "it" : "them"));
    finding.evidence.push_back({"item", "nested steps still open", document.path, 0, false, std::nullopt});
  }
};

} // namespace

std::unique_ptr<Check> make_open_children()
{
  return std::make_unique<OpenChildren>();
}

} // namespace audit::checks
