#include "history/cache.hpp"
#include "../support/words.hpp"

#include "../support/git.hpp"
#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

namespace {

using test_support::git;

history::CommitStamp stamp(const std::string& id, util::Timestamp time)
{
  return history::CommitStamp{id, time, "Dana", false};
}

history::Checkpoint sample_checkpoint()
{
  history::Checkpoint checkpoint;
  checkpoint.head = "c3";
  checkpoint.commits = 3;
  checkpoint.oldest = "c1";
  history::FileHistory checklist;
  checklist.added = stamp("c1", 100);
  checklist.edited = stamp("c2", 200);
  checklist.edited_path = "docs/old/checklist.md";
  history::ItemHistory ticked{"Route 10 percent of traffic.", "1. Validation Stage", true, stamp("c2", 200), std::nullopt};
  ticked.original = history::CommitStamp{"b1", 150, "Lee", true};
  ticked.status = "✅ DONE";
  ticked.said_before = "⏳ pending the go-ahead (24h)";
  checklist.items = {ticked, {"Record findings.", "1. Validation Stage", false, std::nullopt, std::nullopt}};
  history::FileHistory log;
  log.added = stamp("c1", 100);
  log.metrics_since = stamp("c3", 300);
  log.entries = {{"2025-10-02 - Widget validation", stamp("c3", 300), std::nullopt, std::nullopt, {}},
                 {"2025-10-01 - Profiling", stamp("c1", 100), stamp("m2", 200), stamp("b2", 180), "## 2025-10-01 - Profiling\n- P95: 9 s\n"}};
  checkpoint.files = {{"docs/checklist.md", checklist}, {"docs/work-log.md", log}, {"docs/validation-reports/a.log", {}}};
  checkpoint.departed = {{"docs/plans/active/plan.md", {"docs/plans/archive/plan.md", stamp("c2", 200)}},
                         {"src/old.ts", {"", stamp("c3", 300)}}};
  return checkpoint;
}

// Two checkpoints are the same when they encode the same: every field takes part.
std::string encoded(const history::Checkpoint& checkpoint)
{
  return history::encode_checkpoint(checkpoint, "key");
}

} // namespace

TEST_CASE("encode_checkpoint")
{
  const auto checkpoint = sample_checkpoint();
  const std::string bytes = history::encode_checkpoint(checkpoint, "key");
  CHECK(bytes.starts_with("rollout-audit history cache 6\n"));
  CHECK(bytes == history::encode_checkpoint(checkpoint, "key")); // deterministic
  auto changed = checkpoint;
  changed.files.at("docs/checklist.md").items[0].original.reset();
  CHECK(history::encode_checkpoint(changed, "key") != bytes);
  changed = checkpoint;
  changed.files.at("docs/checklist.md").items[0].said_before.clear();
  CHECK(history::encode_checkpoint(changed, "key") != bytes);
  changed = checkpoint;
  changed.files.at("docs/work-log.md").entries[1].text.clear();
  CHECK(history::encode_checkpoint(changed, "key") != bytes);
  changed = checkpoint;
  changed.files.at("docs/work-log.md").entries[1].removed_original.reset();
  CHECK(history::encode_checkpoint(changed, "key") != bytes);
  changed = checkpoint;
  changed.files.at("docs/work-log.md").entries[1].removed.reset();
  CHECK(history::encode_checkpoint(changed, "key") != bytes);
  auto moved = checkpoint;
  moved.departed.at("src/old.ts").to = "src/new.ts";
  CHECK(history::encode_checkpoint(moved, "key") != bytes);
}

