#include "audit/item_evidence.hpp"

#include "audit/explicit_evidence.hpp"

#include "util/path.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

namespace audit {

namespace {

// A keyword matches a word when the word starts with the keyword's stem, so "validation" finds
// "validated" and "ramp" finds "ramp-up".
bool word_matches(std::string_view keyword, std::string_view word)
{
  const size_t stem = keyword.size() <= 5 ? keyword.size() : std::max<size_t>(5, keyword.size() - 3);
  return word.size() >= stem && word.substr(0, stem) == keyword.substr(0, stem);
}

// Walks the words in place: this runs for every pair of stage and entry, so it must not allocate.
bool slug_has_keyword(std::string_view slug, std::string_view keyword)
{
  while (true) {
    const size_t end = slug.find('-');
    if (word_matches(keyword, slug.substr(0, end))) {
      return true;
    }
    if (end == std::string_view::npos) {
      return false;
    }
    slug.remove_prefix(end + 1);
  }
}

std::string first_match(const RE2& pattern, std::string_view text)
{
  std::string match;
  return RE2::PartialMatch(text, pattern, &match) ? match : std::string();
}

using vocabulary::Concept;

RE2::Options quiet_options()
{
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(false);
  return options;
}

// Where the entries of a concept must stand: as words of their own anywhere, at the start of the text, or
// at the start of a file's name. Entries such as "#channel" begin with punctuation, so the edges are "not
// a word character" rather than \b.
std::string anywhere(const vocabulary::Vocabulary& words, Concept which)
{
  return "(?:^|[^\\w])(" + vocabulary::alternation(words.entries(which)) + ")(?:[^\\w]|$)";
}

// Record verbs and update verbs: "Update `X-COMPLETION.md` with p99 latency" writes into the report as "Record
// ... in" does.
std::string writing_verbs(const vocabulary::Vocabulary& words)
{
  return "(?:^|[^\\w])(" + vocabulary::alternation(words.entries({Concept::record_verbs, Concept::update_verbs})) + ")(?:[^\\w]|$)";
}

std::string at_start(const vocabulary::Vocabulary& words, Concept which)
{
  return "^\\s*(" + vocabulary::alternation(words.entries(which)) + ")(?:[^\\w]|$)";
}

// The vocabulary's words for what an item asks of its evidence, compiled once per run.
struct EvidenceWords
{
  explicit EvidenceWords(const vocabulary::Vocabulary& words)
    : conditional("(?:^|[^\\w])" + vocabulary::alternation(words.entries(Concept::condition_words)) + "\\s+\\w", quiet_options()),
      communication(at_start(words, Concept::communication_verbs), quiet_options()),
      audience(anywhere(words, Concept::audiences), quiet_options()),
      precondition(at_start(words, Concept::preconditions), quiet_options()),
      record_verb(writing_verbs(words), quiet_options()),
      attach_verb(anywhere(words, Concept::attach_verbs), quiet_options()),
      work_log(anywhere(words, Concept::work_log_names), quiet_options()),
      placeholder(fmt::format("^{}", vocabulary::alternation(words.entries(Concept::placeholders))), quiet_options()),
      final_checklist("\\b" + vocabulary::alternation(words.entries(Concept::final_checklists)) + "\\b", quiet_options())
  {
    // One pattern per form, each with its own capture of the entry's name.
    for (const auto& entry : words.entries(Concept::named_entries)) {
      named_entries.push_back(std::make_unique<RE2>(
        "(?:^|[^\\w])" + vocabulary::pattern_of(entry, {{"{name}", "([\\w .:/-]+?)"}}) + "(?:[^\\w]|$)", quiet_options()));
    }
  }

