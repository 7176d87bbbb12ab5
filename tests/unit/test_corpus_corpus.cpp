#include "corpus/corpus.hpp"

#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

namespace {

std::vector<std::string> messages(const corpus::Corpus& corpus)
{
  std::vector<std::string> result;
  for (const auto& diagnostic : corpus.diagnostics()) {
    result.push_back(diagnostic.file + (diagnostic.line ? ":" + std::to_string(diagnostic.line) : "") + ": " + diagnostic.message);
  }
  std::sort(result.begin(), result.end()); // folders are listed in the file system's order
  return result;
}

} // namespace

TEST_CASE("Corpus")
{
  SUBCASE("a folder that is another repository (a submodule) is not part of this one")
  {
    corpus::MemoryFileSystem file_system;
    file_system.add_file("docs/a.md", "# A\n");
    file_system.add_file("vendor/docs/.git", "gitdir: ../../.git/modules/vendor/docs\n");
    file_system.add_file("vendor/docs/runbook.md", "# Runbook\n");
    corpus::Corpus corpus(file_system, corpus::Options{});
    CHECK(corpus.is_file("docs/a.md"));
    CHECK_FALSE(corpus.is_file("vendor/docs/runbook.md"));
    CHECK_FALSE(corpus.is_directory("vendor/docs"));
    CHECK(corpus.diagnostics().empty());
  }
  SUBCASE("symbolic links are read only to files inside the root; the others are named with why")
  {
    test_support::TempTree outside;
    outside.write("secret.md", "# secret\n");
    test_support::TempTree tree;
    tree.write("docs/a.md", "# A\n");
    namespace fs = std::filesystem;
    fs::create_symlink("a.md", tree.root() / "docs/link.md");
    fs::create_symlink("loop.md", tree.root() / "docs/loop.md");
    fs::create_symlink(outside.path("secret.md"), tree.root() / "docs/out.md");
    fs::create_directory_symlink("..", tree.root() / "docs/up");
    fs::create_symlink("missing.md", tree.root() / "docs/gone.md"); // points at nothing
    corpus::RealFileSystem file_system(tree.path());
    corpus::Corpus corpus(file_system, corpus::Options{});
    CHECK(corpus.is_file("docs/a.md"));
    REQUIRE(corpus.is_file("docs/link.md"));
    CHECK(*corpus.text("docs/link.md") == "# A\n");
    CHECK_FALSE(corpus.is_file("docs/out.md"));
    CHECK(messages(corpus) == std::vector<std::string>{
                               "docs/gone.md: symbolic link to nothing that can be read; not followed",
                               "docs/loop.md: symbolic link loops; not followed",
                               "docs/out.md: symbolic link to a path outside the repository; not followed",
                               "docs/up: symbolic link to a folder; not followed",
                             });
  }
  SUBCASE("names that could forge a line of output are escaped and not audited")
  {
    corpus::MemoryFileSystem file_system;
    file_system.add_file("docs/ok file \xC3\xBC.md", "# ok\n");
    file_system.add_file("docs/x.md\nfake.md:1:1: error: forged", "# x\n");
    file_system.add_file("docs/bad\xff.md", "# x\n");
    corpus::Corpus corpus(file_system, corpus::Options{});
    REQUIRE(corpus.files().size() == 1);
    CHECK(corpus.files()[0].path == "docs/ok file \xC3\xBC.md");
    CHECK(messages(corpus) == std::vector<std::string>{
                               "docs/bad\\xff.md: name holds control characters or bytes that are not UTF-8; not audited",
                               "docs/x.md\\nfake.md:1:1: error: forged: name holds control characters or bytes that are not UTF-8; not audited",
                             });
  }
  SUBCASE("exclude: a name without a slash inside matches at any depth, as in .gitignore; a path is anchored")
  {
    corpus::MemoryFileSystem file_system;
    file_system.add_file("docs/plans/archive/2025/old.md", "# old\n");
    file_system.add_file("docs/plans/archived-notes.md", "# kept\n");
    file_system.add_file("docs/archive.md", "# a file, not a folder\n");
    file_system.add_file("drafts/a.md", "# draft\n");
    file_system.add_file("docs/drafts/b.md", "# kept: the pattern below is anchored\n");
    file_system.add_file("docs/scratch.tmp.md", "# scratch\n");
    corpus::Corpus corpus(file_system, corpus::Options{{"archive/", "/drafts/", "*.tmp.md"}, {}});
    std::vector<std::string> paths;
    for (const auto& file : corpus.files()) {
      paths.push_back(file.path);
    }
    std::sort(paths.begin(), paths.end());
    CHECK(paths == std::vector<std::string>{"docs/archive.md", "docs/drafts/b.md", "docs/plans/archived-notes.md"});
  }
  SUBCASE("limits: file size, file count, folder depth")
  {
    // Each hit is a note: the tool did what limits.* says, the input is not broken.
    corpus::MemoryFileSystem file_system;
    file_system.add_file("a.md", std::string(200, 'a'));
    file_system.add_file("b.md", "b");
    file_system.add_file("c.md", "c");
    file_system.add_file("d/e/f/g.md", "g");
    corpus::Corpus corpus(file_system, corpus::Options{{}, {100, 2, 1}});
    CHECK(corpus.text("a.md") == nullptr);
    CHECK(messages(corpus) == std::vector<std::string>{
                               "a.md: 200 bytes, over the limit of 100 (limits.max_file_bytes); not read",
                               "c.md: more than 2 files (limits.max_files); this one and the rest are not audited",
                               "d/e: folders nested deeper than 1 levels (limits.max_folder_depth); not descended",
                             });
    CHECK(std::all_of(corpus.diagnostics().begin(), corpus.diagnostics().end(), [](const util::Diagnostic& diagnostic) {
      return diagnostic.limit;
    }));
  }
}

