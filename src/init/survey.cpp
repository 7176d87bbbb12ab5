#include "init/survey.hpp"

#include "audit/item_evidence.hpp"
#include "evidence/items.hpp"
#include "evidence/work_log.hpp"
#include "util/path.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <set>

namespace init {

namespace {

using config::Kind;

// A file with this many dated entries that no box names is shown as a possible work log, never proposed:
// dated session notes and reports look the same.
constexpr size_t k_many_entries = 5;

bool rollout_or_plan(const audit::DocumentFacts& document)
{
  return document.kind == Kind::rollout || document.kind == Kind::plan;
}

// What the boxes of rollouts and plans name with a verb of recording ("record the results in X") or of
// attaching ("attach the dashboards to Y"), with the count of boxes naming each.
struct Named
{
  std::map<std::string, size_t> records;
  std::map<std::string, size_t> attachments;
};

// The boxes are read as the audit reads them (audit::evidence_needs), with roles that let any Markdown file
// be a work log and any path evidence: which role a target then plays is decided by what it holds.
Named named_targets(const audit::Facts& facts)
{
  config::Config open_roles;
  open_roles.work_logs = {"**/*.md", "**/*.markdown"};
  open_roles.completion_reports.clear();
  open_roles.evidence = {"**"};
  audit::Facts probe;
  probe.corpus = facts.corpus;
  probe.config = &open_roles;
  probe.timeline = facts.timeline;
  probe.vocabulary = facts.vocabulary;
  Named named;
  for (const auto& document : facts.documents) {
    if (!rollout_or_plan(document)) {
      continue;
    }
    for (const auto& item : document.document.items) {
      // A copy: evidence_needs remembers what it finds for a document's own items, and these answers are
      // the probe's, not the audit's.
      const markdown::TaskItem copy = item;
      for (const auto& need : audit::evidence_needs(probe, document, copy)) {
        if (need.target.empty() || util::is_glob(need.target)) {
          continue; // "the work log" in words: no file named
        }
        if (need.kind == audit::EvidenceKind::work_log_entry) {
          ++named.records[need.target];
        } else if (need.kind == audit::EvidenceKind::evidence_file) {
          ++named.attachments[need.target];
        }
      }
    }
  }
  return named;
}

size_t dated_entries(const audit::Facts& facts, const audit::DocumentFacts& document)
{
  return evidence::parse_work_log(*facts.vocabulary, document.document, false).entries.size();
}

size_t figures_in(const audit::Facts& facts, const std::string& path)
{
  const std::string* text = facts.corpus->text(path);
  if (!text) {
    return 0;
  }
  const auto document = evidence::read_document(*facts.vocabulary, path, *text);
  return evidence::document_metrics(*facts.vocabulary, document).size();
}

RoleCandidate& candidate(std::vector<RoleCandidate>& list, const std::string& path)
{
  const auto found = std::find_if(list.begin(), list.end(), [&](const RoleCandidate& c) { return c.path == path; });
  if (found != list.end()) {
    return *found;
  }
  list.push_back(RoleCandidate{path});
  return list.back();
}

// Most named first, then the defaults, then by path: the first work log is the one "the work log" means.
void rank(std::vector<RoleCandidate>& list)
{
  std::sort(list.begin(), list.end(), [](const RoleCandidate& a, const RoleCandidate& b) {
    return std::make_tuple(-static_cast<long>(a.named_by), !a.by_default, a.path) < std::make_tuple(-static_cast<long>(b.named_by), !b.by_default, b.path);
  });
}

// Work logs are what boxes ask to record in and what holds dated entries; completion reports are what boxes
// ask to record in and holds figures without dated entries. A rollout's own checklist is neither.
void find_records(const audit::Facts& facts, const Named& named, Survey& survey)
{
  for (const auto& [path, count] : named.records) {
    const audit::DocumentFacts* document = facts.document(path);
    if (!document || rollout_or_plan(*document)) {
      continue;
    }
    if (const size_t entries = dated_entries(facts, *document); entries > 0) {
      RoleCandidate& log = candidate(survey.work_logs, path);
      log.named_by = count;
      log.entries = entries;
    } else if (const size_t figures = figures_in(facts, path); figures > 0 || facts.is_completion_report(path)) {
      RoleCandidate& report = candidate(survey.completion_reports, path);
      report.named_by = count;
      report.figures = figures;
    }
  }
  for (const auto& document : facts.documents) {
    if (facts.is_work_log(document.path)) {
      RoleCandidate& log = candidate(survey.work_logs, document.path);
      log.by_default = true;
      log.entries = dated_entries(facts, document);
    } else if (facts.is_completion_report(document.path)) {
      RoleCandidate& report = candidate(survey.completion_reports, document.path);
      report.by_default = true;
      report.figures = figures_in(facts, document.path);
    } else if (!rollout_or_plan(document) && !named.records.contains(document.path)) {
      if (const size_t entries = dated_entries(facts, document); entries >= k_many_entries) {
        survey.dated_unnamed.push_back(RoleCandidate{document.path, 0, entries});
      }
    }
  }
  rank(survey.work_logs);
  rank(survey.completion_reports);
}

// The outermost folder above `path` that the default evidence globs still cover: the folder to name.
std::string covered_folder(const audit::Facts& facts, std::string_view path)
{
  std::string folder(util::dirname(path));
  while (!util::dirname(folder).empty() && facts.is_evidence(std::string(util::dirname(folder)) + "/x")) {
    folder = std::string(util::dirname(folder));
  }
  return folder;
}

void find_evidence_folders(const audit::Facts& facts, const Named& named, Survey& survey)
{
  for (const auto& [path, count] : named.attachments) {
    const std::string folder = facts.corpus->is_directory(path) ? path : facts.corpus->is_file(path) ? std::string(util::dirname(path)) : "";
    if (folder.empty()) {
      continue; // named, but not there: nothing to say where evidence lives
    }
    RoleCandidate& found = candidate(survey.evidence_folders, folder);
    found.named_by += count;
    found.by_default = facts.is_evidence(folder + "/x");
  }
  for (const auto& path : facts.evidence_files) {
    candidate(survey.evidence_folders, covered_folder(facts, path)).by_default = true;
  }
  for (auto& folder : survey.evidence_folders) {
    folder.files = facts.corpus->files_under(folder.path).size();
  }
  rank(survey.evidence_folders);
}

void find_rollouts(const audit::Facts& facts, Survey& survey)
{
  for (const Kind kind : {Kind::rollout, Kind::plan}) {
    for (const auto& document : facts.documents) {
      if (document.kind != kind) {
        continue;
      }
      RolloutFound found{document.path, document.rollout, kind, {}};
      for (const auto& stage : document.stages) {
        if (stage.is_rollout_stage()) {
          found.stages.push_back(stage.title);
        }
      }
      survey.rollouts.push_back(std::move(found));
    }
  }
}

bool has_value(const markdown::FrontMatter& front, const markdown::FrontMatterField& field)
{
  return !field.value.empty() || front.root()[field.key].IsMap() || front.root()[field.key].IsSequence();
}

void find_front_matter(const audit::Facts& facts, Survey& survey)
{
  for (const auto& document : facts.documents) {
    const auto& front = document.document.front_matter;
    if (!front.present || front.error) {
      continue;
    }
    const bool rollout = document.kind == Kind::rollout;
    survey.rollouts_with_front_matter += rollout ? 1 : 0;
    for (const auto& field : front.fields) {
      auto found = std::find_if(survey.front_matter.begin(), survey.front_matter.end(), [&](const KeyUse& use) { return use.key == field.key; });
      if (found == survey.front_matter.end()) {
        survey.front_matter.push_back(KeyUse{field.key});
        found = survey.front_matter.end() - 1;
      }
      ++found->documents;
      if (rollout && has_value(front, field)) {
        ++found->rollouts;
        found->dates = found->dates && util::parse_date(field.value).has_value();
      }
    }
  }
}

// Whether a heading of the document gives a traffic share ("Ramp (50% of traffic)"): a document about a
// staged rollout, where numbered groups of boxes are likely its stages. Task lists number days and tasks.
bool splits_traffic(const audit::Facts& facts, const audit::DocumentFacts& document)
{
  return std::any_of(document.document.sections.begin(), document.document.sections.end(), [&](const markdown::Section& section) {
    return !audit::read_stage_heading(*facts.vocabulary, section.title).share.empty();
  });
}

// Headings that hold boxes and open with a word and a number ("Wave 2: Half the fleet"), the same word
// twice or more in one document that splits traffic and is no record, a word that is no stage word yet
// and a heading no rollout stage yet.
void find_stage_words(const audit::Facts& facts, Survey& survey)
{
  static const RE2 k_numbered(R"(^\s*(?:\d+[.)]\s+)?(\pL+)\s+\d{1,6}\b)");
  std::set<std::string> known;
  for (const auto& entry : facts.vocabulary->entries(vocabulary::Concept::stage_words)) {
    known.insert(util::to_lower(entry.text));
  }
  for (const auto& document : facts.documents) {
    if (document.kind == Kind::record || !splits_traffic(facts, document)) {
      continue;
    }
    std::map<std::string, StageWordHint> hints;
    std::set<int> holding;
    for (const auto& item : document.document.items) {
      holding.insert(item.section);
    }
    for (const int section : holding) {
      if (section < 0) {
        continue;
      }
      const std::string& title = document.document.sections[static_cast<size_t>(section)].title;
      std::string word;
      if (!RE2::PartialMatch(title, k_numbered, &word) || known.contains(util::to_lower(word))
          || audit::read_stage_heading(*facts.vocabulary, title).is_rollout_stage()) {
        continue;
      }
      StageWordHint& hint = hints.try_emplace(util::to_lower(word), StageWordHint{word, document.path, {}}).first->second;
      hint.headings.push_back(title);
    }
    for (auto& [lower, hint] : hints) {
      if (hint.headings.size() >= 2) {
        survey.stage_words.push_back(std::move(hint));
      }
    }
  }
}

} // namespace

Survey survey_repository(const audit::Facts& facts)
{
  Survey survey;
  for (const auto& document : facts.documents) {
    survey.documents[document.kind].push_back(document.path);
  }
  const Named named = named_targets(facts);
  find_records(facts, named, survey);
  find_evidence_folders(facts, named, survey);
  find_rollouts(facts, survey);
  find_front_matter(facts, survey);
  find_stage_words(facts, survey);
  return survey;
}

} // namespace init
