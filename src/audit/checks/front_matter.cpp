#include "audit/checks/checks.hpp"
#include "audit/item_evidence.hpp"
#include "audit/kinds.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <memory>

namespace audit::checks {

namespace {

const std::vector<std::string> k_default_required{"title", "owner", "status", "last_reviewed"};
const std::vector<std::string> k_default_date_keys{"last_reviewed"};
// A status that says the work is done: the vocabulary's completion-marks of the done group, one or more
// ("Complete", "✅ Done").
struct DoneStatus
{
  explicit DoneStatus(const vocabulary::Vocabulary& words)
  {
    std::vector<vocabulary::Entry> done;
    for (const auto& group : words.groups(vocabulary::Concept::completion_marks)) {
      if (group.name == "done") {
        done = group.entries;
      }
    }
    const std::string one = vocabulary::alternation(done);
    RE2::Options options;
    options.set_case_sensitive(false);
    pattern = std::make_unique<RE2>("\\s*" + one + "(?:\\s+" + one + ")*\\s*", options);
  }
  std::unique_ptr<RE2> pattern;
};

std::vector<std::string> strings_param(const YAML::Node& params, const char* key, const std::vector<std::string>& fallback)
{
  if (!params || !params[key]) {
    return fallback;
  }
  const YAML::Node node = params[key];
  if (node.IsScalar()) {
    return {node.Scalar()};
  }
  std::vector<std::string> result;
  for (const auto& element : node) {
    result.push_back(element.as<std::string>(""));
  }
  return result;
}

class FrontMatterCheck : public Check
{
public:
  std::vector<ParamSpec> params() const override
  {
    return {
      {"required", ParamKind::texts, "front-matter keys every checklist needs (default: title, owner, status, last_reviewed)", {}},
      {"date_keys", ParamKind::texts, "keys whose values must be dates written YYYY-MM-DD (default: last_reviewed)", {}},
    };
  }

  void run(const Rule& rule, const Facts& facts, FindingSink& sink) const override
  {
    const auto required = strings_param(rule.params, "required", k_default_required);
    const auto date_keys = strings_param(rule.params, "date_keys", k_default_date_keys);
    for (const auto& document : facts.documents) {
      const auto& front = document.document.front_matter;
      // Front matter is required of the rule's kinds (rollouts by default); of any other document, only
      // that what it has is not broken.
      // An archived checklist is kept as it was: its keys are not kept up, only what it has must parse.
      if (!selects_document(rule, document) || document.archived) {
        if (front.present && selects_document_of_any_kind(rule, document)) {
          check_parses(document, sink);
        }
        continue;
      }
      // Checklists must have front matter; other documents are only checked where they have it.
      if (!document.checklist && !front.present) {
        continue;
      }
      if (!front.present) {
        sink.add(document, 1, 1,
                 fmt::format("checklist has no front matter; start it with a '---' block holding {}",
                             fmt::join(required, ", ")));
        continue;
      }
      if (!check_parses(document, sink)) {
        continue;
      }
      std::vector<std::string> missing;
      for (const auto& key : required) {
        const auto* field = front.field(key);
        if (!field || (field->value.empty() && !front.root()[key].IsMap() && !front.root()[key].IsSequence())) {
          missing.push_back(key);
        }
      }
      if (!missing.empty()) {
        sink.add(document, front.first_line, 1,
                 fmt::format("front matter lacks required key(s): {}", fmt::join(missing, ", ")));
      }
      for (const auto& key : date_keys) {
        const auto* field = front.field(key);
        if (field && !field->value.empty() && !util::parse_date(field->value)) {
          sink.add(document, field->line, field->column,
                   fmt::format("'{}' is '{}', not a date written YYYY-MM-DD", key, field->value));
        }
      }
      check_status(document, *facts.vocabulary->derived<DoneStatus>().pattern, sink);
    }
  }

private:
  // What is broken in any document's front matter: YAML that does not parse, a kind that is none. False
  // when the YAML does not parse, so nothing more is read from it.
  static bool check_parses(const DocumentFacts& document, FindingSink& sink)
  {
    const auto& front = document.document.front_matter;
    if (front.error) {
      const bool colon_in_value = front.error->message == "illegal map value";
      sink.add(document, front.error->line, front.error->column,
               fmt::format("front matter is not valid YAML: {}{}", front.error->message,
                           colon_in_value ? " (a value containing ': ' must be quoted)" : ""));
      return false;
    }
    const auto* kind = front.field(k_kind_key);
    if (kind && !config::parse_kind(util::to_lower(util::trim(kind->value)))) {
      sink.add(document, kind->line, kind->column, fmt::format("{}: {}", k_kind_key, config::unknown_kind_message(kind->value)));
    }
    return true;
  }

  static void check_status(const DocumentFacts& document, const RE2& done, FindingSink& sink)
  {
    const auto* status = document.document.front_matter.field("status");
    if (!status || !document.checklist || !RE2::FullMatch(status->value, done)) {
      return;
    }
    std::vector<int> open;
    for (size_t i = 0; i < document.document.items.size(); ++i) {
      if (is_open_step(document.document.items[i])) {
        open.push_back(static_cast<int>(i));
      }
    }
    if (open.empty()) {
      return;
    }
    const auto& first = document.document.items[static_cast<size_t>(open.front())];
    sink.add(document, status->line, status->column,
             fmt::format("status is '{}' but {} required step(s) are open, first at {}; tick them, mark "
                         "them N/A, or change the status",
                         status->value, open.size(), describe_item(first)));
  }
};

} // namespace

std::unique_ptr<Check> make_front_matter()
{
  return std::make_unique<FrontMatterCheck>();
}

} // namespace audit::checks
