#include "audit/facts.hpp"

#include "audit/facts_codec.hpp"
#include "audit/item_evidence.hpp"
#include "audit/kinds.hpp"
#include "audit/read_documents.hpp"
#include "evidence/items.hpp"
#include "util/parallel.hpp"
#include "util/path.hpp"
#include "util/text.hpp"
#include "vocabulary/letter_pattern.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <set>
#include <unordered_set>

namespace audit {

namespace {

using vocabulary::Concept;

bool matches_any(const std::vector<std::string>& globs, std::string_view path)
{
  return std::any_of(globs.begin(), globs.end(), [&](const auto& glob) { return util::glob_match(glob, path); });
}

RE2::Options quiet_options()
{
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(false);
  return options;
}

// The vocabulary's words for stages, compiled once per run.
struct StageWords
{
  explicit StageWords(const vocabulary::Vocabulary& words)
    : generic(vocabulary::alternation(words.entries(Concept::filler_words)) + "|"
                + vocabulary::alternation(words.entries(Concept::stage_words)) + "|"
                + vocabulary::alternation(words.entries(Concept::rollout_title_words)),
              quiet_options()),
      title_word(vocabulary::alternation(words.entries(Concept::rollout_title_words)), quiet_options()),
      // "10%", "10 percent": the share as written, and its number. A unit ends where a word would go on.
      percent(R"(((\d{1,3}(?:\.\d+)?)\s*)" + vocabulary::alternation(words.entries(Concept::percent_units)) + R"()(?:\W|$))",
              quiet_options()),
      rollout_stage(R"(\b()" + vocabulary::alternation(words.entries(Concept::rollout_stages)) + R"()\b)", quiet_options()),
      // At the heading's start, after its number or symbols: "Phase 2: Ramp", not "Fix the form's Step 3".
      numbered(R"(^[^\pL]*()" + vocabulary::alternation(words.entries(Concept::stage_words)) + R"(\s+\d{1,6})\b)",
               quiet_options()),
      traffic(R"(\b(?:)" + vocabulary::alternation(words.entries(Concept::traffic_metrics)) + "|"
                + vocabulary::alternation(words.entries(Concept::rollout_stages)) + "|"
                + vocabulary::alternation(words.entries(Concept::stage_words)) + R"()\b)",
              quiet_options()),
      reaction(R"(\b)" + vocabulary::alternation(words.entries(Concept::reactions)), quiet_options()),
      // "1% of devices", "50 percent of the live traffic": what the share is of names no stage in particular.
      share_of(R"((?:^|\W)\d{1,3}(?:\.\d+)?\s*(?:)" + vocabulary::alternation(words.entries(Concept::percent_units))
                 + R"()(?:\s+(?:)" + vocabulary::alternation(words.entries(Concept::traffic_qualifiers)) + R"())+\s+[\w-]+)",
               quiet_options())
  {
    for (const auto& group : words.groups(Concept::traffic_share_words)) {
      shares.emplace_back(std::stod(group.name),
                          std::make_unique<RE2>(R"(\b()" + vocabulary::alternation(group.entries) + R"()\b)", quiet_options()));
    }
  }
  RE2 generic;       // a whole word of no stage in particular: filler, stage and title words
  RE2 title_word;    // a whole word that follows a rollout's name in a title
  RE2 percent;
  RE2 rollout_stage; // canary, ramp, cutover: captured as written
  vocabulary::LetterPattern numbered; // "Phase 2": captured as written
  RE2 traffic;       // what makes a percentage a share of traffic: traffic, rollout, stage words
  RE2 reaction;      // a reaction at the start of a word: a rollback section's heading
  RE2 share_of;      // a share with "of" or another traffic qualifier, and the word it is a share of
  std::vector<std::pair<double, std::unique_ptr<RE2>>> shares; // "half traffic" -> 50, captured as written
};

// Parenthesised words qualify a stage ("Pre-flight (One Hour Before Validation Window)") rather than name it.
std::string unqualified(std::string_view title)
{
  std::string result;
  int depth = 0;
  for (char c : title) {
    depth += c == '(' ? 1 : 0;
    if (depth == 0) {
      result += c;
    }
    depth -= c == ')' && depth > 0 ? 1 : 0;
  }
  return result;
}

struct Share
{
  double percent = 0;
  std::string written; // "50 percent", "Half traffic"; empty for a percentage that is not said to be traffic
};

// A traffic share in a stage's heading: "Validation Stage (10 Percent Traffic)" -> 10, "Stage B - Half
// traffic" -> 50. A figure wins over words, being the more precise; it is a share of traffic when the heading
// says so ("10% Rollout", "Stage 1 (5%)"), not in "Colours (95% Monochrome)" or "Checks (100% Pass)".
std::optional<Share> stage_share(const StageWords& compiled, std::string_view title)
{
  Share share;
  std::string number;
  if (RE2::PartialMatch(title, compiled.percent, &share.written, &number)) {
    share.percent = std::stod(number);
    if (!RE2::PartialMatch(title, compiled.traffic)) {
      share.written.clear();
    }
    return share;
  }
  for (const auto& [percent, pattern] : compiled.shares) {
    if (RE2::PartialMatch(title, *pattern, &share.written)) {
      share.percent = percent;
      return share;
    }
  }
  return std::nullopt;
}

// The distinctive words of a stage's heading, by which work-log entries about it are found: not the filler,
// stage and title words every heading has, not numbers, not a share in words nor what a share is of ("1% of
// devices" in every stage's heading): entries are found by its figure.
std::vector<std::string> stage_keywords(const StageWords& compiled, std::string_view title)
{
  std::string words = unqualified(title);
  RE2::GlobalReplace(&words, compiled.share_of, " ");
  for (const auto& share : compiled.shares) {
    RE2::GlobalReplace(&words, *share.second, " ");
  }
  std::vector<std::string> keywords;
  const std::string slug = util::slugify(words);
  for (auto word : util::split(slug, '-')) {
    const bool numeric = std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (word.size() >= 3 && !numeric && !RE2::FullMatch(word, compiled.generic)) {
      keywords.emplace_back(word);
    }
  }
  return keywords;
}

// What makes a heading a rollout's stage, as written: a rollout word and a stage number outside brackets
// ("Pre-flight (Before Dogfooding)" is no dogfooding stage), a traffic share anywhere ("(10 Percent Traffic)").
StageHeading read_heading(const StageWords& compiled, std::string_view title)
{
  StageHeading heading;
  const std::string named = unqualified(title);
  RE2::PartialMatch(named, compiled.rollout_stage, &heading.rollout_word);
  RE2::PartialMatch(named, compiled.numbered.for_text(named), &heading.numbered);
  if (const auto share = stage_share(compiled, title)) {
    heading.percent = share->percent;
    heading.share = share->written;
  }
  return heading;
}

// Rollouts' names and the other names their work logs and files use (the vocabulary's rollouts), compiled
// once per run. A name is matched against a text's words: its slug, with the dashes read as spaces.
struct RolloutAliases
{
  explicit RolloutAliases(const vocabulary::Vocabulary& words)
  {
    for (const auto& group : words.groups(Concept::rollouts)) {
      Named named;
      named.slug = util::slugify(group.name);
      std::string spaced = named.slug;
      std::replace(spaced.begin(), spaced.end(), '-', ' ');
      std::vector<vocabulary::Entry> names{{RE2::QuoteMeta(spaced), ""}};
      names.insert(names.end(), group.entries.begin(), group.entries.end());
      named.whole = std::make_unique<RE2>(vocabulary::alternation(names), quiet_options());
      named.within = std::make_unique<RE2>(R"(\b)" + vocabulary::alternation(names) + R"(\b)", quiet_options());
      rollouts.push_back(std::move(named));
    }
  }

