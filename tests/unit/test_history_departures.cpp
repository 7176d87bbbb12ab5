#include "history/departures.hpp"

#include <doctest/doctest.h>

namespace {

git_oid oid(char digit)
{
  git_oid id;
  git_oid_fromstr(&id, std::string(40, digit).c_str());
  return id;
}

history::Change change(git_delta_t status, std::string old_path, std::string new_path, char old_id = '0', char new_id = '0')
{
  return history::Change{status, std::move(old_path), std::move(new_path), oid(old_id), oid(new_id)};
}

history::Change deleted(std::string path, char id)
{
  return change(GIT_DELTA_DELETED, path, path, id, '0');
}

history::Change added(std::string path, char id)
{
  return change(GIT_DELTA_ADDED, path, path, '0', id);
}

const history::CommitStamp k_first{"c1", 100, "Ines", false};
const history::CommitStamp k_second{"c2", 200, "Ines", false};

std::string where(const std::map<std::string, history::Departure>& departed, const std::string& path)
{
  const auto found = departed.find(path);
  if (found == departed.end()) {
    return "present";
  }
  return (found->second.to.empty() ? "deleted" : "-> " + found->second.to) + " in " + found->second.commit.id;
}

} // namespace

TEST_CASE("record_departures")
{
  std::map<std::string, history::Departure> departed;

  SUBCASE("libgit2's renames are moves")
  {
    history::record_departures(departed, {change(GIT_DELTA_RENAMED, "docs/plans/active/p.md", "docs/plans/archive/p.md")}, k_first);
    CHECK(where(departed, "docs/plans/active/p.md") == "-> docs/plans/archive/p.md in c1");
    CHECK(where(departed, "docs/plans/archive/p.md") == "present");
  }
  SUBCASE("a deletion and an addition of the same bytes are a move, whatever the names")
  {
    history::record_departures(departed, {deleted("src/Form.tsx", 'a'), added("src/legacy/OldForm.tsx", 'a')}, k_first);
    CHECK(where(departed, "src/Form.tsx") == "-> src/legacy/OldForm.tsx in c1");
  }
  SUBCASE("else of the same file name, edited on the way")
  {
    history::record_departures(departed, {deleted("src/Form.tsx", 'a'), added("src/archive/Form.tsx", 'b'), added("src/New.tsx", 'c')}, k_first);
    CHECK(where(departed, "src/Form.tsx") == "-> src/archive/Form.tsx in c1");
  }
  SUBCASE("two candidates of one kind are no move: the deletion stays a deletion")
  {
    history::record_departures(departed, {deleted("a/README.md", 'a'), added("b/README.md", 'b'), added("c/README.md", 'c')}, k_first);
    CHECK(where(departed, "a/README.md") == "deleted in c1");
  }
  SUBCASE("two deletions of one name and one addition: neither is known to have moved there")
  {
    history::record_departures(departed, {deleted("a/index.md", 'a'), deleted("b/index.md", 'b'), added("c/index.md", 'c')}, k_first);
    CHECK(where(departed, "a/index.md") == "deleted in c1");
    CHECK(where(departed, "b/index.md") == "deleted in c1");
  }
  SUBCASE("the same bytes are paired before the same names")
  {
    history::record_departures(departed, {deleted("x/notes.md", 'a'), deleted("y/notes.md", 'b'), added("z/notes.md", 'b')}, k_first);
    CHECK(where(departed, "y/notes.md") == "-> z/notes.md in c1");
    CHECK(where(departed, "x/notes.md") == "deleted in c1");
  }
  SUBCASE("a moved file that moves again: each step is kept")
  {
    history::record_departures(departed, {change(GIT_DELTA_RENAMED, "a.md", "b.md")}, k_first);
    history::record_departures(departed, {change(GIT_DELTA_RENAMED, "b.md", "c.md")}, k_second);
    CHECK(where(departed, "a.md") == "-> b.md in c1");
    CHECK(where(departed, "b.md") == "-> c.md in c2");
  }
  SUBCASE("a path added again, or changed, is no longer gone")
  {
    history::record_departures(departed, {deleted("docs/a.md", 'a'), deleted("docs/b.md", 'b')}, k_first);
    history::record_departures(departed, {added("docs/a.md", 'c'), change(GIT_DELTA_MODIFIED, "docs/b.md", "docs/b.md")}, k_second);
    CHECK(where(departed, "docs/a.md") == "present");
    CHECK(where(departed, "docs/b.md") == "present");
  }
}
