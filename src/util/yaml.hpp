#pragma once

#include "util/expected.hpp"

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

namespace util {

// yaml-cpp throws and counts from 0; everything above this file sees Expected results and 1-based
// "file:line:col" locations.

// Loads one document, refusing alias bombs and absurd nesting before yaml-cpp expands them.
Expected<YAML::Node> load_yaml(std::string_view path, std::string_view text);

std::string yaml_location(std::string_view path, const YAML::Node& node);

// "path:line:col: unknown key 'x' (did you mean 'y'?)"
std::string unknown_key_message(std::string_view path, const YAML::Node& key, const std::vector<std::string>& known);

// A string or a list of strings.
Expected<std::vector<std::string>> yaml_strings(std::string_view path, const YAML::Node& node);

} // namespace util
