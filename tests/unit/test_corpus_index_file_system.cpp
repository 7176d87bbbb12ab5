#include "corpus/index_file_system.hpp"

#include "../support/git.hpp"
#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

namespace {

using test_support::git;

// Sets a file's modification time (touch -d), so that whether the index was written after it is known.
void touch(const test_support::TempTree& tree, const std::string& path, const std::string& when)
{
  const std::string command = "touch -d '" + when + "' '" + tree.path() + "/" + path + "'";
  REQUIRE(std::system(command.c_str()) == 0);
}

std::string staged(const corpus::IndexFileSystem& index, const std::string& path)
{
  auto bytes = index.read(path, 1 << 20);
  REQUIRE(bytes);
  return *bytes;
}

} // namespace

TEST_CASE("IndexFileSystem::read")
{
  test_support::TempTree tree;
  git(tree, "init -q -b main .");
  tree.write("docs/plan.md", "# Plan\n\n- [x] Step.\n");
  touch(tree, "docs/plan.md", "2020-01-01 10:00");
  git(tree, "add docs/plan.md");

  SUBCASE("a file unchanged since it was staged is read from the working tree")
  {
    const auto index = corpus::IndexFileSystem::open(tree.path());
    REQUIRE(index);
    CHECK(staged(**index, "docs/plan.md") == "# Plan\n\n- [x] Step.\n");
    CHECK((*index)->work_tree_reads() == 1);
  }
  SUBCASE("a file edited since, even to the same size and modification time, is read from the index")
  {
    tree.write("docs/plan.md", "# Plan\n\n- [ ] Step.\n");
    touch(tree, "docs/plan.md", "2020-01-01 10:00"); // as staged, but for the bytes
    const auto index = corpus::IndexFileSystem::open(tree.path());
    REQUIRE(index);
    CHECK(staged(**index, "docs/plan.md") == "# Plan\n\n- [x] Step.\n");
    CHECK((*index)->work_tree_reads() == 0);
  }
  SUBCASE("the bytes decide, not the stat data: a file edited and edited back is read from the working tree")
  {
    tree.write("docs/plan.md", "# Plan\n\n- [ ] Step.\n");
    tree.write("docs/plan.md", "# Plan\n\n- [x] Step.\n");
    const auto index = corpus::IndexFileSystem::open(tree.path());
    REQUIRE(index);
    CHECK(staged(**index, "docs/plan.md") == "# Plan\n\n- [x] Step.\n");
    CHECK((*index)->work_tree_reads() == 1);
  }
  SUBCASE("a file a clean filter libgit2 does not know changed to the same size is read from the index")
  {
    tree.write(".gitattributes", "shout.md filter=upper\n");
    tree.write("docs/shout.md", "# quiet words\n");
    git(tree, "config filter.upper.clean 'tr a-z A-Z'");
    git(tree, "add .gitattributes docs/shout.md");
    const auto index = corpus::IndexFileSystem::open(tree.path());
    REQUIRE(index);
    CHECK(staged(**index, "docs/shout.md") == "# QUIET WORDS\n");
    CHECK((*index)->work_tree_reads() == 0);
  }
  SUBCASE("a file whose blob an attribute converted is read from the index")
  {
    tree.write(".gitattributes", "crlf.md text eol=crlf\n");
    tree.write("docs/crlf.md", "# A\r\nline\r\n");
    touch(tree, "docs/crlf.md", "2020-01-01 10:00");
    git(tree, "add .gitattributes docs/crlf.md");
    const auto index = corpus::IndexFileSystem::open(tree.path());
    REQUIRE(index);
    CHECK(staged(**index, "docs/crlf.md") == "# A\nline\n");
    CHECK(staged(**index, "docs/plan.md") == "# Plan\n\n- [x] Step.\n"); // asked, and no filter applies
    CHECK((*index)->work_tree_reads() == 1);
  }
  SUBCASE("end-of-line conversion configured without attributes: read from the index")
  {
    tree.write("docs/crlf.md", "# A\r\nline\r\n");
    touch(tree, "docs/crlf.md", "2020-01-01 10:00");
    git(tree, "config core.autocrlf true");
    git(tree, "add docs/crlf.md");
    const auto index = corpus::IndexFileSystem::open(tree.path());
    REQUIRE(index);
    CHECK(staged(**index, "docs/crlf.md") == "# A\nline\n");
    CHECK((*index)->work_tree_reads() == 0);
  }
  SUBCASE("audited from a folder inside the repository")
  {
    const auto index = corpus::IndexFileSystem::open(tree.path() + "/docs");
    REQUIRE(index);
    CHECK(staged(**index, "plan.md") == "# Plan\n\n- [x] Step.\n");
    CHECK((*index)->work_tree_reads() == 1);
  }
}
