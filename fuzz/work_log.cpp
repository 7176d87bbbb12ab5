// evidence: work-log entries from a parsed document, and metric, condition and demand extraction from
// every piece of its prose.
#include "fuzz_common.hpp"
#include "audit/rule.hpp"

#include "evidence/metrics.hpp"
#include "evidence/work_log.hpp"
#include "markdown/document.hpp"

namespace {
const vocabulary::Vocabulary& words()
{
  return audit::default_vocabulary();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string_view text = fuzz_support::bytes(data, size);
  const auto document = markdown::parse_document("docs/work-log.md", text);
  const auto log = evidence::parse_work_log(words(), document);
  for (const auto& entry : log.entries) {
    fuzz_support::require(entry.last_line >= entry.line, "entry ends before it starts");
    fuzz_support::require(entry.section >= 0 && entry.section < static_cast<int>(document.sections.size()),
                          "entry's section out of range");
  }
  (void)evidence::document_metrics(words(), document);
  for (const auto& block : document.blocks) {
    const auto metrics = evidence::extract_metrics(words(), block.text, block.line);
    const auto conditions = evidence::extract_conditions(words(), block.text, block.line);
    for (const auto& metric : metrics) {
      fuzz_support::require(metric.line >= block.line, "metric before its block");
      for (const auto& condition : conditions) {
        if (evidence::applies_to(condition, metric)) {
          (void)evidence::holds(condition, metric.value);
        }
      }
    }
    for (const auto& demand : evidence::demanded_metrics(words(), block.text)) {
      for (const auto& metric : metrics) {
        (void)evidence::satisfies(demand, metric);
      }
    }
  }
  // The raw text too: a table row or a heading reaches the extractors in forms the model never builds.
  if (size < 4096) {
    (void)evidence::extract_metrics(words(), text, 1);
    (void)evidence::extract_conditions(words(), text, 1);
    (void)evidence::demanded_metrics(words(), text);
  }
  return 0;
}
