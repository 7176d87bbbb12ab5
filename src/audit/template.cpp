#include "audit/template.hpp"

#include "util/path.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace audit {

namespace {

struct NamedField
{
  std::string_view name;
  FieldKind kind;
};

constexpr std::array<NamedField, 6> k_plain_fields{{
  {"dir", FieldKind::dir},
  {"name", FieldKind::name},
  {"stem", FieldKind::stem},
  {"path", FieldKind::path},
  {"stage", FieldKind::stage},
  {"stage_number", FieldKind::stage_number},
}};

const std::vector<std::string> k_transforms{"lower", "upper", "basename", "dirname", "strip_prefix", "strip_suffix", "capture"};

bool takes_argument(std::string_view transform)
{
  return transform == "strip_prefix" || transform == "strip_suffix" || transform == "capture";
}

std::string known_fields()
{
  return "dir, name, stem, path, stage, stage_number, front.KEY, sidecar.KEY";
}

// "{frnt.release}" -> "front.release": the prefix is compared on its own, the key kept.
std::optional<std::string> suggest_field(std::string_view name)
{
  const size_t dot = name.find('.');
  if (dot != std::string_view::npos) {
    if (auto prefix = util::closest_match(name.substr(0, dot), {"front", "sidecar"})) {
      return *prefix + std::string(name.substr(dot));
    }
    return std::nullopt;
  }
  std::vector<std::string> names;
  for (const auto& field : k_plain_fields) {
    names.emplace_back(field.name);
  }
  return util::closest_match(name, names);
}

std::variant<Field, TemplateError> name_field(std::string_view name, size_t offset)
{
  Field field;
  field.offset = offset;
  for (const auto& known : k_plain_fields) {
    if (name == known.name) {
      field.kind = known.kind;
      return field;
    }
  }
  for (const auto& [prefix, kind] : {std::pair{std::string_view("front"), FieldKind::front}, std::pair{std::string_view("sidecar"), FieldKind::sidecar}}) {
    if (name == prefix || name == std::string(prefix) + ".") {
      return TemplateError{offset, fmt::format("{{{}}} needs a key, as in {{{}.status}}", name.substr(0, prefix.size()), prefix)};
    }
    if (name.starts_with(std::string(prefix) + ".")) {
      field.kind = kind;
      field.key = std::string(name.substr(prefix.size() + 1));
      return field;
    }
  }
  if (name.empty()) {
    return TemplateError{offset, fmt::format("an empty field '{{}}'; fields: {} (write '{{{{' for a literal brace)", known_fields())};
  }
  std::string message = fmt::format("unknown field '{}'", name);
  if (auto suggestion = suggest_field(name)) {
    message += fmt::format(" (did you mean '{}'?)", *suggestion);
  }
  return TemplateError{offset, message + fmt::format("; fields: {}", known_fields())};
}

// A transform's argument: up to the next '|' or '}' outside brackets, or in single quotes.
std::variant<std::string, TemplateError> read_argument(std::string_view text, size_t& at)
{
  std::string argument;
  if (at < text.size() && text[at] == '\'') {
    const size_t open = at++;
    while (true) {
      if (at >= text.size()) {
        return TemplateError{open, "an argument's quote is never closed"};
      }
      if (text[at] == '\'' && (at + 1 >= text.size() || text[at + 1] != '\'')) {
        ++at;
        return argument;
      }
      argument += text[at];
      at += text[at] == '\'' ? 2 : 1;
    }
  }
  // Unquoted, a pattern's own groups and counts stay in: "capture:^(\d{4}|x)" ends at the '}' outside them.
  int depth = 0;
  while (at < text.size() && (depth > 0 || (text[at] != '|' && text[at] != '}'))) {
    const char c = text[at];
    if (c == '\\' && at + 1 < text.size()) {
      argument += text.substr(at, 2);
      at += 2;
      continue;
    }
    depth += (c == '(' || c == '{' || c == '[') ? 1 : 0;
    depth -= (c == ')' || c == '}' || c == ']') && depth > 0 ? 1 : 0;
    argument += c;
    ++at;
  }
  return argument;
}

std::variant<Transform, TemplateError> read_transform(std::string_view text, size_t& at)
{
  const size_t start = at;
  while (at < text.size() && (std::islower(static_cast<unsigned char>(text[at])) || text[at] == '_')) {
    ++at;
  }
  Transform transform;
  transform.name = std::string(text.substr(start, at - start));
  if (std::find(k_transforms.begin(), k_transforms.end(), transform.name) == k_transforms.end()) {
    const size_t end = text.find_first_of(":|}", start);
    const std::string written(text.substr(start, end == std::string_view::npos ? text.size() - start : end - start));
    std::string message = fmt::format("unknown transform '{}'", written);
    if (auto suggestion = util::closest_match(written, k_transforms)) {
      message += fmt::format(" (did you mean '{}'?)", *suggestion);
    }
    return TemplateError{start, message + fmt::format("; transforms: {}", fmt::join(k_transforms, ", "))};
  }
  const bool has_argument = at < text.size() && text[at] == ':';
  if (!takes_argument(transform.name)) {
    if (has_argument) {
      return TemplateError{at, fmt::format("{} takes no argument", transform.name)};
    }
    return transform;
  }
  if (!has_argument) {
    return TemplateError{at, fmt::format("{} needs an argument, as in {}", transform.name,
                                         transform.name == "capture" ? "capture:^(\\d+)" : transform.name + ":v")};
  }
  const size_t argument_at = ++at;
  auto argument = read_argument(text, at);
  if (auto* error = std::get_if<TemplateError>(&argument)) {
    return *error;
  }
  transform.argument = std::get<std::string>(argument);
  if (transform.name == "capture") {
    RE2::Options options;
    options.set_log_errors(false);
    auto pattern = std::make_shared<const RE2>(transform.argument, options);
    if (!pattern->ok()) {
      return TemplateError{argument_at, fmt::format("invalid pattern '{}': {}", transform.argument, pattern->error())};
    }
    transform.pattern = std::move(pattern);
  }
  return transform;
}

// Reads "{name|transform...}" from the character after '{'; `at` ends after the '}'.
std::variant<Field, TemplateError> read_field(std::string_view text, size_t open, size_t& at)
{
  const size_t name_start = open + 1;
  at = name_start;
  while (at < text.size() && text[at] != '|' && text[at] != '}') {
    ++at;
  }
  if (at >= text.size()) {
    return TemplateError{open, "this '{' is never closed (write '{{' for a literal brace)"};
  }
  auto named = name_field(text.substr(name_start, at - name_start), name_start);
  if (auto* error = std::get_if<TemplateError>(&named)) {
    return *error;
  }
  Field field = std::get<Field>(std::move(named));
  field.offset = open;
  while (at < text.size() && text[at] == '|') {
    ++at;
    auto transform = read_transform(text, at);
    if (auto* error = std::get_if<TemplateError>(&transform)) {
      return *error;
    }
    field.transforms.push_back(std::get<Transform>(std::move(transform)));
  }
  if (at >= text.size()) {
    return TemplateError{open, "this '{' is never closed (write '{{' for a literal brace)"};
  }
  if (text[at] != '}') {
    return TemplateError{at, fmt::format("expected '|' or '}}' here, not '{}'", text[at])};
  }
  ++at;
  return field;
}

std::string ascii_upper(std::string_view text)
{
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return result;
}

util::Expected<std::string> capture(const std::string& value, const Field& field, const Transform& transform)
{
  const RE2& pattern = *transform.pattern;
  const int groups = pattern.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> found(static_cast<size_t>(groups) + 1);
  if (!pattern.Match(value, 0, value.size(), RE2::UNANCHORED, found.data(), groups + 1)) {
    return util::Failure{fmt::format("'{}' does not match capture:'{}' in {{{}}}", value, transform.argument, field_name(field))};
  }
  const re2::StringPiece& piece = found[groups > 0 ? 1 : 0];
  if (piece.empty()) {
    return util::Failure{fmt::format("capture:'{}' captures nothing from '{}' in {{{}}}", transform.argument, value, field_name(field))};
  }
  return std::string(piece.data(), piece.size());
}

} // namespace

