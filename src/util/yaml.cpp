#include "util/yaml.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

namespace util {

namespace {

constexpr size_t k_max_aliases = 100;
constexpr int k_max_nesting = 64;

// A cheap textual pre-check: an alias bomb needs many "*name" aliases, and deep nesting many openers.
std::optional<std::string> refuse_hostile(std::string_view text)
{
  size_t aliases = 0;
  int depth = 0;
  int max_depth = 0;
  bool in_quote = false;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quote) {
      in_quote = c != quote;
      continue;
    }
    if (c == '"' || c == '\'') {
      in_quote = true;
      quote = c;
    } else if (c == '*' && i + 1 < text.size() && (std::isalnum(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '_')
               && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '[' || text[i - 1] == ',' || text[i - 1] == '\n')) {
      ++aliases;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == '\n') {
      in_quote = false;
    }
  }
  if (aliases > k_max_aliases) {
    return fmt::format("uses {} YAML aliases, over the limit of {}", aliases, k_max_aliases);
  }
  if (max_depth > k_max_nesting) {
    return fmt::format("nests YAML deeper than {} levels", k_max_nesting);
  }
  return std::nullopt;
}

int block_nesting_depth(const YAML::Node& node, int depth)
{
  if (depth > k_max_nesting) {
    return depth;
  }
  int deepest = depth;
  if (node.IsMap()) {
    for (const auto& entry : node) {
      deepest = std::max(deepest, block_nesting_depth(entry.second, depth + 1));
    }
  } else if (node.IsSequence()) {
    for (const auto& element : node) {
      deepest = std::max(deepest, block_nesting_depth(element, depth + 1));
    }
  }
  return deepest;
}

} // namespace

Expected<YAML::Node> load_yaml(std::string_view path, std::string_view text)
{
  if (auto refusal = refuse_hostile(text)) {
    return Failure{fmt::format("{}:1:1: {}", path, *refusal)};
  }
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (block_nesting_depth(root, 0) > k_max_nesting) {
      return Failure{fmt::format("{}:1:1: nests YAML deeper than {} levels", path, k_max_nesting)};
    }
    return root;
  } catch (const YAML::Exception& error) {
    return Failure{fmt::format("{}:{}:{}: {}", path, error.mark.line + 1, error.mark.column + 1, error.msg)};
  }
}

std::string yaml_location(std::string_view path, const YAML::Node& node)
{
  const auto mark = node.Mark();
  if (mark.line < 0) {
    return std::string(path);
  }
  return fmt::format("{}:{}:{}", path, mark.line + 1, mark.column + 1);
}

std::string unknown_key_message(std::string_view path, const YAML::Node& key, const std::vector<std::string>& known)
{
  const std::string name = key.IsScalar() ? key.Scalar() : "?";
  std::string message = fmt::format("{}: unknown key '{}'", yaml_location(path, key), name);
  if (auto suggestion = closest_match(name, known)) {
    message += fmt::format(" (did you mean '{}'?)", *suggestion);
  }
  return message;
}

Expected<std::vector<std::string>> yaml_strings(std::string_view path, const YAML::Node& node)
{
  std::vector<std::string> result;
  if (node.IsScalar()) {
    result.push_back(node.Scalar());
    return result;
  }
  if (node.IsSequence()) {
    for (const auto& element : node) {
      if (!element.IsScalar()) {
        return Failure{fmt::format("{}: expected a string", yaml_location(path, element))};
      }
      result.push_back(element.Scalar());
    }
    return result;
  }
  return Failure{fmt::format("{}: expected a string or a list of strings", yaml_location(path, node))};
}

} // namespace util
