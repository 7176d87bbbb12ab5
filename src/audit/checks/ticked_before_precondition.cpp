#include "audit/checks/checks.hpp"
#include "audit/item_evidence.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include "util/time.hpp"

#include <map>
#include <set>

namespace audit::checks {

namespace {

std::vector<int> open_steps_of_stage(const DocumentFacts& document, int stage)
{
  std::vector<int> open;
  if (stage < 0 || static_cast<size_t>(stage) >= document.stages.size()) {
    return open;
  }
  // The stage's own items, not every item of the document: this runs once per precondition, and a
  // 50,000-item checklist made that quadratic.
  for (int i : document.stages[static_cast<size_t>(stage)].members) {
    if (is_open_step(document.document.items[static_cast<size_t>(i)]) && document.stage_of_item(i) == stage) {
      open.push_back(i);
    }
  }
  return open;
}

bool references_document(const Facts& facts, const DocumentFacts& from, const markdown::TaskItem* item, std::string_view path)
{
  const auto& references = item ? item->references : from.document.references;
  return std::any_of(references.begin(), references.end(), [&](const markdown::Reference& reference) {
    const auto resolved = facts.resolve(from, reference.target);
    return resolved && *resolved == path;
  });
}

class TickedBeforePrecondition : public Check
{
public:
  // No params: the headings of a plan's final checklist are the vocabulary's final-checklists.
  std::vector<ParamSpec> params() const override
  {
    return {};
  }

  void run(const Rule& rule, const Facts& facts, FindingSink& sink) const override
  {
    // The headings of a plan's final checklist are the vocabulary's (final-checklists).
    const RE2& final_sections = final_checklist_pattern(*facts.vocabulary);
    for (const auto& document : facts.documents) {
      if (!document.checklist || !selects_document(rule, document)) {
        continue;
      }
      check_preconditions(rule, facts, document, sink);
      check_final_sections(rule, facts, document, final_sections, sink);
      if (facts.timeline->has_history()) {
        check_times(rule, facts, document, sink);
        check_final_section_times(rule, facts, document, final_sections, sink);
      }
    }
  }

private:
  // With history: a stated window that had not passed when the box was ticked, measured from the
  // completion of the stage it refers to; and a precondition ticked before that stage was complete.
  struct TimeFault
  {
    size_t item = 0;
    std::string message;
    int last_line = 0;
    Stamp completed;
  };

  static void check_times(const Rule& rule, const Facts& facts, const DocumentFacts& document, FindingSink& sink)
  {
    // A window in a stage heading concerns every step of the stage: it is reported once, at the step
    // ticked earliest among those ticked too early.
    std::map<int, TimeFault> heading_faults;
    std::vector<TimeFault> faults;
    for (size_t i = 0; i < document.document.items.size(); ++i) {
      const auto& item = document.document.items[i];
      if (!is_ticked_step(item) || !document.ticks[i] || !selects_item(rule, document, item)) {
        continue;
      }
      const int own_stage = document.stage_of_item(static_cast<int>(i));
      const auto own = item_window(*facts.vocabulary, item, document.ticks[i]->said_before);
      auto window = own ? std::optional(own->window) : std::nullopt;
      const bool from_heading = !window && own_stage >= 0
                                && (window = evidence::stated_window(*facts.vocabulary, document.stages[static_cast<size_t>(own_stage)].title)).has_value();
      if (!window && !is_precondition(*facts.vocabulary, item)) {
        continue;
      }
      auto fault = time_fault(document, i, own_stage, window, own && own->said_before);
      if (!fault) {
        continue;
      }
      if (!from_heading) {
        faults.push_back(std::move(*fault));
        continue;
      }
      auto existing = heading_faults.find(own_stage);
      if (existing == heading_faults.end()
          || document.ticks[i]->time < document.ticks[existing->second.item]->time) {
        heading_faults[own_stage] = std::move(*fault);
      }
    }
    for (auto& [stage, fault] : heading_faults) {
      faults.push_back(std::move(fault));
    }
    std::sort(faults.begin(), faults.end(), [](const TimeFault& a, const TimeFault& b) { return a.item < b.item; });
    for (const auto& fault : faults) {
      add_time_finding(facts, document, document.document.items[fault.item], sink, fault.message, document.path,
                       fault.last_line, fault.completed);
    }
  }

