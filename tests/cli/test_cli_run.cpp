#include "cli/run.hpp"

#include "../support/fake_environment.hpp"
#include "../support/git.hpp"
#include "../support/temp_tree.hpp"
#include "../support/widget_repository.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace {

using test_support::FakeEnvironment;

void write_repository(const test_support::TempTree& tree, bool with_entry)
{
  test_support::write_widget_repository(tree, with_entry ? "Routed 10% traffic at 14:05 UTC." : "");
}

int run(FakeEnvironment& environment, std::vector<std::string> arguments)
{
  return cli::run(arguments, environment);
}

std::map<std::string, std::string> snapshot(const std::filesystem::path& root)
{
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      std::ifstream stream(entry.path(), std::ios::binary);
      std::ostringstream bytes;
      bytes << stream.rdbuf();
      files[entry.path().string()] = bytes.str();
    }
  }
  return files;
}

} // namespace

TEST_CASE("run")
{
  test_support::TempTree tree;
  FakeEnvironment environment;

  SUBCASE("exit 0 when every ticked box is backed")
  {
    write_repository(tree, true);
    CHECK(run(environment, {tree.path()}) == cli::k_exit_clean);
    CHECK(environment.out == "note: no git repository here: ticks are dated as of now and the history checks were skipped\n"
                             "0 errors, 0 warnings, 0 notes in 2 documents (1 rollout, 1 record; 2 of 2 boxes ticked)\n");
  }
  SUBCASE("exit 1 with a finding at the box's line")
  {
    write_repository(tree, false);
    CHECK(run(environment, {tree.path()}) == cli::k_exit_findings);
    CHECK(environment.out.starts_with("docs/checklist.md:13:1: error: ticked, but `docs/work-log.md` has no entry for "
                                      "'Widget validation'; looked for a dated heading naming 'Widget validation', such as "
                                      "'## YYYY-MM-DD - Widget validation' [evidence-missing]\n"));
  }
  SUBCASE("--fail-on never keeps exit 0")
  {
    write_repository(tree, false);
    CHECK(run(environment, {tree.path(), "--fail-on", "never"}) == cli::k_exit_clean);
  }
  SUBCASE("-o writes the report to a file, outside the audited tree")
  {
    write_repository(tree, false);
    test_support::TempTree out;
    CHECK(run(environment, {tree.path(), "--no-history", "--format", "json", "-o", out.path("findings.json")}) == cli::k_exit_findings);
    CHECK(environment.out.empty());
    std::ifstream written(out.path("findings.json"));
    std::stringstream bytes;
    bytes << written.rdbuf();
    CHECK(bytes.str().find("\"rule\": \"evidence-missing\"") != std::string::npos);
  }
  SUBCASE("auditing a folder reads evidence outside it")
  {
    write_repository(tree, true);
    tree.write("docs/plans/checklist.md", test_support::k_widget_checklist);
    CHECK(run(environment, {tree.path("docs/plans"), "--no-history"}) == cli::k_exit_clean);
    CHECK(environment.out == "0 errors, 0 warnings, 0 notes in 1 document (1 rollout; 2 of 2 boxes ticked)\n");
  }
  SUBCASE("the audited tree is left byte for byte as it was")
  {
    write_repository(tree, false);
    tree.write("docs/bad.md", std::string("# Bad\n\n- [x] caf\xff\n", 16));
    const auto before = snapshot(tree.root());
    run(environment, {tree.path(), "--format", "json"});
    CHECK(snapshot(tree.root()) == before);
  }
}

TEST_CASE("run_github_step_summary")
{
  test_support::TempTree tree;
  FakeEnvironment environment;
  write_repository(tree, false);
  SUBCASE("the full list goes to the file GITHUB_STEP_SUMMARY names")
  {
    environment.variables["GITHUB_STEP_SUMMARY"] = "/summary.md";
    CHECK(run(environment, {tree.path(), "--format", "github", "--no-history"}) == cli::k_exit_findings);
    CHECK(environment.out.starts_with("::error file=docs/checklist.md,line=13,col=1,title=rollout-audit%3A evidence-missing::"));
    REQUIRE(environment.files.count("/summary.md") == 1);
    CHECK(environment.files["/summary.md"].find("docs/checklist.md:13") != std::string::npos);
  }
  SUBCASE("nothing is written without it")
  {
    run(environment, {tree.path(), "--format", "github", "--no-history"});
    CHECK(environment.files.empty());
  }
}

