#include "audit/checks/checks.hpp"
#include "audit/item_evidence.hpp"
#include "util/path.hpp"

#include <fmt/format.h>

#include <set>

namespace audit::checks {

namespace {

class BrokenReference : public Check
{
public:
  void run(const Rule& rule, const Facts& facts, FindingSink& sink) const override
  {
    for (const auto& document : facts.documents) {
      // Precision: checklists and documents with front matter are the ones teams maintain as records.
      const bool maintained = document.checklist || document.document.front_matter.present;
      if (!maintained || !selects_document(rule, document)) {
        continue;
      }
      // What an item says it will produce may not exist before the box is ticked; evidence-missing
      // speaks for it once it is.
      std::set<std::string, std::less<>> produced;
      for (const auto& item : document.document.items) {
        for (const auto& need : evidence_needs(facts, document, item)) {
          if (!need.reference.empty()) {
            produced.insert(need.reference);
          }
        }
      }
      for (const auto& reference : document.document.references) {
        if (produced.contains(reference.target) || facts.resolve(document, reference.target)) {
          continue;
        }
        const auto relative = util::normalize_relative(util::join_path(util::dirname(document.path), reference.target));
        const auto from_root = util::normalize_relative(reference.target);
        if (!relative && !from_root) {
          sink.add(document, reference.line, reference.column,
                   fmt::format("`{}` points outside the repository; refer to documents inside it", reference.target));
          continue;
        }
        std::string looked;
        if (relative) {
          looked = fmt::format("`{}`", *relative);
        }
        if (from_root && from_root != relative) {
          looked += fmt::format("{}`{}`", looked.empty() ? "" : " and ", *from_root);
        }
        auto& finding = sink.add(document, reference.line, reference.column,
                                 fmt::format("`{}` does not exist (looked for {}); fix the path or add the document",
                                             reference.target, looked));
        finding.evidence.push_back({"file", reference.target, relative.value_or(from_root.value_or("")), 0, false, std::nullopt});
      }
    }
  }
};

} // namespace

std::unique_ptr<Check> make_broken_reference()
{
  return std::make_unique<BrokenReference>();
}

} // namespace audit::checks
