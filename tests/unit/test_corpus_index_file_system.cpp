#include "corpus/index_file_system.hpp"

#include "../support/git.hpp"
#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <thread>
#include <utility>

namespace {

using test_support::git;

// Sets a file's modification time (touch -d), so that it is as staged but for its bytes.
void touch(const test_support::TempTree& tree, const std::string& path, const std::string& when)
{
  const std::string command = "touch -d '" + when + "' '" + tree.path() + "/" + path + "'";
  REQUIRE(std::system(command.c_str()) == 0);
}

enum class From
{
  index,
  work_tree,
};

// The staged bytes of `path` as `--staged` under `root` reads them, and where they were read from.
std::pair<std::string, From> staged(const test_support::TempTree& tree, const std::string& path, const std::string& root = "")
{
  const auto index = corpus::IndexFileSystem::open(tree.path() + root);
  REQUIRE(index);
  auto bytes = (*index)->read(path, 1 << 20);
  REQUIRE(bytes);
  return {*bytes, (*index)->work_tree_reads() == 1 ? From::work_tree : From::index};
}

using Staged = std::pair<std::string, From>;

} // namespace

TEST_CASE("IndexFileSystem::read")
{
  test_support::TempTree tree;
  git(tree, "init -q -b main .");
  tree.write("docs/plan.md", "# Plan\n\n- [x] Step.\n");
  touch(tree, "docs/plan.md", "2020-01-01 10:00");
  git(tree, "add docs/plan.md");
  const Staged plan{"# Plan\n\n- [x] Step.\n", From::work_tree};

  SUBCASE("a file unchanged since it was staged is read from the working tree")
  {
    CHECK(staged(tree, "docs/plan.md") == plan);
  }
  SUBCASE("a file edited since, even to the same size and modification time, is read from the index")
  {
    tree.write("docs/plan.md", "# Plan\n\n- [ ] Step.\n");
    touch(tree, "docs/plan.md", "2020-01-01 10:00");
    CHECK(staged(tree, "docs/plan.md") == Staged{"# Plan\n\n- [x] Step.\n", From::index});
  }
  SUBCASE("the bytes decide, not the stat data: a file edited and edited back is read from the working tree")
  {
    tree.write("docs/plan.md", "# Plan\n\n- [ ] Step.\n");
    tree.write("docs/plan.md", "# Plan\n\n- [x] Step.\n");
    CHECK(staged(tree, "docs/plan.md") == plan);
  }
  SUBCASE("a file a clean filter libgit2 does not know changed to the same size is read from the index")
  {
    tree.write(".gitattributes", "shout.md filter=upper\n");
    tree.write("docs/shout.md", "# quiet words\n");
    git(tree, "config filter.upper.clean 'tr a-z A-Z'");
    git(tree, "add .gitattributes docs/shout.md");
    CHECK(staged(tree, "docs/shout.md") == Staged{"# QUIET WORDS\n", From::index});
  }
  SUBCASE("a file whose blob an attribute converted is read from the index")
  {
    tree.write(".gitattributes", "crlf.md text eol=crlf\n");
    tree.write("docs/crlf.md", "# A\r\nline\r\n");
    git(tree, "add .gitattributes docs/crlf.md");
    CHECK(staged(tree, "docs/crlf.md") == Staged{"# A\nline\n", From::index});
    CHECK(staged(tree, "docs/plan.md") == plan); // no filter applies to it
  }
  SUBCASE("end-of-line conversion configured without attributes: read from the index")
  {
    tree.write("docs/crlf.md", "# A\r\nline\r\n");
    git(tree, "config core.autocrlf true");
    git(tree, "add docs/crlf.md");
    CHECK(staged(tree, "docs/crlf.md") == Staged{"# A\nline\n", From::index});
  }
  SUBCASE("audited from a folder inside the repository")
  {
    CHECK(staged(tree, "plan.md", "/docs") == plan);
  }
}

TEST_CASE("IndexFileSystem reads on several threads at once")
{
  test_support::TempTree tree;
  git(tree, "init -q -b main .");
  std::vector<std::string> paths;
  for (int i = 0; i < 16; ++i) {
    paths.push_back("docs/d" + std::to_string(i) + ".md");
    tree.write(paths.back(), "# D" + std::to_string(i) + "\n");
  }
  git(tree, "add docs");
  for (size_t i = 0; i < paths.size(); i += 2) {
    tree.write(paths[i], "# edited after staging\n"); // half from the index, half from the working tree
  }
  const auto index = corpus::IndexFileSystem::open(tree.path());
  REQUIRE(index);
  CHECK((*index)->reads_concurrently());
  std::vector<std::string> read(paths.size() * 4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = 0; i < paths.size(); ++i) {
        auto bytes = (*index)->read(paths[i], 1 << 20);
        read[t * paths.size() + i] = bytes ? *bytes : "failed: " + bytes.error();
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (size_t n = 0; n < read.size(); ++n) {
    CHECK(read[n] == "# D" + std::to_string(n % paths.size()) + "\n");
  }
  CHECK((*index)->work_tree_reads() == paths.size() / 2 * 4);
}
