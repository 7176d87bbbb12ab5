#include "audit/checks/checks.hpp"
#include "audit/explicit_evidence.hpp"
#include "audit/item_evidence.hpp"
#include "util/path.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace audit::checks {

namespace {

class EvidenceMissing : public Check
{
public:
  void run(const Rule& rule, const Facts& facts, FindingSink& sink) const override
  {
    for (const auto& document : facts.documents) {
      if (!document.checklist || !selects_document(rule, document)) {
        continue;
      }
      for (size_t i = 0; i < document.document.items.size(); ++i) {
        const auto& item = document.document.items[i];
        if (!is_ticked_step(item) || !selects_item(rule, document, item)) {
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
    const size_t before = sink.count();
    check_need_now(facts, document, index, need, sink);
    if (facts.timeline->has_history() && sink.count() > before) {
      sink.last().message += " (judged as the files stand now)";
    }
  }

  static void check_need_now(const Facts& facts, const DocumentFacts& document, int index, const EvidenceNeed& need, FindingSink& sink)
  {
    const auto& item = document.document.items[static_cast<size_t>(index)];
    switch (need.kind) {
    case EvidenceKind::work_log_entry:
      return check_work_log(facts, document, index, need, sink);
    case EvidenceKind::completion_report:
      if (!facts.corpus->is_file(need.target)) {
        auto& finding = sink.add(document, item, facts,
                                 fmt::format("ticked, but the completion report `{}`{} does not exist; write it with the "
                                             "rollout's results, or untick the box",
                                             need.target, linked(need)));
        finding.evidence.push_back({"completion-report", "the completion report", need.target, 0, false, std::nullopt});
      }
      return;
    case EvidenceKind::evidence_file:
      return check_evidence_folder(facts, document, item, need, sink);
    case EvidenceKind::named_file:
      return check_named_file(facts, document, item, need, sink);
    }
  }

  // " (named by its evidence link)": what an explicit link asked for is said to come from the link.
  static std::string linked(const EvidenceNeed& need)
  {
    return need.explicit_link ? " (named by its evidence link)" : "";
  }

  static void check_named_file(const Facts& facts,
                               const DocumentFacts& document,
                               const markdown::TaskItem& item,
                               const EvidenceNeed& need,
                               FindingSink& sink)
  {
    if (need.target.empty()) {
      sink.add(document, item, facts,
               fmt::format("ticked, but its evidence link names nothing; write <!-- {}: PATH[#ENTRY] -->", k_evidence_directive));
      return;
    }
    if (facts.corpus->is_file(need.target)) {
      return;
    }
    const auto files = facts.corpus->files_under(need.target);
    if (std::any_of(files.begin(), files.end(), [&](const auto* file) { return !is_placeholder(*facts.vocabulary, file->path); })) {
      return;
    }
    auto& finding = sink.add(document, item, facts,
                             fmt::format("ticked, but `{}`, which its evidence link names, {}; add it, fix the link, or "
                                         "untick the box",
                                         need.reference, files.empty() ? "does not exist" : "holds no file but a placeholder"));
    finding.evidence.push_back({"file", "the file its evidence link names", need.target, 0, false, std::nullopt});
  }

  static void check_work_log(const Facts& facts, const DocumentFacts& document, int index, const EvidenceNeed& need, FindingSink& sink)
  {
    const auto& item = document.document.items[static_cast<size_t>(index)];
    if (!facts.corpus->is_file(need.target)) {
      auto& finding = sink.add(document, item, facts,
                               fmt::format("ticked, but the work log `{}` does not exist; record the results there "
                                           "under a dated heading, or untick the box",
                                           need.target));
      finding.evidence.push_back({"file", "the work log", need.target, 0, false, std::nullopt});
      return;
    }
    const int stage = document.stage_of_item(index);
    std::vector<EntryRef> entries = need.explicit_link         ? entries_titled(facts, need.target, need.entry_topic)
                                    : need.entry_topic.empty() ? entries_for_stage(facts, document, stage)
                                                               : entries_named(facts, document, need.entry_topic);
    std::erase_if(entries, [&](const EntryRef& ref) { return ref.log->path != need.target; });
    if (!entries.empty()) {
      return;
    }
    std::string wanted;
    std::string how;
    if (need.explicit_link) {
      wanted = fmt::format("entry '{}', which its evidence link `{}` names", need.entry_topic, need.reference);
      how = fmt::format("a dated heading whose words include '{}'", need.entry_topic);
    } else if (!need.entry_topic.empty()) {
      wanted = fmt::format("entry for '{}'", need.entry_topic);
      how = fmt::format("a dated heading naming '{}', such as '## YYYY-MM-DD - {}'", need.entry_topic, need.entry_topic);
    } else if (stage >= 0) {
      const auto& stage_facts = document.stages[static_cast<size_t>(stage)];
      wanted = fmt::format("entry about stage '{}'", stage_facts.title);
      std::string words = stage_facts.keywords.empty() ? "" : fmt::format("'{}'", fmt::join(stage_facts.keywords, "' or '"));
      if (stage_facts.percent) {
        words += fmt::format("{}{}% traffic", words.empty() ? "" : " or ", *stage_facts.percent);
      }
      how = fmt::format("a dated entry whose heading or text names {}", words.empty() ? "the stage" : words);
    } else {
      return; // an item outside any stage gives nothing to look for
    }
    auto& finding = sink.add(document, item, facts,
                             fmt::format("ticked, but `{}` has no {}; looked for {}", need.target, wanted, how));
    finding.evidence.push_back({"work-log-entry", wanted, need.target, 0, false, std::nullopt});
  }

  static void check_evidence_folder(const Facts& facts,
                                    const DocumentFacts& document,
                                    const markdown::TaskItem& item,
                                    const EvidenceNeed& need,
                                    FindingSink& sink)
  {
    const std::string slug = document.rollout.empty() ? rollout_slug(*facts.vocabulary, document.document) : document.rollout;
    size_t other_files = 0;
    for (const auto* file : facts.corpus->files_under(need.target)) {
      if (is_placeholder(*facts.vocabulary, file->path)) {
        continue;
      }
      if (belongs_to_rollout(facts, file->path, slug)) {
        return;
      }
      ++other_files;
    }
    std::string message = fmt::format("ticked, but `{}/` holds no evidence for this rollout", need.target);
    if (other_files > 0) {
      message += fmt::format(" ({} file(s) there name other rollouts; looked for '{}' in file names and text)", other_files, slug);
    } else if (!slug.empty()) {
      message += fmt::format(" (a README is not evidence; looked for files naming '{}')", slug);
    }
    const bool conditional = is_conditional(*facts.vocabulary, item);
    if (conditional) {
      message += "; the item is conditional, so if there was nothing to attach this is expected";
    } else {
      message += "; attach the report or logs, or untick the box";
    }
    auto& finding = sink.add(document, item, facts, message);
    finding.evidence.push_back({"file", fmt::format("a file naming '{}'", slug), need.target + "/", 0, false, std::nullopt});
    if (conditional) {
      sink.cap_severity(finding, Severity::note);
    }
  }
};

} // namespace

std::unique_ptr<Check> make_evidence_missing()
{
  return std::make_unique<EvidenceMissing>();
}

} // namespace audit::checks
