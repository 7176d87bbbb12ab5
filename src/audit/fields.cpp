#include "audit/fields.hpp"

#include "markdown/front_matter.hpp"
#include "util/path.hpp"
#include "util/text.hpp"
#include "util/yaml.hpp"

#include <fmt/format.h>

#include <cctype>

namespace audit {

namespace {

// The node at a dotted key, walked without assigning to yaml-cpp nodes (assignment writes through).
YAML::Node node_at(const YAML::Node& root, std::string_view dotted)
{
  YAML::Node node;
  node.reset(root);
  for (auto part : util::split(dotted, '.')) {
    if (!node || !node.IsMap()) {
      return YAML::Node(YAML::NodeType::Undefined);
    }
    const YAML::Node& parent = node;
    const YAML::Node child = parent[std::string(part)];
    if (!child) {
      return YAML::Node(YAML::NodeType::Undefined); // reset() refuses a missing key's node
    }
    node.reset(child);
  }
  return node;
}

std::string kind_of(const YAML::Node& node)
{
  return node.IsSequence() ? "a list" : "a map";
}

// A value at a key, or what is wrong, worded for `owner` ("metadata file `x/meta.yaml`", "the front matter").
util::Expected<std::string> value_in(const YAML::Node& root, const std::string& key, const std::string& owner)
{
  const YAML::Node node = node_at(root, key);
  if (node && (node.IsSequence() || node.IsMap())) {
    return util::Failure{fmt::format("{} has {} at `{}`, not a value", owner, kind_of(node), key)};
  }
  if (auto value = scalar_at(root, key)) {
    return *value;
  }
  return util::Failure{fmt::format("{} has no key `{}`", owner, key)};
}

// "2. Validation Stage (10 Percent Traffic)" -> "validation-stage".
std::string stage_slug(const std::string& title)
{
  std::string words;
  int depth = 0;
  for (char c : title) {
    depth += c == '(' ? 1 : 0;
    if (depth == 0) {
      words += c;
    }
    depth -= c == ')' && depth > 0 ? 1 : 0;
  }
  std::string slug = util::slugify(words);
  while (!slug.empty() && (std::isdigit(static_cast<unsigned char>(slug.front())) || slug.front() == '-')) {
    slug.erase(0, 1);
  }
  return slug;
}

struct Front
{
  YAML::Node root;
  std::string problem;
};

Front front_of(const markdown::FrontMatter& front_matter, const std::string& path)
{
  if (!front_matter.present) {
    return {YAML::Node(), fmt::format("`{}` has no front matter", path)};
  }
  if (front_matter.error) {
    return {YAML::Node(), fmt::format("the front matter of `{}` is not readable YAML (line {}: {})", path, front_matter.error->line,
                                      front_matter.error->message)};
  }
  return {front_matter.root(), ""};
}

Metadata read_metadata(const Facts& facts, const Rule& rule, const DocumentFields& fields, const Stamp& when)
{
  Metadata metadata;
  if (!rule.sidecar) {
    return metadata;
  }
  auto built = rule.sidecar->expand(fields);
  if (!built) {
    metadata.problem = fmt::format("the metadata file's path '{}' cannot be built: {}", rule.sidecar->text(), built.error());
    return metadata;
  }
  const auto normalized = util::normalize_relative(*built);
  metadata.path = normalized ? *normalized : *built;
  const FileAt file = normalized ? facts.timeline->file_at(*normalized, when) : FileAt{};
  if (!file.exists) {
    metadata.problem = fmt::format("metadata file `{}` is missing", metadata.path);
  } else if (!file.text) {
    metadata.problem = fmt::format("metadata file `{}` is not text", metadata.path);
  } else if (auto loaded = util::load_yaml(metadata.path, *file.text); !loaded) {
    metadata.problem = fmt::format("metadata file `{}` is not readable YAML ({})", metadata.path, loaded.error());
  } else {
    metadata.root = *loaded;
  }
  return metadata;
}

} // namespace

DocumentFields::DocumentFields(const DocumentFacts& document, YAML::Node front, std::string front_problem, Metadata metadata)
  : m_document(&document),
    m_front(std::move(front)),
    m_front_problem(std::move(front_problem)),
    m_metadata(std::move(metadata))
{
}

void DocumentFields::set_item(int item)
{
  m_item = item >= 0;
  m_stage = item >= 0 ? m_document->stage_of_item(item) : -1;
}

util::Expected<std::string> DocumentFields::value(const Field& field) const
{
  const std::string& path = m_document->path;
  switch (field.kind) {
  case FieldKind::dir:
    return std::string(util::dirname(path));
  case FieldKind::name:
    return std::string(util::basename(path));
  case FieldKind::stem: {
    const auto name = util::basename(path);
    return std::string(name.substr(0, name.rfind('.')));
  }
  case FieldKind::path:
    return path;
  case FieldKind::stage:
  case FieldKind::stage_number: {
    const auto* stage_of = m_stage >= 0 ? &m_document->stages[static_cast<size_t>(m_stage)] : nullptr;
    if (!stage_of || stage_of->section < 0) { // boxes before any heading form a stage without a title
      return util::Failure{m_item ? "the box is under no stage heading" : "no box to take a stage from"};
    }
    const auto& stage = *stage_of;
    if (field.kind == FieldKind::stage) {
      return stage_slug(stage.title);
    }
    const int number = stage.section >= 0 ? m_document->document.sections[static_cast<size_t>(stage.section)].number : -1;
    if (number < 0) {
      return util::Failure{fmt::format("the stage heading '{}' has no number", stage.title)};
    }
    return std::to_string(number);
  }
  case FieldKind::front:
    if (!m_front_problem.empty()) {
      return util::Failure{m_front_problem};
    }
    return value_in(m_front, field.key, "the front matter");
  case FieldKind::sidecar:
    if (!m_metadata.problem.empty()) {
      return util::Failure{m_metadata.problem};
    }
    return value_in(m_metadata.root, field.key, fmt::format("metadata file `{}`", m_metadata.path));
  }
  return util::Failure{"unknown field"};
}

std::optional<std::string> scalar_at(const YAML::Node& root, std::string_view dotted)
{
  const YAML::Node node = node_at(root, dotted);
  if (!node || !node.IsScalar() || node.Scalar().empty()) {
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<DocumentFields> fields_as_of(const Facts& facts, const Rule& rule, const DocumentFacts& document, const Stamp& when)
{
  Front front = front_of(document.document.front_matter, document.path);
  if (when.committed) {
    const FileAt checklist = facts.timeline->file_at(document.path, when);
    if (!checklist.known) {
      return std::nullopt;
    }
    if (checklist.exists) { // a checklist moved since keeps the front matter it has now
      const auto split = markdown::split_front_matter(checklist.text.value_or(""));
      front = front_of(split.front_matter, document.path);
    }
  }
  DocumentFields fields(document, front.root, front.problem, Metadata{});
  Metadata metadata = read_metadata(facts, rule, fields, when);
  return DocumentFields(document, front.root, front.problem, std::move(metadata));
}

DocumentFields fields_now(const Facts& facts, const Rule& rule, const DocumentFacts& document)
{
  Stamp now;
  now.time = facts.timeline->now();
  return *fields_as_of(facts, rule, document, now);
}

bool where_holds(const std::vector<WhereCondition>& where, const FieldValues& values)
{
  for (const auto& condition : where) {
    auto value = condition.field.expand(values);
    if (!value) {
      return false; // a document without the value is not one the condition is about
    }
    auto failed = failed_test(condition.test, *value, values);
    if (!failed || *failed) {
      return false;
    }
  }
  return true;
}

} // namespace audit
