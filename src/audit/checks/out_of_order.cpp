#include "audit/checks/checks.hpp"
#include "audit/item_evidence.hpp"
#include "audit/kinds.hpp"

#include <fmt/format.h>

namespace audit::checks {

namespace {

std::vector<int> open_steps(const DocumentFacts& document, const Stage& stage)
{
  // The stage's own items (nested ones included), not every item once per stage; of a plan, only its final
  // checklist's: its task list is no stage of a rollout.
  std::vector<int> open;
  for (int i : stage.members) {
    const auto& item = document.document.items[static_cast<size_t>(i)];
    if (is_open_step(item) && in_kind_scope(document, item)) {
      open.push_back(i);
    }
  }
  return open;
}

class OutOfOrder : public Check
{
public:
  void run(const Rule& rule, const Facts& facts, FindingSink& sink) const override
  {
    for (const auto& document : facts.documents) {
      if (!document.checklist || !selects_document(rule, document)) {
        continue;
      }
      std::vector<std::vector<int>> open;
      for (const auto& stage : document.stages) {
        open.push_back(open_steps(document, stage));
      }
      for (size_t later = 1; later < document.stages.size(); ++later) {
        const int first_ticked = first_ticked_step(rule, document, document.stages[later]);
        if (first_ticked < 0) {
          continue;
        }
        for (size_t earlier = 0; earlier < later; ++earlier) {
          if (open[earlier].empty()) {
            continue;
          }
          const auto& item = document.document.items[static_cast<size_t>(first_ticked)];
          auto& finding = sink.add(document, item, facts,
                                   fmt::format("{} in stage '{}' while earlier stage '{}' has {} open step(s): {}; "
                                               "finish or mark them N/A first",
                                               ticked_word(item),
                                               document.stages[later].title,
                                               document.stages[earlier].title,
                                               open[earlier].size(),
                                               describe_items(document, open[earlier])));
          for (int index : open[earlier]) {
            const auto& open_item = document.document.items[static_cast<size_t>(index)];
            finding.evidence.push_back({"item", open_item.text, document.path, open_item.line, false, std::nullopt});
          }
          break; // the earliest unfinished stage says enough
        }
      }
    }
  }

private:
  // Preconditions are ticked-before-precondition's to judge; this check speaks at the first real step.
  static int first_ticked_step(const Rule& rule, const DocumentFacts& document, const Stage& stage)
  {
    for (int index : stage.items) {
      const auto& item = document.document.items[static_cast<size_t>(index)];
      if (is_ticked_step(item) && !is_precondition(*document.vocabulary, item) && selects_item(rule, document, item)) {
        return index;
      }
    }
    return -1;
  }
};

} // namespace

std::unique_ptr<Check> make_out_of_order()
{
  return std::make_unique<OutOfOrder>();
}

} // namespace audit::checks
