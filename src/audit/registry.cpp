#include "audit/check.hpp"
#include "audit/checks/checks.hpp"

#include <map>

namespace audit {

namespace {

using config::Kind;

// What a check means something for: a rollout's checks judge rollouts and plans' final checklists, front
// matter is required of rollouts, and what is true of any document is checked in all of them.
const std::vector<Kind> k_rollouts_and_plans{Kind::rollout, Kind::plan};
const std::vector<Kind> k_rollouts{Kind::rollout};
const std::vector<Kind> k_every_kind{Kind::rollout, Kind::plan, Kind::record, Kind::other};
const std::vector<Kind> k_no_kinds;

} // namespace

const std::vector<CheckEntry>& check_registry()
{
  // The public ids: they appear in findings, SARIF, suppressions and docs/rules/<id>.md.
  static const std::vector<CheckEntry> k_registry{
    {"evidence-missing", "a ticked item's evidence (work-log entry, report, attached file) does not exist", checks::make_evidence_missing, k_rollouts_and_plans},
    {"metrics-missing", "a ticked item demands or asserts figures that its evidence does not hold", checks::make_metrics_missing, k_rollouts_and_plans},
    {"threshold-breached", "logged figures cross a threshold the checklist states, yet the rollout went on", checks::make_threshold_breached, k_rollouts_and_plans},
    {"out-of-order", "a later stage has ticked steps while an earlier stage has open ones", checks::make_out_of_order, k_rollouts_and_plans},
    {"ticked-before-evidence", "a box was ticked in a commit before the commit that brought its evidence", checks::make_ticked_before_evidence, k_rollouts_and_plans},
    {"ticked-before-precondition", "an item is ticked while what it depends on is not done, or before a stated window passed", checks::make_ticked_before_precondition, k_rollouts_and_plans},
    {"broken-reference", "a referenced document or folder does not exist", checks::make_broken_reference, k_every_kind},
    {"front-matter", "front matter missing, unparsable, incomplete or contradicting the boxes", checks::make_front_matter, k_rollouts},
    {"required-file", "a ticked item needs a file at a path built from the checklist, holding a given key", checks::make_required_file, k_rollouts_and_plans},
    {"open-children", "a ticked item has nested steps that are still open", checks::make_open_children, k_rollouts_and_plans},
    {"suppression-comment", "a suppression comment lacks a reason, has expired, names an unknown rule or is malformed", checks::make_suppression_comment, k_every_kind},
  };
  return k_registry;
}

const std::vector<Kind>& check_kinds(std::string_view id)
{
  for (const auto& entry : check_registry()) {
    if (entry.id == id) {
      return entry.kinds;
    }
  }
  return k_no_kinds;
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
