// Hostile inputs, one TEST_CASE each: what a pull request can put in front of the audit in CI. Every case
// runs the whole command in process (cli::run on a fake environment) and asserts its defined outcome (a
// diagnostic naming the file and line, the rest of the audit going on, the exit code), then runs the real
// binary on the same tree (a normal exit with 0, 1 or 2 and a message, never a signal) and proves the tree,
// .git included, byte for byte unchanged. The guarantees that need a child process (no process spawned,
// permissions as a non-root user) have their own cases at the end.
#include "audit/audit.hpp"
#include "../support/words.hpp"
#include "audit/facts.hpp"
#include "audit/timeline.hpp"
#include "config/config.hpp"
#include "corpus/corpus.hpp"

#include "../support/hostile.hpp"
#include "../support/skip.hpp"
#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using test_support::words;

namespace fs = std::filesystem;
using test_support::Outcome;
using test_support::TempTree;

namespace {

const char* const k_checklist = "---\n"
                                "title: Widget Rollout Checklist\n"
                                "owner: platform\n"
                                "status: Draft\n"
                                "last_reviewed: 2025-10-01\n"
                                "---\n"
                                "\n"
                                "# Widget Rollout Checklist\n"
                                "\n"
                                "## 1. Validation Stage (10 Percent Traffic)\n"
                                "\n"
                                "- [x] Route 10 percent of traffic.\n"
                                "- [x] Record findings in `docs/work-log.md` under a new Widget validation entry.\n";

const char* const k_work_log = "# Log\n\n## 2025-10-02 - Widget validation\n\nRouted 10% traffic at 14:05 UTC.\n";

// A repository whose own checklist is clean: the audit "going on" past a hostile file means it still
// reads this one.
void write_repository(const TempTree& tree, const std::string& config = "exclude: []\n")
{
  tree.write(".rollout-audit.yaml", config);
  tree.write("docs/checklist.md", k_checklist);
  tree.write("docs/work-log.md", k_work_log);
}

std::vector<std::string> arguments(const TempTree& tree, std::vector<std::string> extra = {"--no-history"})
{
  std::vector<std::string> result{tree.path(), "--no-color"};
  result.insert(result.end(), extra.begin(), extra.end());
  return result;
}

bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

// The in-process run, the real binary on the same tree, and the tree's digest before and after both.
struct Audited
{
  Outcome in_process;
  Outcome binary;
};

Audited audit_both(const TempTree& tree, const std::vector<std::string>& args, int seconds = 600)
{
  const auto before = test_support::tree_digest(tree.root());
  Audited audited;
  audited.in_process = test_support::run_in_process(args);
  audited.binary = test_support::run_binary(ROLLOUT_AUDIT_BINARY, args, tree.path(), seconds);
  test_support::check_defined_exit(audited.in_process);
  test_support::check_defined_exit(audited.binary);
  CHECK(audited.binary.code == audited.in_process.code);
  CHECK(test_support::tree_digest(tree.root()) == before);
  return audited;
}

// The good checklist was audited: no finding at it, and its boxes are counted with the others'.
void check_good_checklist_audited(const Outcome& outcome, const std::string& boxes = "2 of 2")
{
  INFO(test_support::describe(outcome));
  CHECK_FALSE(contains(outcome.out, "docs/checklist.md:"));
  CHECK(contains(outcome.out, boxes + " boxes ticked"));
}

bool have_git()
{
  return std::system("git --version >/dev/null 2>&1") == 0;
}

// Runs git for a test's set-up (the tool itself never does) with fixed identities and dates.
void git(const TempTree& tree, const std::string& command, const std::string& directory = "")
{
  const std::string where = directory.empty() ? tree.path() : tree.path(directory);
  const std::string line = "cd '" + where + "' && GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com "
                           "GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com "
                           "GIT_AUTHOR_DATE=2025-10-01T00:00:00Z GIT_COMMITTER_DATE=2025-10-01T00:00:00Z "
                           "git -c init.defaultBranch=main -c commit.gpgsign=false "
                           + command + " >/dev/null 2>&1";
  REQUIRE(std::system(line.c_str()) == 0);
}

} // namespace

TEST_CASE("hostile: a 50 MB Markdown file is over the per-file limit: a note names it and the rest is audited")
{
  TempTree tree;
  write_repository(tree);
  std::string big = "# Big\n\n";
  while (big.size() < 50u * 1024 * 1024) {
    big += "- [x] Record the p95 latency in the work log for step 12345.\n";
  }
  tree.write("docs/big.md", big);
  const auto audited = audit_both(tree, arguments(tree));
  CHECK(audited.in_process.code == 0);
  CHECK(contains(audited.in_process.out,
                 "docs/big.md: note: " + std::to_string(big.size())
                   + " bytes, over the limit of 16777216 (limits.max_file_bytes); not read\n"));
  check_good_checklist_audited(audited.in_process);

  // The limit is the configuration's to change.
  write_repository(tree, "limits: {max_file_bytes: 100}\n");
  const auto small = test_support::run_in_process(arguments(tree));
  CHECK(contains(small.out, "docs/checklist.md: note: " + std::to_string(std::strlen(k_checklist))
                              + " bytes, over the limit of 100 (limits.max_file_bytes); not read\n"));
}