  struct Named
  {
    std::string slug;
    std::unique_ptr<RE2> whole;  // a title that is one of the names
    std::unique_ptr<RE2> within; // a text naming one of them
  };
  std::vector<Named> rollouts;

  // The rollout a slug is one of the names of, else the slug itself.
  std::string canonical(const std::string& slug) const
  {
    std::string spaced = slug;
    std::replace(spaced.begin(), spaced.end(), '-', ' ');
    for (const auto& named : rollouts) {
      if (named.slug == slug || RE2::FullMatch(spaced, *named.whole)) {
        return named.slug;
      }
    }
    return slug;
  }

  const Named* find(std::string_view slug) const
  {
    const auto found = std::find_if(rollouts.begin(), rollouts.end(), [&](const Named& named) { return named.slug == slug; });
    return found == rollouts.end() ? nullptr : &*found;
  }
};

std::vector<evidence::Condition> find_thresholds(const vocabulary::Vocabulary& words, const markdown::Document& document)
{
  std::vector<evidence::Condition> thresholds;
  std::set<int> rollback_sections;
  for (size_t i = 0; i < document.sections.size(); ++i) {
    const auto& section = document.sections[i];
    if (is_rollback_heading(words, section.title)
        || (section.parent >= 0 && rollback_sections.contains(section.parent))) {
      rollback_sections.insert(static_cast<int>(i));
    }
  }
  for (const auto& item : document.items) {
    if (item.kind == markdown::ItemKind::guard) {
      auto found = evidence::extract_conditions(words, item.text, item.line);
      thresholds.insert(thresholds.end(), found.begin(), found.end());
    }
  }
  for (const auto& block : document.blocks) {
    if (block.item < 0 && rollback_sections.contains(block.section)) {
      auto found = evidence::extract_conditions(words, block.text, block.line);
      thresholds.insert(thresholds.end(), found.begin(), found.end());
    }
  }
  return thresholds;
}

} // namespace

StageHeading read_stage_heading(const vocabulary::Vocabulary& words, std::string_view title)
{
  return read_heading(words.derived<StageWords>(), title);
}

bool is_rollback_heading(const vocabulary::Vocabulary& words, std::string_view title)
{
  return RE2::PartialMatch(title, words.derived<StageWords>().reaction);
}

bool names_rollout(const vocabulary::Vocabulary& words, std::string_view slug, std::string_view rollout)
{
  if (slug.find(rollout) != std::string_view::npos) {
    return true;
  }
  const auto* named = words.derived<RolloutAliases>().find(rollout);
  if (!named) {
    return false;
  }
  std::string spaced(slug);
  std::replace(spaced.begin(), spaced.end(), '-', ' ');
  return RE2::PartialMatch(spaced, *named->within);
}

std::string rollout_slug(const vocabulary::Vocabulary& words, const markdown::Document& document)
{
  const auto& aliases = words.derived<RolloutAliases>();
  if (const auto* field = document.front_matter.field("rollout"); field && !field->value.empty()) {
    return aliases.canonical(util::slugify(field->value));
  }
  std::string title;
  if (const auto* field = document.front_matter.field("title"); field && !field->value.empty()) {
    title = field->value;
  } else if (!document.sections.empty()) {
    title = document.sections.front().title;
  }
  const RE2& title_word = words.derived<StageWords>().title_word;
  const std::string title_slug = util::slugify(title);
  std::string slug;
  for (auto word : util::split(title_slug, '-')) {
    if (RE2::FullMatch(word, title_word)) {
      break; // the rollout's name comes before words like "Rollout Execution Checklist"
    }
    slug += slug.empty() ? "" : "-";
    slug += word;
  }
  return aliases.canonical(slug);
}

std::vector<Stage> find_stages(const vocabulary::Vocabulary& words, const markdown::Document& document)
{
  const StageWords& compiled = words.derived<StageWords>();
  std::vector<Stage> stages;
  // Parents precede their children, so one pass knows each parent's stage when it meets the child.
  std::vector<int> stage_of(document.items.size(), -1);
  for (size_t i = 0; i < document.items.size(); ++i) {
    const auto& item = document.items[i];
    if (item.parent_item >= 0) {
      // A sub-step belongs to its parent's stage through the parent.
      const auto parent = static_cast<size_t>(item.parent_item);
      if (parent < i && stage_of[parent] >= 0) {
        stage_of[i] = stage_of[parent];
        stages[static_cast<size_t>(stage_of[i])].members.push_back(static_cast<int>(i));
      }
      continue;
    }
    if (stages.empty() || stages.back().section != item.section) {
      Stage stage;
      stage.section = item.section;
      if (item.section >= 0) {
        const auto& section = document.sections[static_cast<size_t>(item.section)];
        stage.title = section.title;
        stage.line = section.line;
        StageHeading heading = read_heading(compiled, section.title);
        stage.rollout_word = std::move(heading.rollout_word);
        stage.share = std::move(heading.share);
        stage.numbered = std::move(heading.numbered);
        stage.percent = heading.percent;
        stage.keywords = stage_keywords(compiled, section.title);
      }
      stages.push_back(std::move(stage));
    }
    stages.back().items.push_back(static_cast<int>(i));
    stages.back().members.push_back(static_cast<int>(i));
    stage_of[i] = static_cast<int>(stages.size() - 1);
  }
  return stages;
}

std::vector<int> stages_of_items(const markdown::Document& document, const std::vector<Stage>& stages)
{
  std::vector<int> result(document.items.size(), -1);
  for (size_t s = 0; s < stages.size(); ++s) {
    for (int item : stages[s].members) {
      if (item >= 0 && static_cast<size_t>(item) < result.size()) {
        result[static_cast<size_t>(item)] = static_cast<int>(s);
      }
    }
  }
  return result;
}

int DocumentFacts::stage_of_item(int item) const
{
  if (item_stages.size() == document.items.size()) {
    return item >= 0 && static_cast<size_t>(item) < item_stages.size() ? item_stages[static_cast<size_t>(item)] : -1;
  }
  while (item >= 0 && document.items[static_cast<size_t>(item)].parent_item >= 0) {
    item = document.items[static_cast<size_t>(item)].parent_item;
  }
  for (size_t s = 0; s < stages.size(); ++s) {
    if (std::find(stages[s].items.begin(), stages[s].items.end(), item) != stages[s].items.end()) {
      return static_cast<int>(s);
    }
  }
  return -1;
}

std::vector<evidence::MetricDemand> DocumentFacts::demands_of(int item) const
{
  const auto& found = document.items[static_cast<size_t>(item)];
  if (item_demands.size() == document.items.size() && found.ticked) {
    return item_demands[static_cast<size_t>(item)];
  }
  return evidence::demanded_metrics(*vocabulary, found.text);
}

std::vector<evidence::Condition> DocumentFacts::conditions_of(int item) const
{
  const auto& found = document.items[static_cast<size_t>(item)];
  if (item_conditions.size() == document.items.size() && found.ticked) {
    return item_conditions[static_cast<size_t>(item)];
  }
  return evidence::extract_conditions(*vocabulary, found.text, found.line);
}

const EntryText& Facts::entry_text(const evidence::Entry& entry) const
{
  return entry_texts.at(&entry);
}

const std::string& Facts::path_slug(std::string_view path) const
{
  TextSlugs& memo = *text_slugs;
  const std::lock_guard lock(memo.mutex);
  auto found = memo.path_slugs.find(path);
  if (found == memo.path_slugs.end()) {
    found = memo.path_slugs.emplace(std::string(path), util::slugify(path)).first;
  }
  return found->second;
}

namespace {

// A file's text slug from the facts cache, else worked out from its text (and added to the cache when
// reading the file reported nothing); nullopt for a file with no text.
std::optional<std::string> find_text_slug(const corpus::Corpus& corpus, util::RecordCache* cache, std::string_view path)
{
  const auto cached = [&](const std::string& id) -> std::optional<std::string> {
    if (const auto record = cache->find(id)) {
      return std::string(*record);
    }
    return std::nullopt;
  };
  std::string id;
  if (cache) {
    if (const auto content_id = corpus.content_id(path)) {
      id = "slug/" + *content_id;
      if (auto slug = cached(id)) {
        return slug; // named without a read (git's blob id): the file is not read at all
      }
    }
  }
  const std::string* text = corpus.text(path);
  if (!text) {
    return std::nullopt;
  }
  if (cache && id.empty()) {
    id = "slug/" + util::content_id_of(*text);
    if (auto slug = cached(id)) {
      return slug;
    }
  }
  std::string slug = util::slugify(*text);
  if (cache && !corpus.had_problem(path)) {
    cache->insert(id, slug);
  }
  return slug;
}

} // namespace

const std::string* Facts::text_slug(std::string_view path) const
{
  TextSlugs& memo = *text_slugs;
  {
    const std::lock_guard lock(memo.mutex);
    if (const auto found = memo.slugs.find(path); found != memo.slugs.end()) {
      return found->second ? &*found->second : nullptr;
    }
  }
  // Found outside the lock: two checks asking at once may both work it out, and agree.
  auto slug = find_text_slug(*corpus, memo.cache, path);
  const std::lock_guard lock(memo.mutex);
  const auto [found, added] = memo.slugs.emplace(std::string(path), std::move(slug));
  return found->second ? &*found->second : nullptr;
}

namespace {

// "Next: ramp on 2025-10-24" plans a stage; it does not record it.
struct FutureWords
{
  explicit FutureWords(const vocabulary::Vocabulary& words)
    : pattern("(?i)\\b" + vocabulary::alternation(words.entries(vocabulary::Concept::future_words)) + "\\b")
  {
  }
  RE2 pattern;
};

EntryText index_entry(const vocabulary::Vocabulary& words, const evidence::Entry& entry)
{
  const RE2& k_future = words.derived<FutureWords>().pattern;
  EntryText text;
  // Formatted rather than "-" + slug + "-": GCC 12 at -O3 warns (-Wrestrict, a false positive of its
  // inlined string insert at position 0) on a literal prepended to a temporary string.
  text.all = fmt::format("-{}-", util::slugify(entry.title + " " + entry.body));
  text.title = fmt::format("-{}-", util::slugify(entry.title));
  text.topic = util::slugify(entry.topic);
  const std::string_view body = entry.body;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find_first_of(".!?\n", start);
    if (end == std::string_view::npos) {
      end = body.size();
    }
    const std::string_view sentence = body.substr(start, end - start);
    if (!RE2::PartialMatch(sentence, k_future)) {
      text.records.push_back(util::slugify(sentence));
    }
    start = end + 1;
  }
  return text;
}

} // namespace

