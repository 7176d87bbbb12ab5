#include "audit/facts.hpp"
#include "audit/read_documents.hpp"
#include "../support/words.hpp"

#include "audit/facts_codec.hpp"
#include "audit/rule.hpp"
#include "corpus/index_file_system.hpp"
#include "evidence/items.hpp"
#include "util/record_cache.hpp"
#include "util/text.hpp"

#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <functional>
#include <thread>
#include <tuple>
#include <map>
#include <regex>
#include <string>
#include <vector>

using test_support::words;

namespace {

std::string checklist(int number)
{
  const std::string name = "Service " + std::to_string(number);
  std::string text = number % 3 == 0 ? "---\ntitle: " + name + " Rollout Checklist\nowner: platform\n---\n\n" : "";
  text += "# " + name + " Rollout Checklist\n\n## 1. Validation Stage (10 Percent Traffic)\n\n";
  for (int item = 0; item < number % 7 + 1; ++item) {
    text += "- [" + std::string(item % 2 ? "x" : " ") + "] Step " + std::to_string(item) + " of `docs/plan-"
            + std::to_string(number) + ".md`  with   spaces\n";
  }
  text += "- [x] ~~Redeploy the router.~~\n- [ ] If error rate > 2 percent, rollback immediately.\n";
  text += "- [x] Log timestamps plus response latency; failed job rate < 1 percent.\n";
  text += "\n## 2. Full Rollout (100 Percent Traffic)\n\n- [x] Ramp to 100 percent.\n\n| Metric | Value |\n"
          "| --- | --- |\n| error rate | 0.5% |\n";
  return text;
}

// Everything build_facts derives from one document, as text, so two runs compare in one CHECK.
std::string describe(const audit::DocumentFacts& document)
{
  std::string text = document.path + (document.audited ? " audited" : "") + (document.checklist ? " checklist" : "")
                     + " rollout=" + document.rollout + "\n";
  for (const auto& item : document.document.items) {
    text += std::to_string(item.line) + (item.ticked ? " [x] " : " [ ] ") + item.text + " | " + item.raw_text + " kind="
            + std::to_string(static_cast<int>(item.kind)) + " refs=" + std::to_string(item.references.size()) + "\n";
  }
  for (const auto& threshold : document.thresholds) {
    text += std::to_string(threshold.line) + " threshold " + threshold.written + "\n";
  }
  for (const auto& stage : document.stages) {
    text += "stage " + stage.title + " items=" + std::to_string(stage.items.size()) + " members="
            + std::to_string(stage.members.size()) + " percent=" + std::to_string(stage.percent.value_or(-1)) + " rollout words="
            + stage.rollout_word + "/" + stage.share + "/" + stage.numbered + " keywords";
    for (const auto& keyword : stage.keywords) {
      text += " " + keyword;
    }
    text += "\n";
  }
  for (int stage : document.item_stages) {
    text += " " + std::to_string(stage);
  }
  for (size_t i = 0; i < document.document.items.size(); ++i) {
    for (const auto& demand : document.demands_of(static_cast<int>(i))) {
      text += "\n" + std::to_string(i) + " demands " + demand.phrase;
    }
    for (const auto& condition : document.conditions_of(static_cast<int>(i))) {
      text += "\n" + std::to_string(i) + " asserts " + condition.written;
    }
  }
  text += "kind=" + std::string(config::to_string(document.kind)) + " reasons=" + std::to_string(document.kind_reasons.size()) + "\n";
  text += "thresholds=" + std::to_string(document.thresholds.size()) + " metrics=" + std::to_string(document.metrics.size())
          + " ticks=" + std::to_string(document.ticks.size()) + " front matter fields="
          + std::to_string(document.document.front_matter.fields.size()) + "\n";
  return text;
}

std::vector<std::string> describe(const audit::Facts& facts, const corpus::Corpus& corpus)
{
  std::vector<std::string> lines;
  for (const auto& document : facts.documents) {
    lines.push_back(describe(document));
  }
  for (const auto& rollout : facts.rollouts) {
    lines.push_back("rollout " + rollout);
  }
  for (const auto& log : facts.work_logs) {
    for (const auto& entry : log.entries) {
      lines.push_back(log.path + " entry " + entry.title + " names " + std::to_string(facts.entry_text(entry).rollouts.size())
                      + " metrics " + std::to_string(entry.metrics.size()) + " lines " + std::to_string(entry.line) + "-"
                      + std::to_string(entry.last_line));
    }
  }
  for (const auto& diagnostic : corpus.diagnostics()) {
    lines.push_back("diagnostic " + diagnostic.file + ":" + std::to_string(diagnostic.line) + ": " + diagnostic.message);
  }
  return lines;
}

} // namespace

