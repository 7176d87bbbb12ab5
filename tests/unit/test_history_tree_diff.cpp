#include "history/tree_diff.hpp"
#include "history/diff_ahead.hpp"

#include "../support/git.hpp"
#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <tuple>

namespace {

using test_support::git;

void commit(const test_support::TempTree& tree, const std::string& message)
{
  git(tree, "add -A");
  git(tree, "commit -q --allow-empty -m '" + message + "'");
}

std::string text_of(const git_oid& id)
{
  char buffer[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buffer, sizeof(buffer), &id);
  return buffer;
}

using Row = std::tuple<int, std::string, std::string, std::string, std::string>;

std::vector<Row> rows(const std::vector<history::Change>& changes)
{
  std::vector<Row> result;
  for (const auto& change : changes) {
    result.emplace_back(change.status, change.old_path, change.new_path, text_of(change.old_id), text_of(change.new_id));
  }
  std::sort(result.begin(), result.end());
  return result;
}

class Repository
{
public:
  explicit Repository(const std::string& path)
  {
    git_repository* raw = nullptr;
    REQUIRE(git_repository_open(&raw, path.c_str()) == 0);
    m_repository.reset(raw);
  }
  git_repository* get() const
  {
    return m_repository.get();
  }
  // The tree of HEAD~back, or nullptr past the root.
  history::TreePtr tree(int back) const
  {
    git_object* raw = nullptr;
    const std::string spec = "HEAD~" + std::to_string(back) + "^{tree}";
    if (git_revparse_single(&raw, m_repository.get(), spec.c_str()) != 0) {
      return nullptr;
    }
    return history::TreePtr(reinterpret_cast<git_tree*>(raw));
  }

private:
  history::Libgit2 m_library;
  history::RepositoryPtr m_repository;
};

const std::vector<std::string> k_pathspec{"*.md", "*.markdown", "*validation-reports/*"};

const history::DiffAhead::Reads k_no_blobs = [](const history::Change&) { return false; };

bool reads_markdown(const history::Change& change)
{
  return change.status != GIT_DELTA_DELETED && change.new_path.ends_with(".md");
}

} // namespace

TEST_CASE("TreeDiff")
{
  test_support::TempTree tree;
  git(tree, "init -q -b main .");
  tree.write("docs/plan.md", "# Plan\n\n- [ ] Step.\n");
  tree.write("docs/notes/a.md", "# A\n");
  tree.write("docs/validation-reports/run.log", "ok\n");
  tree.write("src/main.cpp", "int main() {}\n");
  commit(tree, "add");                                          // HEAD~6
  tree.write("docs/plan.md", "# Plan\n\n- [x] Step.\n");
  tree.write("src/main.cpp", "int main() { return 0; }\n");
  commit(tree, "modify one, and a path outside the pathspec"); // HEAD~5
  tree.write("docs/deep/er/b.markdown", "# B\n");
  tree.write("docs/validation-reports/more/run2.log", "ok\n");
  commit(tree, "add nested folders");                          // HEAD~4
  std::filesystem::remove_all(tree.root() / "docs/deep");
  commit(tree, "delete a folder");                             // HEAD~3
  std::filesystem::rename(tree.root() / "docs/notes/a.md", tree.root() / "docs/notes/moved.md");
  commit(tree, "move a file");                                 // HEAD~2
  git(tree, "update-index --chmod=+x docs/plan.md");
  git(tree, "commit -q -m 'mode only'");                       // HEAD~1
  std::filesystem::remove(tree.root() / "docs/notes/moved.md");
  std::filesystem::create_symlink("../plan.md", tree.root() / "docs/notes/link.md");
  commit(tree, "a link");                                      // HEAD

  Repository repository(tree.path());
  history::TreeDiff diff(repository.get(), k_pathspec);

  SUBCASE("the same changes as libgit2's diff, from the root commit on")
  {
    for (int back = 6; back >= 0; --back) {
      CAPTURE(back);
      const auto before = repository.tree(back + 1);
      const auto after = repository.tree(back);
      const auto ours = diff.changes(before.get(), after.get());
      const auto theirs = diff.libgit2_changes(before.get(), after.get());
      REQUIRE(ours);
      REQUIRE(theirs);
      CHECK(rows(*ours) == rows(*theirs));
    }
  }
  SUBCASE("plain edits, additions and deletions are found without libgit2's diff")
  {
    for (int back : {6, 5, 4, 3, 1}) {
      CAPTURE(back);
      const auto before = repository.tree(back + 1);
      const auto after = repository.tree(back);
      const auto quick = diff.quick_changes(before.get(), after.get());
      REQUIRE(quick);
      CHECK(rows(*quick) == rows(*diff.libgit2_changes(before.get(), after.get())));
    }
    const auto added = diff.quick_changes(repository.tree(5).get(), repository.tree(4).get());
    REQUIRE(added);
    CHECK(added->size() == 2); // b.markdown and run2.log; nothing for main.cpp
  }
  SUBCASE("files outside the pathspec: only their additions and deletions, apart")
  {
    REQUIRE(diff.changes(nullptr, repository.tree(6).get()));
    REQUIRE(diff.others().size() == 1);
    CHECK(diff.others()[0].status == GIT_DELTA_ADDED);
    CHECK(diff.others()[0].new_path == "src/main.cpp");
    REQUIRE(diff.changes(repository.tree(6).get(), repository.tree(5).get()));
    CHECK(diff.others().empty()); // main.cpp edited: not a departure
  }
  SUBCASE("a move of unchanged bytes is paired without libgit2's rename detection")
  {
    const auto moved = diff.changes(repository.tree(3).get(), repository.tree(2).get());
    REQUIRE(moved);
    REQUIRE(moved->size() == 1);
    CHECK(moved->front().status == GIT_DELTA_RENAMED);
    CHECK(moved->front().old_path == "docs/notes/a.md");
    CHECK(moved->front().new_path == "docs/notes/moved.md");
  }
  SUBCASE("a link is left to libgit2")
  {
    CHECK_FALSE(diff.quick_changes(repository.tree(1).get(), repository.tree(0).get()));
  }
}