TEST_CASE("hostile: a single 5 MB line")
{
  TempTree tree;
  write_repository(tree);
  std::string line = "- [x] Record p95 latency 300 ms, error rate 0.5% at 14:05 UTC in `docs/work-log.md`";
  while (line.size() < 5u * 1024 * 1024) {
    line += " p95 latency 300 ms, error rate 0.5%, 12 mismatches, 2025-10-22T17:05:56Z, (a+)+ aaaa";
  }
  tree.write("docs/long.md", "# Long\n\n## 2. Ramp Stage\n\n" + line + "\n");
  const auto audited = audit_both(tree, arguments(tree));
  // The long item is read as an item (one more box) and judged; the good checklist is untouched.
  CHECK(contains(audited.in_process.out, "3 of 3 boxes ticked"));
  CHECK_FALSE(contains(audited.in_process.out, "docs/checklist.md:"));
}

TEST_CASE("hostile: 100000 nested list levels")
{
  TempTree tree;
  write_repository(tree);
  std::string nested = "# Nested\n\n";
  for (int i = 0; i < 100000; ++i) {
    nested += "- ";
  }
  nested += "[x] deep\n";
  tree.write("docs/nested.md", nested);
  const auto audited = audit_both(tree, arguments(tree));
  CHECK(audited.in_process.code == 0);
  CHECK(contains(audited.in_process.out,
                 "docs/nested.md:3: note: lists and block quotes nested deeper than 100 levels (limits.max_nesting); "
                 "the task items inside are not audited\n"));
  check_good_checklist_audited(audited.in_process);

  // With the limit raised the deep item is read, and still nothing recurses 100,000 deep.
  write_repository(tree, "limits: {max_nesting: 100000}\n");
  const auto raised = test_support::run_in_process(arguments(tree));
  CHECK_FALSE(contains(raised.out, "nested deeper"));
  CHECK(contains(raised.out, "3 of 3 boxes ticked"));
}

TEST_CASE("hostile: 100000 nested block quotes")
{
  TempTree tree;
  write_repository(tree);
  std::string nested = "# Quoted\n\n";
  for (int i = 0; i < 100000; ++i) {
    nested += "> ";
  }
  nested += "- [x] deep\n";
  tree.write("docs/quoted.md", nested);
  const auto audited = audit_both(tree, arguments(tree));
  CHECK(audited.in_process.code == 0);
  CHECK(contains(audited.in_process.out, "docs/quoted.md:3: note: lists and block quotes nested deeper than 100 levels"));
  check_good_checklist_audited(audited.in_process);
}

TEST_CASE("hostile: NUL bytes")
{
  TempTree tree;
  write_repository(tree);
  tree.write("docs/nul.md", std::string("# Nul\n\n- [x] a\n- [x] b\0c\n", 25));
  const auto audited = audit_both(tree, arguments(tree));
  CHECK(contains(audited.in_process.out, "docs/nul.md:4: warning: binary file (NUL byte); not audited\n"));
  check_good_checklist_audited(audited.in_process);
}

TEST_CASE("hostile: invalid UTF-8")
{
  TempTree tree;
  write_repository(tree);
  tree.write("docs/latin1.md", "# Caf\xe9\n\n- [ ] r\xe9sum\xe9 \xff\xfe\n- [x] Route 10 percent \xc0\xaf of traffic.\n");
  const auto audited = audit_both(tree, arguments(tree));
  CHECK(contains(audited.in_process.out, "docs/latin1.md:1: warning: not valid UTF-8; invalid bytes read as U+FFFD\n"));
  // Still audited: its two boxes are counted.
  CHECK(contains(audited.in_process.out, "3 of 4 boxes ticked"));
  // Whatever is echoed back is valid UTF-8, in text and in JSON.
  CHECK_FALSE(contains(audited.in_process.out, "\xff"));
  auto json = arguments(tree);
  json.push_back("--format");
  json.push_back("json");
  const auto as_json = test_support::run_in_process(json);
  CHECK_FALSE(contains(as_json.out, "\xff"));
  CHECK_FALSE(contains(as_json.out, "\xe9"));
}

TEST_CASE("hostile: a UTF-8 byte order mark before the front matter")
{
  TempTree tree;
  write_repository(tree);
  tree.write("docs/checklist.md", std::string("\xEF\xBB\xBF") + k_checklist + "- [ ] Open step.\n");
  const auto audited = audit_both(tree, arguments(tree));
  // The front matter is read (no front-matter finding) and lines are the file's.
  CHECK_FALSE(contains(audited.in_process.out, "[front-matter]"));
  CHECK(contains(audited.in_process.out, "2 of 3 boxes ticked"));
}

