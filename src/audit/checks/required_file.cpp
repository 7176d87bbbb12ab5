#include "audit/checks/checks.hpp"
#include "audit/fields.hpp"
#include "audit/item_evidence.hpp"
#include "util/path.hpp"
#include "util/yaml.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

namespace audit::checks {

namespace {

// A team convention without C++: "a ticked sign-off needs {dir}/approvals/{sidecar.owning-group}/{stage}.yaml
// holding approvals.{stage}.approver". With history it is judged in the tree of the commit that ticked the
// box, with the front matter and metadata file read as of that commit: a record added later did not back
// the tick.

// One accepted record: a file, and in it a key holding a value (that meets a condition).
struct Record
{
  Template path;
  std::optional<Template> key;
  ValueTest value;
};

// How one moment's files stand against one record.
struct Outcome
{
  bool backed = false;
  std::string path;      // the file as built, for the finding's evidence
  std::string now_text;  // "`P` does not exist"
  std::string then_text; // "`P` did not exist"
  std::string fix;       // "add it, or untick the box"
};

Template parsed_template(const YAML::Node& node)
{
  return std::get<Template>(Template::parse(node.Scalar())); // validated when the rule loaded
}

Record record_of(const Rule& rule, const YAML::Node& node)
{
  Record record{parsed_template(node["path"]), std::nullopt, {}};
  if (node["key"]) {
    record.key = parsed_template(node["key"]);
  }
  if (node["value"]) {
    record.value = std::get<ValueTest>(parse_value_test(node["value"], FieldScope{true, rule.sidecar.has_value()}));
  }
  return record;
}

std::vector<Record> records_of(const Rule& rule)
{
  if (const YAML::Node alternatives = rule.params["alternatives"]) {
    std::vector<Record> records;
    for (const auto& alternative : alternatives) {
      records.push_back(record_of(rule, alternative));
    }
    return records;
  }
  return {record_of(rule, rule.params)};
}

Outcome failed(std::string path, std::string now_text, std::string then_text, std::string fix)
{
  return Outcome{false, std::move(path), std::move(now_text), std::move(then_text), std::move(fix)};
}

Outcome judge_key(const Record& record, const std::string& path, const std::string& text, const DocumentFields& fields)
{
  auto key = record.key->expand(fields);
  if (!key) {
    const std::string why = fmt::format("the required key '{}' cannot be built: {}", record.key->text(), key.error());
    return failed(path, why, why, "");
  }
  auto loaded = util::load_yaml(path, text);
  if (!loaded) {
    return failed(path, fmt::format("`{}` is not readable YAML: {}", path, loaded.error()),
                  fmt::format("`{}` was not readable YAML: {}", path, loaded.error()), "fix it, or untick the box");
  }
  const auto value = scalar_at(*loaded, *key);
  if (!value) {
    return failed(path, fmt::format("`{}` has no value at '{}'", path, *key), fmt::format("`{}` had no value at '{}'", path, *key),
                  "record it there, or untick the box");
  }
  auto failure = failed_test(record.value, *value, fields);
  if (!failure) {
    const std::string why = fmt::format("the expected value cannot be built: {}", failure.error());
    return failed(path, why, why, "");
  }
  if (*failure) {
    return failed(path, fmt::format("`{}` has '{}' at '{}', {}", path, *value, *key, **failure),
                  fmt::format("`{}` had '{}' at '{}', {}", path, *value, *key, **failure), "correct it, or untick the box");
  }
  return Outcome{true, path, "", "", ""};
}

Outcome judge_record(const Facts& facts, const Record& record, const DocumentFields& fields, const Stamp& when)
{
  auto built = record.path.expand(fields);
  if (!built) {
    return failed("", fmt::format("the required file's path '{}' cannot be built: {}", record.path.text(), built.error()),
                  fmt::format("the required file's path '{}' could not be built as of that commit: {}", record.path.text(), built.error()), "");
  }
  const auto normalized = util::normalize_relative(*built);
  const FileAt file = normalized ? facts.timeline->file_at(*normalized, when) : FileAt{};
  const std::string path = normalized ? *normalized : *built;
  if (!file.exists) {
    return failed(*built, fmt::format("`{}` does not exist", *built), fmt::format("`{}` did not exist", *built), "add it, or untick the box");
  }
  if (!record.key) {
    return Outcome{true, path, "", "", ""};
  }
  if (!file.text) {
    return failed(path, fmt::format("`{}` is not a text file", path), fmt::format("`{}` was not a text file", path), "fix it, or untick the box");
  }
  return judge_key(record, path, *file.text, fields);
}

std::vector<Outcome> judge(const Facts& facts, const std::vector<Record>& records, const DocumentFields& fields, const Stamp& when)
{
  std::vector<Outcome> outcomes;
  for (const auto& record : records) {
    outcomes.push_back(judge_record(facts, record, fields, when));
    if (outcomes.back().backed) {
      return {outcomes.back()};
    }
  }
  return outcomes;
}

bool backed(const std::vector<Outcome>& outcomes)
{
  return outcomes.size() == 1 && outcomes.front().backed;
}

// What is missing, for one record or several: "`P` does not exist", or "none of the accepted records is
// there (`A` does not exist; `B` has no value at 'k')". `Said::now_too` follows what was missing at the tick.
enum class Said { then, now, now_too };

std::string missing(const std::vector<Outcome>& outcomes, Said said)
{
  if (outcomes.size() == 1) {
    return said == Said::then ? outcomes.front().then_text : outcomes.front().now_text + (said == Said::now_too ? " now" : "");
  }
  std::vector<std::string> texts;
  for (const auto& outcome : outcomes) {
    texts.push_back(said == Said::then ? outcome.then_text : outcome.now_text);
  }
  const std::string_view lead = said == Said::then  ? "none of the accepted records was there"
                                : said == Said::now ? "none of the accepted records is there"
                                                    : "none is there now";
  return fmt::format("{} ({})", lead, fmt::join(texts, "; "));
}

std::string fix_of(const std::vector<Outcome>& outcomes)
{
  const std::string fix = outcomes.size() == 1 ? outcomes.front().fix : "add one, or untick the box";
  return fix.empty() ? "" : "; " + fix;
}

class RequiredFile : public Check
{
public:
  std::vector<ParamSpec> params() const override
  {
    return {
      {"path", ParamKind::template_, "the file a ticked box needs, as a template: \"{dir}/approvals/{stage}.yaml\"", {}},
      {"key", ParamKind::template_, "a dotted key the file must hold a value at, as a template: \"approvals.{stage}.approver\"", {}},
      {"value", ParamKind::condition, "a condition on that value: {equals: X}, {one_of: [X, Y]}, {matches: RE}, {version: \">= 2.4\"}", {}},
      {"alternatives", ParamKind::custom, "instead of path, key and value: a list of {path, key, value}; any one backs the box", {}},
      {"as_of", ParamKind::choice, "tick (default): with history, judge the files as of the commit that ticked the box; now: as they are", {"tick", "now"}},
    };
  }

