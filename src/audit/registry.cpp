#include "audit/check.hpp"
#include "audit/checks/checks.hpp"

#include <map>

namespace audit {

const std::vector<CheckEntry>& check_registry()
{
  // The public ids: they appear in findings, SARIF, suppressions and docs/rules/<id>.md.
  static const std::vector<CheckEntry> k_registry{
    {"evidence-missing", "a ticked item's evidence (work-log entry, report, attached file) does not exist", checks::make_evidence_missing},
    {"metrics-missing", "a ticked item demands or asserts figures that its evidence does not hold", checks::make_metrics_missing},
    {"threshold-breached", "logged figures cross a threshold the checklist states, yet the rollout went on", checks::make_threshold_breached},
    {"out-of-order", "a later stage has ticked steps while an earlier stage has open ones", checks::make_out_of_order},
    {"ticked-before-evidence", "a box was ticked in a commit before the commit that brought its evidence", checks::make_ticked_before_evidence},
    {"ticked-before-precondition", "an item is ticked while what it depends on is not done, or before a stated window passed", checks::make_ticked_before_precondition},
    {"broken-reference", "a referenced document or folder does not exist", checks::make_broken_reference},
    {"front-matter", "front matter missing, unparsable, incomplete or contradicting the boxes", checks::make_front_matter},
    {"required-file", "a ticked item needs a file at a path built from the checklist, holding a given key", checks::make_required_file},
    {"open-children", "a ticked item has nested steps that are still open", checks::make_open_children},
    {"suppression-comment", "a suppression comment lacks a reason, has expired, names an unknown rule or is malformed", checks::make_suppression_comment},
  };
  return k_registry;
}

const Check* find_check(std::string_view id)
{
  static const auto k_instances = [] {
    std::map<std::string, std::unique_ptr<Check>, std::less<>> instances;
    for (const auto& entry : check_registry()) {
      instances.emplace(std::string(entry.id), entry.create());
    }
    return instances;
  }();
  const auto found = k_instances.find(id);
  return found == k_instances.end() ? nullptr : found->second.get();
}

std::vector<std::string> check_ids()
{
  std::vector<std::string> ids;
  for (const auto& entry : check_registry()) {
    ids.emplace_back(entry.id);
  }
  return ids;
}

} // namespace audit
