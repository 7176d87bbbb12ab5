#pragma once

#include "util/expected.hpp"

#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace audit {

// The template language of team rules: "{dir}/approvals/{sidecar.owning-group}/{dir|basename|capture:^(\d+)}.yaml".
// A field names something about the checklist, its front matter or its metadata file (the rule's sidecar);
// transforms after '|' reshape its value. Parsed and checked when the pack loads, so a field or transform
// that can never work stops the run with its file:line:col instead of failing once per box.
enum class FieldKind { dir, name, stem, path, stage, stage_number, front, sidecar };

struct Transform
{
  std::string name;     // lower, upper, basename, dirname, strip_prefix, strip_suffix, capture
  std::string argument; // strip_prefix, strip_suffix: the text; capture: the RE2 pattern
  std::shared_ptr<const RE2> pattern; // capture
};

struct Field
{
  FieldKind kind = FieldKind::dir;
  std::string key;  // front and sidecar: the dotted key ("approvals.ramp")
  std::vector<Transform> transforms;
  size_t offset = 0; // of the field's '{' in the template's text, for messages
};

struct TemplateError
{
  size_t offset = 0; // the offending character in the template's text
  std::string message;
};

// What the fields stand for in one document, as of one moment. A value this document does not have is a
// failure saying exactly what is missing ("metadata file `x/meta.yaml` has no key `stage`").
class FieldValues
{
public:
  virtual ~FieldValues() = default;
  virtual util::Expected<std::string> value(const Field& field) const = 0;
};

class Template
{
public:
  // `{{` and `}}` are literal braces; a transform's argument ends at a '|' or '}' outside brackets, or is
  // written in single quotes ('' for a quote).
  static std::variant<Template, TemplateError> parse(std::string_view text);

  const std::string& text() const
  {
    return m_text;
  }
  bool empty() const
  {
    return m_text.empty();
  }
  std::vector<const Field*> fields() const;
  bool uses(FieldKind kind) const;

  util::Expected<std::string> expand(const FieldValues& values) const;

private:
  std::string m_text;
  std::vector<std::variant<std::string, Field>> m_parts;
};

// Which fields a template may use where it stands: a metadata file's own path cannot come from the metadata
// file, a condition about the whole document has no stage, and without a `sidecar:` there are no
// {sidecar.KEY} values.
struct FieldScope
{
  bool stage = true;
  bool sidecar = false;
  std::string_view place = "this template"; // for messages: "a where condition"
};
std::optional<TemplateError> check_fields(const Template& pattern, const FieldScope& scope);

// The names a template knows, for messages and --explain.
std::string field_name(const Field& field);
const std::vector<std::string>& transform_names();
std::string_view template_language_help();

// A field's value through its transforms; a capture that does not match is a failure naming the value.
util::Expected<std::string> apply_transforms(std::string value, const Field& field);

} // namespace audit