std::variant<Template, TemplateError> Template::parse(std::string_view text)
{
  Template result;
  result.m_text = std::string(text);
  std::string literal;
  size_t at = 0;
  while (at < text.size()) {
    const char c = text[at];
    const bool doubled = at + 1 < text.size() && text[at + 1] == c;
    if ((c == '{' || c == '}') && doubled) {
      literal += c;
      at += 2;
      continue;
    }
    if (c == '}') {
      return TemplateError{at, "a '}' without its '{' (write '}}' for a literal brace)"};
    }
    if (c != '{') {
      literal += c;
      ++at;
      continue;
    }
    if (!literal.empty()) {
      result.m_parts.emplace_back(std::move(literal));
      literal.clear();
    }
    auto field = read_field(text, at, at);
    if (auto* error = std::get_if<TemplateError>(&field)) {
      return *error;
    }
    result.m_parts.emplace_back(std::get<Field>(std::move(field)));
  }
  if (!literal.empty()) {
    result.m_parts.emplace_back(std::move(literal));
  }
  return result;
}

std::vector<const Field*> Template::fields() const
{
  std::vector<const Field*> result;
  for (const auto& part : m_parts) {
    if (const auto* field = std::get_if<Field>(&part)) {
      result.push_back(field);
    }
  }
  return result;
}

