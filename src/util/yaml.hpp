#pragma once

#include "util/expected.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace util {

// yaml-cpp throws and counts from 0; everything above this file sees Expected results and 1-based
// "file:line:col" locations.

// What one YAML text may cost once every alias is expanded: yaml-cpp shares aliased nodes when loading,
// but anything that walks, copies or emits the tree later expands them, so a "billion laughs" document of a
// few hundred bytes would hang whoever reads it next.
struct YamlLimits
{
  size_t max_aliases = 100;   // "*name" aliases, counted in the text before parsing
  size_t max_nodes = 100000;  // scalars, sequences and maps with every alias expanded
  int max_nesting = 64;       // sequences and maps inside each other, aliases expanded
};

struct YamlError
{
  int line = 1;   // 1-based, within the YAML text
  int column = 1; // 1-based
  std::string message;
  bool over_limit = false; // refused by YamlLimits rather than a syntax error
};

// Parses the first document of `text`. Never throws: syntax errors and texts over the limits (checked on
// yaml-cpp's parse events, before any node is built or expanded) come back as an error. An alias to a
// node that encloses it (a cycle) is refused too.
struct ParsedYaml
{
  YAML::Node root;
  std::optional<YamlError> error;
};
ParsedYaml parse_yaml(std::string_view text, const YamlLimits& limits = {});

// Loads one document, refusing alias bombs and absurd nesting before yaml-cpp expands them; the error
// reads "path:line:col: what".
Expected<YAML::Node> load_yaml(std::string_view path, std::string_view text);

// Loads a text this program carries (the built-in rule pack), which its tests hold to the limits: parsed
// once, without load_yaml's pass over the parse events, which would double the cost on every run's start.
Expected<YAML::Node> load_own_yaml(std::string_view path, std::string_view text);

std::string yaml_location(std::string_view path, const YAML::Node& node);

// The location of the `offset`th byte of a scalar's value, found in the YAML source `text`: a fault inside a
// template or a pattern is shown where it is, not at the start of the string. Quotes and escapes are
// stepped over; block scalars and values that span lines point at the scalar itself.
std::string yaml_location(std::string_view path, std::string_view text, const YAML::Node& node, size_t offset);

// "path:line:col: unknown key 'x' (did you mean 'y'?)"
std::string unknown_key_message(std::string_view path, const YAML::Node& key, const std::vector<std::string>& known);

// A string or a list of strings.
Expected<std::vector<std::string>> yaml_strings(std::string_view path, const YAML::Node& node);

} // namespace util
