#include "history/history.hpp"
#include "history/cache.hpp"
#include "audit/facts.hpp"
#include "audit/read_documents.hpp"
#include "corpus/corpus.hpp"
#include "config/config.hpp"
#include "util/path.hpp"

#include "../support/git.hpp"
#include "../support/temp_tree.hpp"
#include "../support/words.hpp"
#include "../support/skip.hpp"

#include <doctest/doctest.h>

#include <thread>

namespace {

using test_support::git;

history::Roles plain_roles()
{
  return history::Roles{[](const std::string&) { return false; },
                        [](const std::string&) { return false; },
                        [](const std::string&) { return false; },
                        "plain",
                        {},
                        {},
                        &test_support::words()};
}

} // namespace

TEST_CASE("read_history: where files went, and when each document's bytes last changed")
{
  test_support::TempTree tree;
  git(tree, "init -q -b main .");
  tree.write("docs/plans/active/billing-plan.md", "# Billing plan\n");
  tree.write("docs/notes.md", "# Notes\n");
  const std::string ops = "# Ops plan\n\n- [ ] Drain the old queue.\n- [ ] Move consumers.\n- [ ] Watch lag for a day.\n";
  tree.write("docs/plans/active/ops-plan.md", ops);
  tree.write("src/forms/Wizard.tsx", "export const Wizard = 1;\n");
  tree.write("src/forms/Old.tsx", "export const Old = 1;\n");
  git(tree, "add -A");
  git(tree, "commit -q -m start", "2025-10-01T09:00:00Z");
  git(tree, "mv docs/plans/active/billing-plan.md docs/plans/archive-billing-plan.md");
  std::filesystem::remove(tree.root() / "docs/plans/active/ops-plan.md");
  tree.write("docs/plans/done/ops-plan.md", ops + "- [ ] Close the ticket.\n");
  tree.write("src/forms/legacy/Wizard.tsx", "export const Wizard = 2;\n");
  std::filesystem::remove(tree.root() / "src/forms/Wizard.tsx");
  std::filesystem::remove(tree.root() / "src/forms/Old.tsx");
  git(tree, "add -A");
  git(tree, "commit -q -m archive", "2025-10-02T09:00:00Z");
  tree.write("docs/notes.md", "# Notes\n\nMore.\n");
  git(tree, "add -A");
  git(tree, "commit -q -m notes", "2025-10-03T09:00:00Z");

  const auto history = history::read_history(tree.path(), plain_roles(), {false});
  REQUIRE(history.status.available);
  const auto went = [&](const std::string& path) {
    const auto found = history.departed.find(path);
    return found == history.departed.end() ? std::string("present") : "'" + found->second.to + "' at " + std::to_string(found->second.commit.time);
  };
  CHECK(went("docs/plans/active/billing-plan.md") == "'docs/plans/archive-billing-plan.md' at 1759395600");
  CHECK(went("src/forms/Wizard.tsx") == "'src/forms/legacy/Wizard.tsx' at 1759395600"); // outside the pathspec, by its name
  CHECK(went("src/forms/Old.tsx") == "'' at 1759395600");
  CHECK(went("docs/notes.md") == "present");
  // A move alone is no edit: the plan's words are as of the first commit, at its first path.
  CHECK(history.files.at("docs/plans/archive-billing-plan.md").edited->time == 1759309200);
  CHECK(history.files.at("docs/plans/archive-billing-plan.md").edited_path == "docs/plans/active/billing-plan.md");
  CHECK(history.files.at("docs/plans/done/ops-plan.md").edited->time == 1759395600); // moved and edited
  CHECK(history.files.at("docs/plans/done/ops-plan.md").edited_path == "docs/plans/done/ops-plan.md");
  CHECK(went("docs/plans/active/ops-plan.md") == "'docs/plans/done/ops-plan.md' at 1759395600");
  CHECK(history.files.at("docs/notes.md").edited->time == 1759482000);
  CHECK(history.files.at("docs/notes.md").edited_path == "docs/notes.md");
  CHECK(history.files.at("docs/notes.md").added->time == 1759309200);

  SUBCASE("under an audit root inside the repository, paths are the root's")
  {
    const auto docs = history::read_history(tree.path("docs"), plain_roles(), {false});
    CHECK(docs.departed.contains("plans/active/billing-plan.md"));
    CHECK_FALSE(docs.departed.contains("src/forms/Old.tsx"));
    CHECK_FALSE(docs.departed.contains("../src/forms/Old.tsx"));
  }
}