TEST_CASE("build_facts")
{
  const audit::WorkingTreeTimeline timeline(1'767'225'600);
  config::Config config;
  config.limits.max_nesting = 3;

  SUBCASE("documents parsed on several threads give the facts and diagnostics of one thread, in order")
  {
    corpus::MemoryFileSystem file_system;
    for (int number = 0; number < 60; ++number) {
      file_system.add_file("docs/plans/service-" + std::to_string(100 + number) + "-rollout-checklist.md", checklist(number));
    }
    file_system.add_file("docs/plans/service-120-deep.md", "# Deep\n\n- a\n  - b\n    - c\n      - d\n        - [ ] too deep\n");
    file_system.add_file("docs/plans/service-130-binary.md", std::string("# Binary\0", 9));
    file_system.add_file("docs/plans/service-140-latin1.md", "# Caf\xE9 Rollout Checklist\n\n- [x] Step\n");
    file_system.add_file("docs/work-log.md",
                         "# Work log\n\n## 2025-10-22 - Service 101 validation\n\nRamped service 101 to 10 percent.\n\n"
                         "## 2025-10-23 - Service 102 full rollout\n\nerror rate 0.4%\n");
    file_system.add_file("SERVICE-101-COMPLETION.md", "# Service 101 completion\n\nerror rate: 0.3%\n");
    const corpus::Corpus serial_corpus(file_system, corpus::Options{});
    const corpus::Corpus parallel_corpus(file_system, corpus::Options{});
    const audit::Facts serial = audit::build_facts(serial_corpus, config, words(), timeline, "", 1);
    const audit::Facts parallel = audit::build_facts(parallel_corpus, config, words(), timeline, "", 4);
    const auto expected = describe(serial, serial_corpus);
    CHECK(serial.documents.size() == 64);
    CHECK(serial.rollouts.size() > 10);
    CHECK(serial_corpus.diagnostics().size() == 3);
    CHECK(describe(parallel, parallel_corpus) == expected);
  }

  SUBCASE("the checklist globs decide which files are read, whatever their ending's case")
  {
    corpus::MemoryFileSystem file_system;
    file_system.add_file("services/api/README.MD", "# API rollout\n\n- [x] Ramp to 10%\n");
    file_system.add_file("services/api/NOTES.MD", "# Notes\n\n- [x] Not a checklist\n");
    file_system.add_file("services/web/rollout.markdown", "# Web rollout\n\n- [ ] Ramp to 10%\n");
    const corpus::Corpus corpus(file_system, corpus::Options{});
    const auto read = [&](const config::Config& with) {
      std::vector<std::string> paths;
      for (const auto& document : audit::build_facts(corpus, with, words(), timeline, "", 1).documents) {
        paths.push_back(document.path);
      }
      return paths;
    };
    CHECK(read(config) == std::vector<std::string>{"services/web/rollout.markdown"});
    config::Config upper = config;
    upper.checklists.push_back("**/README.MD");
    CHECK(read(upper) == std::vector<std::string>{"services/api/README.MD", "services/web/rollout.markdown"});
  }

  SUBCASE("a run served by the facts cache gives the facts of a run without it; another role is derived again")
  {
    test_support::TempTree tree;
    const auto file = tree.root() / "facts.bin";
    corpus::MemoryFileSystem file_system;
    for (int number = 0; number < 20; ++number) {
      file_system.add_file("docs/plans/service-" + std::to_string(100 + number) + "-rollout-checklist.md", checklist(number));
    }
    file_system.add_file("docs/plans/service-130-binary.md", std::string("# Binary\0", 9));
    file_system.add_file("docs/plans/service-140-latin1.md", "# Caf\xE9 Rollout Checklist\n\n- [x] Step\n");
    file_system.add_file("docs/work-log.md",
                         "# Work log\n\n## 2025-10-22 - Service 101 validation\n\nRamped service 101 to 10 percent.\n\n"
                         "## 2025-10-23 - Service 102 full rollout\n\nerror rate 0.4%\n");
    file_system.add_file("docs/notes.md", "# Notes\n\n## 2025-10-24 - Service 103 ramp\n\nResponse P95: 2.1 s\n");
    file_system.add_file("SERVICE-101-COMPLETION.md", "# Service 101 completion\n\nerror rate: 0.3%\n");
    config::Config roles = config;
    roles.work_logs = {"docs/work-log.md"};
    roles.completion_reports = {"*-COMPLETION.md"};
    const auto run = [&](const config::Config& with, util::RecordCache* cache) {
      const corpus::Corpus corpus(file_system, corpus::Options{});
      return describe(audit::build_facts(corpus, with, words(), timeline, "", 2, cache), corpus);
    };
    const auto expected = run(roles, nullptr);
    {
      util::RecordCache cold(audit::k_facts_cache_format, "key");
      cold.load(file);
      CHECK(run(roles, &cold) == expected);
      CHECK(cold.hits() == 0);
      cold.store(file);
    }
    util::RecordCache warm(audit::k_facts_cache_format, "key");
    warm.load(file);
    CHECK(run(roles, &warm) == expected);
    CHECK(warm.hits() == 23);
    CHECK(warm.misses() == 1); // the file whose reading reported something is never cached (the binary one is not read)

    config::Config notes_too = roles;
    notes_too.work_logs.push_back("docs/notes.md");
    const auto expected_with_notes = run(notes_too, nullptr);
    REQUIRE(expected_with_notes != expected);
    util::RecordCache other_roles(audit::k_facts_cache_format, "key");
    other_roles.load(file);
    CHECK(run(notes_too, &other_roles) == expected_with_notes);
    CHECK(other_roles.hits() == 22);
  }

  SUBCASE("a document's notes come before what is wrong with the files after it")
  {
    // The files are read before any is parsed; their problems are still reported file by file.
    corpus::MemoryFileSystem file_system;
    file_system.add_file("a.md", "# A\n\n- a\n  - b\n    - c\n      - d\n        - [ ] too deep\n");
    file_system.add_file("b.md", "# B \xFF\n");
    file_system.add_file("c.md", "# C\n\n- a\n  - b\n    - c\n      - d\n        - [ ] too deep\n");
    const corpus::Corpus corpus(file_system, corpus::Options{});
    const audit::Facts facts = audit::build_facts(corpus, config, words(), timeline, "", 2);
    REQUIRE(corpus.diagnostics().size() == 3);
    CHECK(corpus.diagnostics()[0].file == "a.md");
    CHECK(corpus.diagnostics()[0].limit);
    CHECK(corpus.diagnostics()[1].file == "b.md");
    CHECK(corpus.diagnostics()[1].message == "not valid UTF-8; invalid bytes read as U+FFFD");
    CHECK(corpus.diagnostics()[2].file == "c.md");
    CHECK(facts.documents.size() == 3);
  }
}

TEST_CASE("ReadDocuments: the history walk takes the parses, or parses first for both")
{
  const audit::WorkingTreeTimeline timeline(1'767'225'600);
  config::Config config;
  config.limits.max_nesting = 3;
  test_support::TempTree tree;
  std::vector<std::string> texts;
  for (int number = 0; number < 300; ++number) {
    texts.push_back(checklist(number));
    tree.write("docs/plans/service-" + std::to_string(100 + number) + "-rollout-checklist.md", texts.back());
  }
  tree.write("docs/plans/service-120-deep.md", "# Deep\n\n- a\n  - b\n    - c\n      - d\n        - [ ] too deep\n");
  tree.write("docs/plans/service-140-latin1.md", "# Caf\xE9 Rollout Checklist\n\n- [x] Step\n");
  tree.write("docs/work-log.md", "# Work log\n\n## 2025-10-22 - Service 101 validation\n\nerror rate 0.4%\n");
  const corpus::RealFileSystem file_system(tree.path());
  const corpus::Corpus plain_corpus(file_system, corpus::Options{});
  const auto expected = describe(audit::build_facts(plain_corpus, config, words(), timeline, "", 1), plain_corpus);
  const corpus::Corpus corpus(file_system, corpus::Options{});
  audit::ReadDocuments read(corpus, config, words(), "", 2);

  SUBCASE("a walk asking for every document while they are read: each parsed once, the facts the same")
  {
    size_t found = 0;
    std::thread walk([&]() {
      for (auto it = texts.rbegin(); it != texts.rend(); ++it) { // from the end, to meet the readers
        const std::string& text = *it;
        found += read.find(history::blob_id_of(text), [&]() { return std::optional<std::string_view>(text); }) != nullptr;
      }
    });
    read.read();
    walk.join();
    CHECK(found == texts.size());
    CHECK(read.parses() == texts.size() + 3);
    CHECK(describe(audit::build_facts(std::move(read), timeline), corpus) == expected);
  }
  SUBCASE("bytes the file does not hold, a limit hit, and invalid UTF-8 are left to the walk")
  {
    const auto none = [&](const std::string& text) {
      return read.find(history::blob_id_of(text), [&]() { return std::optional<std::string_view>(text); }) == nullptr;
    };
    CHECK(none("# Some other version\n\n- [ ] Step\n"));
    CHECK(none("# Deep\n\n- a\n  - b\n    - c\n      - d\n        - [ ] too deep\n")); // parsed with the audit's limit
    CHECK(none("# Caf\xE9 Rollout Checklist\n\n- [x] Step\n"));
    read.read();
    // Read by now with its invalid byte as U+FFFD: not a parse of the blob's bytes.
    CHECK(none("# Caf\xE9 Rollout Checklist\n\n- [x] Step\n"));
    CHECK_FALSE(none(texts[5]));
    CHECK(describe(audit::build_facts(std::move(read), timeline), corpus) == expected);
  }
  SUBCASE("the blobs it knows, before anything is read: the documents' bytes on disk, not other versions")
  {
    CHECK(read.knows(history::blob_id_of(texts[7])));
    CHECK(read.knows(history::blob_id_of("# Work log\n\n## 2025-10-22 - Service 101 validation\n\nerror rate 0.4%\n")));
    CHECK_FALSE(read.knows(history::blob_id_of("# Some other version\n\n- [ ] Step\n")));
    read.read();
    CHECK(read.knows(history::blob_id_of(texts[7])));
  }
  SUBCASE("a file system that cannot be read from two threads shares nothing")
  {
    struct OneThreadAtATime : corpus::MemoryFileSystem
    {
      bool reads_concurrently() const override
      {
        return false; // one handle, read by one thread at a time
      }
    } memory;
    memory.add_file("docs/plan.md", texts[0]);
    const corpus::Corpus in_memory(memory, corpus::Options{});
    audit::ReadDocuments apart(in_memory, config, words(), "", 2);
    CHECK(apart.find(history::blob_id_of(texts[0]), [&]() { return std::optional<std::string_view>(texts[0]); }) == nullptr);
    CHECK_FALSE(apart.knows(history::blob_id_of(texts[0])));
  }
  SUBCASE("a staged file is named by its content id, the blob's, without being read again")
  {
    struct Staged : corpus::MemoryFileSystem
    {
      bool reads_concurrently() const override
      {
        return false; // so a name could come only from the content id
      }
      std::optional<std::string> content_id(const std::string& path) const override
      {
        return std::string(corpus::k_staged_blob_prefix) + hex(history::blob_id_of(*read(path, 1 << 20)));
      }
      static std::string hex(const std::string& raw)
      {
        std::string out;
        for (const unsigned char c : raw) {
          out += fmt::format("{:02x}", c);
        }
        return out;
      }
    } staged;
    staged.add_file("docs/plan.md", texts[0]);
    const corpus::Corpus index(staged, corpus::Options{});
    audit::ReadDocuments read(index, config, words(), "", 2);
    const auto* found = read.find(history::blob_id_of(texts[0]), [&]() { return std::optional<std::string_view>(texts[0]); });
    REQUIRE(found != nullptr);
    CHECK(found->items.size() == evidence::read_document(words(), "docs/plan.md", texts[0]).items.size());
    CHECK(history::blob_id_of_hex("not hex").empty());
  }
}

TEST_CASE("build_facts (what is kept of each document)")
{
  // Thresholds, figures and entries come from the prose; the prose itself is not kept for the run.
  const audit::WorkingTreeTimeline timeline(1'767'225'600);
  const config::Config config;
  corpus::MemoryFileSystem file_system;
  file_system.add_file("docs/plan.md", "# Widget Rollout Checklist\n\n## 1. Validation\n\n- [x] Route.\n\n"
                                       "## 2. Ramp\n\n- [ ] Ramp.\n\n## Rollback\n\nRoll back if error rate > 2%.\n\n"
                                       "| Metric | Value |\n| --- | --- |\n| P95 | 1 s |\n");
  const corpus::Corpus corpus(file_system, corpus::Options{});
  const audit::Facts facts = audit::build_facts(corpus, config, words(), timeline, "", 1);
  REQUIRE(facts.documents.size() == 1);
  const auto& document = facts.documents[0];
  CHECK(document.thresholds.size() == 1);
  CHECK(document.document.items.size() == 2);
  CHECK(document.document.blocks.empty());
  CHECK(document.document.tables.empty());
}

TEST_CASE("build_facts (the rollouts each entry names)")
{
  const audit::WorkingTreeTimeline timeline(1'767'225'600);
  const config::Config config;
  corpus::MemoryFileSystem file_system;
  const auto plan = [](const std::string& title) {
    return "---\ntitle: " + title + "\n---\n\n# " + title + "\n\n## 1. Validation (10 Percent Traffic)\n\n- [x] Route.\n"
           "- [ ] If error rate > 2 percent, roll back.\n\n## 2. Ramp (50 Percent Traffic)\n\n- [ ] Ramp.\n";
  };
  file_system.add_file("docs/ai-broker.md", plan("AI Broker Rollout Checklist"));
  file_system.add_file("docs/ai-broker-chat.md", plan("AI Broker Chat Rollout Checklist"));
  file_system.add_file("docs/billing.md", plan("Billing Rollout Checklist"));
  file_system.add_file("docs/work-log.md", "# Work log\n\n"
                                           "## 2025-10-22 - AI Broker Chat validation\n\nAlso checked billing.\n\n"
                                           "## 2025-10-23 - AI Broker ramp\n\nDone.\n\n"
                                           "## 2025-10-24 - Broker chat notes\n\nNothing named whole.\n\n"
                                           "## 2025-10-25 - Billing-ai broker ramp\n\nHyphens are word breaks.\n");
  const corpus::Corpus corpus(file_system, corpus::Options{});
  const audit::Facts facts = audit::build_facts(corpus, config, words(), timeline, "", 1);
  REQUIRE(facts.rollouts == std::vector<std::string>{"ai-broker-chat", "ai-broker", "billing"}); // in path order
  REQUIRE(facts.work_logs.size() == 1);
  const auto& entries = facts.work_logs[0].entries;
  REQUIRE(entries.size() == 4);
  using Names = std::vector<std::string>;
  // In the order of Facts::rollouts, each once, whole words only.
  CHECK(facts.entry_text(entries[0]).rollouts == Names{"ai-broker-chat", "ai-broker", "billing"});
  CHECK(facts.entry_text(entries[1]).rollouts == Names{"ai-broker"});
  CHECK(facts.entry_text(entries[2]).rollouts.empty());
  CHECK(facts.entry_text(entries[3]).rollouts == Names{"ai-broker", "billing"});
  // The index by rollout points back at the same entries, in log order.
  CHECK(facts.entries.size() == 4);
  CHECK(facts.entries_naming.at("ai-broker") == std::vector<size_t>{0, 1, 3});
  CHECK(facts.entries_naming.at("ai-broker-chat") == std::vector<size_t>{0});
  CHECK(facts.entries_naming_none == std::vector<size_t>{2});
}

namespace {

// Names its files' bytes without reading them, as the git index does, and counts the reads.
class NamedFiles : public corpus::MemoryFileSystem
{
public:
  std::optional<std::string> content_id(const std::string& path) const override
  {
    return "id-of-" + path;
  }
  util::Expected<std::string> read(const std::string& path, uint64_t max_bytes) const override
  {
    ++reads[path];
    return MemoryFileSystem::read(path, max_bytes);
  }
  mutable std::map<std::string, int> reads;
};

} // namespace

TEST_CASE("Facts::text_slug")
{
  test_support::TempTree tree;
  const auto file = tree.root() / "facts.bin";
  NamedFiles files;
  files.add_file("docs/validation-reports/a.md", "# Widget ramp\n\nP95: 3 s\n");
  files.add_file("docs/validation-reports/b.log", "Caf\xE9 widget\n");
  files.add_file("docs/validation-reports/c.png", std::string("\x89PNG\0\0", 6));
  const auto run = [&](const std::function<void(const audit::Facts&, const corpus::Corpus&)>& ask) {
    const corpus::Corpus corpus(files, corpus::Options{});
    util::RecordCache cache(audit::k_facts_cache_format, "key");
    cache.load(file);
    audit::Facts facts;
    facts.corpus = &corpus;
    facts.text_slugs->cache = &cache;
    ask(facts, corpus);
    cache.store(file);
  };
  run([&](const audit::Facts& facts, const corpus::Corpus&) {
    const std::string* slug = facts.text_slug("docs/validation-reports/a.md");
    REQUIRE(slug);
    CHECK(*slug == "widget-ramp-p95-3-s");
    CHECK(facts.text_slug("docs/validation-reports/a.md") == slug); // once per run
    CHECK(facts.text_slug("docs/validation-reports/b.log"));
    CHECK_FALSE(facts.text_slug("docs/validation-reports/c.png")); // binary: no text
  });
  CHECK(files.reads["docs/validation-reports/a.md"] == 1);
  run([&](const audit::Facts& facts, const corpus::Corpus& corpus) {
    REQUIRE(facts.text_slug("docs/validation-reports/a.md"));
    CHECK(*facts.text_slug("docs/validation-reports/a.md") == "widget-ramp-p95-3-s");
    REQUIRE(facts.text_slug("docs/validation-reports/b.log"));
    // A file whose reading reported something is read, and reported, on every run.
    REQUIRE(corpus.diagnostics().size() == 1);
    CHECK(corpus.diagnostics()[0].file == "docs/validation-reports/b.log");
  });
  CHECK(files.reads["docs/validation-reports/a.md"] == 1); // the second run found its slug in the cache
  CHECK(files.reads["docs/validation-reports/b.log"] == 2);
  SUBCASE("without a cache, found once per run all the same")
  {
    const corpus::Corpus corpus(files, corpus::Options{});
    audit::Facts facts;
    facts.corpus = &corpus;
    CHECK(*facts.text_slug("docs/validation-reports/a.md") == "widget-ramp-p95-3-s");
    CHECK(*facts.text_slug("docs/validation-reports/a.md") == "widget-ramp-p95-3-s");
    CHECK(files.reads["docs/validation-reports/a.md"] == 2);
  }
}

TEST_CASE("Facts::resolve and Facts::files_named")
{
  corpus::MemoryFileSystem files;
  files.add_file("docs/runbooks/cutover-checklist.md", "# Cutover\n");
  files.add_file("docs/plans/archive/2025/cutover-plan.md", "# Plan\n");
  files.add_file("docs/plans/archive/2025/README.md", "# Archive\n");
  files.add_file("docs/README.md", "# Docs\n");
  files.add_file("src/app.ts", "export {};\n");
  const corpus::Corpus corpus(files, corpus::Options{});
  audit::Facts facts;
  facts.corpus = &corpus;
  audit::DocumentFacts from;
  from.path = "docs/runbooks/cutover-checklist.md";

  CHECK(facts.resolve(from, "../plans/archive/2025/cutover-plan.md") == "docs/plans/archive/2025/cutover-plan.md");
  CHECK(facts.resolve(from, "src/app.ts") == "src/app.ts");        // from the root
  CHECK(facts.resolve(from, "docs/plans/") == "docs/plans");       // a folder
  CHECK(facts.resolve(from, "cutover-plan.md") == "docs/plans/archive/2025/cutover-plan.md"); // a bare name: its one file
  CHECK_FALSE(facts.resolve(from, "README.md"));                  // a bare name two files have: neither
  from.path = "docs/plans/archive/2025/cutover-plan.md";
  CHECK(facts.resolve(from, "README.md") == "docs/plans/archive/2025/README.md"); // beside the document first
  from.path = "docs/runbooks/sub/x.md";
  CHECK_FALSE(facts.resolve(from, "plans/cutover-plan.md"));      // only a bare name is looked for anywhere
  CHECK_FALSE(facts.resolve(from, "missing.md"));
  CHECK(facts.files_named("README.md") == std::vector<std::string>{"docs/README.md", "docs/plans/archive/2025/README.md"});
  CHECK(facts.files_named("nothing.md").empty());
}

TEST_CASE("Facts::path_slug")
{
  const audit::Facts facts;
  const std::string& slug = facts.path_slug("docs/validation-reports/Widget_Ramp.md");
  CHECK(slug == util::slugify("docs/validation-reports/Widget_Ramp.md"));
  CHECK(&facts.path_slug("docs/validation-reports/Widget_Ramp.md") == &slug); // once per run
}

namespace {

using test_support::team_words;

// A stage as text: what its heading says of it, its share and keywords.
std::string describe(const audit::Stage& stage)
{
  std::string text = stage.title + " | word=" + stage.rollout_word + " share=" + stage.share + " numbered=" + stage.numbered
                     + " percent=" + (stage.percent ? std::to_string(static_cast<int>(*stage.percent)) : "-") + " keywords=";
  for (const auto& keyword : stage.keywords) {
    text += keyword + ",";
  }
  return text;
}

std::vector<std::string> stages_of(const vocabulary::Vocabulary& vocabulary, const std::string& text)
{
  std::vector<std::string> described;
  for (const auto& stage : audit::find_stages(vocabulary, evidence::read_document(vocabulary, "docs/r.md", text))) {
    described.push_back(describe(stage));
  }
  return described;
}

} // namespace

TEST_CASE("find_stages")
{
  using Lines = std::vector<std::string>;
  SUBCASE("what a heading says of its stage, in the default words")
  {
    CHECK(stages_of(words(), "# Mobile App 5.0 Staged Release\n\n"
                             "## Pre-flight (before the canary)\n\n- [ ] Freeze.\n\n"
                             "## Stage A - Canary (2% of users)\n\n- [ ] Ship.\n\n"
                             "## Stage B - Half traffic (50 percent)\n\n- [ ] Ship.\n\n"
                             "## Stage C - All users\n\n- [ ] Ship.\n\n"
                             "## Phase 4: Clean-up\n\n- [ ] Remove the flag.\n\n"
                             "## Colours (95% grey)\n\n- [ ] Grey.\n\n"
                             "## Fix the form's Step 3\n\n- [ ] Fix.\n")
          == Lines{
            "Pre-flight (before the canary) | word= share= numbered= percent=- keywords=flight,",
            "Stage A - Canary (2% of users) | word=Canary share=2% numbered= percent=2 keywords=canary,",
            "Stage B - Half traffic (50 percent) | word= share=50 percent numbered= percent=50 keywords=",
            "Stage C - All users | word= share=All users numbered= percent=100 keywords=",
            "Phase 4: Clean-up | word= share= numbered=Phase 4 percent=- keywords=clean,",
            "Colours (95% grey) | word= share= numbered= percent=95 keywords=colours,",
            "Fix the form's Step 3 | word= share= numbered= percent=- keywords=fix,form,",
          });
  }
  SUBCASE("what a share is of is no distinctive word: every stage's heading has it")
  {
    CHECK(stages_of(words(), "# Lantern Release\n\n## Phase 1 - 1% of devices\n\n- [ ] Ship.\n\n"
                             "## Phase 2 - 10 percent of the live traffic, EU only\n\n- [ ] Ship.\n\n"
                             "## Phase 3 - 50% canary hosts\n\n- [ ] Ship.\n")
          == Lines{
            "Phase 1 - 1% of devices | word= share=1% numbered=Phase 1 percent=1 keywords=",
            "Phase 2 - 10 percent of the live traffic, EU only | word= share=10 percent numbered=Phase 2 percent=10 keywords=only,",
            "Phase 3 - 50% canary hosts | word=canary share=50% numbered=Phase 3 percent=50 keywords=canary,hosts,",
          });
  }
  SUBCASE("a team's words: its stage word, its share in words, its filler")
  {
    const auto team = team_words("stage-words: [cohort]\ntraffic-share-words:\n  \"25\": [\"a quarter of (?:the )?traffic\"]\n"
                                 "filler-words: [hypercare]\n");
    CHECK(stages_of(team, "# X\n\n## Cohort 2 - A quarter of traffic\n\n- [ ] Widen.\n\n## Hypercare and tuning\n\n- [ ] Tune.\n")
          == Lines{
            "Cohort 2 - A quarter of traffic | word= share=A quarter of traffic numbered=Cohort 2 percent=25 keywords=",
            "Hypercare and tuning | word= share= numbered= percent=- keywords=tuning,",
          });
  }
}

TEST_CASE("rollout_slug and names_rollout (a rollout's other names)")
{
  const auto team = team_words("rollouts:\n  Search Reindex: [\"index v2\", \"reindex(?:ing)? project\"]\n");
  const auto slug_of = [&](const vocabulary::Vocabulary& vocabulary, const std::string& text) {
    return audit::rollout_slug(vocabulary, evidence::read_document(vocabulary, "docs/r.md", text));
  };
  CHECK(slug_of(words(), "# Index v2 Rollout Checklist\n") == "index-v2");
  CHECK(slug_of(team, "# Index v2 Rollout Checklist\n") == "search-reindex");
  CHECK(slug_of(team, "---\nrollout: Reindexing project\n---\n# X\n") == "search-reindex");
  CHECK(slug_of(team, "# Search Reindex Runbook\n") == "search-reindex");
  CHECK(slug_of(team, "# Index v3 Migration Plan\n") == "index-v3");
  CHECK(audit::names_rollout(team, "validation-reports-search-reindex-day-1-md", "search-reindex"));
  CHECK(audit::names_rollout(team, "ran-the-index-v2-replay-p99-610-ms", "search-reindex"));
  CHECK_FALSE(audit::names_rollout(team, "ran-the-index-v20-replay", "search-reindex"));
  CHECK_FALSE(audit::names_rollout(words(), "ran-the-index-v2-replay", "search-reindex"));
}

TEST_CASE("build_facts (entries naming a rollout by another of its names)")
{
  const audit::WorkingTreeTimeline timeline(1'767'225'600);
  const config::Config config;
  const auto team = team_words("rollouts:\n  Search Reindex: [\"index v2\"]\n");
  corpus::MemoryFileSystem file_system;
  const std::string rollout = "# TITLE Rollout Checklist\n\n## Canary (5% of traffic)\n\n- [x] Route.\n\n"
                              "## Ramp (50% of traffic)\n\n- [ ] Ramp.\n";
  file_system.add_file("docs/reindex.md", std::regex_replace(rollout, std::regex("TITLE"), "Search Reindex"));
  file_system.add_file("docs/billing.md", std::regex_replace(rollout, std::regex("TITLE"), "Billing"));
  file_system.add_file("docs/work-log.md", "# Log\n\n## 2025-10-22 - Index v2 canary\n\nFive percent.\n\n"
                                           "## 2025-10-23 - Billing canary\n\nFive percent.\n");
  const corpus::Corpus corpus(file_system, corpus::Options{});
  const audit::Facts facts = audit::build_facts(corpus, config, team, timeline, "", 1);
  REQUIRE(facts.rollouts == std::vector<std::string>{"billing", "search-reindex"});
  const auto& entries = facts.work_logs.at(0).entries;
  REQUIRE(entries.size() == 2);
  CHECK(facts.entry_text(entries[0]).rollouts == std::vector<std::string>{"search-reindex"});
  CHECK(facts.entry_text(entries[1]).rollouts == std::vector<std::string>{"billing"});
}

TEST_CASE("deriving_warmers build every word set reading and deriving a document asks for")
{
  // A vocabulary of its own: the shared one has its sets built by other tests already.
  auto fresh = audit::assemble_vocabulary({audit::default_rule_pack()}, std::nullopt);
  REQUIRE(fresh);
  const vocabulary::Vocabulary& words = *fresh;
  const auto warmers = audit::deriving_warmers();
  for (const auto warmer : warmers) {
    warmer(words);
  }
  const size_t warmed = words.derived_count();
  CHECK(warmed == warmers.size());

  // A checklist (stages, a guard, a window, status marks, figures) and a work log (dated entries, figures):
  // what the readers derive, after which no set is left to build.
  const corpus::File checklist_file{"docs/rollout.md", 0};
  const corpus::File log_file{"docs/work-log.md", 0};
  const std::string log = "# Work log\n\n## 2025-03-02 14:00 UTC - Ramp\n\nerror rate 0.4%, p95 latency 220 ms, 3 timeouts.\n";
  for (const auto& [file, text, log_role] : {std::tuple{&checklist_file, checklist(7), false}, std::tuple{&log_file, log, true}}) {
    audit::DocumentCandidate candidate{file, true, log_role, false, !log_role};
    const auto derived = audit::derive_candidate(words, candidate, evidence::read_document(words, file->path, text));
    CHECK((log_role || !derived.facts.document.items.empty()));
  }
  const std::string window = "- [x] Stable for 72 hours at 10 percent.\n- [x] Status: ✅ Done\n";
  audit::DocumentCandidate candidate{&checklist_file, true, false, false, true};
  audit::derive_candidate(words, candidate, evidence::read_document(words, checklist_file.path, checklist(3) + window));
  CHECK(words.derived_count() == warmed);
}
