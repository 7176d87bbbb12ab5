#include "markdown/document_cache.hpp"

#include "markdown/document_codec.hpp"

#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <fstream>

namespace {

const char* const k_checklist = "# Widget\n\n## 1. Validation\n\n- [x] Route 10 percent of traffic.\n";

std::string encoded(const markdown::Document& document)
{
  util::ByteWriter out;
  markdown::encode_document(document, out);
  return out.take();
}

} // namespace

TEST_CASE("DocumentCache")
{
  test_support::TempTree tree;
  const auto file = tree.root() / "rollout-audit" / "documents.bin";
  const auto document = markdown::parse_document("docs/a.md", k_checklist);
  const std::string id = markdown::content_id_of(k_checklist);
  {
    markdown::DocumentCache cold("key");
    cold.load(file);
    CHECK_FALSE(cold.find(id, "docs/a.md"));
    cold.insert(id, document);
    cold.store(file);
    CHECK(cold.misses() == 1);
  }
  REQUIRE(std::filesystem::exists(file));

  SUBCASE("found again by the bytes' identity, under the path asked for")
  {
    markdown::DocumentCache warm("key");
    warm.load(file);
    const auto found = warm.find(id, "docs/moved.md");
    REQUIRE(found);
    CHECK(found->path == "docs/moved.md");
    auto expected = document;
    expected.path = "docs/moved.md";
    CHECK(encoded(*found) == encoded(expected));
    CHECK(warm.hits() == 1);
  }
  SUBCASE("a run that found everything it needed writes nothing")
  {
    const auto before = std::filesystem::last_write_time(file);
    std::filesystem::last_write_time(file, before - std::chrono::hours(1));
    markdown::DocumentCache warm("key");
    warm.load(file);
    REQUIRE(warm.find(id, "docs/a.md"));
    warm.store(file);
    CHECK(std::filesystem::last_write_time(file) == before - std::chrono::hours(1));
  }
  SUBCASE("documents no run asked for are dropped once they are a quarter of the cache")
  {
    const auto add = [&](const std::vector<std::string>& texts, const std::vector<std::string>& asked) {
      markdown::DocumentCache next("key");
      next.load(file);
      for (const auto& text : asked) {
        CHECK(next.find(markdown::content_id_of(text), "docs/x.md"));
      }
      for (const auto& text : texts) {
        next.insert(markdown::content_id_of(text), markdown::parse_document("docs/x.md", text));
      }
      next.store(file);
    };
    const auto cached = [&](const std::string& text) {
      markdown::DocumentCache after("key");
      after.load(file);
      return after.find(markdown::content_id_of(text), "docs/x.md").has_value();
    };
    add({"# B\n", "# C\n", "# D\n"}, {k_checklist});
    add({"# E\n"}, {k_checklist, "# B\n", "# C\n"}); // one of four unused: kept
    CHECK(cached("# D\n"));
    CHECK(cached("# E\n"));
    add({"# F\n"}, {"# E\n"}); // four of five unused: dropped
    CHECK_FALSE(cached(k_checklist));
    CHECK_FALSE(cached("# B\n"));
    CHECK(cached("# E\n"));
    CHECK(cached("# F\n"));
  }
  SUBCASE("another key (tool version, parse options): nothing found")
  {
    markdown::DocumentCache other("other key");
    other.load(file);
    CHECK_FALSE(other.find(id, "docs/a.md"));
  }
  SUBCASE("a damaged file: nothing found, and it is replaced")
  {
    std::ofstream(file, std::ios::binary | std::ios::app) << "garbage";
    markdown::DocumentCache damaged("key");
    damaged.load(file);
    CHECK_FALSE(damaged.find(id, "docs/a.md"));
    damaged.insert(id, document);
    damaged.store(file);
    markdown::DocumentCache after("key");
    after.load(file);
    CHECK(after.find(id, "docs/a.md"));
  }
}

TEST_CASE("content_id_of")
{
  CHECK(markdown::content_id_of("abc") == markdown::content_id_of("abc"));
  CHECK(markdown::content_id_of("abc") != markdown::content_id_of("abd"));
  CHECK(markdown::content_id_of("abc").starts_with("3-"));
}
