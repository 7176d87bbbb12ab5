#include "report/documents.hpp"

#include "audit/kinds.hpp"
#include "report/json_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace report {

namespace {

std::string plural(size_t count, std::string_view one, std::string_view many)
{
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

// The words of a stage's heading that make it a rollout's: its rollout word, traffic share and number.
std::vector<std::string> rollout_words(const audit::Stage& stage)
{
  std::vector<std::string> words;
  for (const auto* word : {&stage.rollout_word, &stage.share, &stage.numbered}) {
    if (!word->empty()) {
      words.push_back(*word);
    }
  }
  return words;
}

bool is_final(const audit::DocumentFacts& document, const audit::Stage& stage)
{
  return std::binary_search(document.final_sections.begin(), document.final_sections.end(), stage.section);
}

std::string stage_line(const audit::DocumentFacts& document, const audit::Stage& stage)
{
  std::string text = stage.section < 0 ? std::string("  stage before any heading: ")
                                       : fmt::format("  stage at line {}: '{}', ", stage.line, stage.title);
  text += plural(stage.members.size(), "box", "boxes");
  if (const auto words = rollout_words(stage); !words.empty()) {
    text += fmt::format(", a rollout stage by '{}'", fmt::join(words, "', '"));
  }
  if (is_final(document, stage)) {
    text += ", the final checklist";
  }
  return text + "\n";
}

std::array<size_t, 4> count_kinds(const audit::Facts& facts)
{
  std::array<size_t, 4> counts{};
  for (const auto& document : facts.documents) {
    if (document.audited) {
      ++counts[static_cast<size_t>(document.kind)];
    }
  }
  return counts;
}

} // namespace

std::string format_documents_text(const audit::Facts& facts)
{
  std::string out;
  for (const auto& document : facts.documents) {
    if (!document.audited) {
      continue;
    }
    out += fmt::format("{}: {}\n", document.path, audit::kind_name(document.kind));
    if (!document.kind_reasons.empty()) {
      out += fmt::format("  because: {}\n", fmt::join(document.kind_reasons, "; "));
    }
    for (const auto& stage : document.stages) {
      out += stage_line(document, stage);
    }
  }
  const auto counts = count_kinds(facts);
  size_t total = 0;
  std::vector<std::string> parts;
  for (const auto kind : audit::k_kinds) {
    total += counts[static_cast<size_t>(kind)];
    parts.push_back(audit::count_of_kind(counts[static_cast<size_t>(kind)], kind));
  }
  out += fmt::format("{}: {}\n", plural(total, "document", "documents"), fmt::join(parts, ", "));
  return out;
}

std::string format_documents_json(const audit::Facts& facts)
{
  JsonWriter json;
  json.begin_object();
  json.key("documents").begin_array();
  for (const auto& document : facts.documents) {
    if (!document.audited) {
      continue;
    }
    json.begin_object();
    json.key("path").value(document.path);
    json.key("kind").value(audit::kind_name(document.kind));
    json.key("reasons").begin_array();
    for (const auto& reason : document.kind_reasons) {
      json.value(reason);
    }
    json.end_array();
    json.key("stages").begin_array();
    for (const auto& stage : document.stages) {
      json.begin_object();
      stage.section < 0 ? json.key("line").null() : json.key("line").value(stage.line);
      stage.section < 0 ? json.key("title").null() : json.key("title").value(stage.title);
      json.key("boxes").value(stage.members.size());
      json.key("rollout_stage").begin_array();
      for (const auto& word : rollout_words(stage)) {
        json.value(word);
      }
      json.end_array();
      json.key("final_checklist").value(is_final(document, stage));
      json.end_object();
    }
    json.end_array();
    json.end_object();
  }
  json.end_array();
  const auto counts = count_kinds(facts);
  size_t total = 0;
  for (size_t count : counts) {
    total += count;
  }
  json.key("summary").begin_object();
  json.key("documents").value(total);
  for (const auto kind : audit::k_kinds) {
    json.key(audit::kind_name(kind)).value(counts[static_cast<size_t>(kind)]);
  }
  json.end_object();
  json.end_object();
  return json.str() + "\n";
}

} // namespace report
