#include "audit/facts_codec.hpp"

#include "evidence/codec.hpp"
#include "markdown/document_codec.hpp"

#include <algorithm>

namespace audit {

namespace {

constexpr size_t k_least_record = 8;

void write_indices(util::ByteWriter& out, const std::vector<int>& indices)
{
  out.number(indices.size());
  for (int index : indices) {
    out.number(static_cast<uint64_t>(index));
  }
}

std::vector<int> read_indices(util::ByteReader& in)
{
  std::vector<int> indices(in.count(k_least_record));
  for (int& index : indices) {
    index = in.integer();
  }
  return indices;
}

// A list per item (what each ticked item demands, asserts), each in its own encoding.
template<typename List, typename Encode>
void write_per_item(util::ByteWriter& out, const std::vector<List>& lists, Encode encode)
{
  out.number(lists.size());
  for (const auto& list : lists) {
    encode(list, out);
  }
}

template<typename List, typename Decode>
bool read_per_item(util::ByteReader& in, std::vector<List>& lists, Decode decode)
{
  lists.resize(in.count(k_least_record));
  for (auto& list : lists) {
    auto decoded = decode(in);
    if (!decoded) {
      return false;
    }
    list = std::move(*decoded);
  }
  return true;
}

bool all_within(const std::vector<int>& indices, int lowest, size_t size)
{
  return std::all_of(indices.begin(), indices.end(), [&](int index) { return index >= lowest && index < static_cast<int>(size); });
}

bool indices_valid(const DerivedDocument& derived)
{
  const DocumentFacts& facts = derived.facts;
  const size_t sections = facts.document.sections.size();
  const size_t items = facts.document.items.size();
  for (const auto& stage : facts.stages) {
    if (stage.section < -1 || stage.section >= static_cast<int>(sections) || !all_within(stage.items, 0, items)
        || !all_within(stage.members, 0, items)) {
      return false;
    }
  }
  if (facts.item_stages.size() != items || !all_within(facts.item_stages, -1, facts.stages.size())) {
    return false;
  }
  // Found for every item or for none (DocumentFacts::demands_of reads them by the item's index).
  if ((!facts.item_demands.empty() && facts.item_demands.size() != items)
      || (!facts.item_conditions.empty() && facts.item_conditions.size() != items)) {
    return false;
  }
  if (derived.work_log) {
    for (const auto& entry : derived.work_log->entries) {
      if (entry.section < -1 || entry.section >= static_cast<int>(sections)) {
        return false;
      }
    }
  }
  return true;
}

} // namespace

void encode_derived_document(const DerivedDocument& derived, util::ByteWriter& out)
{
  const DocumentFacts& facts = derived.facts;
  markdown::encode_document(facts.document, out);
  out.flag(facts.audited);
  out.flag(facts.checklist);
  out.flag(facts.work_log);
  out.flag(facts.completion_report);
  out.number(facts.stages.size());
  for (const auto& stage : facts.stages) {
    out.number(static_cast<uint64_t>(stage.section));
    out.text(stage.title);
    out.number(static_cast<uint64_t>(stage.line));
    write_indices(out, stage.items);
    write_indices(out, stage.members);
    out.number(stage.keywords.size());
    for (const auto& keyword : stage.keywords) {
      out.text(keyword);
    }
    out.flag(stage.percent.has_value());
    out.real(stage.percent.value_or(0));
    out.text(stage.rollout_word);
    out.text(stage.share);
    out.text(stage.numbered);
  }
  evidence::encode_conditions(facts.thresholds, out);
  evidence::encode_metrics(facts.metrics, out);
  out.text(facts.rollout);
  write_indices(out, facts.item_stages);
  write_per_item(out, facts.item_demands, evidence::encode_demands);
  write_per_item(out, facts.item_conditions, evidence::encode_conditions);
  out.flag(facts.rollout_reading.has_value());
  if (facts.rollout_reading) {
    out.flag(facts.rollout_reading->rollout);
    out.number(facts.rollout_reading->reasons.size());
    for (const auto& reason : facts.rollout_reading->reasons) {
      out.text(reason);
    }
  }
  out.flag(derived.work_log.has_value());
  if (derived.work_log) {
    evidence::encode_work_log(*derived.work_log, out);
  }
}

std::optional<DerivedDocument> decode_derived_document(util::ByteReader& in)
{
  auto document = markdown::decode_document(in);
  if (!document) {
    return std::nullopt;
  }
  DerivedDocument derived;
  DocumentFacts& facts = derived.facts;
  facts.document = std::move(*document);
  facts.audited = in.flag();
  facts.checklist = in.flag();
  facts.work_log = in.flag();
  facts.completion_report = in.flag();
  facts.stages.resize(in.count(k_least_record));
  for (auto& stage : facts.stages) {
    stage.section = in.integer();
    stage.title = in.text();
    stage.line = in.integer();
    stage.items = read_indices(in);
    stage.members = read_indices(in);
    stage.keywords.resize(in.count(k_least_record));
    for (auto& keyword : stage.keywords) {
      keyword = in.text();
    }
    const bool has_percent = in.flag();
    const double percent = in.real();
    stage.percent = has_percent ? std::optional(percent) : std::nullopt;
    stage.rollout_word = in.text();
    stage.share = in.text();
    stage.numbered = in.text();
  }
  auto thresholds = evidence::decode_conditions(in);
  auto metrics = evidence::decode_metrics(in);
  if (!thresholds || !metrics) {
    return std::nullopt;
  }
  facts.thresholds = std::move(*thresholds);
  facts.metrics = std::move(*metrics);
  facts.rollout = in.text();
  facts.item_stages = read_indices(in);
  if (!read_per_item(in, facts.item_demands, evidence::decode_demands)
      || !read_per_item(in, facts.item_conditions, evidence::decode_conditions)) {
    return std::nullopt;
  }
  if (in.flag()) {
    RolloutReading& reading = facts.rollout_reading.emplace();
    reading.rollout = in.flag();
    reading.reasons.resize(in.count(k_least_record));
    for (auto& reason : reading.reasons) {
      reason = in.text();
    }
    if (reading.reasons.empty()) {
      return std::nullopt; // read_rollout always says why: kinds.cpp quotes the first reason
    }
  }
  if (in.flag()) {
    derived.work_log = evidence::decode_work_log(in);
    if (!derived.work_log) {
      return std::nullopt;
    }
  }
  if (in.failed() || !indices_valid(derived)) {
    return std::nullopt;
  }
  return derived;
}

} // namespace audit
