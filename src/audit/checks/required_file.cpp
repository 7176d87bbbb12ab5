#include "audit/checks/checks.hpp"
#include "util/path.hpp"
#include "util/text.hpp"
#include "util/yaml.hpp"

#include <fmt/format.h>

namespace audit::checks {

namespace {

// A team convention without C++: "a ticked sign-off needs {dir}/approvals/{front.release}-{stage}.yaml
// holding approvals.{stage}.approver". Fields: {dir}, {stem}, {name}, {stage}, {stage_number},
// {front.KEY} (the checklist's front matter), {sidecar.KEY} (a YAML file named by the `sidecar` param).
struct TemplateContext
{
  const DocumentFacts* document = nullptr;
  int stage = -1;
  YAML::Node sidecar;
  std::string sidecar_path;
};

std::string scalar_at(const YAML::Node& root, std::string_view dotted)
{
  YAML::Node node = YAML::Clone(root);
  for (auto part : util::split(dotted, '.')) {
    if (!node || !node.IsMap()) {
      return "";
    }
    node = node[std::string(part)];
  }
  return node && node.IsScalar() ? node.Scalar() : "";
}

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
    slug.erase(0, 1); // "2. Validation Stage" -> "validation-stage"
  }
  return slug;
}

util::Expected<std::string> expand(std::string_view pattern, const TemplateContext& context)
{
  std::string result;
  size_t position = 0;
  while (position < pattern.size()) {
    const size_t open = pattern.find('{', position);
    if (open == std::string_view::npos) {
      result += pattern.substr(position);
      break;
    }
    const size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) {
      return util::Failure{fmt::format("unclosed '{{' in '{}'", pattern)};
    }
    result += pattern.substr(position, open - position);
    const std::string field(pattern.substr(open + 1, close - open - 1));
    const auto& document = *context.document;
    std::string value;
    if (field == "dir") {
      value = std::string(util::dirname(document.path));
    } else if (field == "name") {
      value = std::string(util::basename(document.path));
    } else if (field == "stem") {
      const auto name = util::basename(document.path);
      value = std::string(name.substr(0, name.rfind('.')));
    } else if (field == "stage" || field == "stage_number") {
      if (context.stage < 0) {
        return util::Failure{"the item is in no stage"};
      }
      const auto& stage = document.stages[static_cast<size_t>(context.stage)];
      const int number = stage.section >= 0 ? document.document.sections[static_cast<size_t>(stage.section)].number : -1;
      value = field == "stage" ? stage_slug(stage.title) : (number >= 0 ? std::to_string(number) : "");
    } else if (field.starts_with("front.")) {
      value = scalar_at(document.document.front_matter.root(), field.substr(6));
      if (value.empty()) {
        return util::Failure{fmt::format("the front matter has no '{}'", field.substr(6))};
      }
    } else if (field.starts_with("sidecar.")) {
      value = scalar_at(context.sidecar, field.substr(8));
      if (value.empty()) {
        return util::Failure{fmt::format("`{}` has no '{}'", context.sidecar_path, field.substr(8))};
      }
    } else {
      return util::Failure{fmt::format("unknown field '{{{}}}'", field)};
    }
    result += value;
    position = close + 1;
  }
  return result;
}

class RequiredFile : public Check
{
public:
  std::optional<std::string> validate_params(const YAML::Node& params) const override
  {
    if (!params || !params["path"] || !params["path"].IsScalar()) {
      return std::string("required-file needs a 'path' template, e.g. '{dir}/approvals/{stage}.yaml'");
    }
    for (const auto& entry : params) {
      const std::string key = entry.first.Scalar();
      if (key != "path" && key != "key" && key != "sidecar") {
        std::string message = fmt::format("unknown param '{}'", key);
        if (auto suggestion = util::closest_match(key, {"path", "key", "sidecar"})) {
          message += fmt::format(" (did you mean '{}'?)", *suggestion);
        }
        return message;
      }
    }
    return std::nullopt;
  }

  void run(const Rule& rule, const Facts& facts, FindingSink& sink) const override
  {
    const std::string path_pattern = rule.params["path"].as<std::string>("");
    const std::string key_pattern = rule.params["key"] ? rule.params["key"].as<std::string>("") : "";
    const std::string sidecar_pattern = rule.params["sidecar"] ? rule.params["sidecar"].as<std::string>("") : "";
    for (const auto& document : facts.documents) {
      if (!document.checklist || !selects_document(rule, document)) {
        continue;
      }
      TemplateContext context{&document, -1, YAML::Node(), ""};
      bool sidecar_loaded = false;
      for (size_t i = 0; i < document.document.items.size(); ++i) {
        const auto& item = document.document.items[i];
        if (!is_ticked_step(item) || !selects_item(rule, document, item)) {
          continue;
        }
        if (!sidecar_pattern.empty() && !sidecar_loaded) {
          load_sidecar(facts, sidecar_pattern, context); // only a document with a selected box needs it
          sidecar_loaded = true;
        }
        context.stage = document.stage_of_item(static_cast<int>(i));
        check_item(facts, document, item, context, path_pattern, key_pattern, sink);
      }
    }
  }

private:
  static void load_sidecar(const Facts& facts, const std::string& pattern, TemplateContext& context)
  {
    auto path = expand(pattern, context);
    if (!path) {
      return;
    }
    context.sidecar_path = *path;
    if (!facts.corpus->is_file(*path)) {
      return; // the fields it would give are reported missing where a template needs them
    }
    if (const auto* text = facts.corpus->text(*path)) {
      if (auto loaded = util::load_yaml(*path, *text)) {
        context.sidecar = *loaded;
      }
    }
  }

  static void check_item(const Facts& facts,
                         const DocumentFacts& document,
                         const markdown::TaskItem& item,
                         const TemplateContext& context,
                         const std::string& path_pattern,
                         const std::string& key_pattern,
                         FindingSink& sink)
  {
    auto path = expand(path_pattern, context);
    if (!path) {
      sink.add(document, item, facts, fmt::format("ticked, but the required file's path '{}' cannot be built: {}", path_pattern, path.error()));
      return;
    }
    const auto normalized = util::normalize_relative(*path);
    if (!normalized || !facts.corpus->is_file(*normalized)) {
      auto& finding = sink.add(document, item, facts, fmt::format("ticked, but `{}` does not exist; add it, or untick the box", *path));
      finding.evidence.push_back({"file", "the required file", *path, 0, false, std::nullopt});
      return;
    }
    if (key_pattern.empty()) {
      return;
    }
    auto key = expand(key_pattern, context);
    if (!key) {
      sink.add(document, item, facts, fmt::format("ticked, but the required key '{}' cannot be built: {}", key_pattern, key.error()));
      return;
    }
    const auto* text = facts.corpus->text(*normalized);
    auto loaded = text ? util::load_yaml(*normalized, *text) : util::Expected<YAML::Node>(util::Failure{"unreadable"});
    if (!loaded) {
      sink.add(document, item, facts, fmt::format("ticked, but `{}` is not readable YAML: {}", *normalized, loaded.error()));
      return;
    }
    if (scalar_at(*loaded, *key).empty()) {
      auto& finding = sink.add(document, item, facts,
                               fmt::format("ticked, but `{}` has no value at '{}'; record it there, or untick the box", *normalized, *key));
      finding.evidence.push_back({"file", *key, *normalized, 0, false, std::nullopt});
    }
  }
};

} // namespace

std::unique_ptr<Check> make_required_file()
{
  return std::make_unique<RequiredFile>();
}

} // namespace audit::checks