TEST_CASE("decode_checkpoint")
{
  const auto checkpoint = sample_checkpoint();
  const std::string bytes = history::encode_checkpoint(checkpoint, "key");

  SUBCASE("what was encoded comes back whole")
  {
    const auto decoded = history::decode_checkpoint(bytes, "key");
    REQUIRE(decoded);
    CHECK(encoded(*decoded) == encoded(checkpoint));
    CHECK(decoded->files.at("docs/checklist.md").items[0].original->author == "Lee");
    CHECK(decoded->files.at("docs/checklist.md").items[0].original->truncated);
    CHECK(decoded->files.at("docs/work-log.md").entries[0].appeared.time == 300);
    const auto& removed = decoded->files.at("docs/work-log.md").entries[1];
    REQUIRE(removed.removed);
    CHECK(removed.removed->id == "m2");
    REQUIRE(removed.removed_original);
    CHECK(removed.removed_original->id == "b2");
    CHECK(removed.text == "## 2025-10-01 - Profiling\n- P95: 9 s\n");
    CHECK(decoded->files.at("docs/checklist.md").edited->id == "c2");
    CHECK(decoded->files.at("docs/checklist.md").edited_path == "docs/old/checklist.md");
    CHECK(decoded->departed.at("docs/plans/active/plan.md").to == "docs/plans/archive/plan.md");
    CHECK(decoded->departed.at("src/old.ts").commit.time == 300);
  }
  SUBCASE("made under another key (roles, root, tool version): not reused")
  {
    CHECK_FALSE(history::decode_checkpoint(bytes, "other key"));
  }
  SUBCASE("a torn file: every shorter prefix is rejected")
  {
    for (size_t size = 0; size < bytes.size(); ++size) {
      CHECK_FALSE(history::decode_checkpoint(std::string_view(bytes).substr(0, size), "key"));
    }
  }
  SUBCASE("a garbled byte anywhere is rejected")
  {
    for (size_t at = 0; at < bytes.size(); ++at) {
      std::string garbled = bytes;
      garbled[at] = static_cast<char>(garbled[at] ^ 0x20);
      CHECK_FALSE(history::decode_checkpoint(garbled, "key"));
    }
  }
  SUBCASE("trailing bytes and foreign files are rejected")
  {
    CHECK_FALSE(history::decode_checkpoint(bytes + "x", "key"));
    CHECK_FALSE(history::decode_checkpoint("", "key"));
    CHECK_FALSE(history::decode_checkpoint("# Work Log\n", "key"));
  }
}

TEST_CASE("cache_folder_in")
{
  CHECK(history::cache_folder_in("/repo/.git") == std::filesystem::path("/repo/.git/rollout-audit"));
}

TEST_CASE("checkpoint_path")
{
  const auto path = history::checkpoint_path(history::cache_folder_in("/repo/.git"), "key one");
  CHECK(path.parent_path() == std::filesystem::path("/repo/.git/rollout-audit"));
  CHECK(path.filename().string().starts_with("history-"));
  CHECK(path == history::checkpoint_path(history::cache_folder_in("/repo/.git"), "key one"));
  CHECK(path != history::checkpoint_path(history::cache_folder_in("/repo/.git"), "key two"));
}

TEST_CASE("store_checkpoint")
{
  test_support::TempTree tree;
  const auto file = history::checkpoint_path(history::cache_folder_in(tree.path(".git")), "key");

  SUBCASE("stored, then loaded")
  {
    history::store_checkpoint(file, "key", sample_checkpoint());
    const auto loaded = history::load_checkpoint(file, "key");
    REQUIRE(loaded);
    CHECK(encoded(*loaded) == encoded(sample_checkpoint()));
  }
  SUBCASE("runs storing and loading at once: every load is a whole checkpoint, no temporary file is left")
  {
    std::vector<history::Checkpoint> versions;
    for (int i = 0; i < 4; ++i) {
      auto version = sample_checkpoint();
      version.head = "c" + std::to_string(10 + i);
      version.files.at("docs/checklist.md").items.resize(static_cast<size_t>(1 + i * 50), version.files.at("docs/checklist.md").items[0]);
      versions.push_back(version);
    }
    std::vector<std::string> torn;
    std::mutex torn_mutex;
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
      threads.emplace_back([&, i] {
        for (int round = 0; round < 50; ++round) {
          history::store_checkpoint(file, "key", versions[static_cast<size_t>(i)]);
          if (std::filesystem::exists(file)) {
            const auto loaded = history::load_checkpoint(file, "key");
            const std::lock_guard lock(torn_mutex);
            if (!loaded) {
              torn.push_back(test_support::read_file(file));
            }
          }
        }
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }
    CHECK(torn.empty());
    const auto last = history::load_checkpoint(file, "key");
    REQUIRE(last);
    CHECK(std::any_of(versions.begin(), versions.end(), [&](const auto& v) { return encoded(v) == encoded(*last); }));
    size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(file.parent_path())) {
      ++entries;
    }
    CHECK(entries == 1);
  }
  SUBCASE("a cache folder that cannot be made: nothing stored, no error")
  {
    tree.write(".git/rollout-audit", "a file where the folder would go\n");
    history::store_checkpoint(file, "key", sample_checkpoint());
    CHECK_FALSE(history::load_checkpoint(file, "key"));
    CHECK(test_support::read_file(tree.path(".git/rollout-audit")) == "a file where the folder would go\n");
  }
}

