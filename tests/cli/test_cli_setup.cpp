#include "cli/setup.hpp"

#include "audit/read_documents.hpp"
#include "corpus/file_system.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

namespace {

// A tree in memory that remembers what was read.
class CountingFileSystem : public corpus::MemoryFileSystem
{
public:
  util::Expected<std::string> read(const std::string& path, uint64_t max_bytes) const override
  {
    {
      const std::lock_guard lock(m_mutex);
      m_reads.push_back(path);
    }
    return corpus::MemoryFileSystem::read(path, max_bytes);
  }

  std::vector<std::string> reads() const
  {
    const std::lock_guard lock(m_mutex);
    return m_reads;
  }

private:
  mutable std::mutex m_mutex;
  mutable std::vector<std::string> m_reads;
};

} // namespace

TEST_CASE("read_ahead reads the audited Markdown once, for the readers, and nothing else")
{
  CountingFileSystem files;
  files.add_file("docs/a.md", "# A\n");
  files.add_file("docs/b.markdown", "# B\n");
  files.add_file("docs/data.json", "{}");
  files.add_file("notes/c.md", "# C\n");
  const corpus::Corpus corpus(files, {});
  const std::atomic<bool> stop{false};
  cli::read_ahead(corpus, util::PathScope("docs"), stop);
  CHECK(files.reads() == std::vector<std::string>{"docs/a.md", "docs/b.markdown"});
  REQUIRE(corpus.text("docs/a.md"));
  CHECK(*corpus.text("docs/a.md") == "# A\n");
  CHECK(files.reads().size() == 2); // what the readers ask for is there already
}

TEST_CASE("read_ahead stops when told, and at the readers' first chunk")
{
  CountingFileSystem files;
  for (size_t i = 0; i < audit::k_read_chunk + 10; ++i) {
    files.add_file(fmt::format("docs/{:04}.md", i), "text\n");
  }
  const corpus::Corpus corpus(files, {});
  const std::atomic<bool> stopped{true};
  cli::read_ahead(corpus, util::PathScope(""), stopped);
  CHECK(files.reads().empty());
  const std::atomic<bool> go{false};
  cli::read_ahead(corpus, util::PathScope(""), go);
  CHECK(files.reads().size() == audit::k_read_chunk);
  CHECK(files.reads().back() == fmt::format("docs/{:04}.md", audit::k_read_chunk - 1));
}

TEST_CASE("read_ahead counts the Markdown it does not audit toward the readers' first chunk")
{
  CountingFileSystem files;
  for (size_t i = 0; i < audit::k_read_chunk; ++i) {
    files.add_file(fmt::format("archive/{:04}.md", i), "text\n"); // candidates too: work logs, reports
  }
  files.add_file("docs/plan.md", "text\n");
  const corpus::Corpus corpus(files, {});
  const std::atomic<bool> go{false};
  cli::read_ahead(corpus, util::PathScope("docs"), go);
  CHECK(files.reads().empty()); // docs/plan.md is in the second chunk
}
