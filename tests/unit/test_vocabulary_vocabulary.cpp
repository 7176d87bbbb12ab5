#include "vocabulary/vocabulary.hpp"

#include "audit/rule.hpp"
#include "util/yaml.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

using vocabulary::Concept;
using vocabulary::Vocabulary;

namespace {

util::Expected<vocabulary::Layer> layer(const std::string& yaml)
{
  auto node = util::load_yaml("team.yaml", yaml);
  REQUIRE(node);
  return vocabulary::parse_layer("team.yaml", *node);
}

std::string error_of(const std::string& yaml)
{
  auto parsed = layer(yaml);
  REQUIRE_FALSE(parsed);
  return parsed.error();
}

std::vector<std::string> texts(const std::vector<vocabulary::Entry>& entries)
{
  std::vector<std::string> result;
  for (const auto& entry : entries) {
    result.push_back(entry.text);
  }
  return result;
}

Vocabulary with_team(const std::string& yaml)
{
  auto parsed = layer(yaml);
  REQUIRE(parsed);
  auto assembled = audit::assemble_vocabulary({audit::default_rule_pack()}, *parsed);
  REQUIRE(assembled);
  return std::move(assembled).value();
}

} // namespace

TEST_CASE("the default pack names every concept")
{
  const Vocabulary& words = audit::default_vocabulary();
  for (const auto& spec : vocabulary::concepts()) {
    CAPTURE(spec.id);
    // Every concept has words by default, except the rollouts' aliases, which only a team can know.
    CHECK((!words.entries(spec.which).empty() || spec.which == Concept::rollouts));
  }
  auto missing = vocabulary::Vocabulary::assemble({*layer("stage-words: [stage]\n")});
  REQUIRE_FALSE(missing);
  CHECK(missing.error() == "team.yaml: the vocabulary does not name 'rollout-stages'");
}

TEST_CASE("parse_layer")
{
  SUBCASE("a list adds; add, replace and remove say what they do")
  {
    const Vocabulary added = with_team("reactions: [freeze, \"roll forward\"]\n");
    const auto reactions = texts(added.entries(Concept::reactions));
    CHECK(reactions.back() == "roll forward");
    CHECK(std::find(reactions.begin(), reactions.end(), "abort") != reactions.end());

    const Vocabulary replaced = with_team("stage-words: {replace: [wave, ring]}\n");
    CHECK(texts(replaced.entries(Concept::stage_words)) == std::vector<std::string>{"wave", "ring"});

    const Vocabulary edited = with_team("stage-words: {remove: [tier, ring], add: [cohort]}\n");
    CHECK(texts(edited.entries(Concept::stage_words)) == std::vector<std::string>{"stage", "phase", "step", "wave", "cohort"});
  }

  SUBCASE("groups")
  {
    const Vocabulary team = with_team("countables:\n  queue-item: [\"queue items?\"]\n"
                                      "comparators:\n  at-least: [\"tops\"]\n");
    const auto& countables = team.groups(Concept::countables);
    CHECK(countables.back().name == "queue-item");
    const auto& comparators = team.groups(Concept::comparators);
    const auto at_least = std::find_if(comparators.begin(), comparators.end(), [](const auto& group) {
      return group.name == "at-least";
    });
    REQUIRE(at_least != comparators.end());
    CHECK(at_least->entries.back().text == "tops");
    CHECK(at_least->entries.back().origin == "team.yaml:4:14");
  }

  SUBCASE("every entry knows where it was written")
  {
    const Vocabulary team = with_team("reactions:\n  - freeze\n");
    CHECK(team.entries(Concept::reactions).back().origin == "team.yaml:2:5");
    CHECK(team.entries(Concept::reactions).front().origin.starts_with("rules/default.yaml:"));
  }

  SUBCASE("errors, word for word")
  {
    CHECK(error_of("stage-word: [x]\n")
          == "team.yaml:1:1: unknown vocabulary concept 'stage-word' (did you mean 'stage-words'?) (rollout-audit vocabulary lists them)");
    CHECK(error_of("stage-words: x\n") == "team.yaml:1:14: stage-words takes a list of entries or a map of add, replace and remove");
    CHECK(error_of("stage-words: {replce: [x]}\n") == "team.yaml:1:15: unknown key 'replce' (did you mean 'replace'?)");
    CHECK(error_of("stage-words: [[x]]\n") == "team.yaml:1:15: an entry of stage-words must be a string");
    CHECK(error_of("reactions: [\"abort(\"]\n")
          == "team.yaml:1:13: reactions entry 'abort(' is not a valid pattern: missing ): abort(");
    CHECK(error_of("reactions: [\"(abort|halt)\"]\n") == "team.yaml:1:13: reactions entry '(abort|halt)' captures; write (?:...) for a group");
    CHECK(error_of("reactions: [\"x?\"]\n") == "team.yaml:1:13: reactions entry 'x?' matches empty text");
    CHECK(error_of("reactions: [\" \"]\n") == "team.yaml:1:13: an entry of reactions is empty");
    CHECK(error_of("named-entries: [\"under {nam} entry\"]\n")
          == "team.yaml:1:17: named-entries entry 'under {nam} entry' uses '{nam}' (did you mean '{name}'?)");
    CHECK(error_of("reactions: [\"stop {n}\"]\n") == "team.yaml:1:13: reactions entry 'stop {n}' uses '{n}', but reactions takes no placeholders");
    CHECK(error_of("comparators: {at-lest: [tops]}\n")
          == "team.yaml:1:15: comparators has no group 'at-lest' (did you mean 'at-least'?); its groups are less, at-most, greater, at-least, equal");
    CHECK(error_of("comparators: [tops]\n") == "team.yaml:1:14: comparators takes a map of groups, each a list of entries");
    CHECK(error_of("traffic-share-words: {half: [midway]}\n")
          == "team.yaml:1:23: the groups of traffic-share-words are percentages from 0 to 100, not 'half'");
    CHECK(error_of("- x\n") == "team.yaml:1:1: vocabulary must be a map of concepts");

    auto parsed = layer("reactions: {remove: [abrot]}\n");
    REQUIRE(parsed);
    auto assembled = audit::assemble_vocabulary({audit::default_rule_pack()}, *parsed);
    REQUIRE_FALSE(assembled);
    CHECK(assembled.error() == "team.yaml:1:22: reactions has no entry 'abrot' to remove (did you mean 'abort'?)");
  }
}

