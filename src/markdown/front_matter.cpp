#include "markdown/front_matter.hpp"

#include "util/yaml.hpp"

#include <mutex>

namespace markdown {

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

// yaml-cpp shares aliased nodes when loading, but anything that walks or emits the tree later expands them;
// a "billion laughs" front matter is refused before it gets that far. No real front matter comes close.
constexpr size_t k_max_aliases = 100;

std::string_view trim_trailing_blanks(std::string_view line)
{
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  return line;
}

bool is_opening_fence(std::string_view line)
{
  return trim_trailing_blanks(line) == "---";
}

bool is_closing_fence(std::string_view line)
{
  const std::string_view fence = trim_trailing_blanks(line);
  return fence == "---" || fence == "...";
}

// The line that starts at `position`, without its terminator, as util::split_lines cuts them; `position`
// moves past the terminator.
std::string_view next_line(std::string_view text, size_t& position)
{
  const size_t start = position;
  size_t end = start;
  while (end < text.size() && text[end] != '\n' && text[end] != '\r') {
    ++end;
  }
  position = end;
  if (position < text.size()) {
    const bool crlf = text[position] == '\r' && position + 1 < text.size() && text[position + 1] == '\n';
    position += crlf ? 2 : 1;
  }
  return text.substr(start, end - start);
}

bool starts_alias_token(char previous)
{
  return previous == ' ' || previous == '\t' || previous == '\n' || previous == '[' || previous == '{'
         || previous == ',';
}

bool is_alias_name_char(char c)
{
  return c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',' && c != '[' && c != ']' && c != '{'
         && c != '}' && c != '*';
}

// A textual count is enough: it only has to be an upper bound that ordinary front matter never reaches.
size_t count_aliases(std::string_view yaml)
{
  size_t count = 0;
  for (size_t i = 0; i + 1 < yaml.size(); ++i) {
    if (yaml[i] == '*' && (i == 0 || starts_alias_token(yaml[i - 1])) && is_alias_name_char(yaml[i + 1])) {
      ++count;
    }
  }
  return count;
}

int first_yaml_line(const FrontMatter& front_matter)
{
  return front_matter.first_line + 1;
}

// yaml-cpp marks are 0-based and relative to the YAML text; messages need original-file lines.
FrontMatterError error_at(const FrontMatter& front_matter, const YAML::Mark& mark, std::string message)
{
  FrontMatterError error;
  error.line = first_yaml_line(front_matter) + (mark.line >= 0 ? mark.line : 0);
  if (error.line > front_matter.last_line) {
    error.line = front_matter.last_line;
  }
  error.column = mark.column >= 0 ? mark.column + 1 : 1;
  error.message = std::move(message);
  return error;
}

std::vector<FrontMatterField> collect_fields(const FrontMatter& front_matter, const YAML::Node& root)
{
  std::vector<FrontMatterField> fields;
  for (const auto& entry : root) {
    if (!entry.first.IsScalar()) {
      continue;
    }
    FrontMatterField field;
    field.key = entry.first.Scalar();
    field.value = entry.second.IsScalar() ? entry.second.Scalar() : std::string();
    const YAML::Mark mark = entry.first.Mark();
    field.line = first_yaml_line(front_matter) + (mark.line >= 0 ? mark.line : 0);
    field.column = mark.column >= 0 ? mark.column + 1 : 1;
    fields.push_back(std::move(field));
  }
  return fields;
}

void parse_yaml(FrontMatter& front_matter)
{
  if (count_aliases(front_matter.yaml_text) > k_max_aliases) {
    front_matter.error = error_at(front_matter, YAML::Mark::null_mark(), "front matter uses too many YAML aliases");
    return;
  }
  // Nesting and what the aliases expand to are bounded before any node is built (util::parse_yaml).
  util::ParsedYaml parsed = util::parse_yaml(front_matter.yaml_text);
  if (parsed.error) {
    YAML::Mark mark;
    mark.line = parsed.error->line - 1;
    mark.column = parsed.error->column - 1;
    front_matter.fields.clear();
    front_matter.error = error_at(front_matter, mark, parsed.error->message);
    return;
  }
  const YAML::Node& root = parsed.root;
  try {
    if (root.IsNull()) {
      // "---\n---" and comment-only front matter: present, just without fields.
      front_matter.set_root(YAML::Node(YAML::NodeType::Map));
      return;
    }
    if (!root.IsMap()) {
      front_matter.error = error_at(front_matter, root.Mark(), "front matter is not a mapping");
      return;
    }
    front_matter.fields = collect_fields(front_matter, root);
    front_matter.set_root(root);
  } catch (const YAML::Exception& e) {
    front_matter.fields.clear();
    front_matter.set_root(YAML::Node()); // the tree may hold part of the mapping: none rather than part
    front_matter.error = error_at(front_matter, e.mark, e.msg);
  }
}

} // namespace

