// Finding filters, in process: suppression comments, --baseline / --write-baseline, --changed-since.
#include "cli/run.hpp"

#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include "../support/fake_environment.hpp"

#include <fstream>
#include <map>
#include <sstream>

namespace {

using test_support::FakeEnvironment;

int run(FakeEnvironment& environment, std::vector<std::string> arguments)
{
  return cli::run(arguments, environment);
}

const char* const k_front = "---\n"
                            "title: Widget Rollout Checklist\n"
                            "owner: platform\n"
                            "status: Draft\n"
                            "last_reviewed: 2025-10-01\n"
                            "---\n"
                            "\n"
                            "# Widget Rollout Checklist\n"
                            "\n"
                            "## 1. Validation Stage (10 Percent Traffic)\n"
                            "\n";

// A box whose work-log entry does not exist: one evidence-missing finding each.
std::string box(const std::string& name)
{
  return "- [x] Record findings in `docs/work-log.md` under a new " + name + " validation entry.\n";
}

std::string missing(const std::string& file, int line, const std::string& name)
{
  return file + ":" + std::to_string(line) + ":1: error: ticked, but `docs/work-log.md` has no entry for '" + name
         + " validation'; looked for a dated heading naming '" + name + " validation', such as '## YYYY-MM-DD - " + name
         + " validation' [evidence-missing]\n";
}

void write_repository(const test_support::TempTree& tree, const std::string& checklist_body)
{
  tree.write(".rollout-audit.yaml", "exclude: []\n");
  tree.write("docs/checklist.md", k_front + checklist_body);
  tree.write("docs/work-log.md", "# Log\n");
}

std::string read_file(const std::string& path)
{
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << stream.rdbuf();
  return bytes.str();
}

std::map<std::string, std::string> snapshot(const std::filesystem::path& root)
{
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      files[entry.path().string()] = read_file(entry.path().string());
    }
  }
  return files;
}

// git in the tree with fixed names and dates.
void git(const test_support::TempTree& tree, const std::string& arguments, const std::string& date = "2025-10-20T09:00:00Z")
{
  const std::string command = "cd '" + tree.path() + "' && GIT_CONFIG_NOSYSTEM=1 HOME='" + tree.path() + "' GIT_AUTHOR_DATE="
                              + date + " GIT_COMMITTER_DATE=" + date
                              + " git -c user.name=Dana -c user.email=dana@example.com -c commit.gpgsign=false " + arguments
                              + " >/dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
}

} // namespace

TEST_CASE("apply_filters_suppressions")
{
  test_support::TempTree tree;
  FakeEnvironment environment;
  write_repository(tree,
                   "<!-- rollout-audit-disable-next-line evidence-missing reason=\"logged in INC-42\" -->\n" // 12
                     + box("Alpha")                                                                            // 13
                     + "<!-- rollout-audit-disable evidence-missing reason=\"migrated from the old tracker\" until=2025-12-31 -->\n"
                     + box("Beta")                                                                              // 15
                     + box("Gamma")                                                                             // 16
                     + "<!-- rollout-audit-enable evidence-missing -->\n"                                       // 17
                     + "<!-- rollout-audit-disable-next-line evidence-missing reason=\"waiting on INC-7\" until=2025-10-01 -->\n"
                     + box("Delta")                                                                             // 19
                     + "<!-- rollout-audit-disable-next-line evidence-mising reason=\"typo\" -->\n"             // 20
                     + box("Epsilon"));                                                                         // 21

  SUBCASE("each form silences its lines; expired and unknown ones are reported and do not")
  {
    CHECK(run(environment, {tree.path(), "--no-history"}) == cli::k_exit_findings);
    CHECK(environment.out
          == "docs/checklist.md:18:1: warning: suppression of 'evidence-missing' expired on 2025-10-01; it no longer "
             "suppresses [suppression-comment]\n"
             + missing("docs/checklist.md", 19, "Delta")
             + "docs/checklist.md:20:1: warning: unknown rule 'evidence-mising' in suppression (did you mean "
               "'evidence-missing'?) [suppression-comment]\n"
             + missing("docs/checklist.md", 21, "Epsilon")
             + "2 errors, 2 warnings, 0 notes in 2 documents (1 rollout, 1 record; 5 of 5 boxes ticked), 3 suppressed\n");
  }
  SUBCASE("the JSON summary counts them")
  {
    run(environment, {tree.path(), "--no-history", "--format", "json"});
    CHECK(environment.out.find("\"diagnostics\": 0,\n    \"suppressed\": 3,\n    \"baselined\": 0\n") != std::string::npos);
  }
  SUBCASE("a later --now lets the block expire too")
  {
    run(environment, {tree.path(), "--no-history", "--now", "2026-01-01T00:00:00Z"});
    CHECK(environment.out.find("docs/checklist.md:14:1: warning: suppression of 'evidence-missing' expired on 2025-12-31; it "
                               "no longer suppresses [suppression-comment]\n")
          != std::string::npos);
    CHECK(environment.out.ends_with("(1 rollout, 1 record; 5 of 5 boxes ticked), 1 suppressed\n"));
  }
  SUBCASE("suppressions apply whatever rules --select runs")
  {
    CHECK(run(environment, {tree.path(), "--no-history", "--select", "evidence-missing"}) == cli::k_exit_findings);
    CHECK(environment.out == missing("docs/checklist.md", 19, "Delta") + missing("docs/checklist.md", 21, "Epsilon")
                               + "2 errors, 0 warnings, 0 notes in 2 documents (1 rollout, 1 record; 5 of 5 boxes ticked), 3 suppressed\n");
  }
}

