#include "evidence/items.hpp"

#include "evidence/marks.hpp"
#include "evidence/metric_words.hpp"
#include "evidence/metrics.hpp"
#include "evidence/windows.hpp"
#include "evidence/work_log.hpp"

#include <re2/re2.h>

namespace evidence {

namespace {

using vocabulary::Concept;

RE2::Options quiet_options()
{
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(false);
  return options;
}

// Entries with more than one word say enough to count anywhere in an item ("if needed"); a single word
// ("optional") counts only at the start or in brackets, or "make the flag optional" would be optional.
std::vector<vocabulary::Entry> phrases_of(const std::vector<vocabulary::Entry>& entries)
{
  std::vector<vocabulary::Entry> phrases;
  for (const auto& entry : entries) {
    if (entry.text.find(' ') != std::string::npos) {
      phrases.push_back(entry);
    }
  }
  return phrases;
}

// The vocabulary's words for an item's meaning, compiled once per run.
struct ItemWords
{
  explicit ItemWords(const vocabulary::Vocabulary& words)
    : not_applicable(R"((?:^|[^\w/-]))" + vocabulary::alternation(words.entries(Concept::not_applicable)) + R"((?:$|[^\w/-]))",
                     quiet_options()),
      skipped_start(R"(^\s*[(\[]?\s*)" + vocabulary::alternation(words.entries(Concept::skipped)) + R"(\b)", quiet_options()),
      optional_start(R"(^\s*[(\[]?\s*)" + vocabulary::alternation(words.entries(Concept::optional)) + R"(\b)", quiet_options()),
      optional_anywhere(R"([(\[]\s*)" + vocabulary::alternation(words.entries(Concept::optional)) + R"(\s*[)\]]|\b)"
                          + vocabulary::alternation(phrases_of(words.entries(Concept::optional))) + R"(\b)",
                        quiet_options()),
      condition_start(R"(^\s*)" + vocabulary::alternation(words.entries(Concept::condition_words)) + R"(\b)", quiet_options()),
      condition_word(R"(\b)" + vocabulary::alternation(words.entries(Concept::condition_words)) + R"(\b)", quiet_options()),
      reaction_start(R"(^\s*)" + vocabulary::alternation(words.entries(Concept::reactions)), quiet_options()),
      // A reaction counts at the start of a word: "stop" in "stopped", not in "nonstop".
      reaction(R"(\b)" + vocabulary::alternation(words.entries(Concept::reactions)), quiet_options()),
      numbered_stage(R"(^\s*)" + vocabulary::alternation(words.entries(Concept::stage_words)) + R"(\s+(\d{1,6})(?:[.):]?(?:\s|$)))",
                     quiet_options())
  {
  }

  RE2 not_applicable;
  RE2 skipped_start;
  RE2 optional_start;
  RE2 optional_anywhere;
  RE2 condition_start;
  RE2 condition_word;
  RE2 reaction_start;
  RE2 reaction;
  RE2 numbered_stage; // "Stage 2: Ramp"
};

bool is_guard(const vocabulary::Vocabulary& words, const ItemWords& compiled, std::string_view text)
{
  if (RE2::PartialMatch(text, compiled.condition_start)) {
    return RE2::PartialMatch(text, compiled.reaction);
  }
  // "Abort (set X=0) if error rate reaches 1 percent": the reaction first, then a condition on a metric. A
  // step such as "Stop the old worker when the new one is healthy" states no figure and stays a step.
  return RE2::PartialMatch(text, compiled.reaction_start) && RE2::PartialMatch(text, compiled.condition_word)
         && !extract_conditions(words, text, 0).empty();
}

} // namespace

markdown::ItemKind classify_item(const vocabulary::Vocabulary& words, std::string_view text, bool struck_through)
{
  const ItemWords& compiled = words.derived<ItemWords>();
  if (struck_through || RE2::PartialMatch(text, compiled.not_applicable) || RE2::PartialMatch(text, compiled.skipped_start)) {
    return markdown::ItemKind::not_applicable;
  }
  if (RE2::PartialMatch(text, compiled.optional_start) || RE2::PartialMatch(text, compiled.optional_anywhere)) {
    return markdown::ItemKind::optional;
  }
  if (is_guard(words, compiled, text)) {
    return markdown::ItemKind::guard;
  }
  return markdown::ItemKind::step;
}

void recognise_locally(const vocabulary::Vocabulary& words, markdown::Document& document)
{
  const ItemWords& compiled = words.derived<ItemWords>();
  for (auto& section : document.sections) {
    int number = -1;
    if (section.number < 0 && RE2::PartialMatch(section.title, compiled.numbered_stage, &number)) {
      section.number = number;
    }
  }
  for (auto& item : document.items) {
    item.kind = classify_item(words, item.text, item.struck_through);
  }
  find_marks(words, document);
}

void recognise_in_context(markdown::Document& document)
{
  settle_marks(document);
}

void recognise_items(const vocabulary::Vocabulary& words, markdown::Document& document)
{
  recognise_locally(words, document);
  recognise_in_context(document);
}

markdown::Document read_document(const vocabulary::Vocabulary& words,
                                 std::string_view path,
                                 std::string_view bytes,
                                 const markdown::ParseOptions& options)
{
  markdown::Document document = markdown::parse_document(path, bytes, options);
  recognise_items(words, document);
  return document;
}

std::vector<vocabulary::Warmer> reading_warmers()
{
  return {vocabulary::warm<MetricWords>, warm_mark_words, warm_window_words, vocabulary::warm<ItemWords>, warm_heading_dates};
}

} // namespace evidence
