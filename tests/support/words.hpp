#pragma once

#include "audit/rule.hpp"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <string>

namespace test_support {

// The default pack's vocabulary: what a run without team packs or configuration reads.
inline const vocabulary::Vocabulary& words()
{
  return audit::default_vocabulary();
}

// The default pack's vocabulary with a team's `vocabulary:` section (YAML) on top.
inline vocabulary::Vocabulary team_words(const std::string& yaml)
{
  auto layer = vocabulary::parse_layer("team.yaml", YAML::Load(yaml));
  REQUIRE_MESSAGE(layer.has_value(), (layer ? "" : layer.error()));
  auto assembled = audit::assemble_vocabulary({audit::default_rule_pack()}, *layer);
  REQUIRE_MESSAGE(assembled.has_value(), (assembled ? "" : assembled.error()));
  return std::move(assembled).value();
}

} // namespace test_support
