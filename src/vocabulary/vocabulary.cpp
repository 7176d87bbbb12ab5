#include "vocabulary/vocabulary.hpp"

#include "util/cache_file.hpp"
#include "util/text.hpp"
#include "util/yaml.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <charconv>

namespace vocabulary {

namespace {

using util::Failure;
using util::yaml_location;

const std::vector<std::string> k_edit_keys{"add", "replace", "remove"};

std::string list_of(const std::vector<std::string_view>& names)
{
  return fmt::format("{}", fmt::join(names, ", "));
}

// "{n}" and the like: a brace, letters, a brace. RE2's own braces hold digits ("x{2,3}").
std::vector<std::string_view> placeholders_in(std::string_view text)
{
  std::vector<std::string_view> found;
  for (size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
    const size_t close = text.find('}', open);
    if (close == std::string_view::npos) {
      break;
    }
    const std::string_view name = text.substr(open + 1, close - open - 1);
    const bool letters = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || c == '_';
    });
    if (letters) {
      found.push_back(text.substr(open, close - open + 1));
    }
  }
  return found;
}

std::optional<std::string> placeholder_fault(const ConceptSpec& spec, const Entry& entry)
{
  for (const std::string_view used : placeholders_in(entry.text)) {
    if (std::find(spec.placeholders.begin(), spec.placeholders.end(), used) != spec.placeholders.end()) {
      continue;
    }
    if (spec.placeholders.empty()) {
      return fmt::format("{} entry '{}' uses '{}', but {} takes no placeholders", spec.id, entry.text, used, spec.id);
    }
    std::string message = fmt::format("{} entry '{}' uses '{}'", spec.id, entry.text, used);
    const std::vector<std::string> known(spec.placeholders.begin(), spec.placeholders.end());
    if (auto suggestion = util::closest_match(used, known)) {
      return message + fmt::format(" (did you mean '{}'?)", *suggestion);
    }
    return message + fmt::format("; {} takes {}", spec.id, list_of(spec.placeholders));
  }
  return std::nullopt;
}

// What makes an entry unusable, checked once at load so that every mechanism can trust its entries.
std::optional<std::string> entry_fault(const ConceptSpec& spec, const Entry& entry, EntryPatterns patterns)
{
  if (util::trim(entry.text).empty()) {
    return fmt::format("an entry of {} is empty", spec.id);
  }
  if (auto fault = placeholder_fault(spec, entry)) {
    return fault;
  }
  if (patterns == EntryPatterns::proven) {
    return std::nullopt;
  }
  std::map<std::string, std::string, std::less<>> stand_ins;
  for (const auto placeholder : spec.placeholders) {
    stand_ins.emplace(std::string(placeholder), "x");
  }
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(false);
  const RE2 compiled(pattern_of(entry, stand_ins), options);
  if (!compiled.ok()) {
    return fmt::format("{} entry '{}' is not a valid pattern: {}", spec.id, entry.text, compiled.error());
  }
  if (compiled.NumberOfCapturingGroups() > 0) {
    return fmt::format("{} entry '{}' captures; write (?:...) for a group", spec.id, entry.text);
  }
  if (RE2::FullMatch("", compiled)) {
    return fmt::format("{} entry '{}' matches empty text", spec.id, entry.text);
  }
  return std::nullopt;
}