  std::string help() const override
  {
    return std::string(template_language_help());
  }

  std::optional<RuleFault> validate_params(const Rule& rule) const override;
  void run(const Rule& rule, const Facts& facts, FindingSink& sink) const override;

private:
  static void check_document(const Rule& rule, const Facts& facts, const std::vector<Record>& records, const DocumentFacts& document, FindingSink& sink);
};

std::optional<RuleFault> validate_alternative(const Check& check, const Rule& rule, const YAML::Node& node)
{
  if (!node.IsMap()) {
    return RuleFault{node, std::string::npos, "each alternative is a map of path, key and value"};
  }
  for (const auto& entry : node) {
    if (entry.first.IsScalar() && (entry.first.Scalar() == "alternatives" || entry.first.Scalar() == "as_of")) {
      return RuleFault{entry.first, std::string::npos, fmt::format("an alternative holds path, key and value, not {}", entry.first.Scalar())};
    }
  }
  if (auto fault = check_param_shapes(check, rule, node)) {
    return fault;
  }
  if (!node["path"]) {
    return RuleFault{node, std::string::npos, "an alternative needs a 'path' template"};
  }
  if (node["value"] && !node["key"]) {
    return RuleFault{node["value"], std::string::npos, "a value condition needs the 'key' whose value it tests"};
  }
  return std::nullopt;
}

std::optional<RuleFault> RequiredFile::validate_params(const Rule& rule) const
{
  const YAML::Node& params = rule.params;
  if (const YAML::Node alternatives = params ? params["alternatives"] : YAML::Node()) {
    if (params["path"] || params["key"] || params["value"]) {
      const YAML::Node& extra = params["path"] ? params["path"] : params["key"] ? params["key"] : params["value"];
      return RuleFault{extra, std::string::npos, "give either path, key and value, or alternatives, not both"};
    }
    if (!alternatives.IsSequence() || alternatives.size() == 0) {
      return RuleFault{alternatives, std::string::npos, "alternatives must be a list of {path, key, value} maps"};
    }
    for (const auto& alternative : alternatives) {
      if (auto fault = validate_alternative(*this, rule, alternative)) {
        return fault;
      }
    }
    return std::nullopt;
  }
  if (!params || !params["path"]) {
    return RuleFault{params, std::string::npos, "required-file needs a 'path' template, e.g. '{dir}/approvals/{stage}.yaml'"};
  }
  if (params["value"] && !params["key"]) {
    return RuleFault{params["value"], std::string::npos, "a value condition needs the 'key' whose value it tests"};
  }
  return std::nullopt;
}

void RequiredFile::run(const Rule& rule, const Facts& facts, FindingSink& sink) const
{
  const std::vector<Record> records = records_of(rule);
  for (const auto& document : facts.documents) {
    if (document.checklist) {
      check_document(rule, facts, records, document, sink);
    }
  }
}

// Reports one box: judged now only, or as of its tick and now.
void report(const DocumentFacts& document,
            const markdown::TaskItem& item,
            const Facts& facts,
            const std::optional<Stamp>& tick,
            const std::vector<Outcome>* then,
            const std::vector<Outcome>& now,
            FindingSink& sink)
{
  std::string message;
  if (!then) {
    message = fmt::format("ticked, but {}{}", missing(now, Said::now), fix_of(now));
  } else if (backed(*then)) {
    message = fmt::format("ticked {}, backed then by `{}`, but {}{}", describe_stamp(*tick), then->front().path, missing(now, Said::now_too),
                          fix_of(now));
  } else if (backed(now)) {
    message = fmt::format("ticked {}, when {}; `{}` backs it now, so the record came after the tick: commit it with the tick or "
                          "before it",
                          describe_stamp(*tick), missing(*then, Said::then), now.front().path);
  } else {
    message = fmt::format("ticked {}, when {}, and {}{}", describe_stamp(*tick), missing(*then, Said::then), missing(now, Said::now_too), fix_of(now));
  }
  auto& finding = sink.add(document, item, facts, std::move(message));
  for (const auto& outcome : now) {
    if (!outcome.path.empty()) {
      finding.evidence.push_back({"file", "the required file", outcome.path, 0, outcome.backed, std::nullopt});
    }
  }
}

void RequiredFile::check_document(const Rule& rule, const Facts& facts, const std::vector<Record>& records, const DocumentFacts& document, FindingSink& sink)
{
  const bool as_of_tick = rule.params["as_of"].as<std::string>("tick") == "tick" && facts.timeline->has_history();
  const WhereJudge possibly = [&](const std::vector<WhereCondition>& where) { return &where == &rule.select.where; };
  std::optional<DocumentFields> now;
  std::map<std::string, std::optional<DocumentFields>> then_by_commit; // a document's ticks share few commits
  for (size_t i = 0; i < document.document.items.size(); ++i) {
    const auto& item = document.document.items[i];
    if (!is_ticked_step(item) || !selects_item(rule, document, item, possibly)) {
      continue; // only a box the selector can take needs the metadata file read
    }
    if (!now) {
      now = fields_now(facts, rule, document);
    }
    now->set_item(static_cast<int>(i));
    const auto& tick = i < document.ticks.size() ? document.ticks[i] : std::nullopt;
    DocumentFields* then = nullptr;
    if (as_of_tick && tick && tick->committed && !tick->truncated) {
      auto found = then_by_commit.find(tick->commit);
      if (found == then_by_commit.end()) {
        found = then_by_commit.emplace(tick->commit, fields_as_of(facts, rule, document, *tick)).first;
      }
      then = found->second ? &*found->second : nullptr;
    }
    const auto judged_by = [&](const DocumentFields& fields) {
      return WhereJudge([&](const std::vector<WhereCondition>& where) { return where_holds(where, fields); });
    };
    if (then) {
      then->set_item(static_cast<int>(i));
    }
    // Whether the rule applies is asked of today's values (a rollout cancelled since is left alone); whether
    // it applied at the tick decides whether the tick is judged as of then.
    if (!selects_item(rule, document, item, judged_by(*now))) {
      continue;
    }
    const bool applies_then = then && selects_item(rule, document, item, judged_by(*then));
    const auto now_outcomes = judge(facts, records, *now, Stamp{});
    if (!applies_then) {
      if (!backed(now_outcomes)) {
        report(document, item, facts, tick, nullptr, now_outcomes, sink);
      }
      continue;
    }
    const auto then_outcomes = judge(facts, records, *then, *tick);
    if (!backed(then_outcomes) || !backed(now_outcomes)) {
      report(document, item, facts, tick, &then_outcomes, now_outcomes, sink);
    }
  }
}

} // namespace

std::unique_ptr<Check> make_required_file()
{
  return std::make_unique<RequiredFile>();
}

} // namespace audit::checks