  RE2 conditional;
  RE2 communication;
  RE2 audience;
  RE2 precondition;
  RE2 record_verb;
  RE2 attach_verb;
  RE2 work_log;
  RE2 placeholder;
  RE2 final_checklist;
  std::vector<std::unique_ptr<RE2>> named_entries;
};

const EvidenceWords& evidence_words(const vocabulary::Vocabulary& words)
{
  return words.derived<EvidenceWords>();
}

} // namespace

void warm_evidence_words(const vocabulary::Vocabulary& words)
{
  evidence_words(words);
}

namespace {

// "under a new Phase 3 entry" -> "Phase 3".
std::string named_entry(const EvidenceWords& compiled, std::string_view text)
{
  for (const auto& form : compiled.named_entries) {
    if (std::string name = first_match(*form, text); !name.empty()) {
      return name;
    }
  }
  return {};
}

} // namespace

bool is_conditional(const vocabulary::Vocabulary& words, const markdown::TaskItem& item)
{
  return RE2::PartialMatch(item.text, evidence_words(words).conditional);
}

bool is_communication(const vocabulary::Vocabulary& words, const markdown::TaskItem& item)
{
  const EvidenceWords& compiled = evidence_words(words);
  return RE2::PartialMatch(item.text, compiled.communication) && RE2::PartialMatch(item.text, compiled.audience);
}

const RE2& final_checklist_pattern(const vocabulary::Vocabulary& words)
{
  return evidence_words(words).final_checklist;
}

bool is_precondition(const vocabulary::Vocabulary& words, const markdown::TaskItem& item)
{
  return RE2::PartialMatch(item.text, evidence_words(words).precondition);
}

namespace {

// What the item's own rollout-audit-evidence comments name, each by the role of its target.
std::vector<EvidenceNeed> linked_needs(const Facts& facts, const DocumentFacts& document, const std::vector<ExplicitLink>& links)
{
  std::vector<EvidenceNeed> needs;
  for (const auto& link : links) {
    const auto resolved = link.target.empty() ? std::nullopt : facts.resolve(document, link.target);
    const std::string path = resolved ? *resolved : facts.intended_path(document, link.target).value_or(link.target);
    EvidenceNeed need{EvidenceKind::named_file, path, "", "its evidence link", link.written, true};
    if (facts.is_work_log(path) && !link.anchor.empty()) {
      need.kind = EvidenceKind::work_log_entry;
      need.entry_topic = link.anchor;
    } else if (facts.is_completion_report(path)) {
      need.kind = EvidenceKind::completion_report;
    }
    needs.push_back(std::move(need));
  }
  return needs;
}

std::vector<EvidenceNeed> find_evidence_needs(const Facts& facts, const DocumentFacts& document, const markdown::TaskItem& item)
{
  if (const auto links = explicit_links(item); !links.empty()) {
    return linked_needs(facts, document, links);
  }
  const EvidenceWords& words = evidence_words(*facts.vocabulary);
  std::vector<EvidenceNeed> needs;
  std::set<std::string> seen;
  const auto add = [&](EvidenceNeed need) {
    if (seen.insert(fmt::format("{}|{}", static_cast<int>(need.kind), need.target)).second) {
      needs.push_back(std::move(need));
    }
  };

  for (const auto& reference : item.references) {
    const auto intended = facts.intended_path(document, reference.target);
    const auto resolved = facts.resolve(document, reference.target);
    const std::string path = resolved ? *resolved : intended.value_or("");
    if (path.empty()) {
      continue;
    }
    const std::string record_verb = first_match(words.record_verb, item.text);
    if (facts.is_work_log(path) && !record_verb.empty()) {
      add({EvidenceKind::work_log_entry, path, named_entry(words, item.text), record_verb, reference.target});
    } else if (facts.is_completion_report(path) && !record_verb.empty()) {
      add({EvidenceKind::completion_report, path, "", record_verb, reference.target});
    } else if (const std::string attach_verb = first_match(words.attach_verb, item.text);
               (facts.is_evidence(path + "/x") || facts.is_evidence(path)) && !attach_verb.empty()) {
      add({EvidenceKind::evidence_file, path, "", attach_verb, reference.target});
    }
  }
  const bool names_work_log = std::any_of(needs.begin(), needs.end(), [](const auto& need) {
    return need.kind == EvidenceKind::work_log_entry;
  });
  if (!names_work_log && RE2::PartialMatch(item.text, words.work_log) && RE2::PartialMatch(item.text, words.record_verb)
      && !facts.config->work_logs.empty()) {
    // "Capture results in the work log": the configured work log, whichever exists.
    std::string target = facts.work_logs.empty() ? facts.config->work_logs.front() : facts.work_logs.front().path;
    add({EvidenceKind::work_log_entry, target, named_entry(words, item.text), first_match(words.work_log, item.text), ""});
  }
  return needs;
}

bool slug_mentions_stage(const Stage& stage, std::string_view slug)
{
  return std::any_of(stage.keywords.begin(), stage.keywords.end(), [&](const std::string& keyword) {
    return slug_has_keyword(slug, keyword);
  });
}

} // namespace

// What is the same for every item of a document, worked out once per document and work log: the answers
// depend on the document, a stage or a topic, and the work logs, never on the item asking.
struct EvidenceCache
{
  std::mutex mutex; // checks running at once ask about one document
  const Facts* facts = nullptr; // the facts the answers were found in; another Facts starts afresh
  std::map<std::pair<int, bool>, std::vector<EntryRef>> stage_entries;
  std::map<std::string, std::vector<EntryRef>, std::less<>> named_entries;
  std::optional<std::vector<EntryRef>> own_entries;
  std::map<size_t, std::vector<EvidenceNeed>> needs; // by item: several checks ask about each ticked item
};

namespace {

// Made by prepare_shared_evidence before checks run at once; made here for callers that ask alone (tests).
EvidenceCache& cache_of(const Facts& facts, const DocumentFacts& document)
{
  if (!document.evidence_cache || document.evidence_cache->facts != &facts) {
    document.evidence_cache = std::make_shared<EvidenceCache>();
    document.evidence_cache->facts = &facts;
  }
  return *document.evidence_cache;
}

// An answer kept in one of the cache's maps: looked up under the lock, worked out outside it (two checks
// asking at once may both work it out, and agree), then kept.
template<typename Answers, typename Key, typename Find>
typename Answers::mapped_type remembered(EvidenceCache& cache, Answers& answers, const Key& key, Find find)
{
  {
    const std::lock_guard lock(cache.mutex);
    if (const auto found = answers.find(key); found != answers.end()) {
      return found->second;
    }
  }
  auto answer = find();
  const std::lock_guard lock(cache.mutex);
  answers.emplace(key, answer);
  return answer;
}

} // namespace

std::vector<EvidenceNeed> evidence_needs(const Facts& facts, const DocumentFacts& document, const markdown::TaskItem& item)
{
  const auto& items = document.document.items;
  const std::less<const markdown::TaskItem*> before;
  if (items.empty() || before(&item, items.data()) || !before(&item, items.data() + items.size())) {
    return find_evidence_needs(facts, document, item); // an item of another version of the document
  }
  EvidenceCache& cache = cache_of(facts, document);
  return remembered(cache, cache.needs, static_cast<size_t>(&item - items.data()), [&] {
    return find_evidence_needs(facts, document, item);
  });
}

void prepare_shared_evidence(const Facts& facts)
{
  for (const auto& document : facts.documents) {
    cache_of(facts, document);
  }
}

bool entry_belongs(const Facts& facts, const DocumentFacts& document, const evidence::Entry& entry, bool strict)
{
  const auto& named = facts.entry_text(entry).rollouts;
  if (std::find(named.begin(), named.end(), document.rollout) != named.end()) {
    return true;
  }
  for (const auto& other : named) {
    // "ai-broker" is named inside "ai-broker-chat": a longer name of this rollout does not exclude it.
    if (!(document.rollout.size() > other.size() && document.rollout.starts_with(other))) {
      return false;
    }
  }
  return !strict || facts.rollouts.size() <= 1;
}

const std::vector<EntryRef>& candidate_entries(const Facts& facts, const DocumentFacts& document)
{
  EvidenceCache& cache = cache_of(facts, document);
  const std::lock_guard lock(cache.mutex);
  if (cache.own_entries) {
    return *cache.own_entries;
  }
  // entry_belongs accepts an entry naming this rollout, or naming only shorter names this one starts with,
  // or (not strict) naming none: those lists, merged back into log order.
  std::vector<size_t> positions = facts.entries_naming_none;
  const std::string& rollout = document.rollout;
  for (size_t size = 1; size <= rollout.size(); ++size) {
    if (const auto found = facts.entries_naming.find(rollout.substr(0, size)); found != facts.entries_naming.end()) {
      positions.insert(positions.end(), found->second.begin(), found->second.end());
    }
  }
  std::sort(positions.begin(), positions.end());
  positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
  std::vector<EntryRef> entries;
  entries.reserve(positions.size());
  for (size_t position : positions) {
    entries.push_back({facts.entries[position].first, facts.entries[position].second});
  }
  cache.own_entries = std::move(entries);
  return *cache.own_entries;
}

std::vector<EntryRef> entries_for_stage(const Facts& facts, const DocumentFacts& document, int stage, bool strict)
{
  if (stage < 0 || static_cast<size_t>(stage) >= document.stages.size()) {
    return {};
  }
  EvidenceCache& cache = cache_of(facts, document);
  return remembered(cache, cache.stage_entries, std::make_pair(stage, strict), [&] {
    const Stage& wanted = document.stages[static_cast<size_t>(stage)];
    std::vector<EntryRef> result;
    for (const auto& candidate : candidate_entries(facts, document)) {
      const auto& entry = *candidate.entry;
      if (!entry_belongs(facts, document, entry, strict)) {
        continue;
      }
      const auto& text = facts.entry_text(entry);
      bool matches = slug_mentions_stage(wanted, text.topic)
                     || std::any_of(text.records.begin(), text.records.end(), [&](const std::string& sentence) {
                          return slug_mentions_stage(wanted, sentence);
                        });
      if (!matches && wanted.percent) {
        matches = std::any_of(entry.metrics.begin(), entry.metrics.end(), [&](const evidence::Metric& metric) {
          return metric.quantity == evidence::Quantity::traffic_share && metric.value == *wanted.percent;
        });
      }
      if (matches) {
        result.push_back(candidate);
      }
    }
    return result;
  });
}

std::vector<EntryRef> entries_titled(const Facts& facts, std::string_view log, std::string_view topic)
{
  const std::string needle = fmt::format("-{}-", util::slugify(topic));
  std::vector<EntryRef> result;
  if (needle.size() <= 2) {
    return result;
  }
  for (const auto& [work_log, entry] : facts.entries) {
    if (work_log->path == log && facts.entry_text(*entry).title.find(needle) != std::string::npos) {
      result.push_back({work_log, entry});
    }
  }
  return result;
}

std::vector<EntryRef> entries_named(const Facts& facts, const DocumentFacts& document, std::string_view topic)
{
  const std::string wanted = util::slugify(topic);
  if (wanted.empty()) {
    return {};
  }
  EvidenceCache& cache = cache_of(facts, document);
  return remembered(cache, cache.named_entries, wanted, [&] {
    const std::string needle = "-" + wanted + "-";
    std::vector<EntryRef> result;
    for (const auto& candidate : candidate_entries(facts, document)) {
      if (facts.entry_text(*candidate.entry).title.find(needle) != std::string::npos
          && entry_belongs(facts, document, *candidate.entry, false)) {
        result.push_back(candidate);
      }
    }
    return result;
  });
}

bool mentions_stage(const Stage& stage, std::string_view text)
{
  return slug_mentions_stage(stage, util::slugify(text));
}

int stage_of_entry(const Facts& facts, const DocumentFacts& document, const evidence::Entry& entry)
{
  const std::string& topic = facts.entry_text(entry).topic;
  for (size_t s = 0; s < document.stages.size(); ++s) {
    if (slug_mentions_stage(document.stages[s], topic)) {
      return static_cast<int>(s);
    }
  }
  for (size_t s = 0; s < document.stages.size(); ++s) {
    const auto& stage = document.stages[s];
    if (stage.percent
        && std::any_of(entry.metrics.begin(), entry.metrics.end(), [&](const evidence::Metric& metric) {
             return metric.quantity == evidence::Quantity::traffic_share && metric.value == *stage.percent;
           })) {
      return static_cast<int>(s);
    }
  }
  return -1;
}

int referenced_stage(const DocumentFacts& document, int own_stage, std::string_view text)
{
  for (int s = own_stage - 1; s >= 0; --s) {
    if (mentions_stage(document.stages[static_cast<size_t>(s)], text)) {
      return s;
    }
  }
  return own_stage - 1;
}

std::vector<Figure> figures_of(const std::vector<EntryRef>& entries)
{
  // Dates turned into times once, not in every comparison: a stage's entries can number thousands.
  std::vector<std::pair<util::Timestamp, EntryRef>> keyed;
  keyed.reserve(entries.size());
  size_t count = 0;
  for (const auto& ref : entries) {
    keyed.emplace_back(util::to_timestamp(ref.entry->date), ref);
    count += ref.entry->metrics.size();
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Figure> figures;
  figures.reserve(count);
  for (const auto& [time, ref] : keyed) {
    for (const auto& metric : ref.entry->metrics) {
      figures.push_back({&metric, ref.log->path, ref.entry});
    }
  }
  return figures;
}

std::vector<Figure> figures_of(const DocumentFacts& report)
{
  std::vector<Figure> figures;
  for (const auto& metric : report.metrics) {
    figures.push_back({&metric, report.path, nullptr});
  }
  return figures;
}

std::string describe_figure(const Figure& figure)
{
  if (figure.entry) {
    return fmt::format("'{}' in entry '{}' ({}:{})", figure.metric->written, figure.entry->title, figure.file, figure.metric->line);
  }
  return fmt::format("'{}' ({}:{})", figure.metric->written, figure.file, figure.metric->line);
}

bool is_placeholder(const vocabulary::Vocabulary& words, std::string_view path)
{
  return RE2::PartialMatch(util::basename(path), evidence_words(words).placeholder);
}

bool belongs_to_rollout(const Facts& facts, std::string_view path, std::string_view slug)
{
  if (slug.empty()) {
    return true;
  }
  if (names_rollout(*facts.vocabulary, facts.path_slug(path), slug)) {
    return true;
  }
  const auto* text = facts.text_slug(path);
  return text && names_rollout(*facts.vocabulary, *text, slug);
}

Backing find_backing(const Facts& facts, const DocumentFacts& document, int index, const EvidenceNeed& need)
{
  Backing best;
  const auto consider = [&](std::string description, std::string file, int line, std::optional<Stamp> stamp) {
    if (best.description.empty() || (stamp && best.stamp && stamp->time < best.stamp->time)) {
      best = Backing{std::move(description), std::move(file), line, std::move(stamp)};
    }
  };
  switch (need.kind) {
  case EvidenceKind::work_log_entry: {
    const int stage = document.stage_of_item(index);
    auto entries = need.explicit_link         ? entries_titled(facts, need.target, need.entry_topic)
                   : need.entry_topic.empty() ? entries_for_stage(facts, document, stage)
                                              : entries_named(facts, document, need.entry_topic);
    for (const auto& ref : entries) {
      if (ref.log->path == need.target) {
        consider(fmt::format("entry '{}'", ref.entry->title), ref.log->path, ref.entry->line,
                 facts.timeline->entry_added(ref.log->path, *ref.entry));
      }
    }
    break;
  }
  case EvidenceKind::completion_report: {
    const auto* report = facts.document(need.target);
    if (!report) {
      break;
    }
    const bool wants_figures = !document.demands_of(index).empty();
    if (wants_figures && !report->metrics.empty()) {
      consider(fmt::format("the figures in `{}`", need.target), need.target, report->metrics.front().line,
               facts.timeline->metrics_added(need.target));
    } else if (!wants_figures) {
      consider(fmt::format("`{}`", need.target), need.target, 0, facts.timeline->file_added(need.target));
    }
    break;
  }
  case EvidenceKind::evidence_file: {
    const std::string slug = document.rollout.empty() ? rollout_slug(*facts.vocabulary, document.document) : document.rollout;
    for (const auto* file : facts.corpus->files_under(need.target)) {
      if (!is_placeholder(*facts.vocabulary, file->path) && belongs_to_rollout(facts, file->path, slug)) {
        consider(fmt::format("`{}`", file->path), file->path, 0, facts.timeline->file_added(file->path));
      }
    }
    break;
  }
  case EvidenceKind::named_file:
    if (facts.corpus->is_file(need.target)) {
      consider(fmt::format("`{}`", need.target), need.target, 0, facts.timeline->file_added(need.target));
    }
    for (const auto* file : facts.corpus->files_under(need.target)) {
      if (!is_placeholder(*facts.vocabulary, file->path)) {
        consider(fmt::format("`{}`", file->path), file->path, 0, facts.timeline->file_added(file->path));
      }
    }
    break;
  }
  return best;
}

std::optional<Stamp> stage_completed(const DocumentFacts& document, int stage, int* last_item)
{
  if (stage < 0 || static_cast<size_t>(stage) >= document.stages.size()) {
    return std::nullopt;
  }
  std::optional<Stamp> latest;
  // The stage's own items when build_facts indexed them; every item otherwise.
  const bool indexed = document.item_stages.size() == document.document.items.size();
  const auto& members = document.stages[static_cast<size_t>(stage)].members;
  const size_t count = indexed ? members.size() : document.document.items.size();
  for (size_t k = 0; k < count; ++k) {
    const size_t i = indexed ? static_cast<size_t>(members[k]) : k;
    const auto& item = document.document.items[i];
    if (item.kind != markdown::ItemKind::step || document.stage_of_item(static_cast<int>(i)) != stage) {
      continue;
    }
    if (!item.ticked || i >= document.ticks.size() || !document.ticks[i]) {
      return std::nullopt;
    }
    const Stamp& stamp = *document.ticks[i];
    if (!latest || stamp.time > latest->time || (!stamp.committed && latest->committed)) {
      latest = stamp;
      if (last_item) {
        *last_item = static_cast<int>(i);
      }
    }
  }
  return latest;
}

bool appeared_after(const Stamp& tick, const Stamp& evidence)
{
  if (tick.truncated || evidence.truncated || !tick.committed) {
    return false;
  }
  if (!evidence.committed) {
    return true;
  }
  return evidence.commit != tick.commit && evidence.time > tick.time;
}

std::string describe_stamp(const Stamp& stamp)
{
  if (!stamp.committed) {
    return "in the working tree or index (not committed)";
  }
  return fmt::format("in commit {} at {}", stamp.commit.substr(0, 12), util::format_timestamp(stamp.time));
}

std::optional<ItemWindow> item_window(const vocabulary::Vocabulary& words, const markdown::TaskItem& item, std::string_view said_before)
{
  for (const std::string_view text : {std::string_view(item.text), std::string_view(item.status)}) {
    if (auto window = evidence::stated_window(words, text)) {
      return ItemWindow{std::move(*window), false};
    }
  }
  if (auto window = evidence::stated_window(words, said_before)) {
    return ItemWindow{std::move(*window), true};
  }
  return std::nullopt;
}

bool is_identifiable(const DocumentFacts& document, int stage)
{
  if (stage < 0 || static_cast<size_t>(stage) >= document.stages.size()) {
    return false;
  }
  const auto& facts = document.stages[static_cast<size_t>(stage)];
  return !facts.keywords.empty() || facts.percent.has_value();
}

std::string describe_item(const markdown::TaskItem& item)
{
  return fmt::format("line {} '{}'", item.line, util::shorten(item.text, 60));
}

std::string describe_items(const DocumentFacts& document, const std::vector<int>& items, size_t limit)
{
  std::string result;
  for (size_t i = 0; i < items.size() && i < limit; ++i) {
    result += fmt::format("{}{}", i ? ", " : "", describe_item(document.document.items[static_cast<size_t>(items[i])]));
  }
  if (items.size() > limit) {
    result += fmt::format(" and {} more", items.size() - limit);
  }
  return result;
}

} // namespace audit