const DocumentFacts* Facts::document(std::string_view path) const
{
  // Documents come in the corpus's order, sorted by path.
  const auto found = std::lower_bound(documents.begin(), documents.end(), path, [](const DocumentFacts& document, std::string_view wanted) {
    return document.path < wanted;
  });
  return found != documents.end() && found->path == path ? &*found : nullptr;
}

std::optional<std::string> Facts::intended_path(const DocumentFacts& from, std::string_view target) const
{
  std::string_view trimmed = target;
  while (trimmed.size() > 1 && trimmed.ends_with('/')) {
    trimmed.remove_suffix(1);
  }
  if (trimmed.starts_with("./") || trimmed.starts_with("../")) {
    return util::normalize_relative(util::join_path(util::dirname(from.path), trimmed));
  }
  return util::normalize_relative(trimmed);
}

std::optional<std::string> Facts::resolve(const DocumentFacts& from, std::string_view target) const
{
  std::string_view trimmed = target;
  while (trimmed.size() > 1 && trimmed.ends_with('/')) {
    trimmed.remove_suffix(1);
  }
  for (const auto& candidate : {util::normalize_relative(util::join_path(util::dirname(from.path), trimmed)),
                                util::normalize_relative(trimmed)}) {
    if (candidate && (corpus->is_file(*candidate) || corpus->is_directory(*candidate))) {
      return candidate;
    }
  }
  if (trimmed.find('/') == std::string_view::npos && trimmed != "." && trimmed != "..") {
    if (auto named = files_named(trimmed); named.size() == 1) {
      return std::move(named.front());
    }
  }
  return std::nullopt;
}

