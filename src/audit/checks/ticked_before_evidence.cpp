#include "audit/checks/checks.hpp"
#include "audit/item_evidence.hpp"

#include <fmt/format.h>

namespace audit::checks {

namespace {

class TickedBeforeEvidence : public Check
{
public:
  void run(const Rule& rule, const Facts& facts, FindingSink& sink) const override
  {
    if (!facts.timeline->has_history()) {
      return; // without history every time is "now": nothing can be early
    }
    for (const auto& document : facts.documents) {
      if (!document.checklist || !selects_document(rule, document)) {
        continue;
      }
      for (size_t i = 0; i < document.document.items.size(); ++i) {
        const auto& item = document.document.items[i];
        if (!is_ticked_step(item) || !document.ticks[i] || !selects_item(rule, document, item)) {
          continue;
        }
        for (const auto& need : evidence_needs(facts, document, item)) {
          check_need(facts, document, static_cast<int>(i), need, sink);
        }
      }
    }
  }

private:
  static void check_need(const Facts& facts, const DocumentFacts& document, int index, const EvidenceNeed& need, FindingSink& sink)
  {
    const auto& item = document.document.items[static_cast<size_t>(index)];
    const Stamp& tick = *document.ticks[static_cast<size_t>(index)];
    const Backing backing = find_backing(facts, document, index, need);
    if (backing.description.empty() || !backing.stamp || !appeared_after(tick, *backing.stamp)) {
      return; // missing evidence is evidence-missing's to report
    }
    const std::string gap = backing.stamp->committed
                              ? fmt::format(" ({} later)", util::format_duration(backing.stamp->time - tick.time))
                              : "";
    auto& finding = sink.add(document, item, facts,
                             fmt::format("ticked {}, before its evidence: {} appeared {}{}; tick the box in the commit "
                                         "that brings the evidence, or after it",
                                         describe_stamp(tick), backing.description, describe_stamp(*backing.stamp), gap));
    finding.evidence.push_back({"work-log-entry", backing.description, backing.file, backing.line, true, backing.stamp});
    if (need.kind != EvidenceKind::work_log_entry) {
      finding.evidence.back().kind = need.kind == EvidenceKind::completion_report ? "completion-report" : "file";
    }
  }
};

} // namespace

std::unique_ptr<Check> make_ticked_before_evidence()
{
  return std::make_unique<TickedBeforeEvidence>();
}

} // namespace audit::checks