namespace {

// What libgit2 returns, in its order (rows() sorts).
std::vector<Row> in_order(const std::vector<history::Change>& changes)
{
  std::vector<Row> result;
  for (const auto& change : changes) {
    result.emplace_back(change.status, change.old_path, change.new_path, text_of(change.old_id), text_of(change.new_id));
  }
  return result;
}

} // namespace

TEST_CASE("TreeDiff::exact_renames")
{
  test_support::TempTree tree;
  git(tree, "init -q -b main .");
  tree.write("docs/active/a-plan.md", "# A\n\n- [ ] Step.\n");
  tree.write("docs/active/z-plan.md", "# Z\n\n- [ ] Other step.\n");
  tree.write("docs/log.md", "# Log\n");
  tree.write("docs/copy-1.md", "# Same\n");
  tree.write("docs/copy-2.md", "# Same\n");
  tree.write("docs/empty.md", "");
  tree.write("docs/old.md", "# Old notes\n\nWords that stay the same for similarity to weigh.\n");
  tree.write("docs/deep/er/notes.md", "# Deep notes\n\nA paragraph long enough for similarity to pair it again.\n");
  tree.write("src/lib/util.c", "int util(void) { return 1; }\n");
  commit(tree, "add");                                                            // HEAD~4
  std::filesystem::create_directories(tree.root() / "docs/archive");
  std::filesystem::rename(tree.root() / "docs/active/a-plan.md", tree.root() / "docs/archive/a-plan.md");
  std::filesystem::rename(tree.root() / "docs/active/z-plan.md", tree.root() / "docs/0-first.md");
  tree.write("docs/log.md", "# Log\n\nMoved the plans.\n");
  tree.write("docs/new.md", "# New\n");
  commit(tree, "move two plans unchanged, edit one file, add one");              // HEAD~3
  std::filesystem::rename(tree.root() / "docs/old.md", tree.root() / "docs/renamed.md");
  tree.write("docs/renamed.md", "# Old notes\n\nWords that stay the same for similarity to weigh!\n");
  std::filesystem::rename(tree.root() / "docs/new.md", tree.root() / "docs/newer.md");
  std::filesystem::create_directories(tree.root() / "docs/shallow");
  std::filesystem::remove_all(tree.root() / "docs/deep");
  tree.write("docs/shallow/notes.md", "# Deep notes\n\nA paragraph long enough for similarity to pair it again!\n");
  tree.write("src/lib/util.c", "int util(void) { return 2; }\n");
  commit(tree, "move one unchanged and two edited, one out of a folder that goes; edit a file outside");                             // HEAD~2
  std::filesystem::remove(tree.root() / "docs/copy-1.md");
  std::filesystem::remove(tree.root() / "docs/copy-2.md");
  tree.write("docs/same.md", "# Same\n");
  commit(tree, "two deletions of the same bytes, one addition");                 // HEAD~1
  std::filesystem::rename(tree.root() / "docs/empty.md", tree.root() / "docs/empty-moved.md");
  commit(tree, "move an empty file");                                            // HEAD

  Repository repository(tree.path());
  history::TreeDiff diff(repository.get(), k_pathspec);
  const auto quick = [&](int back) {
    const auto changes = diff.quick_changes(repository.tree(back + 1).get(), repository.tree(back).get());
    REQUIRE(changes);
    return *changes;
  };

  SUBCASE("moves of unchanged bytes: libgit2's renames, in libgit2's order")
  {
    const auto paired = history::TreeDiff::exact_renames(quick(3));
    REQUIRE(paired);
    const auto theirs = diff.libgit2_changes(repository.tree(4).get(), repository.tree(3).get());
    REQUIRE(theirs);
    CHECK(in_order(*paired) == in_order(*theirs));
    CHECK(std::count_if(paired->begin(), paired->end(), [](const auto& change) { return change.status == GIT_DELTA_RENAMED; }) == 2);
  }
  SUBCASE("a deletion and an addition of different bytes left beside: libgit2's similarity decides")
  {
    // changes() asks libgit2 about the paths it found only, libgit2_changes() about the whole pathspec.
    CHECK_FALSE(history::TreeDiff::exact_renames(quick(2)));
    const auto ours = diff.changes(repository.tree(3).get(), repository.tree(2).get());
    REQUIRE(ours);
    CHECK(in_order(*ours) == in_order(*diff.libgit2_changes(repository.tree(3).get(), repository.tree(2).get())));
    CHECK(std::count_if(ours->begin(), ours->end(), [](const auto& change) { return change.status == GIT_DELTA_RENAMED; }) == 3);
  }
  SUBCASE("the same bytes deleted twice, and the empty blob, are libgit2's to pair")
  {
    CHECK_FALSE(history::TreeDiff::exact_renames(quick(1)));
    CHECK_FALSE(history::TreeDiff::exact_renames(quick(0)));
  }
}

