#include "history/version_cache.hpp"
#include "evidence/items.hpp"
#include "../support/words.hpp"

#include <doctest/doctest.h>

using test_support::words;

using history::VersionCache;

namespace {

git_oid blob(unsigned char n)
{
  git_oid id{};
  id.id[0] = n;
  return id;
}

const git_oid k_none{};

// Reads `bytes`, counting the reads.
VersionCache::Reader reader(const std::string& bytes, int& reads)
{
  return [&bytes, &reads]() -> std::optional<std::string_view> {
    ++reads;
    return std::string_view(bytes);
  };
}

} // namespace

TEST_CASE("VersionCache")
{
  VersionCache cache(words());
  int reads = 0;
  // "[^1]: a note" is no definition whole on its line: the checklist is not cut into pieces (heading_cuts).
  const std::string before = "# C\n\n- [ ] Switch traffic.\n- [ ] Record findings.\n\n[^1]: a note\n";
  const std::string after = "# C\n\n- [x] Switch traffic.\n- [ ] Record findings.\n\n[^1]: a note\n";
  const auto* first = cache.version_of("c.md", k_none, blob(1), {}, reader(before, reads));
  REQUIRE(first);
  CHECK(first->items.size() == 2);
  CHECK(cache.parses() == 1);

  SUBCASE("a box ticked is read from the version before, as a parse would")
  {
    const auto* ticked = cache.version_of("c.md", blob(1), blob(2), {}, reader(after, reads));
    REQUIRE(ticked);
    CHECK(cache.parses() == 1);
    CHECK(ticked->items[0].ticked);
    CHECK_FALSE(ticked->items[1].ticked);
  }
  SUBCASE("the same blob again is neither read nor parsed, also after a move")
  {
    cache.move("c.md", "d.md");
    const auto* moved = cache.version_of("d.md", blob(1), blob(1), {}, reader(before, reads));
    REQUIRE(moved);
    CHECK(reads == 1);
    CHECK(moved->items.size() == 2);
  }
  SUBCASE("another role, another blob before, or a forgotten file is parsed")
  {
    const auto* log = cache.version_of("c.md", blob(1), blob(1), {true, false}, reader(before, reads));
    REQUIRE(log);
    CHECK(log->items.size() == 2);
    CHECK(cache.parses() == 2);
    cache.version_of("c.md", blob(9), blob(2), {}, reader(after, reads));
    CHECK(cache.parses() == 3);
    cache.erase("c.md");
    cache.version_of("c.md", k_none, blob(2), {}, reader(after, reads));
    CHECK(cache.parses() == 4);
  }
  SUBCASE("a long document edited in one section: only that section is parsed")
  {
    std::string text = "# Design\n\n";
    for (char section = 'a'; section <= 'z'; ++section) {
      text += std::string("## Part ") + section + "\n\n- [ ] Check " + section + ".\n\nProse.\n\n";
    }
    cache.version_of("long.md", k_none, blob(7), {}, reader(text, reads));
    const size_t parses = cache.parses();
    const std::string edited = text.substr(0, text.find("## Part m")) + "## Part m\n\n- [ ] Check m, reworded.\n\nProse.\n\n"
                               + text.substr(text.find("## Part n"));
    const auto* version = cache.version_of("long.md", blob(7), blob(8), {}, reader(edited, reads));
    REQUIRE(version);
    CHECK(cache.parses() == parses + 1);
    CHECK(version->items[12].text == "Check m, reworded.");
    CHECK(version->items[13].line == 83);
    // A tick in a document read in pieces parses the ticked piece only (its bytes are not kept for retick).
    std::string ticked = edited;
    ticked.replace(ticked.find("- [ ] Check q"), 5, "- [x]");
    const auto* tick = cache.version_of("long.md", blob(8), blob(9), {}, reader(ticked, reads));
    REQUIRE(tick);
    CHECK(cache.parses() == parses + 2);
    CHECK(tick->items[16].ticked);
  }
  SUBCASE("a file that cannot hold a box is not parsed")
  {
    const std::string note = "# Note\n\nProse only.\n";
    const auto* version = cache.version_of("n.md", k_none, blob(3), {}, reader(note, reads));
    REQUIRE(version);
    CHECK(version->items.empty());
    CHECK(cache.parses() == 1);
  }
  SUBCASE("a file whose marks need no bracket is parsed; one whose marks stand under no stage is not")
  {
    const std::string flag = "# Flag\n\n## Phase 1: Staff (1%)\n\nStatus: ✅ DONE\n";
    const auto* version = cache.version_of("f.md", k_none, blob(5), {}, reader(flag, reads));
    REQUIRE(version);
    REQUIRE(version->items.size() == 1);
    CHECK(version->items[0].ticked);
    CHECK(version->items[0].status == "✅ DONE");
    CHECK(cache.parses() == 3); // "# C" before, then both pieces of the flag
    const std::string changelog = "# Changelog\n\n## 2.1.0\n\n- ✅ Dark mode\n";
    CHECK(cache.version_of("n.md", k_none, blob(6), {}, reader(changelog, reads))->items.empty());
    CHECK(cache.parses() == 3);
  }
  SUBCASE("an unreadable blob has no version")
  {
    CHECK(cache.version_of("c.md", blob(1), blob(4), {}, [] { return std::optional<std::string_view>(); }) == nullptr);
  }
}

TEST_CASE("VersionCache: a version whose bytes were parsed before the walk")
{
  const std::string bytes = "# Rollout\n\n## Canary\n\n- [x] Switch 10% of traffic.\n- [ ] Watch the error rate.\n";
  const markdown::Document parsed = evidence::read_document(words(), "c.md", bytes);
  history::ParsedMap known;
  known.documents.emplace(std::string(reinterpret_cast<const char*>(blob(7).id), GIT_OID_RAWSZ), &parsed);
  VersionCache cache(words(), true, &known);
  VersionCache plain(words(), false);
  int reads = 0;

  SUBCASE("is read from that parse: not loaded, and what a parse of the bytes gives")
  {
    const auto* version = cache.version_of("c.md", k_none, blob(7), {}, reader(bytes, reads));
    REQUIRE(version);
    CHECK(reads == 0);
    CHECK(cache.parses() == 0);
    const auto* reference = plain.version_of("c.md", k_none, blob(7), {}, reader(bytes, reads));
    REQUIRE(reference);
    REQUIRE(version->items.size() == reference->items.size());
    for (size_t i = 0; i < version->items.size(); ++i) {
      CHECK(version->items[i].text == reference->items[i].text);
      CHECK(version->items[i].section == reference->items[i].section);
      CHECK(version->items[i].ticked == reference->items[i].ticked);
      CHECK(version->items[i].line == reference->items[i].line);
      CHECK(version->items[i].column == reference->items[i].column);
      CHECK(version->items[i].status == reference->items[i].status);
    }
  }
  SUBCASE("a work log's version is read from its own bytes: the parse lacks the prose its entries need")
  {
    const auto* version = cache.version_of("c.md", k_none, blob(7), {true, false}, reader(bytes, reads));
    REQUIRE(version);
    CHECK(reads == 1);
  }
  SUBCASE("other bytes, and the walk without shortcuts, parse their own")
  {
    REQUIRE(cache.version_of("c.md", k_none, blob(8), {}, reader(bytes, reads)));
    CHECK(reads == 1);
    VersionCache off(words(), false, &known);
    REQUIRE(off.version_of("c.md", k_none, blob(7), {}, reader(bytes, reads)));
    CHECK(reads == 2);
  }
}