  static std::optional<TimeFault> time_fault(
    const DocumentFacts& document, size_t i, int own_stage, const std::optional<evidence::StatedWindow>& window, bool said_before = false)
  {
    const auto& item = document.document.items[i];
    const int stage = referenced_stage(document, own_stage, window ? window->written + " " + item.text : item.text);
    int last_item = -1;
    const auto completed = stage_completed(document, stage, &last_item);
    const Stamp& tick = *document.ticks[i];
    if (!completed || completed->truncated || tick.truncated || (!tick.committed && !completed->committed)) {
      return std::nullopt; // both only in the working tree: nothing tells their order
    }
    const auto& stage_title = document.stages[static_cast<size_t>(stage)].title;
    const auto& last = document.document.items[static_cast<size_t>(last_item)];
    const bool before_completion = tick.committed && completed->committed
                                     ? tick.commit != completed->commit && tick.time < completed->time
                                     : tick.committed; // the stage was finished only after, in the working tree
    if (before_completion) {
      return TimeFault{i,
                       fmt::format("{} {}, before stage '{}' it depends on was complete: its last step, {}, "
                                   "was {} {}",
                                   ticked_word(item), describe_stamp(tick), stage_title, describe_item(last),
                                   ticked_word(last), describe_stamp(*completed)),
                       last.line,
                       *completed};
    }
    if (window && tick.time < completed->time + window->seconds) {
      // A window read in what the item said while it was open is quoted as such: the item no longer says it.
      const std::string before = said_before ? fmt::format(" (as it read before it was {})", ticked_word(item)) : "";
      return TimeFault{i,
                       fmt::format("{} {}, only {} after stage '{}' was complete ({}), but '{}'{} needs {} to pass "
                                   "first, until {}",
                                   ticked_word(item), describe_stamp(tick), util::format_duration(tick.time - completed->time),
                                   stage_title, describe_stamp(*completed), window->written, before,
                                   util::format_duration(window->seconds), util::format_timestamp(completed->time + window->seconds)),
                       last.line,
                       *completed};
    }
    return std::nullopt;
  }

  static void add_time_finding(const Facts& facts,
                               const DocumentFacts& document,
                               const markdown::TaskItem& item,
                               FindingSink& sink,
                               std::string message,
                               const std::string& file,
                               int line,
                               const Stamp& stamp)
  {
    auto& finding = sink.add(document, item, facts, std::move(message));
    finding.evidence.push_back({"item", "the stage's last step", file, line, true, stamp});
  }

  // With history: the final checklist ticked before the execution checklist's last step was.
  static void check_final_section_times(const Rule& rule,
                                        const Facts& facts,
                                        const DocumentFacts& plan,
                                        const RE2& final_sections,
                                        FindingSink& sink)
  {
    for (size_t i = 0; i < plan.document.items.size(); ++i) {
      const auto& item = plan.document.items[i];
      if (!is_ticked_step(item) || !plan.ticks[i] || plan.ticks[i]->truncated || !selects_item(rule, plan, item)
          || !in_final_section(plan, item, final_sections)) {
        continue;
      }
      for (const auto& path : plan.executions) {
        const DocumentFacts& execution = *facts.document(path);
        const markdown::TaskItem* latest_item = nullptr;
        const Stamp* latest = nullptr;
        bool all_done = true;
        for (size_t k = 0; k < execution.document.items.size(); ++k) {
          const auto& step = execution.document.items[k];
          if (step.kind != markdown::ItemKind::step || references_document(facts, execution, &step, plan.path)
              || RE2::PartialMatch(step.text, final_sections)) {
            continue;
          }
          if (!step.ticked || !execution.ticks[k]) {
            all_done = false; // the static form reports open steps
            break;
          }
          if (!latest || execution.ticks[k]->time > latest->time) {
            latest = &*execution.ticks[k];
            latest_item = &step;
          }
        }
        if (!all_done || !latest || latest->truncated || !plan.ticks[i]->committed || plan.ticks[i]->time >= latest->time) {
          continue;
        }
        add_time_finding(facts, plan, item, sink,
                         fmt::format("ticked {}, before the execution checklist `{}` was done: its step at {} was ticked {}",
                                     describe_stamp(*plan.ticks[i]), execution.path, describe_item(*latest_item),
                                     describe_stamp(*latest)),
                         execution.path, latest_item->line, *latest);
      }
    }
  }