TEST_CASE("hostile: CRLF and lone CR line endings report the right lines")
{
  for (const std::string ending : {"\r\n", "\r"}) {
    CAPTURE(ending.size());
    TempTree tree;
    write_repository(tree);
    std::string checklist = k_checklist;
    checklist += "- [x] Record findings in `docs/work-log.md` under a new Gadget validation entry.\n";
    std::string converted;
    for (char c : checklist) {
      converted += c == '\n' ? ending : std::string(1, c);
    }
    tree.write("docs/checklist.md", converted);
    const auto audited = audit_both(tree, arguments(tree));
    CHECK(audited.in_process.code == 1);
    CHECK(contains(audited.in_process.out, "docs/checklist.md:14:1: error: ticked, but `docs/work-log.md` has no entry for 'Gadget validation'"));
    CHECK_FALSE(contains(audited.in_process.out, "[front-matter]"));
  }
}

namespace {

// Ten levels of ten aliases each: 100 aliases (within the textual limit) that expand to 10^10 nodes.
std::string alias_bomb(const std::string& indent)
{
  std::string yaml = indent + "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level <= 10; ++level) {
    const std::string previous = "*l" + std::to_string(level - 1);
    yaml += indent + "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) {
      yaml += (i ? ", " : "") + previous;
    }
    yaml += "]\n";
  }
  return yaml;
}

// 1,000 levels of block mappings: no bracket for a textual count to see.
std::string deep_block_yaml(const std::string& first_key)
{
  std::string yaml = first_key + ":\n";
  for (int i = 1; i < 1000; ++i) {
    yaml += std::string(static_cast<size_t>(i), ' ') + "k" + std::to_string(i) + ":\n";
  }
  return yaml;
}

} // namespace

TEST_CASE("hostile: YAML alias bombs and deep nesting in front matter")
{
  TempTree tree;
  write_repository(tree);
  tree.write("docs/bomb.md", "---\ntitle: Bomb\n" + alias_bomb("") + "---\n\n# Bomb\n\n- [ ] a\n");
  tree.write("docs/deep.md", "---\n" + deep_block_yaml("title") + "---\n\n# Deep\n\n- [ ] a\n");
  const auto audited = audit_both(tree, arguments(tree));
  CHECK(audited.in_process.code == 1);
  CHECK(contains(audited.in_process.out,
                 "docs/bomb.md:7:45: error: front matter is not valid YAML: expands to more than 100000 YAML nodes (aliases included) [front-matter]\n"));
  CHECK(contains(audited.in_process.out,
                 "docs/deep.md:66:65: error: front matter is not valid YAML: nests YAML deeper than 64 levels [front-matter]\n"));
  check_good_checklist_audited(audited.in_process, "2 of 4");
}

TEST_CASE("hostile: YAML alias bombs and deep nesting in a rule pack")
{
  TempTree tree;
  write_repository(tree, "rule_packs: [team-rules.yaml]\n");
  tree.write("team-rules.yaml", "pack: team\nrules: []\nparams:\n" + alias_bomb("  "));
  auto audited = audit_both(tree, arguments(tree));
  CHECK(audited.in_process.code == 2);
  CHECK(audited.in_process.err
        == "rollout-audit: error: team-rules.yaml:8:47: expands to more than 100000 YAML nodes (aliases included)\n");

  tree.write("team-rules.yaml", "pack: team\n" + deep_block_yaml("rules"));
  audited = audit_both(tree, arguments(tree));
  CHECK(audited.in_process.code == 2);
  CHECK(contains(audited.in_process.err, "rollout-audit: error: team-rules.yaml:"));
  CHECK(contains(audited.in_process.err, ": nests YAML deeper than 64 levels\n"));
}

TEST_CASE("hostile: YAML alias bombs and deep nesting in the configuration")
{
  TempTree tree;
  write_repository(tree, "exclude: []\nrules:\n  front-matter:\n    params:\n" + alias_bomb("      "));
  auto audited = audit_both(tree, arguments(tree));
  CHECK(audited.in_process.code == 2);
  CHECK(contains(audited.in_process.err, "rollout-audit: error: .rollout-audit.yaml:"));
  CHECK(contains(audited.in_process.err, ": expands to more than 100000 YAML nodes (aliases included)\n"));

  write_repository(tree, deep_block_yaml("rules"));
  audited = audit_both(tree, arguments(tree));
  CHECK(audited.in_process.code == 2);
  CHECK(contains(audited.in_process.err, ": nests YAML deeper than 64 levels\n"));

  write_repository(tree, "exclude: " + std::string(100000, '[') + "\n");
  audited = audit_both(tree, arguments(tree));
  CHECK(audited.in_process.err == "rollout-audit: error: .rollout-audit.yaml:1:1: nests YAML deeper than 64 levels\n");
}