TEST_CASE("TreeDiff: a document that becomes a folder of the same name")
{
  // libgit2, asked about the literal path "docs/x.md", would take the folder "docs/x.md/" and every file in it,
  // in the pathspec or not: the whole pathspec is asked instead.
  test_support::TempTree tree;
  git(tree, "init -q -b main .");
  tree.write("docs/x.md", "# X\n\nA paragraph long enough for similarity to weigh it against another.\n");
  commit(tree, "add");
  std::filesystem::remove(tree.root() / "docs/x.md");
  tree.write("docs/x.md/index.md", "# X\n\nA paragraph long enough for similarity to weigh it against another!\n");
  tree.write("docs/x.md/diagram.png", "not markdown\n");
  commit(tree, "a folder where the document was");

  Repository repository(tree.path());
  history::TreeDiff diff(repository.get(), k_pathspec);
  const auto ours = diff.changes(repository.tree(1).get(), repository.tree(0).get());
  const auto theirs = diff.libgit2_changes(repository.tree(1).get(), repository.tree(0).get());
  REQUIRE(ours);
  REQUIRE(theirs);
  CHECK(in_order(*ours) == in_order(*theirs));
  CHECK(std::none_of(ours->begin(), ours->end(), [](const auto& change) { return change.new_path == "docs/x.md/diagram.png"; }));
}