util::Expected<std::vector<Entry>> parse_entries(std::string_view path, const ConceptSpec& spec, const YAML::Node& node,
                                                EntryPatterns patterns)
{
  if (!node.IsSequence()) {
    return Failure{fmt::format("{}: {} takes a list of entries", yaml_location(path, node), spec.id)};
  }
  std::vector<Entry> entries;
  for (const auto& element : node) {
    if (!element.IsScalar()) {
      return Failure{fmt::format("{}: an entry of {} must be a string", yaml_location(path, element), spec.id)};
    }
    Entry entry{element.Scalar(), yaml_location(path, element)};
    if (auto fault = entry_fault(spec, entry, patterns)) {
      return Failure{fmt::format("{}: {}", entry.origin, *fault)};
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

// A list adds; a map says {add, replace, remove}.
util::Expected<Edit> parse_edit(std::string_view path, const ConceptSpec& spec, const YAML::Node& node, EntryPatterns patterns)
{
  Edit edit;
  if (node.IsSequence()) {
    auto added = parse_entries(path, spec, node, patterns);
    if (!added) {
      return Failure{added.error()};
    }
    edit.add = std::move(added).value();
    return edit;
  }
  if (!node.IsMap()) {
    return Failure{fmt::format("{}: {} takes a list of entries or a map of add, replace and remove",
                               yaml_location(path, node), spec.id)};
  }
  for (const auto& item : node) {
    const std::string key = item.first.IsScalar() ? item.first.Scalar() : "";
    if (std::find(k_edit_keys.begin(), k_edit_keys.end(), key) == k_edit_keys.end()) {
      return Failure{util::unknown_key_message(path, item.first, k_edit_keys)};
    }
    auto entries = parse_entries(path, spec, item.second, patterns);
    if (!entries) {
      return Failure{entries.error()};
    }
    auto& target = key == "remove" ? edit.remove : edit.add;
    target.insert(target.end(), entries->begin(), entries->end());
    edit.replace = edit.replace || key == "replace";
  }
  return edit;
}

std::optional<std::string> group_name_fault(const ConceptSpec& spec, const std::string& name)
{
  if (spec.percentage_groups) {
    double value = -1;
    const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), value);
    if (error != std::errc() || end != name.data() + name.size() || value < 0 || value > 100) {
      return fmt::format("the groups of {} are percentages from 0 to 100, not '{}'", spec.id, name);
    }
    return std::nullopt;
  }
  if (spec.fixed_groups.empty() || std::find(spec.fixed_groups.begin(), spec.fixed_groups.end(), name) != spec.fixed_groups.end()) {
    return std::nullopt;
  }
  std::string message = fmt::format("{} has no group '{}'", spec.id, name);
  const std::vector<std::string> known(spec.fixed_groups.begin(), spec.fixed_groups.end());
  if (auto suggestion = util::closest_match(name, known)) {
    message += fmt::format(" (did you mean '{}'?)", *suggestion);
  }
  return message + fmt::format("; its groups are {}", list_of(spec.fixed_groups));
}

util::Expected<ConceptEdit> parse_concept(std::string_view path, const ConceptSpec& spec, const YAML::Node& node,
                                          EntryPatterns patterns)
{
  ConceptEdit edit{spec.which, {}};
  if (spec.shape == Shape::list) {
    auto parsed = parse_edit(path, spec, node, patterns);
    if (!parsed) {
      return Failure{parsed.error()};
    }
    edit.groups.emplace_back("", std::move(parsed).value());
    return edit;
  }
  if (!node.IsMap() && !(node.IsNull() && spec.fixed_groups.empty())) {
    return Failure{fmt::format("{}: {} takes a map of groups, each a list of entries", yaml_location(path, node), spec.id)};
  }
  for (const auto& item : node) {
    const std::string name = item.first.IsScalar() ? item.first.Scalar() : "";
    if (auto fault = group_name_fault(spec, name)) {
      return Failure{fmt::format("{}: {}", yaml_location(path, item.first), *fault)};
    }
    auto parsed = parse_edit(path, spec, item.second, patterns);
    if (!parsed) {
      return Failure{parsed.error()};
    }
    edit.groups.emplace_back(name, std::move(parsed).value());
  }
  return edit;
}

void apply_edit(std::vector<Entry>& entries, const Edit& edit)
{
  if (edit.replace) {
    entries.clear();
  }
  entries.insert(entries.end(), edit.add.begin(), edit.add.end());
}

std::optional<std::string> apply_removals(const ConceptSpec& spec, std::vector<Entry>& entries, const Edit& edit)
{
  for (const auto& removed : edit.remove) {
    const auto found = std::find_if(entries.begin(), entries.end(), [&](const Entry& entry) {
      return entry.text == removed.text;
    });
    if (found == entries.end()) {
      std::vector<std::string> known;
      for (const auto& entry : entries) {
        known.push_back(entry.text);
      }
      std::string message = fmt::format("{}: {} has no entry '{}' to remove", removed.origin, spec.id, removed.text);
      if (auto suggestion = util::closest_match(removed.text, known)) {
        message += fmt::format(" (did you mean '{}'?)", *suggestion);
      }
      return message;
    }
    entries.erase(found);
  }
  return std::nullopt;
}

std::string digest_of(const std::vector<std::vector<Group>>& concepts)
{
  std::string canonical;
  for (size_t c = 0; c < concepts.size(); ++c) {
    canonical += std::to_string(c) + "\x1d";
    for (const auto& group : concepts[c]) {
      canonical += group.name;
      canonical += '\x1e';
      for (const auto& entry : group.entries) {
        canonical += entry.text;
        canonical += '\x1f';
      }
    }
  }
  return fmt::format("{:016x}", util::fnv1a(canonical));
}

} // namespace

util::Expected<Layer> parse_layer(std::string_view path, const YAML::Node& node, EntryPatterns patterns)
{
  if (!node.IsMap()) {
    return Failure{fmt::format("{}: vocabulary must be a map of concepts", yaml_location(path, node))};
  }
  Layer layer{std::string(path), {}};
  for (const auto& item : node) {
    const std::string id = item.first.IsScalar() ? item.first.Scalar() : "";
    const ConceptSpec* spec = find_concept(id);
    if (!spec) {
      std::string message = fmt::format("{}: unknown vocabulary concept '{}'", yaml_location(path, item.first), id);
      if (auto suggestion = util::closest_match(id, concept_ids())) {
        message += fmt::format(" (did you mean '{}'?)", *suggestion);
      }
      return Failure{message + " (rollout-audit vocabulary lists them)"};
    }
    auto edit = parse_concept(path, *spec, item.second, patterns);
    if (!edit) {
      return Failure{edit.error()};
    }
    layer.edits.push_back(std::move(edit).value());
  }
  return layer;
}