TEST_CASE("apply_filters_baseline")
{
  test_support::TempTree tree;
  test_support::TempTree outside;
  FakeEnvironment environment;
  const std::string baseline = outside.path("baseline.yaml");
  write_repository(tree,
                   box("Alpha") + "<!-- rollout-audit-disable-next-line evidence-missing reason=\"logged in INC-42\" -->\n"
                     + box("Beta") + box("Gamma"));

  SUBCASE("adopted, then a new finding appears among lines that moved")
  {
    const auto before = snapshot(tree.root());
    // Writing the baseline is the job: done, it exits 0 whatever it recorded.
    CHECK(run(environment, {tree.path(), "--no-history", "--write-baseline", baseline}) == cli::k_exit_clean);
    CHECK(snapshot(tree.root()) == before);
    // The suppressed box (Beta) is not recorded: the baseline is written after suppressions.
    CHECK(read_file(baseline)
          == "# rollout-audit baseline: findings adopted as they are; --baseline FILE does not report them.\n"
             "# Matched by rule, file and the box's text (or the message), not by line. Delete an entry\n"
             "# once its finding is fixed, or write the file again with --write-baseline FILE.\n"
             "version: 1\n"
             "findings:\n"
             "  - rule: evidence-missing\n"
             "    file: docs/checklist.md\n"
             "    item: Record findings in `docs/work-log.md` under a new Alpha validation entry.\n"
             "  - rule: evidence-missing\n"
             "    file: docs/checklist.md\n"
             "    item: Record findings in `docs/work-log.md` under a new Gamma validation entry.\n");

    write_repository(tree, "Boxes below were migrated from the old tracker.\n\n" + box("Delta") + box("Alpha")
                             + "<!-- rollout-audit-disable-next-line evidence-missing reason=\"logged in INC-42\" -->\n"
                             + box("Beta") + box("Gamma"));
    FakeEnvironment second;
    CHECK(run(second, {tree.path(), "--no-history", "--baseline", baseline}) == cli::k_exit_findings);
    CHECK(second.out
          == missing("docs/checklist.md", 14, "Delta")
               + "1 error, 0 warnings, 0 notes in 2 documents (1 rollout, 1 record; 4 of 4 boxes ticked), 1 suppressed, 2 baselined\n");

    FakeEnvironment json;
    run(json, {tree.path(), "--no-history", "--baseline", baseline, "--format", "json"});
    CHECK(json.out.find("\"suppressed\": 1,\n    \"baselined\": 2\n") != std::string::npos);
  }
  SUBCASE("--write-baseline with --baseline records every current finding, before the baseline filters them")
  {
    run(environment, {tree.path(), "--no-history", "--write-baseline", baseline});
    write_repository(tree, box("Alpha") + box("Gamma") + box("Delta"));
    const std::string refreshed = outside.path("refreshed.yaml");
    FakeEnvironment second;
    CHECK(run(second, {tree.path(), "--no-history", "--baseline", baseline, "--write-baseline", refreshed}) == cli::k_exit_clean);
    CHECK(second.out.ends_with("(1 rollout, 1 record; 3 of 3 boxes ticked), 2 baselined\n"));
    CHECK(read_file(refreshed).find("under a new Alpha validation entry.\n") != std::string::npos);
    CHECK(read_file(refreshed).find("under a new Delta validation entry.\n") != std::string::npos);
  }
  SUBCASE("a missing or broken baseline file is a usage error")
  {
    CHECK(run(environment, {tree.path(), "--no-history", "--baseline", outside.path("nope.yaml")}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: --baseline " + outside.path("nope.yaml") + ": no such file (write one with "
                                 "--write-baseline " + outside.path("nope.yaml") + ")\n");
    CHECK(environment.out.empty());
    outside.write("baseline.yaml", "version: 1\nfindings:\n  - rule: evidence-missing\n    file: docs/checklist.md\n    itme: x\n");
    FakeEnvironment broken;
    CHECK(run(broken, {tree.path(), "--no-history", "--baseline", baseline, "--write-baseline", outside.path("new.yaml")})
          == cli::k_exit_usage);
    CHECK(broken.err == "rollout-audit: error: " + baseline + ":5:5: unknown key 'itme' (did you mean 'item'?)\n");
    CHECK_FALSE(std::filesystem::exists(outside.path("new.yaml")));
  }
}

TEST_CASE("apply_filters_changed_since")
{
  test_support::TempTree tree;
  FakeEnvironment environment;
  git(tree, "init -q -b main .");
  write_repository(tree, box("Alpha") + "- [ ] Route 10 percent of traffic.\n");
  git(tree, "add -A");
  git(tree, "commit -q -m 'Add widget checklist'");
  git(tree, "tag base");

  SUBCASE("only the finding on a changed line is reported")
  {
    // The second box is reworded and ticked: Alpha's box (line 12) is as it was.
    write_repository(tree, box("Alpha") + box("Beta"));
    git(tree, "commit -q -am 'Tick the beta box'", "2025-10-22T15:00:00Z");
    CHECK(run(environment, {tree.path(), "--no-history", "--changed-since", "base"}) == cli::k_exit_findings);
    CHECK(environment.out == missing("docs/checklist.md", 13, "Beta")
                               + "1 error, 0 warnings, 0 notes in 2 documents (1 rollout, 1 record; 2 of 2 boxes ticked)\n");
    FakeEnvironment all;
    run(all, {tree.path(), "--no-history"});
    CHECK(all.out.starts_with(missing("docs/checklist.md", 12, "Alpha") + missing("docs/checklist.md", 13, "Beta")));
  }
  SUBCASE("an uncommitted new document counts as changed throughout; --staged sees only the index")
  {
    tree.write("docs/other.md", std::string(k_front) + box("Gamma"));
    CHECK(run(environment, {tree.path(), "--no-history", "--changed-since", "base"}) == cli::k_exit_findings);
    CHECK(environment.out == missing("docs/other.md", 12, "Gamma")
                               + "1 error, 0 warnings, 0 notes in 3 documents (2 rollouts, 1 record; 2 of 3 boxes ticked)\n");
    FakeEnvironment staged;
    CHECK(run(staged, {tree.path(), "--no-history", "--changed-since", "base", "--staged"}) == cli::k_exit_clean);
    CHECK(staged.out == "0 errors, 0 warnings, 0 notes in 2 documents (1 rollout, 1 record; 1 of 2 boxes ticked)\n");
  }
  SUBCASE("an unknown revision or no repository is a usage error naming it")
  {
    CHECK(run(environment, {tree.path(), "--no-history", "--changed-since", "mian"}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: --changed-since: unknown revision 'mian'\n");
    test_support::TempTree plain;
    write_repository(plain, box("Alpha"));
    FakeEnvironment no_repository;
    CHECK(run(no_repository, {plain.path(), "--no-history", "--changed-since", "main"}) == cli::k_exit_usage);
    CHECK(no_repository.err == "rollout-audit: error: --changed-since main: " + plain.path() + " is not in a git repository\n");
  }
}