TEST_CASE("Corpus::preload")
{
  corpus::MemoryFileSystem file_system;
  file_system.add_file("a.md", "# A\n");
  file_system.add_file("b.md", "bad \xFF byte\n");
  file_system.add_file("c.md", std::string("x\0y", 3));
  corpus::Corpus corpus(file_system, corpus::Options{});
  const auto texts = corpus.preload({"c.md", "b.md", "a.md"});
  REQUIRE(texts.size() == 3);
  CHECK(texts[0] == nullptr);
  REQUIRE(texts[1] != nullptr);
  CHECK(*texts[1] == "bad \xEF\xBF\xBD byte\n");
  REQUIRE(texts[2] != nullptr);
  CHECK(*texts[2] == "# A\n");
  // Problems wait for text(), so they come in the order text() asks, once each.
  CHECK(corpus.diagnostics().empty());
  CHECK(corpus.text("a.md") == texts[2]);
  CHECK(corpus.text("b.md") == texts[1]);
  CHECK(corpus.text("c.md") == nullptr);
  CHECK(corpus.text("b.md") == texts[1]);
  REQUIRE(corpus.diagnostics().size() == 2);
  CHECK(corpus.diagnostics()[0].file == "b.md");
  CHECK(corpus.diagnostics()[0].message == "not valid UTF-8; invalid bytes read as U+FFFD");
  CHECK(corpus.diagnostics()[1].file == "c.md");
  CHECK(corpus.diagnostics()[1].message == "binary file (NUL byte); not audited");
}

namespace {

// A file system that names its files' bytes without reading them, as the git index does, and counts reads.
class NamingFileSystem : public corpus::MemoryFileSystem
{
public:
  util::Expected<std::string> read(const std::string& path, uint64_t max_bytes) const override
  {
    ++reads;
    return MemoryFileSystem::read(path, max_bytes);
  }
  std::optional<std::string> content_id(const std::string& path) const override
  {
    return "id-" + path;
  }
  mutable int reads = 0;
};

} // namespace

TEST_CASE("Corpus::content_id")
{
  NamingFileSystem file_system;
  file_system.add_file("docs/a.md", "# A\n");
  file_system.add_file("docs/big.md", std::string(100, 'x'));
  corpus::Options options;
  options.limits.max_file_bytes = 50;
  const corpus::Corpus corpus(file_system, options);
  CHECK(corpus.content_id("docs/a.md") == std::optional<std::string>("id-docs/a.md"));
  CHECK_FALSE(corpus.content_id("docs/big.md")); // over the limit: must be read, to be reported
  CHECK_FALSE(corpus.content_id("docs/none.md"));
  CHECK(file_system.reads == 0);
  const corpus::MemoryFileSystem plain;
  CHECK_FALSE(corpus::Corpus(plain, {}).content_id("docs/a.md"));
}

TEST_CASE("Corpus::release")
{
  NamingFileSystem file_system;
  file_system.add_file("docs/a.md", "# Caf\xE9\n");
  const corpus::Corpus corpus(file_system, {});
  REQUIRE(corpus.text("docs/a.md"));
  CHECK(corpus.had_problem("docs/a.md"));
  corpus.release("docs/a.md");
  CHECK(file_system.reads == 1);
  const std::string* again = corpus.text("docs/a.md"); // read again, its problem not reported twice
  REQUIRE(again);
  CHECK(*again == "# Caf\xEF\xBF\xBD\n");
  CHECK(file_system.reads == 2);
  CHECK(corpus.diagnostics().size() == 1);
  corpus.release("docs/a.md");
  CHECK(corpus.preload({"docs/a.md"})[0] != nullptr);
  CHECK(corpus.diagnostics().size() == 1);
}