TEST_CASE("hostile: a pattern catastrophic for backtracking engines runs in linear time under RE2")
{
  // (a+)+$ over 100,000 'a's and a 'b': a backtracking engine takes on the order of 2^100000 steps and
  // would never finish; RE2 is linear, so the audit completing at all is the proof, whatever the machine.
  TempTree tree;
  write_repository(tree);
  tree.write("team.yaml", "pack: team\nrules:\n"
                          "  - id: no-a-run\n    check: out-of-order\n    summary: x\n"
                          "    select: {kinds: [other], item: \"(a+)+$\", section: \"(x+x+)+y|Second\"}\n");
  tree.write("docs/aaa.md", "# " + std::string(100000, 'x') + "\n\n## 1. First\n\n- [ ] open\n\n## 2. Second\n\n- [x] "
                              + std::string(100000, 'a') + "b\n- [x] " + std::string(100000, 'a') + "\n");
  auto args = arguments(tree);
  args.push_back("--rules");
  args.push_back(tree.path("team.yaml"));
  const auto audited = audit_both(tree, args);
  // The pattern matched the item that ends in a's only: out-of-order fires under the team's id.
  CHECK(contains(audited.in_process.out, "docs/aaa.md:10:1: error: ticked in stage '2. Second' while earlier stage '1. First' "
                                         "has 1 open step(s): line 5 'open'; finish or mark them N/A first [no-a-run]\n"));
  CHECK_FALSE(contains(audited.in_process.out, "docs/aaa.md:9:1: error: ticked in stage '2. Second' while earlier stage '1. First' "
                                               "has 1 open step(s): line 5 'open'; finish or mark them N/A first [no-a-run]\n"));
  check_good_checklist_audited(audited.in_process, "4 of 5");
}

TEST_CASE("hostile: symbolic link loops")
{
  TempTree tree;
  write_repository(tree);
  fs::create_symlink("self.md", tree.root() / "docs/self.md");
  fs::create_symlink("b.md", tree.root() / "docs/a.md");
  fs::create_symlink("a.md", tree.root() / "docs/b.md");
  fs::create_directory_symlink("..", tree.root() / "docs/up");
  fs::create_symlink("missing.md", tree.root() / "docs/dangling.md");
  const auto audited = audit_both(tree, arguments(tree));
  CHECK(audited.in_process.code == 0);
  const auto& out = audited.in_process.out;
  CHECK(contains(out, "docs/self.md: warning: symbolic link loops; not followed\n"));
  CHECK(contains(out, "docs/a.md: warning: symbolic link loops; not followed\n"));
  CHECK(contains(out, "docs/b.md: warning: symbolic link loops; not followed\n"));
  CHECK(contains(out, "docs/up: warning: symbolic link to a folder; not followed\n"));
  CHECK(contains(out, "docs/dangling.md: warning: symbolic link to nothing that can be read; not followed\n"));
  check_good_checklist_audited(audited.in_process);
}

TEST_CASE("hostile: nothing outside the repository root is read")
{
  // A sentinel outside the root, reached by a symbolic link, by references, by the configuration's rule
  // packs and by a configuration that is itself a link: its content must never appear.
  TempTree outside;
  const std::string sentinel = "SENTINEL-7f3a-do-not-read";
  outside.write("secret.md", "# " + sentinel + "\n\n- [x] " + sentinel + "\n");
  outside.write("secret.yaml", "pack: " + sentinel + "\nrules: []\n" + sentinel + ": 1\n");
  TempTree tree;
  write_repository(tree);
  fs::create_symlink(outside.path("secret.md"), tree.root() / "docs/secret.md");
  const std::string up = "../../../../../../../../../..";
  tree.write("docs/refs.md", "# Refs\n\n## 1. Stage\n\n- [x] Attach `../../../etc/passwd` and `" + up + outside.path("secret.md")
                               + "` and [it](" + up + outside.path("secret.md") + ").\n"
                               "- [x] Record findings in `../../../etc/passwd` under a new Widget validation entry.\n");
  auto audited = audit_both(tree, arguments(tree));
  CHECK(contains(audited.in_process.out, "docs/secret.md: warning: symbolic link to a path outside the repository; not followed\n"));
  for (const auto& outcome : {audited.in_process, audited.binary}) {
    CHECK_FALSE(contains(outcome.out + outcome.err, sentinel));
    CHECK_FALSE(contains(outcome.out + outcome.err, "root:x:0:0"));
  }
  auto json = arguments(tree);
  json.push_back("--format");
  json.push_back("json");
  CHECK_FALSE(contains(test_support::run_in_process(json).out, sentinel));

  // Rule packs the repository's configuration names: never outside the root, however named.
  for (const std::string pack : {outside.path("secret.yaml"), up + outside.path("secret.yaml"), std::string("linked.yaml")}) {
    CAPTURE(pack);
    write_repository(tree, "rule_packs: [\"" + pack + "\"]\n");
    std::error_code error;
    fs::remove(tree.root() / "linked.yaml", error);
    fs::create_symlink(outside.path("secret.yaml"), tree.root() / "linked.yaml");
    audited = audit_both(tree, arguments(tree));
    CHECK(audited.in_process.code == 2);
    CHECK_FALSE(contains(audited.in_process.out + audited.in_process.err, sentinel));
    CHECK(contains(audited.in_process.err, "rollout-audit: error: "));
  }
  // A configuration file that is a link out of the repository.
  fs::remove(tree.root() / ".rollout-audit.yaml");
  fs::create_symlink(outside.path("secret.yaml"), tree.root() / ".rollout-audit.yaml");
  audited = audit_both(tree, arguments(tree));
  CHECK(audited.in_process.code == 2);
  CHECK(audited.in_process.err == "rollout-audit: error: .rollout-audit.yaml resolves outside the repository root; not read\n");
  CHECK_FALSE(contains(audited.binary.out + audited.binary.err, sentinel));
}