  static bool in_final_section(const DocumentFacts& plan, const markdown::TaskItem& item, const RE2& final_sections)
  {
    for (const auto& title : plan.document.section_path(item.section)) {
      if (RE2::PartialMatch(title, final_sections)) {
        return true;
      }
    }
    return false;
  }

  static void check_preconditions(const Rule& rule, const Facts& facts, const DocumentFacts& document, FindingSink& sink)
  {
    for (size_t i = 0; i < document.document.items.size(); ++i) {
      const auto& item = document.document.items[i];
      if (!is_ticked_step(item) || !is_precondition(*facts.vocabulary, item) || !selects_item(rule, document, item)) {
        continue;
      }
      const int stage = referenced_stage(document, document.stage_of_item(static_cast<int>(i)), item.text);
      if (stage < 0) {
        continue;
      }
      const auto open = open_steps_of_stage(document, stage);
      if (open.empty()) {
        continue;
      }
      auto& finding = sink.add(document, item, facts,
                               fmt::format("ticked, but stage '{}' it depends on has {} open step(s): {}; finish that "
                                           "stage before declaring its preconditions met",
                                           document.stages[static_cast<size_t>(stage)].title,
                                           open.size(),
                                           describe_items(document, open)));
      for (int index : open) {
        const auto& open_item = document.document.items[static_cast<size_t>(index)];
        finding.evidence.push_back({"item", open_item.text, document.path, open_item.line, false, std::nullopt});
      }
    }
  }

  // A plan's "Final Success Checklist" may only be ticked once its execution checklist is done: a rollout naming
  // the plan or named by it (kinds.cpp), never any document the plan happens to link.
  static void check_final_sections(const Rule& rule,
                                   const Facts& facts,
                                   const DocumentFacts& plan,
                                   const RE2& final_sections,
                                   FindingSink& sink)
  {
    std::set<int> sections;
    for (size_t s = 0; s < plan.document.sections.size(); ++s) {
      const auto& section = plan.document.sections[s];
      if (RE2::PartialMatch(section.title, final_sections) || (section.parent >= 0 && sections.contains(section.parent))) {
        sections.insert(static_cast<int>(s));
      }
    }
    const markdown::TaskItem* first_ticked = nullptr;
    for (const auto& item : plan.document.items) {
      if (sections.contains(item.section) && is_ticked_step(item) && selects_item(rule, plan, item)) {
        first_ticked = &item;
        break;
      }
    }
    if (!first_ticked) {
      return;
    }
    for (const auto& path : plan.executions) {
      const DocumentFacts& execution = *facts.document(path);
      std::vector<int> open;
      for (size_t i = 0; i < execution.document.items.size(); ++i) {
        const auto& item = execution.document.items[i];
        // "Ensure the Final Success Checklist ... is ticked only after ..." is about the plan itself.
        if (is_open_step(item) && !references_document(facts, execution, &item, plan.path)
            && !RE2::PartialMatch(item.text, final_sections)) {
          open.push_back(static_cast<int>(i));
        }
      }
      if (open.empty()) {
        continue;
      }
      auto& finding = sink.add(plan, *first_ticked, facts,
                               fmt::format("ticked in '{}', but the execution checklist `{}` has {} open step(s): {}; "
                                           "tick the final checklist only after every verification step passed",
                                           plan.document.sections[static_cast<size_t>(first_ticked->section)].title,
                                           execution.path,
                                           open.size(),
                                           describe_items(execution, open)));
      for (int index : open) {
        const auto& open_item = execution.document.items[static_cast<size_t>(index)];
        finding.evidence.push_back({"item", open_item.text, execution.path, open_item.line, false, std::nullopt});
      }
    }
  }
};

} // namespace

std::unique_ptr<Check> make_ticked_before_precondition()
{
  return std::make_unique<TickedBeforePrecondition>();
}

} // namespace audit::checks
