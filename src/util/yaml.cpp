#include "util/yaml.hpp"

#include "util/text.hpp"

#include <fmt/format.h>
#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <cctype>
#include <map>
#include <sstream>

namespace util {

namespace {

// A cheap textual pre-check, before yaml-cpp sees the text: an alias bomb needs many "*name" aliases, and
// deep flow nesting many openers (yaml-cpp's parser recurses on each).
std::optional<std::string> refuse_hostile(std::string_view text, const YamlLimits& limits)
{
  size_t aliases = 0;
  int depth = 0;
  int max_depth = 0;
  bool in_quote = false;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quote) {
      in_quote = c != quote && c != '\n';
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
    }
  }
  if (aliases > limits.max_aliases) {
    return fmt::format("uses {} YAML aliases, over the limit of {}", aliases, limits.max_aliases);
  }
  if (max_depth > limits.max_nesting) {
    return fmt::format("nests YAML deeper than {} levels", limits.max_nesting);
  }
  return std::nullopt;
}

struct Refusal
{
  YAML::Mark mark;
  std::string message;
};

// Follows yaml-cpp's parse events and adds up what every alias would expand to, without building a node:
// a few hundred bytes of nested aliases stand for billions of nodes. Throws Refusal at the first event over
// a limit, which also stops yaml-cpp's recursive descent at the nesting limit.
class ExpansionCounter : public YAML::EventHandler
{
public:
  explicit ExpansionCounter(const YamlLimits& limits) : m_limits(limits)
  {
  }