TEST_CASE("DiffAhead")
{
  test_support::TempTree tree;
  git(tree, "init -q -b main .");
  for (int n = 0; n < 150; ++n) {
    tree.write("docs/plan-" + std::to_string(n % 7) + ".md", "# Plan\n\n- [x] Step " + std::to_string(n) + "\n");
    tree.write("src/file-" + std::to_string(n) + ".cpp", "int f() { return " + std::to_string(n) + "; }\n");
    if (n % 10 == 9) {
      std::filesystem::rename(tree.root() / ("docs/plan-" + std::to_string(n % 7) + ".md"), tree.root() / ("docs/moved-" + std::to_string(n) + ".md"));
    }
    commit(tree, "change " + std::to_string(n));
  }
  Repository repository(tree.path());
  std::vector<git_oid> commits; // oldest first
  for (int back = 149; back >= 0; --back) {
    git_object* raw = nullptr;
    REQUIRE(git_revparse_single(&raw, repository.get(), ("HEAD~" + std::to_string(back)).c_str()) == 0);
    commits.push_back(*git_object_id(raw));
    git_object_free(raw);
  }

  SUBCASE("each commit's changes and other files, as the walk's own comparison finds them, past its window")
  {
    history::DiffAhead ahead(tree.path(), k_pathspec, true, commits, k_no_blobs);
    history::TreeDiff diff(repository.get(), k_pathspec);
    for (size_t index = 0; index < commits.size(); ++index) {
      CAPTURE(index);
      const history::DiffAhead::Diff found = ahead.take(index);
      REQUIRE(found.found);
      REQUIRE(found.changes);
      const auto own = diff.changes(index == 0 ? nullptr : repository.tree(static_cast<int>(commits.size() - index)).get(),
                                    repository.tree(static_cast<int>(commits.size() - 1 - index)).get());
      REQUIRE(own);
      CHECK(in_order(*found.changes) == in_order(*own));
      CHECK(in_order(found.others) == in_order(diff.others()));
    }
  }
  SUBCASE("the blobs the walk reads, read ahead of it while the window is full")
  {
    history::DiffAhead ahead(tree.path(), k_pathspec, true, commits, reads_markdown);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (size_t index = 0; index < commits.size(); ++index) {
      CAPTURE(index);
      const history::DiffAhead::Diff found = ahead.take(index);
      REQUIRE(found.changes);
      REQUIRE(found.blobs);
      // The comparisons run a window ahead of this slow walk: the commit's blobs are read before it asks.
      while (!found.blobs->all_claimed() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      for (const auto& change : *found.changes) {
        if (!reads_markdown(change)) {
          continue;
        }
        const std::string* bytes = found.blobs->take(change.new_id);
        REQUIRE(bytes);
        git_blob* raw_blob = nullptr;
        REQUIRE(git_blob_lookup(&raw_blob, repository.get(), &change.new_id) == 0);
        CHECK(*bytes == std::string(static_cast<const char*>(git_blob_rawcontent(raw_blob)), static_cast<size_t>(git_blob_rawsize(raw_blob))));
        git_blob_free(raw_blob);
      }
    }
  }
  SUBCASE("no more bytes read ahead than the budget: the rest waits for the walk to apply what is held")
  {
    history::DiffAhead ahead(tree.path(), k_pathspec, true, commits, reads_markdown, 1);
    const history::DiffAhead::Diff first = ahead.take(0);
    REQUIRE(first.blobs);
    std::this_thread::sleep_for(std::chrono::seconds(2)); // the window full, blobs read to the budget, even under sanitizers
    const history::DiffAhead::Diff second = ahead.take(1);
    REQUIRE(second.blobs);
    // One commit's blob is within a budget of one byte: the walk's next, or the one it was applying.
    CHECK(first.blobs->all_claimed() != second.blobs->all_claimed());
  }
  SUBCASE("a walk that stops early ends the comparisons")
  {
    history::DiffAhead ahead(tree.path(), k_pathspec, true, commits, k_no_blobs);
    CHECK(ahead.take(0).found);
  }
  SUBCASE("a walk that stops early ends the reads ahead of it")
  {
    history::DiffAhead ahead(tree.path(), k_pathspec, true, commits, reads_markdown);
    const history::DiffAhead::Diff first = ahead.take(0);
    REQUIRE(first.blobs);
    std::this_thread::sleep_for(std::chrono::milliseconds(20)); // the reader well into the window's blobs
    CHECK(ahead.take(1).found);
  }
  SUBCASE("a repository that cannot be opened: nothing found, and nothing waited for")
  {
    history::DiffAhead ahead(tree.path("no-such-folder"), k_pathspec, true, commits, reads_markdown);
    CHECK_FALSE(ahead.take(3).found);
  }
}