util::Expected<Vocabulary> Vocabulary::assemble(const std::vector<Layer>& layers)
{
  Vocabulary vocabulary;
  const auto& all = concepts();
  vocabulary.m_groups.resize(all.size());
  std::vector<bool> named(all.size(), false);
  for (size_t l = 0; l < layers.size(); ++l) {
    for (const auto& edit : layers[l].edits) {
      const auto index = static_cast<size_t>(edit.which);
      named[index] = named[index] || l == 0;
      auto& groups = vocabulary.m_groups[index];
      for (const auto& [name, group_edit] : edit.groups) {
        auto found = std::find_if(groups.begin(), groups.end(), [&](const Group& group) { return group.name == name; });
        if (found == groups.end()) {
          found = groups.insert(groups.end(), Group{name, {}});
        }
        if (auto fault = apply_removals(spec(edit.which), found->entries, group_edit)) {
          return Failure{*fault};
        }
        apply_edit(found->entries, group_edit);
      }
    }
  }
  for (size_t c = 0; c < all.size(); ++c) {
    if (!layers.empty() && !named[c]) {
      return Failure{fmt::format("{}: the vocabulary does not name '{}'", layers.front().path, all[c].id)};
    }
  }
  vocabulary.m_flat.resize(all.size());
  for (size_t c = 0; c < all.size(); ++c) {
    for (const auto& group : vocabulary.m_groups[c]) {
      vocabulary.m_flat[c].insert(vocabulary.m_flat[c].end(), group.entries.begin(), group.entries.end());
    }
  }
  vocabulary.m_digest = digest_of(vocabulary.m_groups);
  return vocabulary;
}

const std::vector<Entry>& Vocabulary::entries(Concept which) const
{
  return m_flat.at(static_cast<size_t>(which));
}

std::vector<Entry> Vocabulary::entries(std::initializer_list<Concept> which) const
{
  std::vector<Entry> joined;
  for (const Concept one : which) {
    const auto& part = entries(one);
    joined.insert(joined.end(), part.begin(), part.end());
  }
  return joined;
}

const std::vector<Group>& Vocabulary::groups(Concept which) const
{
  return m_groups.at(static_cast<size_t>(which));
}

std::string pattern_of(const Entry& entry, const std::map<std::string, std::string, std::less<>>& fill)
{
  const std::string_view text = entry.text;
  std::string result;
  int in_class = 0; // inside [...], where a space is a space
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      result += text.substr(i, 2);
      ++i;
      continue;
    }
    if (c == '[') {
      in_class = 1;
    } else if (c == ']') {
      in_class = 0;
    }
    if (c == ' ' && !in_class) {
      const bool quantified = i + 1 < text.size() && std::string_view("?*+{").find(text[i + 1]) != std::string_view::npos;
      result += quantified ? "\\s" : "\\s+";
      continue;
    }
    if (c == '{' && !in_class) {
      const size_t close = text.find('}', i);
      if (close != std::string_view::npos) {
        if (const auto found = fill.find(text.substr(i, close - i + 1)); found != fill.end()) {
          result += "(?:" + found->second + ")";
          i = close;
          continue;
        }
      }
    }
    result += c;
  }
  return result;
}

std::string alternation(const std::vector<Entry>& entries, const std::map<std::string, std::string, std::less<>>& fill)
{
  std::string result = "(?:";
  for (size_t i = 0; i < entries.size(); ++i) {
    result += i == 0 ? "" : "|";
    result += pattern_of(entries[i], fill);
  }
  // An empty list must match nothing, not everything.
  return entries.empty() ? std::string("(?:[^\\x00-\\x{10FFFF}])") : result + ")";
}

std::string describe(const Vocabulary& vocabulary)
{
  std::string out;
  for (const auto& spec : concepts()) {
    out += fmt::format("{}: {}\n", spec.id, spec.description);
    for (const auto& group : vocabulary.groups(spec.which)) {
      const bool grouped = !group.name.empty();
      if (grouped) {
        out += fmt::format("  {}:\n", group.name);
      }
      for (const auto& entry : group.entries) {
        out += fmt::format("{}{:<{}} {}\n", grouped ? "    " : "  ", entry.text, grouped ? 32 : 34, entry.origin);
      }
    }
  }
  return out;
}

} // namespace vocabulary