std::vector<std::string> Facts::files_named(std::string_view name) const
{
  FileNames& names = *file_names;
  std::call_once(names.indexed, [&] {
    for (const auto& file : corpus->files()) {
      names.paths.emplace(util::basename(file.path), file.path);
    }
  });
  std::vector<std::string> paths;
  const auto [first, last] = names.paths.equal_range(name);
  for (auto it = first; it != last; ++it) {
    paths.push_back(it->second);
  }
  return paths;
}

bool Facts::is_work_log(std::string_view path) const
{
  return matches_any(config->work_logs, path);
}

bool Facts::is_completion_report(std::string_view path) const
{
  return matches_any(config->completion_reports, path);
}

bool Facts::is_evidence(std::string_view path) const
{
  return matches_any(config->evidence, path);
}

namespace {

// Finds which rollouts an entry names by looking up its runs of words, rather than searching its text once
// per rollout: thousands of entries times thousands of checklists made that the slowest part of a run.
class RolloutNames
{
public:
  RolloutNames(const vocabulary::Vocabulary& words, const std::vector<std::string>& rollouts) : m_rollouts(rollouts)
  {
    const auto& aliases = words.derived<RolloutAliases>();
    for (size_t i = 0; i < rollouts.size(); ++i) {
      const std::string& rollout = rollouts[i];
      if (const auto* named = aliases.find(rollout)) {
        m_aliased.emplace_back(i, named->within.get()); // named by another name too: searched for by its names
      }
      if (rollout.empty() || rollout.front() == '-' || rollout.back() == '-' || rollout.find("--") != std::string::npos) {
        m_odd.push_back(i); // not a run of words: searched for as before
        continue;
      }
      m_index.emplace(rollout, i);
      m_most_words = std::max(m_most_words, static_cast<size_t>(std::count(rollout.begin(), rollout.end(), '-')) + 1);
    }
  }

