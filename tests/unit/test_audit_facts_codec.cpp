#include "audit/facts_codec.hpp"
#include "../support/words.hpp"

#include "corpus/file_system.hpp"

#include <doctest/doctest.h>

using test_support::words;

namespace {

const char* const k_checklist = "---\ntitle: Widget Rollout Checklist\n---\n\n# Widget Rollout Checklist\n\n"
                                "## 1. Validation Stage (10 Percent Traffic)\n\n- [x] Route 10 percent.\n  - [x] Check P95.\n"
                                "- [x] Log timestamps plus response latency; failed job rate < 1 percent.\n\n"
                                "## 2. Full Rollout (100 Percent Traffic)\n\n- [ ] Ramp.\n- [ ] If error rate > 2 percent, rollback.\n\n"
                                "## Rollback\n\nRoll back if response P95 > 5 s.\n";

// The checklist's (document 0) or the work log's (document 1) derived facts, as build_facts derives them.
audit::DerivedDocument derived(size_t document)
{
  corpus::MemoryFileSystem file_system;
  file_system.add_file("docs/widget-rollout-checklist.md", k_checklist);
  file_system.add_file("docs/work-log.md", "# Work log\n\n## 2025-10-22 - Widget validation\n\nResponse P95: 3.4 s\n");
  const corpus::Corpus corpus(file_system, corpus::Options{});
  config::Config config;
  config.work_logs = {"docs/work-log.md"};
  const audit::WorkingTreeTimeline timeline(1'767'225'600);
  auto facts = audit::build_facts(corpus, config, words(), timeline, "", 1);
  REQUIRE(facts.documents.size() == 2);
  REQUIRE(facts.work_logs.size() == 1);
  std::optional<evidence::WorkLog> work_log;
  if (facts.documents[document].work_log) {
    work_log = std::move(facts.work_logs[0]);
  }
  return audit::DerivedDocument{std::move(facts.documents[document]), std::move(work_log)};
}

std::string encoded(const audit::DerivedDocument& derived)
{
  util::ByteWriter out;
  audit::encode_derived_document(derived, out);
  return out.take();
}

} // namespace

TEST_CASE("encode_derived_document")
{
  SUBCASE("a checklist")
  {
    auto checklist = derived(0);
    REQUIRE(checklist.facts.stages.size() == 2);
    REQUIRE(checklist.facts.thresholds.size() == 2);
    const std::string bytes = encoded(checklist);
    util::ByteReader in(bytes);
    const auto decoded = audit::decode_derived_document(in);
    REQUIRE(decoded);
    CHECK(in.ok());
    CHECK(encoded(*decoded) == bytes);
    CHECK(decoded->facts.path.empty()); // the same bytes give the same facts wherever they are
    CHECK(decoded->facts.ticks.empty()); // the run's own
    CHECK(decoded->facts.rollout == "widget");
    CHECK(decoded->facts.checklist);
    CHECK(decoded->facts.audited);
    CHECK(decoded->facts.stages[0].percent == 10);
    CHECK(decoded->facts.stages[0].members.size() == 3);
    CHECK(decoded->facts.stages[0].keywords == checklist.facts.stages[0].keywords);
    CHECK(decoded->facts.item_stages == checklist.facts.item_stages);
    REQUIRE(decoded->facts.item_demands.size() == 5);
    CHECK(decoded->facts.item_demands[2].size() == 2);
    CHECK(decoded->facts.item_conditions[2].size() == 1);
    CHECK(decoded->facts.conditions_of(2)[0].written == checklist.facts.conditions_of(2)[0].written);
    CHECK(decoded->facts.document.front_matter.field("title")->value == "Widget Rollout Checklist");
    CHECK_FALSE(decoded->work_log);
    // Read once where it is derived, as kinds.cpp would read it; a warm run reads it from the cache.
    REQUIRE(checklist.facts.rollout_reading);
    CHECK(checklist.facts.rollout_reading->rollout);
    CHECK(checklist.facts.rollout_reading->reasons.front() == "2 rollout stages (lines 7, 13), 2 with a traffic share");
    CHECK(decoded->facts.rollout_reading == checklist.facts.rollout_reading);
  }
  SUBCASE("a work log")
  {
    const auto log = derived(1);
    REQUIRE(log.work_log);
    const std::string bytes = encoded(log);
    util::ByteReader in(bytes);
    const auto decoded = audit::decode_derived_document(in);
    REQUIRE(decoded);
    CHECK(encoded(*decoded) == bytes);
    CHECK(decoded->facts.work_log);
    REQUIRE(decoded->work_log);
    CHECK(decoded->work_log->entries.size() == 1);
    CHECK(decoded->work_log->entries[0].metrics.size() == 1);
    REQUIRE(decoded->facts.rollout_reading);
    CHECK(decoded->facts.rollout_reading == audit::RolloutReading{false, {"no boxes"}});
  }
}

TEST_CASE("decode_derived_document")
{
  SUBCASE("an item's stage out of range is no record")
  {
    auto checklist = derived(0);
    checklist.facts.item_stages.back() = 7;
    const std::string bytes = encoded(checklist);
    util::ByteReader in(bytes);
    CHECK_FALSE(audit::decode_derived_document(in));
  }
  SUBCASE("a stage naming an item the document does not have is no record")
  {
    auto checklist = derived(0);
    checklist.facts.stages[1].members.push_back(40);
    const std::string bytes = encoded(checklist);
    util::ByteReader in(bytes);
    CHECK_FALSE(audit::decode_derived_document(in));
  }
  SUBCASE("an entry under a heading the document does not have is no record")
  {
    auto log = derived(1);
    log.work_log->entries[0].section = 40;
    const std::string bytes = encoded(log);
    util::ByteReader in(bytes);
    CHECK_FALSE(audit::decode_derived_document(in));
  }
  SUBCASE("ticked items' demands for some items only are no record")
  {
    auto checklist = derived(0);
    checklist.facts.item_demands.pop_back();
    const std::string bytes = encoded(checklist);
    util::ByteReader in(bytes);
    CHECK_FALSE(audit::decode_derived_document(in));
  }
  SUBCASE("a rollout reading that gives no reason is no record")
  {
    auto checklist = derived(0);
    checklist.facts.rollout_reading->reasons.clear();
    const std::string bytes = encoded(checklist);
    util::ByteReader in(bytes);
    CHECK_FALSE(audit::decode_derived_document(in));
  }
  SUBCASE("torn: no record")
  {
    const std::string bytes = encoded(derived(0));
    util::ByteReader in(std::string_view(bytes).substr(0, bytes.size() - 9));
    CHECK_FALSE(audit::decode_derived_document(in));
  }
}