TEST_CASE("the built-in pack's entries are proven patterns")
{
  // The built-in pack is parsed at run time without compiling each entry (EntryPatterns::proven) and without
  // load_yaml's bounds (util::load_own_yaml): this is the proof, the pack read as a team's would be.
  std::ifstream in(ROLLOUT_AUDIT_SOURCE_DIR "/rules/default.yaml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE_FALSE(text.empty());
  const auto pack = audit::parse_rule_pack("rules/default.yaml", text);
  CHECK_MESSAGE(pack, (pack ? "" : pack.error()));

  // Proven entries are not compiled: what only a compiler finds passes, what the words show does not.
  auto node = util::load_yaml("team.yaml", "reactions: [\"abort(\"]\n");
  REQUIRE(node);
  CHECK(vocabulary::parse_layer("team.yaml", *node, vocabulary::EntryPatterns::proven));
  CHECK_FALSE(vocabulary::parse_layer("team.yaml", *node));
  auto empty = util::load_yaml("team.yaml", "reactions: [\" \"]\n");
  REQUIRE(empty);
  CHECK_FALSE(vocabulary::parse_layer("team.yaml", *empty, vocabulary::EntryPatterns::proven));
}

TEST_CASE("Vocabulary::digest")
{
  const Vocabulary& words = audit::default_vocabulary();
  CHECK(words.digest().size() == 16);
  CHECK(with_team("reactions: [freeze]\n").digest() != words.digest());
  CHECK(with_team("reactions: [freeze]\n").digest() == with_team("reactions:\n  - freeze\n").digest());
  // A word that moves to another concept changes what is recognised.
  CHECK(with_team("reactions: [freeze]\n").digest() != with_team("skipped: [freeze]\n").digest());
}

namespace {

// Two things derived from one vocabulary: building the first says it started, then waits (up to ten seconds)
// until another thread has built the second.
std::atomic<bool> g_first_started{false};
std::atomic<bool> g_second_built{false};

struct Second
{
  explicit Second(const Vocabulary&) {}
};

struct First
{
  explicit First(const Vocabulary&)
  {
    g_first_started = true;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!g_second_built && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    waited = g_second_built;
  }
  bool waited = false;
};

struct Counted
{
  explicit Counted(const Vocabulary&)
  {
    ++built;
  }
  static inline std::atomic<int> built{0};
};

} // namespace

TEST_CASE("Vocabulary::derived")
{
  const Vocabulary words = with_team("reactions: [freeze]\n");
  SUBCASE("a thing being built keeps no other thread from building another")
  {
    std::thread first([&] { CHECK(words.derived<First>().waited); });
    while (!g_first_started) {
      std::this_thread::yield(); // until First is being built
    }
    words.derived<Second>();
    g_second_built = true;
    first.join();
  }
  SUBCASE("each is built once, whichever threads ask at once, and shared by copies of the vocabulary")
  {
    std::vector<std::thread> threads;
    std::vector<const Counted*> seen(8);
    for (size_t i = 0; i < seen.size(); ++i) {
      threads.emplace_back([&, i] { seen[i] = &words.derived<Counted>(); });
    }
    for (auto& thread : threads) {
      thread.join();
    }
    CHECK(Counted::built == 1);
    CHECK(std::all_of(seen.begin(), seen.end(), [&](const Counted* one) { return one == seen.front(); }));
    const Vocabulary copy = words;
    CHECK(&copy.derived<Counted>() == seen.front());
  }
}

TEST_CASE("pattern_of")
{
  const auto pattern = [](const std::string& text) { return vocabulary::pattern_of({text, ""}, {{"{n}", "\\d+"}}); };
  CHECK(pattern("kill switch") == "kill\\s+switch");
  CHECK(pattern("roll ?back") == "roll\\s?back");
  CHECK(pattern("job[ -]failure rate") == "job[ -]failure\\s+rate");
  CHECK(pattern("p{n}") == "p(?:\\d+)");
  CHECK(pattern("x{2}") == "x{2}");
  CHECK(pattern("a\\ b") == "a\\ b");
  CHECK(vocabulary::alternation({{"a", ""}, {"b c", ""}}) == "(?:a|b\\s+c)");
  RE2 nothing(vocabulary::alternation({}));
  REQUIRE(nothing.ok());
  CHECK_FALSE(RE2::PartialMatch("anything at all", nothing));
}

TEST_CASE("describe")
{
  const std::string text = vocabulary::describe(with_team("reactions: [freeze]\n"));
  CHECK(text.starts_with("stage-words: words before a stage's number in a heading (\"Stage 2\", \"Phase 3\")\n"
                         "  stage                              rules/default.yaml:"));
  CHECK(text.find("\n  freeze                             team.yaml:1:13\n") != std::string::npos);
  CHECK(text.find("\ncomparators: comparisons in conditions and thresholds, symbols and words\n  less:\n    <  ") != std::string::npos);
}
