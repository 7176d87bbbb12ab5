#include "util/yaml.hpp"

#include <doctest/doctest.h>

TEST_CASE("load_yaml")
{
  SUBCASE("a syntax error names file, line and column")
  {
    auto loaded = util::load_yaml("rules/x.yaml", "a: 1\nb: [1, 2\n");
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().starts_with("rules/x.yaml:3:1: "));
  }
  SUBCASE("alias bombs are refused before expansion")
  {
    std::string bomb = "a: &a [x, x]\n";
    for (int i = 0; i < 120; ++i) {
      bomb += "k" + std::to_string(i) + ": [*a, *a]\n";
    }
    auto loaded = util::load_yaml("c.yaml", bomb);
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error() == "c.yaml:1:1: uses 240 YAML aliases, over the limit of 100");
  }
  SUBCASE("deep flow nesting is refused")
  {
    auto loaded = util::load_yaml("c.yaml", std::string(200, '[') + std::string(200, ']'));
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error() == "c.yaml:1:1: nests YAML deeper than 64 levels");
  }
}

TEST_CASE("unknown_key_message")
{
  auto loaded = util::load_yaml("c.yaml", "work_logg: x\n");
  REQUIRE(loaded);
  const auto key = loaded->begin()->first;
  CHECK(util::unknown_key_message("c.yaml", key, {"work_log", "exclude"})
        == "c.yaml:1:1: unknown key 'work_logg' (did you mean 'work_log'?)");
}