using test_support::words;

namespace {

history::Roles roles(const std::string& fingerprint = "default", const vocabulary::Vocabulary& vocabulary = words())
{
  return history::Roles{[](const std::string& path) { return path == "docs/work-log.md"; },
                        [](const std::string&) { return false; },
                        [](const std::string& path) { return path.starts_with("docs/validation-reports/"); },
                        fingerprint,
                        {},
                        {},
                        &vocabulary};
}

std::string checklist(bool first_ticked, bool second_ticked)
{
  return std::string("# Widget Rollout Checklist\n\n## 1. Validation Stage (10 Percent Traffic)\n\n")
         + (first_ticked ? "- [x]" : "- [ ]") + " Route 10 percent of traffic.\n" + (second_ticked ? "- [x]" : "- [ ]")
         + " Record findings in `docs/work-log.md` under a new Widget validation entry.\n";
}

// What the walk found, comparable: the checkpoint it would store.
std::string result_of(const history::History& history)
{
  return history::encode_checkpoint(
    history::Checkpoint{history.head, history.status.commits_read, history.status.shallow_boundary, history.files, history.departed}, "key");
}

// Three commits on three days: the first box ticked on the second day, the work log on the third.
void widget_history(const test_support::TempTree& tree)
{
  git(tree, "init -q -b main .");
  tree.write("docs/checklist.md", checklist(false, false));
  git(tree, "add -A");
  git(tree, "commit -q -m plan", "2025-10-01T09:00:00Z");
  tree.write("docs/checklist.md", checklist(true, false));
  git(tree, "commit -q -am tick", "2025-10-02T09:00:00Z");
  tree.write("docs/work-log.md", "# Log\n\n## 2025-10-03 - Widget validation\n\nP95 1.2 s.\n");
  git(tree, "add -A");
  git(tree, "commit -q -m log", "2025-10-03T09:00:00Z");
}

} // namespace

