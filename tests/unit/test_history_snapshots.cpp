#include "history/snapshots.hpp"

#include "../support/git.hpp"
#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <cstdio>

namespace {

using test_support::git;

std::string head_of(const test_support::TempTree& tree)
{
  return test_support::read_file(tree.root() / ".git" / "refs" / "heads" / "main").substr(0, 40);
}

} // namespace

TEST_CASE("Snapshots::read")
{
  test_support::TempTree tree;
  using State = history::Snapshots::State;
  CHECK(history::Snapshots(tree.path()).read(std::string(40, 'a'), "x.md").state == State::unknown); // no repository
  git(tree, "init -q -b main .");
  CHECK(history::Snapshots(tree.path()).read(std::string(40, 'a'), "x.md").state == State::unknown); // no commit yet
  tree.write("docs/rollout/checklist.md", "# Rollout\n");
  tree.write("docs/rollout/meta.yaml", "group: payments\n");
  tree.write("docs/rollout/logo.png", std::string("\x89PNG\0\x01", 6));
  git(tree, "add -A");
  git(tree, "commit -q -m one");
  const std::string first = head_of(tree);
  tree.write("docs/rollout/approvals/payments/0042.yaml", "approver: Kim\n");
  tree.write("docs/rollout/meta.yaml", "group: billing\n");
  git(tree, "add -A");
  git(tree, "commit -q -m two", "2025-10-21T09:00:00Z");
  const std::string second = head_of(tree);

  const auto snapshots = std::make_unique<history::Snapshots>(tree.path());
  SUBCASE("a file's text in each commit's tree")
  {
    CHECK(snapshots->read(first, "docs/rollout/meta.yaml").text == "group: payments\n");
    CHECK(snapshots->read(second, "docs/rollout/meta.yaml").text == "group: billing\n");
    CHECK(snapshots->read(first, "docs/rollout/approvals/payments/0042.yaml").state == State::missing);
    CHECK(snapshots->read(second, "docs/rollout/approvals/payments/0042.yaml").state == State::file);
  }
  SUBCASE("a folder is no file; a binary file has no text; an unknown commit is unknown")
  {
    CHECK(snapshots->read(second, "docs/rollout").state == State::missing);
    const auto logo = snapshots->read(first, "docs/rollout/logo.png");
    CHECK(logo.state == State::file);
    CHECK_FALSE(logo.text);
    CHECK(snapshots->read(std::string(40, '0'), "docs/rollout/meta.yaml").state == State::unknown);
    CHECK(snapshots->read("not a commit", "docs/rollout/meta.yaml").state == State::unknown);
  }
  SUBCASE("paths are relative to the audit root when it is a folder of the repository")
  {
    const history::Snapshots docs(tree.path("docs"));
    CHECK(docs.read(second, "rollout/meta.yaml").text == "group: billing\n");
  }
}

TEST_CASE("Snapshots::exists")
{
  test_support::TempTree tree;
  CHECK_FALSE(history::Snapshots(tree.path()).exists(std::string(40, 'a'), "x.md")); // no repository: unknown
  git(tree, "init -q -b main .");
  tree.write("docs/plans/active/plan.md", "# Plan\n");
  git(tree, "add -A");
  git(tree, "commit -q -m one");
  const std::string first = head_of(tree);
  git(tree, "mv docs/plans/active docs/plans/archive");
  git(tree, "commit -q -m two", "2025-10-21T09:00:00Z");
  const std::string second = head_of(tree);

  const history::Snapshots snapshots(tree.path());
  CHECK(snapshots.exists(first, "docs/plans/active/plan.md") == true);
  CHECK(snapshots.exists(first, "docs/plans/active") == true); // a folder stands there too
  CHECK(snapshots.exists(second, "docs/plans/active/plan.md") == false);
  CHECK(snapshots.exists(second, "docs/plans/archive/plan.md") == true);
  CHECK_FALSE(snapshots.exists(std::string(40, '0'), "docs/plans/archive/plan.md")); // unknown commit
  CHECK(history::Snapshots(tree.path("docs")).exists(first, "plans/active/plan.md") == true);
}

TEST_CASE("Snapshots::ignored")
{
  test_support::TempTree tree;
  CHECK_FALSE(history::Snapshots(tree.path()).ignored("docs/private/phone-tree.md")); // no repository
  git(tree, "init -q -b main .");
  tree.write(".gitignore", "docs/private/\n*.local.md\n");
  tree.write("docs/runbook.md", "# Runbook\n");
  git(tree, "add -A");
  git(tree, "commit -q -m one");
  const history::Snapshots snapshots(tree.path());
  CHECK(snapshots.ignored("docs/private/phone-tree.md"));
  CHECK(snapshots.ignored("docs/notes.local.md"));
  CHECK_FALSE(snapshots.ignored("docs/runbook.md"));
  CHECK_FALSE(snapshots.ignored("docs/missing.md"));
  CHECK(history::Snapshots(tree.path("docs")).ignored("private/phone-tree.md")); // relative to the audit root
}