bool Template::uses(FieldKind kind) const
{
  const auto all = fields();
  return std::any_of(all.begin(), all.end(), [&](const Field* field) { return field->kind == kind; });
}

util::Expected<std::string> Template::expand(const FieldValues& values) const
{
  std::string result;
  for (const auto& part : m_parts) {
    if (const auto* literal = std::get_if<std::string>(&part)) {
      result += *literal;
      continue;
    }
    const Field& field = std::get<Field>(part);
    auto value = values.value(field);
    if (!value) {
      return value;
    }
    auto transformed = apply_transforms(std::move(value).value(), field);
    if (!transformed) {
      return transformed;
    }
    result += *transformed;
  }
  return result;
}

std::string field_name(const Field& field)
{
  switch (field.kind) {
  case FieldKind::front:
    return "front." + field.key;
  case FieldKind::sidecar:
    return "sidecar." + field.key;
  default:
    for (const auto& known : k_plain_fields) {
      if (known.kind == field.kind) {
        return std::string(known.name);
      }
    }
  }
  return "?";
}

std::optional<TemplateError> check_fields(const Template& pattern, const FieldScope& scope)
{
  for (const Field* field : pattern.fields()) {
    if (field->kind == FieldKind::sidecar && !scope.sidecar) {
      return TemplateError{field->offset, fmt::format("{{{}}} can never be filled in {}: the rule names no metadata file (add "
                                                      "`sidecar: \"{{dir}}/meta.yaml\"` to the rule, beside `select`)",
                                                      field_name(*field), scope.place)};
    }
    if ((field->kind == FieldKind::stage || field->kind == FieldKind::stage_number) && !scope.stage) {
      return TemplateError{field->offset, fmt::format("{{{}}} belongs to a box, and {} is about the whole document", field_name(*field), scope.place)};
    }
  }
  return std::nullopt;
}

const std::vector<std::string>& transform_names()
{
  return k_transforms;
}

util::Expected<std::string> apply_transforms(std::string value, const Field& field)
{
  for (const auto& transform : field.transforms) {
    if (transform.name == "lower") {
      value = util::to_lower(value);
    } else if (transform.name == "upper") {
      value = ascii_upper(value);
    } else if (transform.name == "basename") {
      value = std::string(util::basename(value));
    } else if (transform.name == "dirname") {
      value = std::string(util::dirname(value));
    } else if (transform.name == "strip_prefix") {
      if (value.starts_with(transform.argument)) {
        value.erase(0, transform.argument.size());
      }
    } else if (transform.name == "strip_suffix") {
      if (value.ends_with(transform.argument)) {
        value.erase(value.size() - transform.argument.size());
      }
    } else if (transform.name == "capture") {
      auto captured = capture(value, field, transform);
      if (!captured) {
        return captured;
      }
      value = std::move(captured).value();
    }
  }
  return value;
}

std::string_view template_language_help()
{
  return R"(Templates build a path or a key from the checklist: "{dir}/approvals/{sidecar.owning-group}/{stage}.yaml".
Fields:
  {dir}           the checklist's folder ("docs/rollouts/0042-payments")
  {name}          its file name ("checklist.md")
  {stem}          its file name without the extension ("checklist")
  {path}          its path from the repository root
  {stage}         the box's stage heading as a slug, without its number and parentheses ("ramp-stage")
  {stage_number}  the stage heading's leading number ("3")
  {front.KEY}     a value of the checklist's front matter (dotted keys reach into maps)
  {sidecar.KEY}   a value of the rule's metadata file (the rule's `sidecar:` template names it)
Transforms, after '|', applied left to right:
  lower, upper              change the case
  basename, dirname         the last path part, or all before it
  strip_prefix:TEXT         drop TEXT from the start, when it is there
  strip_suffix:TEXT         drop TEXT from the end, when it is there
  capture:PATTERN           the first group an RE2 pattern captures (the whole match without a group),
                            e.g. {dir|basename|capture:^0*(\d+)-} is "42" for "0042-payments"
An argument ends at the first '|' or '}' outside brackets; one that holds more goes in single quotes
('' for a quote). '{{' and '}}' are literal braces. In YAML, put a template with a pattern in single
quotes ('{dir|capture:^(\d+)}'): there a backslash is just a backslash.
With history the fields are read as of the commit that ticked the box.
A value one document lacks (a missing metadata file, a key it does not have) is a finding at the box; a
field or transform that can never work is an error when the pack loads.
)";
}

} // namespace audit