TEST_CASE("read_history with the cache")
{
  test_support::TempTree tree;
  widget_history(tree);
  const auto uncached = history::read_history(tree.path(), roles(), {false});
  REQUIRE(uncached.status.available);
  REQUIRE(uncached.status.commits_walked == 3);
  CHECK_FALSE(std::filesystem::exists(tree.path(".git/rollout-audit"))); // --no-cache writes nothing

  const auto cold = history::read_history(tree.path(), roles());
  CHECK(cold.status.commits_walked == 3);
  CHECK(result_of(cold) == result_of(uncached));

  SUBCASE("nothing new in history: no commit is read, the result is the same")
  {
    const auto warm = history::read_history(tree.path(), roles());
    CHECK(warm.status.commits_walked == 0);
    CHECK(warm.status.commits_read == 3);
    CHECK_FALSE(warm.status.cache_rebuilt);
    CHECK(result_of(warm) == result_of(uncached));
  }
  SUBCASE("new commits: only they are read, and the result is what a whole walk gives")
  {
    tree.write("docs/checklist.md", checklist(true, true));
    git(tree, "commit -q -am tick-two", "2025-10-04T09:00:00Z");
    const auto warm = history::read_history(tree.path(), roles());
    CHECK(warm.status.commits_walked == 1);
    CHECK(result_of(warm) == result_of(history::read_history(tree.path(), roles(), {false})));
    CHECK(warm.files.at("docs/checklist.md").items[1].tick->time == 1759568400); // 2025-10-04T09:00:00Z
  }
  SUBCASE("history rewritten (amend): the checkpoint is off the line, the walk starts over")
  {
    tree.write("docs/work-log.md", "# Log\n\n## 2025-10-03 - Widget validation, amended\n\nP95 1.2 s.\n");
    git(tree, "commit -q -a --amend -m log-amended", "2025-10-05T09:00:00Z");
    const auto rewritten = history::read_history(tree.path(), roles());
    CHECK(rewritten.status.commits_walked == 3);
    CHECK(rewritten.status.cache_rebuilt);
    CHECK(result_of(rewritten) == result_of(history::read_history(tree.path(), roles(), {false})));
    CHECK(rewritten.files.at("docs/work-log.md").entries[0].appeared.time == 1759654800); // the amended commit
  }
  SUBCASE("rewritten to a commit the checkpoint never saw, then back: both walks are whole and right")
  {
    git(tree, "reset -q --hard HEAD~1");
    const auto back = history::read_history(tree.path(), roles());
    CHECK(back.status.commits_walked == 2);
    CHECK(result_of(back) == result_of(history::read_history(tree.path(), roles(), {false})));
    CHECK(back.files.count("docs/work-log.md") == 0);
  }
  SUBCASE("a corrupt cache file is ignored and replaced")
  {
    const auto file = history::checkpoint_path(history::cache_folder_in(tree.path(".git")), "");
    const auto folder = file.parent_path();
    REQUIRE(std::filesystem::exists(folder));
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      std::string bytes = test_support::read_file(entry.path());
      bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x55);
      std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << bytes;
    }
    const auto rebuilt = history::read_history(tree.path(), roles());
    CHECK(rebuilt.status.cache_rebuilt);
    CHECK(rebuilt.status.commits_walked == 3);
    CHECK(result_of(rebuilt) == result_of(uncached));
    const auto warm = history::read_history(tree.path(), roles());
    CHECK(warm.status.commits_walked == 0);
    CHECK_FALSE(warm.status.cache_rebuilt);
  }
  SUBCASE("other roles (another configuration) have a cache of their own")
  {
    const auto other = history::read_history(tree.path(), roles("work logs elsewhere"));
    CHECK(other.status.commits_walked == 3);
    CHECK(history::read_history(tree.path(), roles()).status.commits_walked == 0);
    CHECK(history::read_history(tree.path(), roles("work logs elsewhere")).status.commits_walked == 0);
  }
  SUBCASE("another vocabulary (what an item is may differ) has a cache of its own")
  {
    auto layer = vocabulary::parse_layer("team.yaml", YAML::Load("reactions: [freeze]"));
    REQUIRE(layer);
    const auto team = audit::assemble_vocabulary({audit::default_rule_pack()}, *layer);
    REQUIRE(team);
    CHECK(history::read_history(tree.path(), roles("default", *team)).status.commits_walked == 3);
    CHECK(history::read_history(tree.path(), roles()).status.commits_walked == 0);
    CHECK(history::read_history(tree.path(), roles("default", *team)).status.commits_walked == 0);
  }
}

TEST_CASE("cache_folder")
{
  test_support::TempTree tree;
  CHECK_FALSE(history::cache_folder(tree.path())); // no repository
  git(tree, "init -q -b main .");
  tree.write("docs/plan.md", "# Plan\n");
  const auto folder = history::cache_folder(tree.path("docs"));
  REQUIRE(folder);
  CHECK(std::filesystem::weakly_canonical(*folder) == std::filesystem::weakly_canonical(tree.root() / ".git" / "rollout-audit"));
  git(tree, "init -q --bare bare.git");
  CHECK_FALSE(history::cache_folder(tree.path("bare.git")));
}
