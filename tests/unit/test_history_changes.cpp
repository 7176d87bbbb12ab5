#include "history/changes.hpp"

#include "../support/git.hpp"
#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

namespace {

using test_support::git;

using Ranges = std::vector<std::pair<int, int>>;

std::string numbered(int count)
{
  std::string text;
  for (int i = 1; i <= count; ++i) {
    text += "line " + std::to_string(i) + "\n";
  }
  return text;
}

// docs/checklist.md of ten lines and docs/plan.md, committed and tagged "base".
void base_repository(const test_support::TempTree& tree)
{
  git(tree, "init -q -b main .");
  tree.write("docs/checklist.md", numbered(10));
  tree.write("docs/plan.md", numbered(3));
  git(tree, "add -A");
  git(tree, "commit -q -m base");
  git(tree, "tag base");
}

} // namespace

TEST_CASE("changed_since")
{
  test_support::TempTree tree;

  SUBCASE("the working tree: modified and appended lines, a new untracked file")
  {
    base_repository(tree);
    std::string text = numbered(10);
    text.replace(text.find("line 5"), 6, "line five");
    tree.write("docs/checklist.md", text + "line 11\nline 12\n");
    tree.write("docs/new.md", "# New\n");
    const auto changes = history::changed_since(tree.path(), "base", false);
    REQUIRE(changes);
    CHECK(changes->changed_files.at("docs/checklist.md") == Ranges{{5, 5}, {11, 12}});
    CHECK(changes->added_files == std::set<std::string>{"docs/new.md"});
    CHECK_FALSE(changes->file_changed("docs/plan.md"));
  }
  SUBCASE("committed changes count too: the audited state against the revision")
  {
    base_repository(tree);
    tree.write("docs/plan.md", "line 1\nline 2 changed\nline 3\n");
    git(tree, "commit -q -am change");
    const auto changes = history::changed_since(tree.path(), "base", false);
    REQUIRE(changes);
    CHECK(changes->changed_files.at("docs/plan.md") == Ranges{{2, 2}});
    CHECK(history::changed_since(tree.path(), "HEAD", false)->changed_files.empty());
  }
  SUBCASE("--staged: only what is in the index")
  {
    base_repository(tree);
    std::string text = numbered(10);
    text.replace(text.find("line 5"), 6, "line five");
    tree.write("docs/checklist.md", text);
    git(tree, "add docs/checklist.md");
    text.replace(text.find("line 7"), 6, "line seven");
    tree.write("docs/checklist.md", text);
    tree.write("docs/new.md", "# New\n");
    const auto staged = history::changed_since(tree.path(), "base", true);
    REQUIRE(staged);
    CHECK(staged->changed_files.at("docs/checklist.md") == Ranges{{5, 5}});
    CHECK(staged->added_files.empty());
    const auto working = history::changed_since(tree.path(), "base", false);
    CHECK(working->changed_files.at("docs/checklist.md") == Ranges{{5, 5}, {7, 7}});
  }
  SUBCASE("an audit root inside the repository: paths relative to it")
  {
    base_repository(tree);
    tree.write("docs/plan.md", "line 1\nline 2\nline 3\nline 4\n");
    tree.write("README.md", "# Readme\n");
    const auto changes = history::changed_since(tree.path("docs"), "base", false);
    REQUIRE(changes);
    CHECK(changes->changed_files.at("plan.md") == Ranges{{4, 4}});
    CHECK(changes->added_files.empty());
  }
  SUBCASE("an unknown revision, or no repository, names the revision")
  {
    base_repository(tree);
    CHECK(history::changed_since(tree.path(), "nope", false).error() == "--changed-since: unknown revision 'nope'");
    test_support::TempTree plain;
    CHECK(history::changed_since(plain.path(), "main", false).error()
          == "--changed-since main: " + plain.path() + " is not in a git repository");
  }
}

TEST_CASE("ChangedLines::covers")
{
  history::ChangedLines changes;
  changes.added_files.insert("docs/new.md");
  changes.changed_files["docs/checklist.md"] = {{5, 5}, {11, 12}};
  changes.changed_files["docs/binary.pdf"] = {};
  CHECK(changes.covers("docs/new.md", 40));
  CHECK(changes.covers("docs/checklist.md", 5));
  CHECK(changes.covers("docs/checklist.md", 12));
  CHECK_FALSE(changes.covers("docs/checklist.md", 6));
  CHECK(changes.covers("docs/checklist.md", 1)); // about the whole file, such as its front matter
  CHECK_FALSE(changes.covers("docs/plan.md", 1));
  CHECK(changes.file_changed("docs/binary.pdf"));
}
