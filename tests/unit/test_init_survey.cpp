#include "init/survey.hpp"

#include "../support/words.hpp"
#include "audit/timeline.hpp"
#include "corpus/corpus.hpp"
#include "util/time.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using test_support::words;

namespace {

// A team that keeps its journal, summaries and evidence in its own places, words its boxes its own way, and
// numbers some groups of boxes in batches.
const char* const k_rollout = "---\n"
                              "title: Ledger Sharding Rollout\n"
                              "owner: payments\n"
                              "status: Active\n"
                              "reviewed_on: 2025-10-01\n"
                              "---\n"
                              "# Ledger Sharding Rollout\n"
                              "\n"
                              "## 1. Canary (5% of traffic)\n"
                              "\n"
                              "- [x] Route 5% of writes to the new shards.\n"
                              "- [x] Record results in `ops/journal.md` under a new Ledger canary entry.\n"
                              "- [x] Attach the latency dashboards to `proof/ledger/`.\n"
                              "\n"
                              "## 2. Ramp (50% of traffic)\n"
                              "\n"
                              "- [ ] Route 50% of writes.\n"
                              "- [ ] Record the final figures in `summaries/ledger-sharding.md`.\n";

const char* const k_journal = "# Ops journal\n\n## 2025-10-02 - Ledger canary\n\nP95 latency 310 ms.\n\n"
                              "## 2025-09-20 - Cache warmup\n\nDone.\n";

const char* const k_summary = "# Ledger sharding summary\n\n- P95 latency: 290 ms\n- Error rate: 0.1%\n";

const char* const k_waves = "# Fleet upgrade\n\n"
                            "## Batch 1: internal hosts\n\n- [ ] Upgrade the build farm.\n\n"
                            "## Batch 2: staging\n\n- [ ] Upgrade staging.\n\n"
                            "## Batch 3 (50% of traffic)\n\n- [ ] Upgrade half the edge.\n";

std::string notes_with_entries(int count)
{
  std::string text = "# Session notes\n";
  for (int day = 1; day <= count; ++day) {
    text += "\n## 2025-11-0" + std::to_string(day) + " - Standup\n\nTalked.\n";
  }
  return text;
}

struct Repository
{
  Repository()
  {
    files.add_file("runbooks/ledger-sharding.md", k_rollout);
    files.add_file("ops/journal.md", k_journal);
    files.add_file("summaries/ledger-sharding.md", k_summary);
    files.add_file("proof/ledger/latency.png", "png");
    files.add_file("notes/standups.md", notes_with_entries(6));
    files.add_file("plans/fleet-upgrade.md", k_waves);
    corpus = std::make_unique<corpus::Corpus>(files, corpus::Options{});
    facts = audit::build_facts(*corpus, config, words(), timeline, "");
  }

  corpus::MemoryFileSystem files;
  config::Config config; // the defaults, as init surveys with
  audit::WorkingTreeTimeline timeline{*util::parse_timestamp("2025-11-10T00:00:00Z")};
  std::unique_ptr<corpus::Corpus> corpus;
  audit::Facts facts;
};

} // namespace