  // `slug` is "-word-word-...-" (EntryText::all). The rollouts it names as whole words, in the order of
  // Facts::rollouts.
  std::vector<std::string> named_in(std::string_view slug) const
  {
    std::vector<size_t> found;
    // `start` is the dash before a word; each run of up to m_most_words words from there is looked up.
    for (size_t start = slug.starts_with('-') ? 0 : std::string_view::npos; start != std::string_view::npos;
         start = slug.find('-', start + 1)) {
      size_t end = start;
      for (size_t words = 0; words < m_most_words; ++words) {
        end = slug.find('-', end + 1);
        if (end == std::string_view::npos) {
          break;
        }
        if (const auto hit = m_index.find(slug.substr(start + 1, end - start - 1)); hit != m_index.end()) {
          found.push_back(hit->second);
        }
      }
    }
    for (size_t i : m_odd) {
      if (slug.find("-" + m_rollouts[i] + "-") != std::string_view::npos) {
        found.push_back(i);
      }
    }
    if (!m_aliased.empty()) {
      std::string spaced(slug);
      std::replace(spaced.begin(), spaced.end(), '-', ' ');
      for (const auto& [i, names] : m_aliased) {
        if (RE2::PartialMatch(spaced, *names)) {
          found.push_back(i);
        }
      }
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    std::vector<std::string> names;
    for (size_t i : found) {
      names.push_back(m_rollouts[i]);
    }
    return names;
  }

private:
  const std::vector<std::string>& m_rollouts;
  std::unordered_map<std::string_view, size_t> m_index;
  std::vector<size_t> m_odd;
  std::vector<std::pair<size_t, const RE2*>> m_aliased;
  size_t m_most_words = 0;
};

// The rollouts entries and files may name: those of the rollouts and plans, not of every staged task list.
std::vector<std::string> rollouts_of(const std::vector<DocumentFacts>& documents)
{
  std::vector<std::string> rollouts;
  std::unordered_set<std::string> known;
  for (const auto& document : documents) {
    const bool names_a_rollout = document.kind == config::Kind::rollout || document.kind == config::Kind::plan;
    if (names_a_rollout && !document.rollout.empty() && known.insert(document.rollout).second) {
      rollouts.push_back(document.rollout);
    }
  }
  return rollouts;
}

} // namespace

namespace {

// What history saw in the work logs and they no longer hold, parsed as the logs last held it. The vector is
// complete before entry_texts keys on its elements' addresses.
void read_removed_entries(const vocabulary::Vocabulary& words, const RolloutNames& names, Facts& facts)
{
  for (const auto& log : facts.work_logs) {
    for (const auto& removed : facts.timeline->removed_entries(log.path)) {
      auto parsed = evidence::parse_work_log(words, evidence::read_document(words, log.path, removed.text));
      if (!parsed.entries.empty()) {
        facts.removed_entries.push_back(
          {log.path, std::move(parsed.entries.front()), removed.appeared, removed.removed, removed.removed_original});
      }
    }
  }
  for (const auto& removed : facts.removed_entries) {
    EntryText text = index_entry(words, removed.entry);
    text.rollouts = names.named_in(text.all);
    facts.entry_texts.emplace(&removed.entry, std::move(text));
  }
}

} // namespace

std::vector<DocumentCandidate> find_candidates(const corpus::Corpus& corpus, const util::PathScope& audited, Facts& facts)
{
  const config::Config& config = *facts.config;
  std::vector<DocumentCandidate> candidates;
  for (const auto& file : corpus.files()) {
    if (facts.is_evidence(file.path)) {
      facts.evidence_files.push_back(file.path);
    }
    // The role globs decide too: a team whose checklists are README.MD names them, and they are read.
    const bool named = matches_any(config.checklists, file.path) || facts.is_work_log(file.path) || facts.is_completion_report(file.path);
    if (!util::is_markdown_path(file.path) && !named) {
      continue;
    }
    DocumentCandidate candidate;
    candidate.file = &file;
    candidate.audited = audited.covers(file.path);
    candidate.work_log = facts.is_work_log(file.path);
    candidate.completion_report = facts.is_completion_report(file.path);
    candidate.checklist_candidate = matches_any(config.checklists, file.path);
    if (candidate.audited || candidate.work_log || candidate.completion_report || candidate.checklist_candidate) {
      candidates.push_back(candidate);
    }
  }
  return candidates;
}

// A record's id in the facts cache: the bytes' identity and the roles that shaped what was derived.
std::string record_id(const std::string& content_id, const DocumentCandidate& candidate)
{
  std::string id = content_id + "/";
  for (bool role : {candidate.audited, candidate.work_log, candidate.completion_report, candidate.checklist_candidate}) {
    id += role ? '1' : '0';
  }
  return id;
}

std::vector<vocabulary::Warmer> deriving_warmers()
{
  // Builders take them in this order: the slowest from the built-in pack first (stage words, 1.5 ms, after the
  // metric and mark words), so that the last taken are short. The rollouts' aliases are none by default.
  std::vector<vocabulary::Warmer> warmers = evidence::reading_warmers();
  warmers.insert(warmers.begin() + 2, vocabulary::warm<StageWords>);
  warmers.insert(warmers.begin() + 4, warm_evidence_words);
  warmers.push_back(vocabulary::warm<RolloutAliases>);
  return warmers;
}

DerivedDocument derive_candidate(const vocabulary::Vocabulary& words, const DocumentCandidate& candidate, markdown::Document parsed_document)
{
  DerivedDocument derived;
  DocumentFacts& document = derived.facts;
  document.document = std::move(parsed_document);
  document.audited = candidate.audited;
  document.work_log = candidate.work_log;
  document.completion_report = candidate.completion_report;
  document.checklist = candidate.checklist_candidate && !candidate.work_log && !document.document.items.empty();
  document.stages = find_stages(words, document.document);
  document.item_stages = stages_of_items(document.document, document.stages);
  document.thresholds = find_thresholds(words, document.document);
  if (document.checklist && document.stages.size() > 1) {
    document.rollout = rollout_slug(words, document.document);
  }
  if (candidate.completion_report) {
    document.metrics = evidence::document_metrics(words, document.document);
  }
  if (document.checklist) {
    // Checks judge ticked items by these; a warm run then finds them in the cache instead of in the text.
    document.item_demands.resize(document.document.items.size());
    document.item_conditions.resize(document.document.items.size());
    for (size_t i = 0; i < document.document.items.size(); ++i) {
      const auto& item = document.document.items[i];
      if (item.ticked) {
        document.item_demands[i] = evidence::demanded_metrics(words, item.text);
        document.item_conditions[i] = evidence::extract_conditions(words, item.text, item.line);
      }
    }
  }
  if (candidate.work_log) {
    derived.work_log = evidence::parse_work_log(words, document.document);
  }
  document.rollout_reading = read_rollout(words, document);
  // The prose and tables are read only above (thresholds, figures, entries): dropped, they no longer hold
  // a second copy of every document's text for the rest of the run.
  std::vector<markdown::TextBlock>().swap(document.document.blocks);
  std::vector<markdown::Table>().swap(document.document.tables);
  return derived;
}

Facts build_facts(const corpus::Corpus& corpus,
                  const config::Config& config,
                  const vocabulary::Vocabulary& words,
                  const Timeline& timeline,
                  const util::PathScope& audited,
                  unsigned threads,
                  util::RecordCache* cache)
{
  return build_facts(read_documents(corpus, config, words, audited, threads, cache), timeline);
}

Facts build_facts(ReadDocuments read, const Timeline& timeline)
{
  Facts facts = read.take_facts();
  facts.timeline = &timeline;
  const vocabulary::Vocabulary& words = *facts.vocabulary;
  std::vector<std::optional<DerivedDocument>> derived = read.take_documents();
  const std::vector<DocumentCandidate>& candidates = read.candidates();
  // What depends on where the document is: its path and, through the timeline, its ticks (on all cores).
  util::for_each_index(derived.size(), read.threads(), [&](size_t i) {
    if (!derived[i]) {
      return;
    }
    DocumentFacts& document = derived[i]->facts;
    document.path = candidates[i].file->path;
    document.document.path = document.path;
    document.vocabulary = &words;
    document.ticks = timeline.ticks(document.path, document.document);
  });
  facts.documents.reserve(derived.size());
  for (size_t i = 0; i < derived.size(); ++i) {
    if (!derived[i]) {
      continue;
    }
    if (derived[i]->work_log) {
      derived[i]->work_log->path = derived[i]->facts.path;
      facts.work_logs.push_back(std::move(*derived[i]->work_log));
    }
    facts.documents.push_back(std::move(derived[i]->facts));
    derived[i].reset();
  }
  derived.clear();
  assign_kinds(facts);
  facts.rollouts = rollouts_of(facts.documents);
  const RolloutNames names(words, facts.rollouts);
  for (const auto& log : facts.work_logs) {
    for (const auto& entry : log.entries) {
      EntryText text = index_entry(words, entry);
      text.rollouts = names.named_in(text.all);
      const size_t position = facts.entries.size();
      facts.entries.emplace_back(&log, &entry);
      if (text.rollouts.empty()) {
        facts.entries_naming_none.push_back(position);
      }
      for (const auto& rollout : text.rollouts) {
        facts.entries_naming[rollout].push_back(position);
      }
      facts.entry_texts.emplace(&entry, std::move(text));
    }
  }
  read_removed_entries(words, names, facts);
  return facts;
}

} // namespace audit