TEST_CASE("run_usage_errors")
{
  test_support::TempTree tree;
  FakeEnvironment environment;
  write_repository(tree, true);

  SUBCASE("an unknown option suggests the closest")
  {
    CHECK(run(environment, {"--fromat", "json"}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: unknown option '--fromat' (did you mean '--format'?)\n"
                             "(see rollout-audit --help)\n");
  }
  SUBCASE("a bad value")
  {
    CHECK(run(environment, {"--fail-on", "fatal"}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: --fail-on must be error, warning, note or never, not 'fatal'\n"
                             "(see rollout-audit --help)\n");
  }
  SUBCASE("a missing path")
  {
    CHECK(run(environment, {tree.path("nope")}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: " + tree.path("nope") + ": no such file or folder\n");
  }
  SUBCASE("an unknown configuration key names file, line and column")
  {
    tree.write(".rollout-audit.yaml", "exclude: []\nworklog: notes.md\n");
    CHECK(run(environment, {tree.path()}) == cli::k_exit_usage);
    CHECK(environment.err
          == "rollout-audit: error: .rollout-audit.yaml:2:1: unknown key 'worklog' (did you mean 'work_log'?)\n");
  }
  SUBCASE("a configuration override of an unknown rule")
  {
    tree.write(".rollout-audit.yaml", "rules:\n  evidence-mising: warning\n");
    CHECK(run(environment, {tree.path()}) == cli::k_exit_usage);
    CHECK(environment.err
          == "rollout-audit: error: .rollout-audit.yaml:2: unknown rule 'evidence-mising' (did you mean 'evidence-missing'?)\n");
  }
  SUBCASE("a broken rule pack stops the run at file:line:col")
  {
    tree.write("team.yaml", "pack: team\nrules:\n  - id: needs-approval\n    check: required-fil\n    summary: x\n");
    CHECK(run(environment, {tree.path(), "--rules", tree.path("team.yaml")}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: " + tree.path("team.yaml")
                               + ":4:12: unknown check 'required-fil' (did you mean 'required-file'?)\n");
  }
  SUBCASE("--staged outside a git working tree; a broken rule pack is named first")
  {
    REQUIRE_FALSE(std::filesystem::exists(tree.root() / ".git"));
    CHECK(run(environment, {tree.path(), "--staged"}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: --staged needs a git working tree, and " + tree.path() + " is not in one\n");
    environment.err.clear();
    tree.write("team.yaml", "pack: team\nrules:\n  - id: needs-approval\n    check: required-fil\n    summary: x\n");
    CHECK(run(environment, {tree.path(), "--staged", "--rules", tree.path("team.yaml")}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: " + tree.path("team.yaml")
                               + ":4:12: unknown check 'required-fil' (did you mean 'required-file'?)\n");
  }
  SUBCASE("a rule pattern RE2 cannot compile")
  {
    tree.write("team.yaml", "pack: team\nrules:\n  - id: x\n    check: out-of-order\n    summary: x\n    select: {item: \"(a\"}\n");
    CHECK(run(environment, {tree.path(), "--rules", tree.path("team.yaml")}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: " + tree.path("team.yaml")
                               + ":6:20: invalid pattern '(a': missing ): (a\n");
  }
}

TEST_CASE("run_rules_commands")
{
  FakeEnvironment environment;
  SUBCASE("--list-rules lists the built-in pack")
  {
    CHECK(run(environment, {"--list-rules"}) == cli::k_exit_clean);
    CHECK(environment.out.find("evidence-missing             error    A ticked item's evidence does not exist.\n") != std::string::npos);
    CHECK(environment.out.find("broken-reference             warning  ") != std::string::npos);
  }
  SUBCASE("--explain prints the help")
  {
    CHECK(run(environment, {"--explain", "out-of-order"}) == cli::k_exit_clean);
    CHECK(environment.out.starts_with("out-of-order (error, check out-of-order)\n\nA later stage has ticked steps"));
  }
  SUBCASE("--explain of an unknown rule")
  {
    CHECK(run(environment, {"--explain", "out-of-ordr"}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: unknown rule or check 'out-of-ordr' (did you mean 'out-of-order'?)\n");
  }
  SUBCASE("--explain of a check: its params and how to use it")
  {
    CHECK(run(environment, {"--explain", "required-file"}) == cli::k_exit_clean);
    CHECK(environment.out.starts_with("required-file (check)\n\na ticked item needs a file at a path built from the checklist, "
                                      "holding a given key\n\nParams:\n- path: the file a ticked box needs, as a template: "
                                      "\"{dir}/approvals/{stage}.yaml\"\n"));
    CHECK(environment.out.find("Transforms, after '|', applied left to right:\n") != std::string::npos);
    CHECK(environment.out.ends_with("\nNo loaded rule uses it: add one to a rule pack (see README, \"Team rules without C++\").\n"));
    environment.out.clear();
    CHECK(run(environment, {"--explain", "broken-reference"}) == cli::k_exit_clean);
    CHECK(environment.out.find("Params") == std::string::npos);
  }
}

TEST_CASE("run_rules_commands_with_configuration")
{
  test_support::TempTree tree;
  FakeEnvironment environment;
  tree.write(".rollout-audit.yaml", "rule_packs: [team.yaml]\nrules:\n  broken-reference: off\n");
  tree.write("team.yaml", "pack: team\nrules:\n  - id: approval-recorded\n    check: required-file\n    summary: A sign-off needs an approval.\n"
                          "    params: {path: 'approvals/{stage}.yaml'}\n");
  SUBCASE("--list-rules reads the configuration and its packs")
  {
    CHECK(run(environment, {"--list-rules", "--root", tree.path(), tree.path()}) == cli::k_exit_clean);
    CHECK(environment.out.find("broken-reference             off      ") != std::string::npos);
    CHECK(environment.out.ends_with("approval-recorded            error    A sign-off needs an approval.\n"));
  }
  SUBCASE("--explain knows a team rule, and which rules use a check")
  {
    CHECK(run(environment, {"--explain", "approval-recorded", tree.path()}) == cli::k_exit_clean);
    CHECK(environment.out.starts_with("approval-recorded (error, check required-file)\n\nA sign-off needs an approval.\n\nParams of "
                                      "check required-file:\n- path: "));
    environment.out.clear();
    CHECK(run(environment, {"--explain", "required-file", tree.path()}) == cli::k_exit_clean);
    CHECK(environment.out.ends_with("\nRules using it: approval-recorded\n"));
  }
  SUBCASE("--select of a rule the configuration turns off runs it and says so")
  {
    tree.write("docs/checklist.md", "---\ntitle: x\nowner: y\nstatus: Active\nlast_reviewed: 2025-10-01\n---\n\n# X\n\n"
                                    "See `docs/missing-plan.md`.\n\n- [ ] Do it\n");
    CHECK(run(environment, {"--select", "broken-reference", "--no-history", tree.path()}) == cli::k_exit_clean);
    CHECK(environment.err == "rollout-audit: warning: --select runs 'broken-reference', which .rollout-audit.yaml:3 turns off\n");
    CHECK(environment.out.starts_with("docs/checklist.md:10:5: warning: `docs/missing-plan.md` does not exist"));
  }
}

TEST_CASE("run_bad_input")
{
  test_support::TempTree tree;
  FakeEnvironment environment;
  write_repository(tree, true);

  SUBCASE("invalid UTF-8 is reported with its line and the file is still audited")
  {
    tree.write("docs/other.md",
               std::string("---\ntitle: x\naudit_kind: rollout\n---\n\n# Other\n\nbad \xff byte\n\n- [x] Record results in the work log.\n"));
    run(environment, {tree.path()});
    CHECK(environment.out.find("docs/other.md:8: warning: not valid UTF-8; invalid bytes read as U+FFFD\n") != std::string::npos);
    CHECK(environment.out.find("docs/other.md:1:1: error: front matter lacks required key(s): owner, status, last_reviewed [front-matter]")
          != std::string::npos);
  }
  SUBCASE("a binary file named .md is skipped with a diagnostic")
  {
    tree.write("docs/image.md", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11));
    CHECK(run(environment, {tree.path()}) == cli::k_exit_clean);
    CHECK(environment.out.find("docs/image.md:3: warning: binary file (NUL byte); not audited\n") != std::string::npos);
  }
}

TEST_CASE("keep_until_exit")
{
  // Freed at once by default (tests and other in-process callers); a process keeps it until it exits, so
  // freeing it costs the run nothing.
  int freed = 0;
  const auto part = [&freed] {
    return std::shared_ptr<const void>(new int(0), [&freed](const void* pointer) {
      ++freed;
      delete static_cast<const int*>(pointer);
    });
  };
  std::vector<std::shared_ptr<const void>> state{part(), part()};
  FakeEnvironment environment;
  environment.keep_until_exit(std::move(state));
  CHECK(freed == 2);

  static bool process_freed = false; // the kept state outlives this test: its deleter must not reach locals
  cli::ProcessEnvironment process;
  process.keep_until_exit({std::shared_ptr<const void>(new int(0), [](const void* pointer) {
    process_freed = true;
    delete static_cast<const int*>(pointer);
  })});
  CHECK_FALSE(process_freed);
}

TEST_CASE("run_vocabulary_command")
{
  test_support::TempTree tree;
  FakeEnvironment environment;
  tree.write(".rollout-audit.yaml", "rule_packs: [team/]\nvocabulary:\n  reactions: [freeze]\n");
  tree.write("team/words.yaml", "pack: team\nrules: []\nvocabulary:\n  stage-words: {add: [cohort]}\n");

  SUBCASE("every entry with where it came from: the default pack, the team's pack, the configuration")
  {
    CHECK(run(environment, {"vocabulary", tree.path()}) == cli::k_exit_clean);
    CHECK(environment.out.starts_with("stage-words: words before a stage's number in a heading (\"Stage 2\", \"Phase 3\")\n"
                                      "  stage                              rules/default.yaml:"));
    CHECK(environment.out.find("\n  cohort                             team/words.yaml:4:23\n") != std::string::npos);
    CHECK(environment.out.find("\n  freeze                             .rollout-audit.yaml:3:15\n") != std::string::npos);
  }
  SUBCASE("--rules adds a pack for this run")
  {
    tree.write("extra.yaml", "pack: extra\nrules: []\nvocabulary:\n  reactions: [\"throttle\"]\n");
    CHECK(run(environment, {"vocabulary", "--rules", tree.path() + "/extra.yaml", tree.path()}) == cli::k_exit_clean);
    CHECK(environment.out.find("\n  throttle                           " + tree.path() + "/extra.yaml:4:15\n") != std::string::npos);
  }
  SUBCASE("an unknown concept in the configuration stops the run, and the audit too")
  {
    tree.write(".rollout-audit.yaml", "vocabulary:\n  reaction: [freeze]\n");
    CHECK(run(environment, {"vocabulary", tree.path()}) == cli::k_exit_usage);
    const std::string expected = "rollout-audit: error: .rollout-audit.yaml:2:3: unknown vocabulary concept 'reaction' (did you mean "
                                 "'reactions'?) (rollout-audit vocabulary lists them)\n";
    CHECK(environment.err == expected);
    FakeEnvironment audit;
    CHECK(run(audit, {tree.path()}) == cli::k_exit_usage);
    CHECK(audit.err == expected);
  }
  SUBCASE("a bad pattern in a pack names the pack's file, line and column")
  {
    tree.write("team/words.yaml", "pack: team\nrules: []\nvocabulary:\n  reactions: [\"halt(\"]\n");
    CHECK(run(environment, {tree.path()}) == cli::k_exit_usage);
    CHECK(environment.err
          == "rollout-audit: error: team/words.yaml:4:15: reactions entry 'halt(' is not a valid pattern: missing ): halt(\n");
  }
}

TEST_CASE("run_documents_command")
{
  test_support::TempTree tree;
  FakeEnvironment environment;
  tree.write(".rollout-audit.yaml", "kinds:\n  record: [docs/notes/**]\n");
  tree.write("docs/notes/ramp.md", "# Ramp\n\n## Canary (5%)\n\n- [x] Five percent.\n\n## Ramp (50%)\n\n- [ ] Half.\n");
  tree.write("docs/todo.md", "# To do\n\n- [ ] Write the runbook.\n");

  SUBCASE("every document under PATH with its kind, why, and its stages")
  {
    CHECK(run(environment, {"documents", tree.path("docs")}) == cli::k_exit_clean);
    CHECK(environment.out == "docs/notes/ramp.md: record\n"
                             "  because: kinds: record: 'docs/notes/**' in .rollout-audit.yaml (line 2)\n"
                             "  stage at line 3: 'Canary (5%)', 1 box, a rollout stage by 'Canary', '5%'\n"
                             "  stage at line 7: 'Ramp (50%)', 1 box, a rollout stage by 'Ramp', '50%'\n"
                             "docs/todo.md: other\n"
                             "  because: 1 box under 1 heading, none a rollout stage\n"
                             "  stage at line 1: 'To do', 1 box\n"
                             "2 documents: 0 rollouts, 0 plans, 1 record, 1 other\n");
    CHECK(environment.err.empty());
  }
  SUBCASE("several PATHs and globs, as the audit takes them")
  {
    tree.write("plans/later.md", "# Later\n\n- [ ] Someday.\n");
    CHECK(run(environment, {"documents", tree.path("docs/todo.md"), tree.path() + "/docs/notes/*.md"}) == cli::k_exit_clean);
    CHECK(environment.out.starts_with("docs/notes/ramp.md: record\n"));
    CHECK(environment.out.find("\ndocs/todo.md: other\n") != std::string::npos);
    CHECK(environment.out.find("plans/later.md") == std::string::npos);
    CHECK(environment.out.ends_with("\n2 documents: 0 rollouts, 0 plans, 1 record, 1 other\n"));
  }
  SUBCASE("--format json")
  {
    CHECK(run(environment, {"documents", "--format", "json", tree.path("docs/todo.md")}) == cli::k_exit_clean);
    CHECK(environment.out.starts_with("{\n  \"documents\": [\n    {\n      \"path\": \"docs/todo.md\",\n      \"kind\": \"other\",\n"));
    CHECK(environment.out.ends_with("  \"summary\": {\n    \"documents\": 1,\n    \"rollout\": 0,\n    \"plan\": 0,\n"
                                    "    \"record\": 0,\n    \"other\": 1\n  }\n}\n"));
  }
  SUBCASE("-o writes the listing to a file")
  {
    test_support::TempTree out;
    CHECK(run(environment, {"documents", tree.path("docs/todo.md"), "-o", out.path("kinds.txt")}) == cli::k_exit_clean);
    CHECK(environment.out.empty());
    CHECK(test_support::read_file(out.root() / "kinds.txt")
          == "docs/todo.md: other\n  because: 1 box under 1 heading, none a rollout stage\n  stage at line 1: 'To do', 1 box\n"
             "1 document: 0 rollouts, 0 plans, 0 records, 1 other\n");
  }
  SUBCASE("a format the listing has not")
  {
    CHECK(run(environment, {"documents", "--format", "sarif", tree.path()}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: --format must be text or json, not 'sarif'\n"
                             "(see rollout-audit --help)\n");
  }
  SUBCASE("a kind that is none, in the configuration")
  {
    tree.write(".rollout-audit.yaml", "kinds:\n  records: [docs/notes/**]\n");
    CHECK(run(environment, {"documents", tree.path()}) == cli::k_exit_usage);
    CHECK(environment.err == "rollout-audit: error: .rollout-audit.yaml:2:3: 'records' is not a kind (did you mean "
                             "'record'?); kinds are rollout, plan, record, other\n");
  }
  SUBCASE("--help lists the command")
  {
    CHECK(run(environment, {"--help"}) == cli::k_exit_clean);
    CHECK(environment.out.find("\n  documents            list every document with its kind (rollout, plan, record, other), "
                               "its stages and why (--format json)\n") != std::string::npos);
  }
}

TEST_CASE("run_documents_command on a tree of plans, records, notes, a questionnaire and one rollout")
{
  // fixtures/kinds/rollout-among-them: what the audit of that tree judges, and why the rest stays quiet.
  FakeEnvironment environment;
  CHECK(run(environment, {"documents", ROLLOUT_AUDIT_SOURCE_DIR "/fixtures/kinds/rollout-among-them/tree"}) == cli::k_exit_clean);
  CHECK(environment.out ==
    "docs/archive/old-dispatch-runbook.md: record\n"
    "  because: in the archive folder 'docs/archive/'; 2 rollout stages (lines 3, 7), numbered only; a rollout's stages are named by a traffic share or a rollout word\n"
    "  stage at line 3: 'Step 1: Morning shift', 1 box, a rollout stage by 'Step 1'\n"
    "  stage at line 7: 'Step 2: Evening shift', 1 box, a rollout stage by 'Step 2'\n"
    "docs/design/eta-model-notes.md: other\n"
    "  because: 2 rollout stages (lines 3, 8), numbered only; a rollout's stages are named by a traffic share or a rollout word\n"
    "  stage at line 3: 'Phase 1', 2 boxes, a rollout stage by 'Phase 1'\n"
    "  stage at line 8: 'Phase 2', 1 box, a rollout stage by 'Phase 2'\n"
    "  stage at line 12: 'Acceptance criteria', 1 box\n"
    "docs/plans/2025-11-03-geocoder-swap-plan.md: plan\n"
    "  because: final checklist 'Final Sign-off' (line 20); names the rollout docs/runbooks/geocoder-rollout.md (line 3)\n"
    "  stage at line 5: 'Success Criteria', 2 boxes\n"
    "  stage at line 10: 'Task 1: Import the street index', 2 boxes\n"
    "  stage at line 15: 'Task 2: Serve lookups', 2 boxes\n"
    "  stage at line 20: 'Final Sign-off', 1 box, the final checklist\n"
    "docs/reports/2025-11-10-latency-review.md: record\n"
    "  because: dated file name ('2025-11-10'); 3 boxes under 2 headings, none a rollout stage\n"
    "  stage at line 5: 'Follow-ups', 2 boxes\n"
    "  stage at line 10: 'Decisions', 1 box\n"
    "docs/runbooks/geocoder-rollout.md: rollout\n"
    "  because: 3 rollout stages (lines 10, 15, 20), 3 with a traffic share; rollback guard (line 13)\n"
    "  stage at line 10: '1. Shadow traffic (0% of answers)', 2 boxes, a rollout stage by 'Shadow traffic', '0%'\n"
    "  stage at line 15: '2. Canary (10 percent of lookups)', 2 boxes, a rollout stage by 'Canary', '10 percent'\n"
    "  stage at line 20: '3. Full cutover (100 percent of lookups)', 2 boxes, a rollout stage by 'cutover', '100 percent'\n"
    "docs/sessions/pairing-session-notes.md: record\n"
    "  because: 'session notes' in the file name\n"
    "  stage at line 1: 'Pairing, Thursday', 3 boxes\n"
    "docs/surveys/driver-app-questionnaire.md: other\n"
    "  because: 5 boxes under 2 headings, none a rollout stage\n"
    "  stage at line 5: 'Which phone do you drive with?', 3 boxes\n"
    "  stage at line 11: 'Would you use voice navigation?', 2 boxes\n"
    "docs/work-log.md: record\n"
    "  because: a work log (work_log: 'docs/work-log.md')\n"
    "8 documents: 1 rollout, 1 plan, 4 records, 2 other\n");
}

TEST_CASE("run: a reference to a moved file carries its replacement as a SARIF fix")
{
  test_support::TempTree tree;
  FakeEnvironment environment;
  using test_support::git;
  git(tree, "init -q -b main .");
  tree.write(".rollout-audit.yaml", "exclude: []\n");
  tree.write("docs/plans/active/card-vault-plan.md", "# Card vault plan\n");
  tree.write("docs/runbooks/card-vault-checklist.md",
             "# Card vault checklist\n\n- [ ] Update `docs/plans/active/card-vault-plan.md` with the go-live date.\n"
             "- [ ] Re-read [the plan](../plans/active/card-vault-plan.md).\n");
  git(tree, "add -A");
  git(tree, "commit -q -m start", "2025-10-01T09:00:00Z");
  git(tree, "mv docs/plans/active docs/plans/done");
  git(tree, "commit -q -m archive", "2025-10-08T09:00:00Z");

  CHECK(run(environment, {tree.path(), "--select", "broken-reference", "--format", "sarif"}) == cli::k_exit_clean);
  const std::string& sarif = environment.out;
  CHECK(sarif.find(R"("text": "`docs/plans/active/card-vault-plan.md` does not exist: git history shows it moved to)") != std::string::npos);
  // Written as it was: from the root in the first reference, beside the checklist in the link.
  CHECK(sarif.find(R"("deletedRegion": {
                        "startLine": 3,
                        "startColumn": 15,
                        "endLine": 3,
                        "endColumn": 51
                      },
                      "insertedContent": {
                        "text": "docs/plans/done/card-vault-plan.md"
                      })") != std::string::npos);
  CHECK(sarif.find(R"("deletedRegion": {
                        "startLine": 4,
                        "startColumn": 26,
                        "endLine": 4,
                        "endColumn": 60
                      },
                      "insertedContent": {
                        "text": "../plans/done/card-vault-plan.md"
                      })") != std::string::npos);
  CHECK(sarif.find(R"("text": "Point the reference at docs/plans/done/card-vault-plan.md")") != std::string::npos);
}