TEST_CASE("hostile: file names with spaces and Unicode and newlines")
{
  TempTree tree;
  write_repository(tree);
  const std::string open_item = "# T\n\n- [ ] open\n";
  tree.write("docs/my checklist.md", open_item);
  tree.write("docs/\xC3\xBC\x62\x65rsicht \xE2\x9C\x93.md", open_item); // "übersicht ✓.md"
  tree.write("docs/x.md\nfake.md:1:1: error: forged [evidence-missing]", open_item);
  tree.write("docs/bad\xff.md", open_item);
  const auto audited = audit_both(tree, arguments(tree));
  const auto& out = audited.in_process.out;
  CHECK(contains(out, "2 of 4 boxes ticked")); // the two printable names are audited
  CHECK(contains(out, "docs/x.md\\nfake.md:1:1: error: forged [evidence-missing]: warning: name holds control characters or bytes "
                      "that are not UTF-8; not audited\n"));
  CHECK(contains(out, "docs/bad\\xff.md: warning: name holds control characters"));
  // No line of the report starts with the forged text.
  CHECK_FALSE(contains(out, "\nfake.md:1:1"));
  CHECK_FALSE(contains(out, "\xff"));
}

TEST_CASE("hostile: a file without read permission (a FileSystem whose read fails)")
{
  // Tests run as root, whom chmod 000 does not stop; the corpus sees the same failure through a file
  // system whose read fails. The next case drops root in a child to use real permissions too.
  class Unreadable : public corpus::MemoryFileSystem
  {
  public:
    util::Expected<std::string> read(const std::string& path, uint64_t max_bytes) const override
    {
      if (path == "docs/locked.md") {
        return util::Failure{path + ": cannot read: permission denied or unreadable"};
      }
      return MemoryFileSystem::read(path, max_bytes);
    }
  };
  Unreadable file_system;
  file_system.add_file("docs/checklist.md", k_checklist);
  file_system.add_file("docs/work-log.md", k_work_log);
  file_system.add_file("docs/locked.md", "# Locked\n\n- [x] a\n");
  corpus::Corpus corpus(file_system, corpus::Options{});
  config::Config config;
  audit::WorkingTreeTimeline timeline{1761955200};
  const auto facts = audit::build_facts(corpus, config, words(), timeline, "");
  const auto result = audit::run_audit(facts, audit::assemble_rules({audit::default_rule_pack()}, config).value());
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].file == "docs/locked.md");
  CHECK(result.diagnostics[0].message == "cannot read: permission denied or unreadable");
  CHECK(result.summary.kinds[static_cast<size_t>(config::Kind::rollout)] == 1);
  CHECK(result.summary.ticked == 2);
}

TEST_CASE("hostile: a file without read permission (real permissions)")
{
  TempTree tree;
  write_repository(tree);
  tree.write("docs/locked.md", "# Locked\n\n- [x] a\n");
  fs::permissions(tree.root() / "docs/locked.md", fs::perms::none);
  const auto before = test_support::tree_digest(tree.root());
  Outcome outcome;
  if (::geteuid() == 0) {
    // Root reads anything: the whole command runs in a child that became nobody (65534) first.
    outcome = test_support::run_in_child(arguments(tree), false, 65534);
    if (outcome.skipped) {
      return test_support::cannot_set_up("cannot drop root here (no setuid) to make the file unreadable");
    }
  } else {
    outcome = test_support::run_in_process(arguments(tree));
  }
  test_support::check_defined_exit(outcome);
  CHECK(outcome.code == 0);
  CHECK(contains(outcome.out, "docs/locked.md: warning: cannot read: permission denied or unreadable\n"));
  check_good_checklist_audited(outcome);
  CHECK(test_support::tree_digest(tree.root()) == before);
}

