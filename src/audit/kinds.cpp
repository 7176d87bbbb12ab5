#include "audit/kinds.hpp"

#include "audit/item_evidence.hpp"
#include "audit/titles.hpp"
#include "util/path.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <set>

namespace audit {

namespace {

using vocabulary::Concept;

RE2::Options quiet_options()
{
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(false);
  return options;
}

// The vocabulary's words for what a document is, compiled once per run.
struct KindWords
{
  explicit KindWords(const vocabulary::Vocabulary& words)
    : record("\\b(" + vocabulary::alternation(words.entries(Concept::record_words)) + ")\\b", quiet_options()),
      archive(vocabulary::alternation(words.entries(Concept::archive_folders)), quiet_options()),
      title_word("\\b" + vocabulary::alternation(words.entries(Concept::rollout_title_words)) + "\\b", quiet_options())
  {
  }
  RE2 record;     // a word of a record in a title, file or folder name, captured as written
  RE2 archive;    // a whole folder name
  RE2 title_word; // "plan", "checklist", "runbook": what a document that plans calls itself
};

// "a, b, c and 2 more": reasons stay one line however many signals a document has.
std::string listed(const std::vector<std::string>& parts, size_t most = 3)
{
  std::string text;
  for (size_t i = 0; i < parts.size() && i < most; ++i) {
    text += (i == 0 ? "" : ", ") + parts[i];
  }
  if (parts.size() > most) {
    text += fmt::format(" and {} more", parts.size() - most);
  }
  return text;
}

std::string plural(size_t count, std::string_view one, std::string_view many)
{
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

// What makes stages named by rollout words ("Canary", "Ramp") a rollout's: something that stops, waits or
// checks between them. A heading naming a reaction ("Rollback Plan") is shown, but does not say so: plans
// have rollback sections too.
struct Guards
{
  std::vector<std::string> guards, gates, windows, thresholds, rollback_sections;

  bool strong() const { return !guards.empty() || !gates.empty() || !windows.empty() || !thresholds.empty(); }

  std::vector<std::string> reasons() const
  {
    std::vector<std::string> out;
    const auto add = [&](const std::vector<std::string>& found, std::string_view one, std::string_view many) {
      if (!found.empty()) {
        out.push_back(fmt::format("{} {}", found.size() == 1 ? one : many, listed(found)));
      }
    };
    const auto add_lines = [&](const std::vector<std::string>& lines, std::string_view one, std::string_view many) {
      if (!lines.empty()) {
        out.push_back(fmt::format("{} (line{} {})", lines.size() == 1 ? one : many, lines.size() == 1 ? "" : "s", listed(lines)));
      }
    };
    add_lines(guards, "rollback guard", "rollback guards");
    add_lines(gates, "gate", "gates");
    add(windows, "window", "windows");
    add(thresholds, "threshold", "thresholds");
    add(rollback_sections, "rollback section", "rollback sections");
    return out;
  }
};

Guards find_guards(const vocabulary::Vocabulary& words, const DocumentFacts& document)
{
  Guards found;
  std::set<int> guard_lines;
  for (const auto& item : document.document.items) {
    if (item.kind == markdown::ItemKind::guard) {
      found.guards.push_back(std::to_string(item.line));
      guard_lines.insert(item.line);
    } else if (is_precondition(words, item)) {
      found.gates.push_back(std::to_string(item.line));
    }
    if (const auto window = item_window(words, item, "")) { // its words or its status: "Awaiting the canary (24h)"
      found.windows.push_back(fmt::format("'{}' (line {})", window->window.written, item.line));
    }
  }
  for (const auto& section : document.document.sections) {
    if (const auto window = evidence::stated_window(words, section.title)) {
      found.windows.push_back(fmt::format("'{}' (line {})", window->written, section.line));
    }
    if (is_rollback_heading(words, section.title)) {
      found.rollback_sections.push_back(fmt::format("'{}' (line {})", section.title, section.line));
    }
  }
  for (const auto& threshold : document.thresholds) {
    if (!guard_lines.contains(threshold.line)) { // a guard's own condition is the guard
      found.thresholds.push_back(fmt::format("'{}' (line {})", threshold.written, threshold.line));
    }
  }
  return found;
}

// The headings that are a rollout's stages by their words: those holding boxes, and those whose steps are
// written otherwise (a table, prose) in a checklist that has boxes. Not the document's title.
struct Shape
{
  std::vector<const markdown::Section*> headings;
  size_t named = 0;        // by a traffic share or a rollout word, not by a number alone
  size_t shares = 0;       // by a traffic share
  bool holds_boxes = false; // one of them is a stage: it holds boxes
};

Shape shape_of(const vocabulary::Vocabulary& words, const DocumentFacts& document)
{
  Shape shape;
  const auto& sections = document.document.sections;
  for (size_t s = 0; s < sections.size(); ++s) {
    if (s == 0 && sections[s].level == 1) {
      continue; // "# Search Indexer Rollout": the title names the document, not a stage
    }
    const StageHeading heading = read_stage_heading(words, sections[s].title);
    if (!heading.is_rollout_stage()) {
      continue;
    }
    shape.headings.push_back(&sections[s]);
    shape.named += heading.rollout_word.empty() && heading.share.empty() ? 0 : 1;
    shape.shares += heading.share.empty() ? 0 : 1;
    shape.holds_boxes = shape.holds_boxes || std::any_of(document.stages.begin(), document.stages.end(), [&](const Stage& stage) {
                          return stage.section == static_cast<int>(s);
                        });
  }
  return shape;
}

std::string stage_lines(const Shape& shape)
{
  std::vector<std::string> lines;
  for (const auto* heading : shape.headings) {
    lines.push_back(std::to_string(heading->line));
  }
  std::string text = fmt::format("{} (line{} {})", plural(shape.headings.size(), "rollout stage", "rollout stages"),
                                 lines.size() == 1 ? "" : "s", listed(lines, 6));
  return shape.shares == 0 ? text : fmt::format("{}, {} with a traffic share", text, shape.shares);
}

// Why a document's headings are not a rollout's stages; empty when they are. A traffic share is a rollout's
// own mark; stages named by a rollout word need something that stops, waits or checks (guard_fault); a
// number alone names a plan's phase.
std::string shape_fault(const Shape& shape)
{
  if (shape.headings.empty()) {
    return "none a rollout stage";
  }
  if (!shape.holds_boxes) {
    return stage_lines(shape) + ", none holding boxes";
  }
  if (shape.shares > 0) {
    return "";
  }
  if (shape.named == 0) {
    return stage_lines(shape) + ", numbered only; a rollout's stages are named by a traffic share or a rollout word";
  }
  if (shape.headings.size() == 1) {
    return fmt::format("1 rollout stage ('{}', line {}) and no traffic share; a rollout has two or more, or a share",
                       shape.headings.front()->title, shape.headings.front()->line);
  }
  return "";
}

std::string guard_fault(const Shape& shape, const Guards& guards)
{
  if (shape.shares > 0 || guards.strong()) {
    return "";
  }
  if (!guards.rollback_sections.empty()) {
    return fmt::format("{} and {}, but no traffic share, gate, window, threshold or rollback guard", stage_lines(shape),
                       guards.reasons().front());
  }
  return stage_lines(shape) + ", but no traffic share, gate, window, threshold or rollback guard";
}

// A rollout (read_rollout, or what the document's derivation kept of it); its reasons go to `reasons`, or why
// it is none.
bool is_rollout(const vocabulary::Vocabulary& words, const DocumentFacts& document, std::vector<std::string>& reasons)
{
  RolloutReading reading = document.rollout_reading ? *document.rollout_reading : read_rollout(words, document);
  reasons.insert(reasons.end(), std::make_move_iterator(reading.reasons.begin()), std::make_move_iterator(reading.reasons.end()));
  return reading.rollout;
}

std::optional<Kind> declared_kind(const DocumentFacts& document, std::vector<std::string>& reasons)
{
  const auto* field = document.document.front_matter.field(k_kind_key);
  if (!field) {
    return std::nullopt;
  }
  const std::string value = util::to_lower(util::trim(field->value));
  if (const auto kind = config::parse_kind(value)) {
    reasons.push_back(fmt::format("{}: {} in the front matter (line {})", k_kind_key, value, field->line));
    return kind;
  }
  reasons.push_back(fmt::format("{} '{}' in the front matter (line {}) is not a kind; inferred instead", k_kind_key,
                                field->value, field->line));
  return std::nullopt;
}

std::optional<Kind> configured_kind(const config::Config& config, const DocumentFacts& document, std::vector<std::string>& reasons)
{
  for (const auto& entry : config.kinds) {
    for (const auto& glob : entry.globs) {
      if (util::glob_match(glob, document.path)) {
        reasons.push_back(fmt::format("kinds: {}: '{}' in {} (line {})", config::to_string(entry.kind), glob, config.path, entry.line));
        return entry.kind;
      }
    }
  }
  return std::nullopt;
}

std::string matching_glob(const std::vector<std::string>& globs, std::string_view path)
{
  const auto found = std::find_if(globs.begin(), globs.end(), [&](const auto& glob) { return util::glob_match(glob, path); });
  return found == globs.end() ? "" : *found;
}


std::optional<Kind> record_by_words(const vocabulary::Vocabulary& words, const DocumentFacts& document, std::vector<std::string>& reasons)
{
  const KindWords& compiled = words.derived<KindWords>();
  std::string found;
  if (RE2::PartialMatch(title_of(document.document), compiled.record, &found)) {
    reasons.push_back(fmt::format("'{}' in the title", found));
  } else if (RE2::PartialMatch(name_words(document.path), compiled.record, &found)) {
    reasons.push_back(fmt::format("'{}' in the file name", found));
  } else {
    return std::nullopt;
  }
  if (std::vector<std::string> rollout; is_rollout(words, document, rollout)) {
    reasons.push_back(fmt::format("a record although it has {}; {}: rollout audits it as one", rollout.front(), k_kind_key));
  }
  return Kind::record;
}

// Kinds decided by what a document says of itself, its role and its own structure: all but a plan, which
// depends on the rollouts, and the records and others that are left when it is none.
// `why_not` gets why a document is no rollout, when its structure was read and found to be none.
std::optional<Kind> decided_alone(const Facts& facts,
                                  const DocumentFacts& document,
                                  std::vector<std::string>& reasons,
                                  std::vector<std::string>& why_not)
{
  const auto& words = *facts.vocabulary;
  if (auto kind = declared_kind(document, reasons)) {
    return kind;
  }
  if (auto kind = configured_kind(*facts.config, document, reasons)) {
    return kind;
  }
  if (document.work_log) {
    reasons.push_back(fmt::format("a work log (work_log: '{}')", matching_glob(facts.config->work_logs, document.path)));
    return Kind::record;
  }
  if (document.completion_report) {
    reasons.push_back(fmt::format("a completion report (completion_reports: '{}')",
                                  matching_glob(facts.config->completion_reports, document.path)));
    return Kind::record;
  }
  if (auto kind = record_by_words(words, document, reasons)) {
    return kind;
  }
  if (is_rollout(words, document, why_not)) {
    reasons.insert(reasons.end(), why_not.begin(), why_not.end());
    return Kind::rollout;
  }
  return std::nullopt;
}

std::vector<int> final_sections_of(const vocabulary::Vocabulary& words, const markdown::Document& document)
{
  const RE2& final_checklist = final_checklist_pattern(words);
  std::vector<int> sections;
  for (size_t s = 0; s < document.sections.size(); ++s) {
    const auto& section = document.sections[s];
    // Parents precede their children: a sub-heading of a final checklist belongs to it.
    if (RE2::PartialMatch(section.title, final_checklist)
        || (section.parent >= 0 && std::binary_search(sections.begin(), sections.end(), section.parent))) {
      sections.push_back(static_cast<int>(s));
    }
  }
  return sections;
}

// A date in the file name's words: "2025-10-12_notes.md", "report-12-10-2025.md".
std::optional<std::string> date_in_name(std::string_view path)
{
  static const RE2 k_year_first(R"((?:^|\D)((\d{4})[-_.](\d{2})[-_.](\d{2}))(?:\D|$))");
  static const RE2 k_year_last(R"((?:^|\D)((\d{2})[-_.](\d{2})[-_.](\d{4}))(?:\D|$))");
  const std::string_view name = util::basename(path);
  std::string written;
  std::string year;
  std::string month;
  std::string day;
  if (RE2::PartialMatch(name, k_year_first, &written, &year, &month, &day)
      || RE2::PartialMatch(name, k_year_last, &written, &day, &month, &year)) {
    if (util::parse_date(fmt::format("{}-{}-{}", year, month, day))) {
      return written;
    }
  }
  return std::nullopt;
}

// The folder a record word names ("docs/reports/", "notes/session-context/"): what is filed there is kept as
// written, like a report's title says of one document.
std::optional<std::string> record_folder(const KindWords& compiled, std::string_view path)
{
  std::string prefix;
  for (auto folder : util::split(util::dirname(path), '/')) {
    prefix += std::string(folder) + "/";
    if (RE2::PartialMatch(words_of(folder), compiled.record)) {
      return prefix;
    }
  }
  return std::nullopt;
}

std::optional<std::string> archive_folder(const KindWords& compiled, std::string_view path)
{
  std::string prefix;
  for (auto folder : util::split(util::dirname(path), '/')) {
    prefix += std::string(folder) + "/";
    if (RE2::FullMatch(folder, compiled.archive)) {
      return prefix;
    }
  }
  return std::nullopt;
}

// What is left once a document is neither declared, a record by its words, a rollout nor a plan.
Kind fallback_kind(const KindWords& compiled, const DocumentFacts& document, std::vector<std::string>& reasons)
{
  if (const auto folder = archive_folder(compiled, document.path)) {
    reasons.push_back(fmt::format("in the archive folder '{}'", *folder));
    return Kind::record;
  }
  // A dated plan or checklist ("2025-10-22-upgrade-plan.md") is one of that day, not a record of it.
  const auto date = date_in_name(document.path);
  if (date && !RE2::PartialMatch(name_words(document.path), compiled.title_word)
      && !RE2::PartialMatch(title_of(document.document), compiled.title_word)) {
    reasons.push_back(fmt::format("dated file name ('{}')", *date));
    return Kind::record;
  }
  if (const auto folder = record_folder(compiled, document.path)) {
    reasons.push_back(fmt::format("in the record folder '{}'", *folder));
    return Kind::record;
  }
  return Kind::other;
}

// Which rollout names a document or is named by it: the plan it executes, or the checklist executing it.
// A bare file name counts, as people write it when both live in different folders.
class RolloutReferences
{
public:
  explicit RolloutReferences(const Facts& facts) : m_facts(facts)
  {
    for (const auto& document : facts.documents) {
      if (document.kind != Kind::rollout) {
        continue;
      }
      m_by_name.emplace(std::string(util::basename(document.path)), &document);
      for (const auto& reference : document.document.references) {
        if (const auto path = facts.resolve(document, reference.target)) {
          m_named.emplace(*path, std::make_pair(&document, reference.line));
        } else if (reference.target.find('/') == std::string::npos) {
          m_named.emplace("/" + reference.target, std::make_pair(&document, reference.line));
        }
      }
    }
  }

  // Why the plan goes with a rollout, in words, when one names it or is named by it.
  std::optional<std::string> reason(const DocumentFacts& plan) const
  {
    const auto found = links(plan);
    if (found.empty()) {
      return std::nullopt;
    }
    const Link& first = found.front();
    return first.named_by ? fmt::format("named by the rollout {} (line {})", first.rollout->path, first.line)
                          : fmt::format("names the rollout {} (line {})", first.rollout->path, first.line);
  }

  // Every rollout naming the plan or named by it, each once, those naming it first.
  std::vector<std::string> executions(const DocumentFacts& plan) const
  {
    std::vector<std::string> paths;
    for (const auto& link : links(plan)) {
      if (link.rollout != &plan && std::find(paths.begin(), paths.end(), link.rollout->path) == paths.end()) {
        paths.push_back(link.rollout->path);
      }
    }
    return paths;
  }

private:
  const Facts& m_facts;
  std::map<std::string, const DocumentFacts*, std::less<>> m_by_name;
  std::multimap<std::string, std::pair<const DocumentFacts*, int>, std::less<>> m_named;

  struct Link
  {
    const DocumentFacts* rollout = nullptr;
    int line = 0;
    bool named_by = false; // the rollout names the plan (else the plan names the rollout)
  };

  std::vector<Link> links(const DocumentFacts& plan) const
  {
    std::vector<Link> found;
    for (const auto& key : {plan.path, fmt::format("/{}", util::basename(plan.path))}) {
      const auto [first, last] = m_named.equal_range(key);
      for (auto at = first; at != last; ++at) {
        found.push_back({at->second.first, at->second.second, true});
      }
    }
    for (const auto& reference : plan.document.references) {
      const DocumentFacts* rollout = nullptr;
      if (const auto path = m_facts.resolve(plan, reference.target)) {
        rollout = m_facts.document(*path);
      } else if (const auto named = m_by_name.find(reference.target); named != m_by_name.end()) {
        rollout = named->second;
      }
      if (rollout && rollout->kind == Kind::rollout) {
        found.push_back({rollout, reference.line, false});
      }
    }
    return found;
  }
};

bool has_final_items(const DocumentFacts& document)
{
  return std::any_of(document.document.items.begin(), document.document.items.end(), [&](const markdown::TaskItem& item) {
    return std::binary_search(document.final_sections.begin(), document.final_sections.end(), item.section);
  });
}

std::string final_heading(const DocumentFacts& document)
{
  const auto& section = document.document.sections[static_cast<size_t>(document.final_sections.front())];
  return fmt::format("final checklist '{}' (line {})", section.title, section.line);
}

} // namespace

void assign_kinds(Facts& facts)
{
  const KindWords& compiled = facts.vocabulary->derived<KindWords>();
  std::vector<char> decided(facts.documents.size(), 0);
  std::vector<std::vector<std::string>> why_not(facts.documents.size());
  for (size_t i = 0; i < facts.documents.size(); ++i) {
    auto& document = facts.documents[i];
    document.kind_reasons.clear();
    document.archived = archive_folder(compiled, document.path).has_value();
    document.final_sections = final_sections_of(*facts.vocabulary, document.document);
    if (const auto kind = decided_alone(facts, document, document.kind_reasons, why_not[i])) {
      document.kind = *kind;
      decided[i] = 1;
    }
  }
  const RolloutReferences rollouts(facts);
  for (size_t i = 0; i < facts.documents.size(); ++i) {
    auto& document = facts.documents[i];
    document.executions = rollouts.executions(document);
    if (decided[i]) {
      continue;
    }
    if (has_final_items(document)) {
      if (auto named = rollouts.reason(document)) {
        document.kind = Kind::plan;
        document.kind_reasons.push_back(final_heading(document));
        document.kind_reasons.push_back(std::move(*named));
        continue;
      }
    }
    document.kind = fallback_kind(compiled, document, document.kind_reasons);
    document.kind_reasons.insert(document.kind_reasons.end(), why_not[i].begin(), why_not[i].end());
    if (has_final_items(document)) {
      document.kind_reasons.push_back(final_heading(document) + ", but no rollout names it or is named by it");
    }
  }
}

std::string count_of_kind(size_t count, Kind kind)
{
  const bool plural = count != 1 && kind != Kind::other;
  return fmt::format("{} {}{}", count, config::to_string(kind), plural ? "s" : "");
}

bool in_kind_scope(const DocumentFacts& document, const markdown::TaskItem& item)
{
  return document.kind != Kind::plan
         || std::binary_search(document.final_sections.begin(), document.final_sections.end(), item.section);
}

RolloutReading read_rollout(const vocabulary::Vocabulary& words, const DocumentFacts& document)
{
  if (document.document.items.empty()) {
    return {false, {"no boxes"}};
  }
  const Shape shape = shape_of(words, document);
  if (auto fault = shape_fault(shape); !fault.empty()) {
    if (shape.headings.empty()) {
      fault = fmt::format("{} under {}, {}", plural(document.document.items.size(), "box", "boxes"),
                          plural(document.stages.size(), "heading", "headings"), fault);
    }
    return {false, {std::move(fault)}};
  }
  const Guards guards = find_guards(words, document);
  if (auto fault = guard_fault(shape, guards); !fault.empty()) {
    return {false, {std::move(fault)}};
  }
  RolloutReading reading{true, {stage_lines(shape)}};
  for (auto& reason : guards.reasons()) {
    reading.reasons.push_back(std::move(reason));
  }
  return reading;
}

} // namespace audit