  void OnDocumentStart(const YAML::Mark&) override
  {
  }
  void OnDocumentEnd() override
  {
  }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    leaf(mark, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
  {
    const auto found = m_finished.find(anchor);
    if (found == m_finished.end()) {
      throw Refusal{mark, "a YAML alias refers to a node that contains it"};
    }
    add(mark, found->second.nodes, found->second.height);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string&) override
  {
    leaf(mark, anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
  {
    open(mark, anchor);
  }
  void OnSequenceEnd() override
  {
    close();
  }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
  {
    open(mark, anchor);
  }
  void OnMapEnd() override
  {
    close();
  }

private:
  struct Size
  {
    uint64_t nodes = 0;
    int height = 0; // collections inside each other, this one included; 0 for a scalar
  };
  struct Frame
  {
    YAML::anchor_t anchor = YAML::NullAnchor;
    Size size;
  };

  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor)
  {
    add(mark, 1, 0);
    if (anchor != YAML::NullAnchor) {
      m_finished[anchor] = Size{1, 0};
    }
  }

  void add(const YAML::Mark& mark, uint64_t nodes, int height)
  {
    if (static_cast<int64_t>(m_open.size()) + height > m_limits.max_nesting) {
      throw Refusal{mark, fmt::format("nests YAML deeper than {} levels", m_limits.max_nesting)};
    }
    m_total = nodes > m_limits.max_nodes ? m_limits.max_nodes + 1 : m_total + nodes;
    if (m_total > m_limits.max_nodes) {
      throw Refusal{mark, fmt::format("expands to more than {} YAML nodes (aliases included)", m_limits.max_nodes)};
    }
    if (!m_open.empty()) {
      m_open.back().size.nodes += nodes;
      m_open.back().size.height = std::max(m_open.back().size.height, height);
    }
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor)
  {
    add(mark, 1, 1);
    m_open.push_back(Frame{anchor, Size{1, 0}});
  }

  void close()
  {
    if (m_open.empty()) {
      return;
    }
    const Frame frame = m_open.back();
    m_open.pop_back();
    const Size size{frame.size.nodes, frame.size.height + 1};
    if (frame.anchor != YAML::NullAnchor) {
      m_finished[frame.anchor] = size;
    }
    if (!m_open.empty()) {
      // Its own node was counted when it opened; its children as they came.
      m_open.back().size.nodes += size.nodes - 1;
      m_open.back().size.height = std::max(m_open.back().size.height, size.height);
    }
  }

  const YamlLimits& m_limits;
  std::vector<Frame> m_open;
  std::map<YAML::anchor_t, Size> m_finished;
  uint64_t m_total = 0;
};

YamlError error_at(const YAML::Mark& mark, std::string message)
{
  return YamlError{mark.line >= 0 ? mark.line + 1 : 1, mark.column >= 0 ? mark.column + 1 : 1, std::move(message)};
}

// The nodes of a text, or where yaml-cpp stopped: the last step of every load, bounded or not.
void build_nodes(const std::string& text, ParsedYaml& parsed)
{
  try {
    parsed.root = YAML::Load(text);
  } catch (const YAML::Exception& error) {
    parsed.error = error_at(error.mark, error.msg);
  } catch (const std::exception& error) {
    parsed.error = YamlError{1, 1, error.what()};
  }
}

Expected<YAML::Node> located(std::string_view path, ParsedYaml parsed)
{
  if (parsed.error) {
    return Failure{fmt::format("{}:{}:{}: {}", path, parsed.error->line, parsed.error->column, parsed.error->message)};
  }
  return std::move(parsed.root);
}

} // namespace

ParsedYaml parse_yaml(std::string_view text, const YamlLimits& limits)
{
  ParsedYaml parsed;
  if (auto refusal = refuse_hostile(text, limits)) {
    parsed.error = YamlError{1, 1, *refusal, true};
    return parsed;
  }
  const std::string owned(text);
  try {
    std::istringstream stream(owned);
    YAML::Parser parser(stream);
    ExpansionCounter counter(limits);
    parser.HandleNextDocument(counter);
  } catch (const Refusal& refusal) {
    parsed.error = error_at(refusal.mark, refusal.message);
    parsed.error->over_limit = true;
    return parsed;
  } catch (const YAML::Exception& error) {
    parsed.error = error_at(error.mark, error.msg);
    return parsed;
  } catch (const std::exception& error) {
    parsed.error = YamlError{1, 1, error.what()};
    return parsed;
  }
  build_nodes(owned, parsed);
  return parsed;
}

Expected<YAML::Node> load_yaml(std::string_view path, std::string_view text)
{
  return located(path, parse_yaml(text));
}

Expected<YAML::Node> load_own_yaml(std::string_view path, std::string_view text)
{
  ParsedYaml parsed;
  build_nodes(std::string(text), parsed);
  return located(path, std::move(parsed));
}

std::string yaml_location(std::string_view path, const YAML::Node& node)
{
  const auto mark = node.Mark();
  if (mark.line < 0) {
    return std::string(path);
  }
  return fmt::format("{}:{}:{}", path, mark.line + 1, mark.column + 1);
}

namespace {

// How many source bytes a double-quoted escape takes ("\\n", "\\x41", "\\u00e9").
size_t escape_length(std::string_view text, size_t at)
{
  if (at + 1 >= text.size()) {
    return 1;
  }
  switch (text[at + 1]) {
  case 'x':
    return 4;
  case 'u':
    return 6;
  case 'U':
    return 10;
  default:
    return 2;
  }
}

// The source byte of the value's `offset`th byte, or nullopt where the value does not map to one line.
std::optional<size_t> scalar_source_offset(std::string_view text, size_t start, size_t offset)
{
  if (start >= text.size()) {
    return std::nullopt;
  }
  const char quote = text[start];
  if (quote != '"' && quote != '\'') {
    if (quote == '|' || quote == '>') {
      return std::nullopt;
    }
    const size_t end = start + offset;
    return end <= text.size() && text.substr(start, offset).find('\n') == std::string_view::npos ? std::optional(end) : std::nullopt;
  }
  size_t at = start + 1;
  for (size_t decoded = 0; decoded < offset; ++decoded) {
    if (at >= text.size() || text[at] == '\n') {
      return std::nullopt;
    }
    if (text[at] == quote && (quote == '"' || at + 1 >= text.size() || text[at + 1] != '\'')) {
      return std::nullopt; // the closing quote: the offset is past the value
    }
    at += quote == '"' && text[at] == '\\' ? escape_length(text, at) : (quote == '\'' && text[at] == '\'' ? 2 : 1);
  }
  return at;
}

} // namespace

std::string yaml_location(std::string_view path, std::string_view text, const YAML::Node& node, size_t offset)
{
  const auto mark = node.Mark();
  if (mark.line < 0 || mark.pos < 0 || offset == std::string::npos || !node.IsScalar()) {
    return yaml_location(path, node);
  }
  const auto start = static_cast<size_t>(mark.pos);
  const auto at = scalar_source_offset(text, start, offset);
  if (!at) {
    return yaml_location(path, node);
  }
  return fmt::format("{}:{}:{}", path, mark.line + 1, mark.column + 1 + static_cast<int>(*at - start));
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