TEST_CASE("hostile: a corrupt .git")
{
  if (!have_git()) {
    return test_support::cannot_set_up("git is not installed (scripts/install-deps installs it)");
  }
  TempTree tree;
  write_repository(tree);
  // A .git folder of garbage.
  tree.write(".git/HEAD", "garbage\n");
  tree.write(".git/config", "[[[not a config\n");
  auto audited = audit_both(tree, arguments(tree, {}));
  CHECK(audited.in_process.code == 0);
  check_good_checklist_audited(audited.in_process);

  // A real repository whose objects were overwritten.
  fs::remove_all(tree.root() / ".git");
  git(tree, "init -q");
  git(tree, "add -A");
  git(tree, "commit -q -m one");
  for (const auto& entry : fs::recursive_directory_iterator(tree.root() / ".git/objects")) {
    if (entry.is_regular_file()) {
      fs::permissions(entry.path(), fs::perms::owner_write, fs::perm_options::add);
      std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << "not zlib at all";
    }
  }
  audited = audit_both(tree, arguments(tree, {}));
  CHECK(audited.in_process.code == 0);
  check_good_checklist_audited(audited.in_process);

  // A .git file pointing nowhere.
  fs::remove_all(tree.root() / ".git");
  tree.write(".git", "gitdir: /nonexistent/rollout-audit/.git\n");
  audited = audit_both(tree, arguments(tree, {}));
  CHECK(audited.in_process.code == 0);
  check_good_checklist_audited(audited.in_process);
}

TEST_CASE("hostile: a repository with one commit, an empty repository and a bare repository")
{
  if (!have_git()) {
    return test_support::cannot_set_up("git is not installed (scripts/install-deps installs it)");
  }
  {
    TempTree tree;
    write_repository(tree);
    git(tree, "init -q");
    git(tree, "add -A");
    git(tree, "commit -q -m one");
    const auto audited = audit_both(tree, arguments(tree, {}));
    CHECK(audited.in_process.code == 0);
    check_good_checklist_audited(audited.in_process);
  }
  {
    TempTree tree;
    write_repository(tree);
    git(tree, "init -q");
    const auto audited = audit_both(tree, arguments(tree, {}));
    CHECK(audited.in_process.code == 0);
    check_good_checklist_audited(audited.in_process);
  }
  {
    TempTree tree;
    fs::create_directories(tree.root() / "bare.git");
    git(tree, "init -q --bare", "bare.git");
    tree.write("bare.git/docs/checklist.md", k_checklist);
    tree.write("bare.git/docs/work-log.md", k_work_log);
    const auto audited = audit_both(tree, {tree.path("bare.git"), "--no-color"});
    CHECK(audited.in_process.code == 0);
    check_good_checklist_audited(audited.in_process);
  }
}

