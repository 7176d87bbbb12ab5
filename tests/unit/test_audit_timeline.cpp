#include "audit/timeline.hpp"

#include "corpus/corpus.hpp"
#include "corpus/file_system.hpp"

#include <doctest/doctest.h>

TEST_CASE("WorkingTreeTimeline::file_at")
{
  corpus::MemoryFileSystem files;
  files.add_file("docs/meta.yaml", "group: payments\n");
  files.add_file("docs/logo.png", std::string("\x89PNG\0", 5));
  const corpus::Corpus corpus(files, corpus::Options{});
  const audit::WorkingTreeTimeline timeline(1761955200, &corpus);
  audit::Stamp committed;
  committed.committed = true;
  committed.commit = "abc";
  // Without history every moment is now: a committed stamp reads the audited files too.
  for (const auto& when : {audit::Stamp{}, committed}) {
    const auto meta = timeline.file_at("docs/meta.yaml", when);
    CHECK(meta.known);
    CHECK(meta.exists);
    CHECK(meta.text == "group: payments\n");
  }
  CHECK_FALSE(timeline.file_at("docs/missing.yaml", {}).exists);
  CHECK(timeline.file_at("docs/logo.png", {}).exists);
  CHECK_FALSE(timeline.file_at("docs/logo.png", {}).text);
  CHECK_FALSE(audit::WorkingTreeTimeline(1761955200).file_at("docs/meta.yaml", {}).exists); // no corpus: no files
}

TEST_CASE("HistoryTimeline::file_at")
{
  corpus::MemoryFileSystem files;
  files.add_file("docs/meta.yaml", "group: billing\n");
  const corpus::Corpus corpus(files, corpus::Options{});
  const history::History history;
  const audit::HistoryTimeline timeline(history, 1761955200, &corpus, nullptr);
  CHECK(timeline.file_at("docs/meta.yaml", {}).text == "group: billing\n"); // uncommitted: now
  audit::Stamp committed;
  committed.committed = true;
  committed.commit = "abc";
  CHECK_FALSE(timeline.file_at("docs/meta.yaml", committed).known); // no repository to read the commit from
}
