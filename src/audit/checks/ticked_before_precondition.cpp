#include "audit/checks/checks.hpp"
#include "audit/item_evidence.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <set>

namespace audit::checks {

namespace {

constexpr std::string_view k_default_final_sections = R"((?i)\bfinal success checklist\b|\bsuccess checklist\b|\bfinal sign-?off\b)";

std::vector<int> open_steps_of_stage(const DocumentFacts& document, int stage)
{
  std::vector<int> open;
  for (size_t i = 0; i < document.document.items.size(); ++i) {
    if (is_open_step(document.document.items[i]) && document.stage_of_item(static_cast<int>(i)) == stage) {
      open.push_back(static_cast<int>(i));
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
  std::optional<std::string> validate_params(const YAML::Node& params) const override
  {
    if (params && params["final_sections"]) {
      RE2 pattern(params["final_sections"].as<std::string>(""), RE2::Quiet);
      if (!pattern.ok()) {
        return fmt::format("invalid final_sections pattern: {}", pattern.error());
      }
    }
    return std::nullopt;
  }

  void run(const Rule& rule, const Facts& facts, FindingSink& sink) const override
  {
    const std::string pattern = rule.params && rule.params["final_sections"]
                                  ? rule.params["final_sections"].as<std::string>("")
                                  : std::string(k_default_final_sections);
    const RE2 final_sections(pattern, RE2::Quiet);
    for (const auto& document : facts.documents) {
      if (!document.checklist || !selects_document(rule, document)) {
        continue;
      }
      check_preconditions(rule, facts, document, sink);
      check_final_sections(rule, facts, document, final_sections, sink);
    }
  }

private:
  static void check_preconditions(const Rule& rule, const Facts& facts, const DocumentFacts& document, FindingSink& sink)
  {
    for (size_t i = 0; i < document.document.items.size(); ++i) {
      const auto& item = document.document.items[i];
      if (!is_ticked_step(item) || !is_precondition(item) || !selects_item(rule, document, item)) {
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

  // A plan's "Final Success Checklist" may only be ticked once the execution checklist linked to it is done.
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
    for (const auto& execution : facts.documents) {
      if (&execution == &plan || !execution.checklist) {
        continue;
      }
      if (!references_document(facts, execution, nullptr, plan.path) && !references_document(facts, plan, nullptr, execution.path)) {
        continue;
      }
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