TEST_CASE("hostile: a work log of 100000 entries")
{
  TempTree tree;
  write_repository(tree);
  std::string log = "# Log\n\n## 2025-10-02 - Widget validation\n\nRouted 10% traffic at 14:05 UTC.\n\n";
  for (int i = 0; i < 100000; ++i) {
    log += "## 2025-10-" + std::to_string(10 + i % 19) + " - Entry " + std::to_string(i) + "\n\np95 latency 300 ms, error rate 0.5%.\n\n";
  }
  tree.write("docs/work-log.md", log);
  const auto start = std::chrono::steady_clock::now();
  const auto audited = audit_both(tree, arguments(tree));
  MESSAGE("100,000-entry work log, in process and binary: "
          << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s");
  CHECK(audited.in_process.code == 0);
  check_good_checklist_audited(audited.in_process);
}

TEST_CASE("hostile: a checklist of 50000 items")
{
  TempTree tree;
  write_repository(tree);
  std::string checklist = "---\ntitle: Gadget Rollout Checklist\nowner: a\nstatus: Draft\nlast_reviewed: 2025-10-01\n---\n\n"
                          "# Gadget Rollout Checklist\n\n";
  for (int stage = 0; stage < 5; ++stage) {
    checklist += "## " + std::to_string(stage + 1) + ". Stage " + std::to_string(stage) + " (" + std::to_string(10 * (stage + 1))
                 + " Percent Traffic)\n\n";
    for (int i = 0; i < 10000; ++i) {
      switch (i % 5) {
      case 0:
        checklist += "- [x] Record p95 latency in `docs/work-log.md` under a new Widget validation entry.\n";
        break;
      case 1:
        checklist += "- [ ] If failure rate >= 2 percent, rollback immediately.\n";
        break;
      case 2:
        checklist += "- [x] Attach the dashboards to `docs/validation-reports/` for step " + std::to_string(i) + ".\n";
        break;
      case 3:
        checklist += "- [x] Wait 24 hours after the previous stage, see [plan](../plan.md).\n";
        break;
      default:
        checklist += "- [x] Precondition: stage " + std::to_string(stage) + " complete.\n";
      }
    }
  }
  tree.write("docs/gadget.md", checklist);
  const auto start = std::chrono::steady_clock::now();
  const auto audited = audit_both(tree, arguments(tree));
  MESSAGE("50,000-item checklist, in process and binary: "
          << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s");
  CHECK(contains(audited.in_process.out, "40002 of 50002 boxes ticked"));
  CHECK_FALSE(contains(audited.in_process.out, "docs/checklist.md:"));
}

// A repository with history, a team rule reading a sidecar and a reference leaving the root: every path
// that could start a process (git, a pager, a hook) is taken.
namespace {
void write_spawn_repository(TempTree& tree)
{
  write_repository(tree, "exclude: []\nrule_packs: [team.yaml]\n");
  tree.write("team.yaml", "pack: team\nrules:\n  - id: approval-recorded\n    check: required-file\n    summary: x\n"
                          "    select: {item: \"(?i)route\"}\n    sidecar: \"{dir}/{stem}.meta.yaml\"\n"
                          "    params: {path: \"{dir}/approvals/{front.title}.yaml\", key: \"approvals.{stage}.approver\"}\n");
  tree.write("docs/validation-reports/widget.txt", "widget\n");
  git(tree, "init -q");
  git(tree, "add -A");
  git(tree, "commit -q -m one");
  tree.write("docs/refs.md", "# Refs\n\n- [x] Attach `docs/validation-reports/` and `../../etc/passwd`.\n");
}
} // namespace

TEST_CASE("guarantee: no process is spawned")
{
  // Method: the whole command runs in a forked child under a seccomp filter that kills it (SIGSYS) at
  // execve, execveat, fork, vfork or a clone that is not a thread; a normal exit proves no process was
  // started on any path the run took. The tree has a git history, so libgit2's paths are taken too.
  if (!have_git()) {
    return test_support::cannot_set_up("git is not installed (scripts/install-deps installs it)");
  }
  TempTree tree;
  write_spawn_repository(tree);
  const auto before = test_support::tree_digest(tree.root());
  for (const auto& format : {"text", "json"}) {
    CAPTURE(format);
    const auto outcome = test_support::run_in_child(arguments(tree, {"--format", format}), true);
    if (outcome.skipped) {
      return test_support::cannot_set_up("seccomp is not available here");
    }
    INFO(test_support::describe(outcome));
    CHECK_FALSE(outcome.signal == SIGSYS); // SIGSYS: the filter caught an attempt to start a process
    test_support::check_defined_exit(outcome);
  }
  CHECK(test_support::tree_digest(tree.root()) == before);
}

TEST_CASE("guarantee: the binary spawns no process (strace)")
{
  // The real binary under strace: one execve (its own), and no fork, vfork or clone that is not a thread.
  if (!have_git()) {
    return test_support::cannot_set_up("git is not installed (scripts/install-deps installs it)");
  }
  if (std::system("strace -V >/dev/null 2>&1") != 0) {
    return test_support::cannot_set_up("strace is not installed (scripts/install-deps installs it)");
  }
  TempTree tree;
  write_spawn_repository(tree);
  const auto before = test_support::tree_digest(tree.root());
  test_support::Scratch scratch;
  const std::string log = scratch.path("trace").string();
  const auto traced = test_support::run_binary(ROLLOUT_AUDIT_BINARY, arguments(tree, {}), tree.path(), 600,
                                               // LeakSanitizer's exit-time check clones a tracer of its own in sanitizer builds.
                                               {"env", "ASAN_OPTIONS=detect_leaks=0", "strace", "-f", "-qq", "-o", log, "-e",
                                                "trace=execve,execveat,fork,vfork,clone,clone3"});
  const std::string trace = test_support::read_file(log);
  if (!traced.exited || trace.empty()) {
    return test_support::cannot_set_up("strace could not trace here: " + test_support::describe(traced));
  }
  test_support::check_defined_exit(traced);
  INFO(trace);
  size_t execs = 0;
  size_t processes = 0;
  std::istringstream lines(trace);
  for (std::string line; std::getline(lines, line);) {
    execs += contains(line, "execve(") || contains(line, "execveat(");
    const bool creates = contains(line, "fork(") || contains(line, "clone(") || contains(line, "clone3(");
    processes += creates && !contains(line, "CLONE_THREAD") && !contains(line, "resumed>");
  }
  CHECK(execs == 1);
  CHECK(processes == 0);
  CHECK(test_support::tree_digest(tree.root()) == before);
}

TEST_CASE("guarantee: the no-spawn filter catches a spawn")
{
  // The method above proves something only if the filter would have caught a process: a child that runs
  // `true` through std::system (clone or vfork, then execve) under it must die of SIGSYS.
  const pid_t child = ::fork();
  if (child == 0) {
    if (!test_support::forbid_new_processes()) {
      ::_exit(77);
    }
    const int status = std::system("true");
    ::_exit(status == 0 ? 0 : 3);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
    return test_support::cannot_set_up("seccomp is not available here");
  }
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGSYS);
}

TEST_CASE("guarantee: the history cache is the only thing a run writes, and --no-cache writes nothing")
{
  TempTree tree;
  write_repository(tree);
  git(tree, "init -q");
  git(tree, "add -A");
  git(tree, "commit -q -m one");
  const auto before = test_support::tree_digest(tree.root(), true);

  const auto uncached = test_support::run_binary(ROLLOUT_AUDIT_BINARY, arguments(tree, {"--no-cache"}), tree.path(), 600);
  test_support::check_defined_exit(uncached);
  CHECK(test_support::tree_digest(tree.root(), true) == before);

  const auto cached = test_support::run_binary(ROLLOUT_AUDIT_BINARY, arguments(tree, {}), tree.path(), 600);
  CHECK(cached.out == uncached.out);
  const auto after = test_support::tree_digest(tree.root(), true);
  std::vector<std::string> written;
  for (const auto& [path, digest] : after) {
    if (!before.contains(path) || before.at(path) != digest) {
      written.push_back(path);
    }
  }
  REQUIRE_FALSE(written.empty());
  for (const auto& path : written) {
    CAPTURE(path);
    CHECK(test_support::is_history_cache(path));
  }
  CHECK(std::all_of(before.begin(), before.end(), [&](const auto& entry) { return after.contains(entry.first); }));
}

TEST_CASE("guarantee: runs started at once share the history cache safely")
{
  TempTree tree;
  write_repository(tree);
  git(tree, "init -q");
  git(tree, "add -A");
  git(tree, "commit -q -m one");
  tree.write("docs/work-log.md", std::string(k_work_log) + "\n## 2025-10-03 - Widget ramp\n\nP95 1.1 s.\n");
  git(tree, "commit -q -am two");
  const auto expected = test_support::run_binary(ROLLOUT_AUDIT_BINARY, arguments(tree, {"--no-cache"}), tree.path(), 600);
  for (int round = 0; round < 3; ++round) {
    CAPTURE(round);
    std::vector<Outcome> outcomes(6);
    std::vector<std::thread> runs;
    for (auto& outcome : outcomes) {
      runs.emplace_back([&] { outcome = test_support::run_binary(ROLLOUT_AUDIT_BINARY, arguments(tree, {}), tree.path(), 600); });
    }
    for (auto& run : runs) {
      run.join();
    }
    for (const auto& outcome : outcomes) {
      CHECK(outcome.code == expected.code);
      CHECK(outcome.out == expected.out);
    }
    if (round == 1) {
      fs::remove_all(tree.root() / ".git/rollout-audit"); // the next round starts cold again
    }
  }
  std::vector<std::string> cache_files;
  for (const auto& entry : fs::directory_iterator(tree.root() / ".git/rollout-audit")) {
    cache_files.push_back(entry.path().filename().string());
  }
  CAPTURE(cache_files);
  CHECK(cache_files.size() == 2); // the history and the documents' facts; no temporary file left behind
  CHECK(std::none_of(cache_files.begin(), cache_files.end(), [](const std::string& name) { return name.starts_with("."); }));
}

TEST_CASE("guarantee: a run served by the facts cache reports what a cold run reports")
{
  TempTree tree;
  write_repository(tree);
  tree.write("docs/latin1.md", "# Caf\xE9 Rollout Checklist\n\n## 1. Validation\n\n- [x] Route 10 percent.\n");
  tree.write("docs/binary.md", std::string("# Binary\0\n", 10));
  tree.write("docs/deep.md", "# Deep\n\n" + std::string(40, ' ') + "- [x] fine\n");
  git(tree, "init -q");
  git(tree, "add -A");
  git(tree, "commit -q -m one");
  for (const std::vector<std::string>& extra : {std::vector<std::string>{}, std::vector<std::string>{"--staged"}}) {
    auto no_cache = extra;
    no_cache.push_back("--no-cache");
    const auto expected = test_support::run_binary(ROLLOUT_AUDIT_BINARY, arguments(tree, no_cache), tree.path(), 600);
    REQUIRE(contains(expected.out, "docs/latin1.md:1: warning: not valid UTF-8"));
    REQUIRE(contains(expected.out, "docs/binary.md:1: warning: binary file"));
    for (int run = 0; run < 2; ++run) { // the first fills the cache, the second is served by it
      CAPTURE(run);
      const auto outcome = test_support::run_binary(ROLLOUT_AUDIT_BINARY, arguments(tree, extra), tree.path(), 600);
      CHECK(outcome.out == expected.out);
      CHECK(outcome.code == expected.code);
    }
  }
}
