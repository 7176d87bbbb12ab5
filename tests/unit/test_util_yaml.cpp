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

TEST_CASE("load_own_yaml")
{
  SUBCASE("the same tree as load_yaml, and a syntax error where load_yaml puts it")
  {
    const std::string text = "pack: p\nrules:\n  - id: a\n    help: |\n      two\n      lines\n";
    auto own = util::load_own_yaml("rules/default.yaml", text);
    auto checked = util::load_yaml("rules/default.yaml", text);
    REQUIRE(own);
    REQUIRE(checked);
    CHECK(YAML::Dump(*own) == YAML::Dump(*checked));
    CHECK((*own)["rules"][0]["help"].Mark().line == (*checked)["rules"][0]["help"].Mark().line);
    auto broken = util::load_own_yaml("rules/default.yaml", "a: 1\nb: [1, 2\n");
    REQUIRE_FALSE(broken);
    CHECK(broken.error() == util::load_yaml("rules/default.yaml", "a: 1\nb: [1, 2\n").error());
  }
  SUBCASE("no bounds pass: a text of ours is trusted with aliases load_yaml would refuse")
  {
    std::string shared = "a: &a [x, x]\n";
    for (int i = 0; i < 120; ++i) {
      shared += "k" + std::to_string(i) + ": *a\n";
    }
    CHECK_FALSE(util::load_yaml("rules/default.yaml", shared));
    auto own = util::load_own_yaml("rules/default.yaml", shared);
    REQUIRE(own);
    CHECK((*own)["k119"][1].Scalar() == "x");
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

TEST_CASE("parse_yaml")
{
  SUBCASE("what aliases expand to is counted before any node is built")
  {
    // 100 aliases, within the textual limit, standing for 10^10 nodes.
    std::string bomb = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int level = 1; level <= 10; ++level) {
      bomb += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
      for (int i = 0; i < 10; ++i) {
        bomb += (i ? ", *l" : "*l") + std::to_string(level - 1);
      }
      bomb += "]\n";
    }
    const auto parsed = util::parse_yaml(bomb);
    REQUIRE(parsed.error);
    CHECK(parsed.error->over_limit);
    CHECK(parsed.error->message == "expands to more than 100000 YAML nodes (aliases included)");
    CHECK(parsed.error->line == 5);
  }
  SUBCASE("aliases within the limits load and stay shared")
  {
    const auto parsed = util::parse_yaml("a: &a [1, 2]\nb: *a\nc: [*a, *a]\n");
    REQUIRE_FALSE(parsed.error);
    CHECK(parsed.root["c"][1][1].Scalar() == "2");
  }
  SUBCASE("block nesting, which no bracket shows, is bounded as it is parsed")
  {
    std::string deep;
    for (int i = 0; i < 1000; ++i) {
      deep += std::string(static_cast<size_t>(i), ' ') + "k:\n";
    }
    const auto parsed = util::parse_yaml(deep);
    REQUIRE(parsed.error);
    CHECK(parsed.error->message == "nests YAML deeper than 64 levels");
    CHECK(parsed.error->line == 65);
  }
  SUBCASE("an alias nested in its own anchor is a cycle")
  {
    const auto parsed = util::parse_yaml("a: &a [x, *a]\n");
    REQUIRE(parsed.error);
    CHECK(parsed.error->message == "a YAML alias refers to a node that contains it");
  }
  SUBCASE("nesting through an alias counts")
  {
    util::YamlLimits limits;
    limits.max_nesting = 3;
    CHECK_FALSE(util::parse_yaml("a: &a [[x]]\n", limits).error);
    const auto parsed = util::parse_yaml("a: &a [[x]]\nb: [*a]\n", limits);
    REQUIRE(parsed.error);
    CHECK(parsed.error->message == "nests YAML deeper than 3 levels");
  }
  SUBCASE("syntax errors keep yaml-cpp's message and position, 1-based")
  {
    const auto parsed = util::parse_yaml("a: [1, 2\n");
    REQUIRE(parsed.error);
    CHECK_FALSE(parsed.error->over_limit);
    CHECK(parsed.error->line == 2);
  }
}

TEST_CASE("yaml_location")
{
  SUBCASE("a byte inside a scalar: plain, single- and double-quoted")
  {
    const std::string text = "a: x{dir}/x\nb: 'it''s {dir}'\nc: \"\\t{dir}\"\nd: |\n  {dir}\n";
    const YAML::Node root = YAML::Load(text);
    CHECK(util::yaml_location("p.yaml", text, root["a"], 7) == "p.yaml:1:11");
    CHECK(util::yaml_location("p.yaml", text, root["b"], 5) == "p.yaml:2:11"); // '' is one quote
    CHECK(util::yaml_location("p.yaml", text, root["c"], 1) == "p.yaml:3:7");  // \t is one tab
    CHECK(util::yaml_location("p.yaml", text, root["d"], 1) == "p.yaml:4:4");  // a block scalar: the scalar itself
    CHECK(util::yaml_location("p.yaml", text, root["a"], std::string::npos) == "p.yaml:1:4");
    CHECK(util::yaml_location("p.yaml", text, root["a"], 99) == "p.yaml:1:4"); // past the value
  }
}