TEST_CASE("survey_repository")
{
  const Repository repository;
  const init::Survey survey = init::survey_repository(repository.facts);

  SUBCASE("a work log: what boxes ask to record in, holding dated entries")
  {
    REQUIRE(survey.work_logs.size() == 1);
    CHECK(survey.work_logs[0].path == "ops/journal.md");
    CHECK(survey.work_logs[0].named_by == 1);
    CHECK(survey.work_logs[0].entries == 2);
    CHECK_FALSE(survey.work_logs[0].by_default);
    // Dated notes no box names are shown, not proposed.
    REQUIRE(survey.dated_unnamed.size() == 1);
    CHECK(survey.dated_unnamed[0].path == "notes/standups.md");
    CHECK(survey.dated_unnamed[0].entries == 6);
  }
  SUBCASE("a completion report: what boxes ask to record in, holding figures and no dated entries")
  {
    REQUIRE(survey.completion_reports.size() == 1);
    CHECK(survey.completion_reports[0].path == "summaries/ledger-sharding.md");
    CHECK(survey.completion_reports[0].figures == 2);
  }
  SUBCASE("an evidence folder: what boxes attach to")
  {
    REQUIRE(survey.evidence_folders.size() == 1);
    CHECK(survey.evidence_folders[0].path == "proof/ledger");
    CHECK(survey.evidence_folders[0].named_by == 1);
    CHECK(survey.evidence_folders[0].files == 1);
  }
  SUBCASE("rollouts with their stages, and the front-matter keys rollouts give")
  {
    // By path: the fleet upgrade is a rollout by its one stage with a traffic share.
    REQUIRE(survey.rollouts.size() == 2);
    CHECK(survey.rollouts[0].path == "plans/fleet-upgrade.md");
    CHECK(survey.rollouts[0].stages == std::vector<std::string>{"Batch 3 (50% of traffic)"});
    CHECK(survey.rollouts[1].path == "runbooks/ledger-sharding.md");
    CHECK(survey.rollouts[1].name == "ledger-sharding");
    CHECK(survey.rollouts[1].stages == std::vector<std::string>{"1. Canary (5% of traffic)", "2. Ramp (50% of traffic)"});
    CHECK(survey.rollouts_with_front_matter == 1); // the fleet upgrade has none
    REQUIRE(survey.front_matter.size() == 4);
    CHECK(survey.front_matter[0].key == "title");
    CHECK(survey.front_matter[3].key == "reviewed_on");
    CHECK(survey.front_matter[3].dates);
    CHECK_FALSE(survey.front_matter[1].dates);
  }
  SUBCASE("documents by kind")
  {
    CHECK(survey.documents.at(config::Kind::rollout) == std::vector<std::string>{"plans/fleet-upgrade.md", "runbooks/ledger-sharding.md"});
    CHECK(survey.documents.at(config::Kind::record).size() == 3); // the journal, the summary and the notes by their dates or words
  }
  SUBCASE("a word numbering groups of boxes in a document that splits traffic")
  {
    REQUIRE(survey.stage_words.size() == 1);
    CHECK(survey.stage_words[0].word == "Batch");
    CHECK(survey.stage_words[0].path == "plans/fleet-upgrade.md");
    CHECK(survey.stage_words[0].headings == std::vector<std::string>{"Batch 1: internal hosts", "Batch 2: staging"});
  }
}

TEST_CASE("survey_repository: the defaults' own files")
{
  corpus::MemoryFileSystem files;
  files.add_file("docs/work-log.md", "# Log\n\n## 2025-10-01 - Canary\n\nDone.\n");
  files.add_file("docs/plans/cutover-COMPLETION.md", "# Done\n\nError rate 0.2%.\n");
  files.add_file("docs/validation-reports/run-1/results.txt", "ok");
  const corpus::Corpus corpus(files, corpus::Options{});
  const config::Config config;
  const audit::WorkingTreeTimeline timeline(*util::parse_timestamp("2025-11-10T00:00:00Z"));
  const auto facts = audit::build_facts(corpus, config, words(), timeline, "");
  const init::Survey survey = init::survey_repository(facts);
  REQUIRE(survey.work_logs.size() == 1);
  CHECK(survey.work_logs[0].by_default);
  CHECK(survey.work_logs[0].entries == 1);
  REQUIRE(survey.completion_reports.size() == 1);
  CHECK(survey.completion_reports[0].by_default);
  // The outermost folder the default pattern covers, not each file's own.
  REQUIRE(survey.evidence_folders.size() == 1);
  CHECK(survey.evidence_folders[0].path == "docs/validation-reports");
  CHECK(survey.evidence_folders[0].by_default);
  CHECK(survey.rollouts.empty());
}