namespace {

// The default configuration's roles (work log, completion reports, evidence), as the command gives them.
history::Roles default_roles()
{
  const config::Config config;
  const auto matcher = [](std::vector<std::string> globs) {
    return [globs = std::move(globs)](const std::string& path) {
      return std::any_of(globs.begin(), globs.end(), [&](const auto& glob) { return util::glob_match(glob, path); });
    };
  };
  std::vector<std::string> pathspecs;
  for (const auto& glob : config.evidence) {
    pathspecs.push_back(util::glob_pathspec(glob));
  }
  return history::Roles{matcher(config.work_logs), matcher(config.completion_reports), matcher(config.evidence), "default",
                        matcher(config.checklists), pathspecs, &test_support::words()};
}

// Everything the walk found, as the cache stores it: two walks compare in one CHECK.
std::string walked(const std::string& root, bool shortcuts)
{
  const auto history = history::read_history(root, default_roles(), {false, shortcuts});
  return history::encode_checkpoint({history.head, history.status.commits_read, history.status.shallow_boundary, history.files, history.departed},
                                    "walk");
}

// The walk on its own thread while the audit reads the working tree's documents and shares their parses,
// as the command runs them.
std::string walked_while_reading(const std::string& root)
{
  const config::Config config;
  const corpus::RealFileSystem file_system(root);
  const corpus::Corpus corpus(file_system, corpus::Options{config.exclude, {}});
  audit::ReadDocuments read(corpus, config, test_support::words(), "");
  history::History history;
  std::thread walk([&]() {
    history::ReadOptions options{false, true};
    options.parsed = &read;
    history = history::read_history(root, default_roles(), options);
  });
  read.read();
  walk.join();
  return history::encode_checkpoint({history.head, history.status.commits_read, history.status.shallow_boundary, history.files, history.departed},
                                    "walk");
}

// Runs a command in a shell; false when it fails.
bool shell(const std::string& command)
{
  return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

} // namespace

// Slow: every fixture's history script runs (a minute on two cores).
TEST_SUITE("slow")
{
TEST_CASE("read_history: the shortcuts give what parsing every version whole gives")
{
  SUBCASE("every scripted fixture history")
  {
    size_t compared = 0;
    for (const auto& file : std::filesystem::recursive_directory_iterator(ROLLOUT_AUDIT_SOURCE_DIR "/fixtures")) {
      if (file.path().filename() != "history.sh") {
        continue;
      }
      test_support::TempTree tree;
      CAPTURE(file.path());
      REQUIRE(shell("bash '" + file.path().string() + "' '" + tree.path() + "'"));
      const std::string work = tree.path("work");
      if (!std::filesystem::exists(work + "/.git")) {
        continue; // the case without a repository
      }
      const std::string plain = walked(work, false);
      CHECK(walked(work, true) == plain);
      CHECK(walked_while_reading(work) == plain);
      ++compared;
    }
    CHECK(compared >= 60);
  }
  SUBCASE("a generated repository of long, often edited documents (bench/generate.py, long-docs)")
  {
    test_support::TempTree tree;
    if (!shell("python3 --version")) {
      test_support::cannot_set_up("python3 runs bench/generate.py");
      return;
    }
    REQUIRE(shell("python3 '" ROLLOUT_AUDIT_SOURCE_DIR "/bench/generate.py' --profile long-docs smoke '" + tree.path("repo") + "'"));
    CHECK(walked(tree.path("repo"), true) == walked(tree.path("repo"), false));
    CHECK(walked_while_reading(tree.path("repo")) == walked(tree.path("repo"), false));
    CHECK(walked(tree.path("repo/docs"), true) == walked(tree.path("repo/docs"), false));
  }
}
} // TEST_SUITE
