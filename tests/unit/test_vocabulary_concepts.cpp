#include "vocabulary/concepts.hpp"

#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <set>

TEST_CASE("concepts")
{
  std::set<std::string_view> ids;
  for (const auto& spec : vocabulary::concepts()) {
    CAPTURE(spec.id);
    CHECK(ids.insert(spec.id).second);
    CHECK(&vocabulary::spec(spec.which) == &spec);
    CHECK(vocabulary::find_concept(spec.id) == &spec);
    CHECK_FALSE(spec.description.empty());
    CHECK((spec.fixed_groups.empty() || spec.shape == vocabulary::Shape::groups));
  }
  CHECK(vocabulary::find_concept("no-such-concept") == nullptr);
}

TEST_CASE("every concept has a section in docs/vocabulary.md")
{
  const std::string doc = test_support::read_file(ROLLOUT_AUDIT_SOURCE_DIR "/docs/vocabulary.md");
  REQUIRE_FALSE(doc.empty());
  for (const auto& spec : vocabulary::concepts()) {
    CAPTURE(spec.id);
    const std::string heading = "\n### `" + std::string(spec.id) + "`\n";
    const size_t at = doc.find(heading);
    REQUIRE(at != std::string::npos);
    // Text under the heading, before the next one: what the mechanism does with the entries.
    const size_t body = at + heading.size();
    CHECK(doc.compare(body, 3, "###") != 0);
    CHECK(doc.size() > body + 1);
  }
}
