#include "util/path.hpp"

#include <doctest/doctest.h>

TEST_CASE("normalize_relative")
{
  CHECK(util::normalize_relative("docs/./plans/../work-log.md") == "docs/work-log.md");
  CHECK(util::normalize_relative("docs//a.md") == "docs/a.md");
  CHECK_FALSE(util::normalize_relative("../../../etc/passwd"));
  CHECK_FALSE(util::normalize_relative("docs/../../x"));
  CHECK_FALSE(util::normalize_relative("/etc/passwd"));
}

TEST_CASE("glob_match")
{
  CHECK(util::glob_match("*-COMPLETION.md", "docs/plans/active/x-COMPLETION.md"));
  CHECK_FALSE(util::glob_match("*-COMPLETION.md", "docs/x-COMPLETION.md.bak"));
  CHECK(util::glob_match("**/validation-reports/**", "docs/validation-reports/a/b.png"));
  CHECK(util::glob_match("**/validation-reports/**", "validation-reports/b.png"));
  CHECK_FALSE(util::glob_match("docs/*.md", "docs/plans/a.md"));
  CHECK(util::glob_match("docs/**/*.md", "docs/a.md"));
  CHECK(util::glob_match("docs/**/*.md", "docs/x/y/a.md"));
  CHECK(util::glob_match("build/", "build/x/y.md"));
  CHECK(util::glob_match("docs/work-log.md", "docs/work-log.md"));
  CHECK(util::glob_match("a?c", "abc"));
  CHECK_FALSE(util::glob_match("a?c", "a/c"));
  // "**/" standing for no folder at the start, in the middle and before the last literal part.
  CHECK(util::glob_match("**/x.md", "x.md"));
  CHECK(util::glob_match("docs/**/notes/*.md", "docs/notes/a.md"));
  CHECK(util::glob_match("docs/**/notes/**/*.md", "docs/notes/a.md"));
  CHECK_FALSE(util::glob_match("docs/**/notes/*.md", "docs/note/a.md"));
  CHECK_FALSE(util::glob_match("docs/**/notes/*.md", "docs/a/xnotes/a.md")); // a folder's whole name
  CHECK_FALSE(util::glob_match("docs/**/notes/*.md", "docs/xnotes/a.md"));
  CHECK(util::glob_match("docs/**/notes/*.md", "docs/a/notes/a.md"));
  CHECK_FALSE(util::glob_match("**/x.md", "ax.md"));
  CHECK_FALSE(util::glob_match("**/x.md", "docs/ax.md"));
  CHECK_FALSE(util::glob_match("docs/work-log.md", "docs/work-log.mdx"));
  CHECK_FALSE(util::glob_match("a*b*c", "acb"));
  CHECK(util::glob_match("a*b*c", "abbc"));
  CHECK(util::glob_match("**", "any/thing.md"));
  CHECK(util::glob_match("**/validation-reports/**", "a/b/validation-reports/c/d.png"));
  CHECK_FALSE(util::glob_match("**/validation-reports/**", "docs/old-validation-reports/d.png"));
  CHECK_FALSE(util::glob_match("**/validation-reports/**", "docs/validation-reports"));
  CHECK(util::glob_match("**/docs/reports/**", "docs/reports/x.md"));
  CHECK_FALSE(util::glob_match("**/docs/reports/**", "docs/x/reports/x.md"));
}

TEST_CASE("glob_match_is_not_exponential")
{
  // A backtracking matcher would take ages on this; the table-driven one is quadratic at worst.
  const std::string pattern = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
  const std::string text(2000, 'a');
  CHECK_FALSE(util::glob_match(pattern, text));
}

TEST_CASE("glob_pathspec")
{
  CHECK(util::glob_pathspec("**/validation-reports/**") == "*validation-reports/*");
  CHECK(util::glob_pathspec("ops/evidence/**") == "ops/evidence/*");
  CHECK(util::glob_pathspec("docs/**/*.md") == "docs/*.md");
  CHECK(util::glob_pathspec("README.MD") == "*README.MD");
  CHECK(util::glob_pathspec("*-COMPLETION.md") == "*-COMPLETION.md");
  CHECK(util::glob_pathspec("runbooks/**") == "runbooks/*");
  CHECK(util::glob_pathspec("a/**/b/**/*.csv") == "a/*b/*.csv");
  CHECK(util::glob_pathspec("/drafts/**") == "drafts/*");
}

TEST_CASE("relative_path")
{
  CHECK(util::relative_path("docs/runbooks", "docs/plans/archive/a.md") == "../plans/archive/a.md");
  CHECK(util::relative_path("docs", "docs/a.md") == "a.md");
  CHECK(util::relative_path("", "docs/a.md") == "docs/a.md");
  CHECK(util::relative_path("docs/a/b", "README.md") == "../../../README.md");
  CHECK(util::relative_path("docs/plans", "docs/plans") == "../plans"); // a folder from itself: through its parent
}

TEST_CASE("is_markdown_path")
{
  CHECK(util::is_markdown_path("docs/plan.md"));
  CHECK(util::is_markdown_path("README.markdown"));
  CHECK_FALSE(util::is_markdown_path("docs/plan.md.bak"));
  CHECK_FALSE(util::is_markdown_path("docs/validation-reports/run.log"));
}