TEST_CASE("Corpus::text_apart")
{
  NamingFileSystem file_system;
  file_system.add_file("docs/a.md", "# Caf\xE9\n");
  file_system.add_file("docs/b.md", "# B\n");
  const corpus::Corpus corpus(file_system, {});
  SUBCASE("read afresh and not kept: the next reader reads it again, its problem reported once")
  {
    CHECK(corpus.text_apart("docs/a.md") == std::optional<std::string>("# Caf\xEF\xBF\xBD\n"));
    CHECK(corpus.text_apart("docs/a.md") == std::optional<std::string>("# Caf\xEF\xBF\xBD\n"));
    CHECK(file_system.reads == 2);
    REQUIRE(corpus.text("docs/a.md"));
    CHECK(file_system.reads == 3);
    CHECK(messages(corpus) == std::vector<std::string>{"docs/a.md:1: not valid UTF-8; invalid bytes read as U+FFFD"});
    CHECK(corpus.had_problem("docs/a.md"));
  }
  SUBCASE("a text held is copied, not read again")
  {
    const std::string* held = corpus.text("docs/b.md");
    REQUIRE(held);
    CHECK(corpus.text_apart("docs/b.md") == std::optional<std::string>(*held));
    CHECK(file_system.reads == 1);
    CHECK(corpus.text("docs/b.md") == held);
  }
  SUBCASE("a file that is not there: nothing, reported once")
  {
    CHECK_FALSE(corpus.text_apart("docs/none.md"));
    CHECK_FALSE(corpus.text("docs/none.md"));
    CHECK(corpus.diagnostics().size() == 1);
  }
}

namespace {

// Each read waits (up to ten seconds) for another to be under way: two meet only when the corpus reads
// outside its lock.
class MeetingFileSystem : public corpus::MemoryFileSystem
{
public:
  util::Expected<std::string> read(const std::string& path, uint64_t max_bytes) const override
  {
    ++inside;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (inside < 2 && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    met = met || inside >= 2;
    return MemoryFileSystem::read(path, max_bytes);
  }
  mutable std::atomic<int> inside{0};
  mutable std::atomic<bool> met{false};
};

} // namespace

TEST_CASE("Corpus::text_apart on several threads")
{
  MeetingFileSystem file_system;
  file_system.add_file("docs/a.md", "# Caf\xE9\n");
  const corpus::Corpus corpus(file_system, {});
  // A file system that reads on several threads is read outside the lock: checks on every core quote documents.
  std::optional<std::string> first;
  std::optional<std::string> second;
  std::thread other([&] { first = corpus.text_apart("docs/a.md"); });
  second = corpus.text_apart("docs/a.md");
  other.join();
  CHECK(file_system.met);
  CHECK(first == std::optional<std::string>("# Caf\xEF\xBF\xBD\n"));
  CHECK(second == first);
  CHECK(messages(corpus) == std::vector<std::string>{"docs/a.md:1: not valid UTF-8; invalid bytes read as U+FFFD"});
}

TEST_CASE("Corpus::text_apart while another thread loads the text to hold it")
{
  MeetingFileSystem file_system;
  file_system.add_file("docs/a.md", "# Caf\xE9\n");
  const corpus::Corpus corpus(file_system, {});
  // text() reads under the lock, so the copy apart, read first, finds the text held when it is back: held it
  // stays.
  std::optional<std::string> apart;
  std::thread other([&] { apart = corpus.text_apart("docs/a.md"); });
  while (file_system.inside == 0) {
    std::this_thread::yield(); // the copy apart is being read
  }
  const std::string* held = corpus.text("docs/a.md");
  other.join();
  REQUIRE(file_system.met);
  REQUIRE(held);
  CHECK(apart == std::optional<std::string>(*held));
  CHECK(corpus.text("docs/a.md") == held);
  CHECK(file_system.inside == 2);
  CHECK(messages(corpus) == std::vector<std::string>{"docs/a.md:1: not valid UTF-8; invalid bytes read as U+FFFD"});
}

TEST_CASE("Corpus::sort_diagnostics_from")
{
  const corpus::MemoryFileSystem file_system;
  const corpus::Corpus corpus(file_system, {});
  corpus.add_diagnostic({"z.md", 1, 0, "first", false});
  corpus.add_diagnostic({"b.md", 9, 0, "late", false});
  corpus.add_diagnostic({"b.md", 2, 0, "early", false});
  corpus.sort_diagnostics_from(1);
  std::vector<std::string> order;
  for (const auto& diagnostic : corpus.diagnostics()) {
    order.push_back(diagnostic.message);
  }
  CHECK(order == std::vector<std::string>{"first", "early", "late"}); // those before `from` keep their place
}