const YAML::Node& FrontMatter::root() const
{
  static std::mutex building; // checks running at once may ask for one document's tree
  const std::lock_guard lock(building);
  if (!m_root) {
    m_root.emplace();
  }
  if (m_root_deferred) {
    m_root_deferred = false;
    // What parse_yaml below built from the same text, which passed its bounds once already; absent or
    // broken front matter keeps the null node.
    if (present && !error) {
      util::ParsedYaml parsed = util::parse_yaml(yaml_text);
      if (!parsed.error) {
        m_root.emplace(parsed.root.IsNull() ? YAML::Node(YAML::NodeType::Map) : parsed.root);
      }
    }
  }
  return *m_root;
}

void FrontMatter::set_root(const YAML::Node& node)
{
  m_root.emplace(node);
  m_root_deferred = false;
}

void FrontMatter::defer_root()
{
  m_root_deferred = true;
}

const FrontMatterField* FrontMatter::field(std::string_view key) const
{
  for (const auto& candidate : fields) {
    if (candidate.key == key) {
      return &candidate;
    }
  }
  return nullptr;
}

std::string SplitDocument::body() const
{
  std::string body(static_cast<size_t>(blank_lines), '\n');
  body += rest;
  return body;
}

namespace {

// The front matter's lines between its fences, and where the Markdown after the closing fence starts;
// nullopt when the bytes (after a BOM) open no fence or never close it.
struct Fenced
{
  std::vector<std::string_view> yaml_lines;
  size_t rest = 0;
};

std::optional<Fenced> find_fences(std::string_view bytes)
{
  // Only the lines up to the closing fence are looked at: most files have no front matter at all.
  size_t position = 0;
  if (bytes.empty() || !is_opening_fence(next_line(bytes, position))) {
    return std::nullopt;
  }
  Fenced fenced;
  while (position < bytes.size()) {
    const std::string_view line = next_line(bytes, position);
    if (is_closing_fence(line)) {
      fenced.rest = position;
      return fenced;
    }
    fenced.yaml_lines.push_back(line);
  }
  return std::nullopt;
}

std::string_view without_bom(std::string_view bytes)
{
  return bytes.starts_with(k_bom) ? bytes.substr(k_bom.size()) : bytes;
}

} // namespace

SplitDocument split_front_matter(std::string_view bytes)
{
  bytes = without_bom(bytes);
  SplitDocument split;
  split.rest = bytes;
  auto fenced = find_fences(bytes);
  if (!fenced) {
    return split;
  }
  FrontMatter& front_matter = split.front_matter;
  const size_t closing = fenced->yaml_lines.size() + 1;
  front_matter.present = true;
  front_matter.first_line = 1;
  front_matter.last_line = static_cast<int>(closing) + 1;
  for (std::string_view yaml_line : fenced->yaml_lines) {
    front_matter.yaml_text += yaml_line;
    front_matter.yaml_text += '\n';
  }
  parse_yaml(front_matter);

  // One "\n" per front-matter line keeps every later line where it was, whatever the file's line endings.
  split.blank_lines = static_cast<int>(closing) + 1;
  split.rest = bytes.substr(fenced->rest);
  return split;
}

int front_matter_lines(std::string_view bytes)
{
  const auto fenced = find_fences(without_bom(bytes));
  return fenced ? static_cast<int>(fenced->yaml_lines.size()) + 2 : 0;
}

} // namespace markdown
