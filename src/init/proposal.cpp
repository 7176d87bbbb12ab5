#include "init/proposal.hpp"

#include "util/path.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace init {

namespace {

using config::Kind;

// Shown in full up to this many; the rest counted.
constexpr size_t k_listed = 12;

// A YAML scalar that reads back as written whatever it holds: single-quoted, quotes doubled.
std::string quote(std::string_view text)
{
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string("''") : std::string(1, c);
  }
  return out + "'";
}

// Document text inside a comment: one line, control characters and bytes that are not UTF-8 escaped.
std::string words(std::string_view text)
{
  return util::one_line(text);
}

// "1 box", "2 boxes": the plural given where adding an s would not make it.
std::string plural(size_t count, std::string_view word, std::string_view words = "")
{
  return count == 1 ? fmt::format("1 {}", word) : words.empty() ? fmt::format("{} {}s", count, word) : fmt::format("{} {}", count, words);
}

std::string quoted_list(const std::vector<std::string>& values)
{
  std::vector<std::string> quoted;
  for (const auto& value : values) {
    quoted.push_back(quote(value));
  }
  return fmt::format("[{}]", fmt::join(quoted, ", "));
}

std::string header(const Survey& survey, const Defaults& defaults)
{
  std::string out = "# .rollout-audit.yaml, as `rollout-audit init` proposes it from what the repository holds.\n"
                    "# Every key is optional: what is left out keeps its default. Comments say what was found;\n"
                    "# `rollout-audit documents` says why each document has its kind (docs/kinds.md).\n";
  if (defaults.existing_file) {
    out += "# The repository has a .rollout-audit.yaml already: this proposal did not read it.\n";
  }
  size_t total = 0;
  std::vector<std::string> counts;
  for (const Kind kind : {Kind::rollout, Kind::plan, Kind::record, Kind::other}) {
    const auto found = survey.documents.find(kind);
    const size_t count = found == survey.documents.end() ? 0 : found->second.size();
    total += count;
    counts.push_back(kind == Kind::other ? fmt::format("{} other", count) : plural(count, config::to_string(kind)));
  }
  out += fmt::format("#\n# Found {}: {}.\n", plural(total, "Markdown document"), fmt::join(counts, ", "));
  return out;
}

std::string candidates_comment(const std::vector<RoleCandidate>& found, std::string_view what)
{
  std::string out;
  for (size_t i = 0; i < found.size() && i < k_listed; ++i) {
    const RoleCandidate& c = found[i];
    std::vector<std::string> facts;
    if (c.named_by > 0) {
      facts.push_back(fmt::format("named by {} to {}", plural(c.named_by, "box", "boxes"), what));
    }
    if (c.entries > 0) {
      facts.push_back(plural(c.entries, "dated entry", "dated entries"));
    }
    if (c.figures > 0) {
      facts.push_back(plural(c.figures, "figure"));
    }
    if (c.files > 0) {
      facts.push_back(plural(c.files, "file"));
    }
    if (c.by_default) {
      facts.push_back("matches the default");
    }
    out += fmt::format("#   {}: {}\n", words(c.path), fmt::join(facts, ", "));
  }
  if (found.size() > k_listed) {
    out += fmt::format("#   ... and {} more\n", found.size() - k_listed);
  }
  return out;
}

// A role's setting. Work logs are written as found, in rank order (the first is the one "the work log"
// means); other roles keep the default patterns when something matches them or nothing else was found, then
// name what was found beyond them (`as_glob` makes a folder a pattern). A path holding a wildcard character
// would be read as a pattern: it is left to the user.
std::string role_setting(std::string_view key, const std::vector<RoleCandidate>& found, const std::vector<std::string>& defaults,
                         std::string (*as_glob)(const std::string&), bool by_rank)
{
  std::vector<std::string> values;
  std::string notes;
  const bool matched = std::any_of(found.begin(), found.end(), [](const RoleCandidate& c) { return c.by_default; });
  if (!by_rank && matched) {
    values = defaults;
  }
  for (const auto& c : found) {
    if (c.by_default && !by_rank) {
      continue; // the defaults cover it
    }
    if (util::is_glob(c.path)) {
      notes += fmt::format("# {} holds a wildcard character: name it here by hand\n", words(c.path));
      continue;
    }
    values.push_back(as_glob(c.path));
  }
  if (values.empty()) {
    values = defaults;
  }
  return notes + fmt::format("{}: {}\n", key, quoted_list(values));
}

std::string same(const std::string& path)
{
  return path;
}

std::string folder_glob(const std::string& path)
{
  return path + "/**";
}

std::string roles(const Survey& survey, const Defaults& defaults)
{
  const config::Config& config = defaults.config;
  std::string out = "\n# The files read as documents; those with boxes are checklists.\n";
  out += fmt::format("checklists: {}\n", quoted_list(config.checklists));

  out += "\n# Work logs: dated entries (\"## 2025-10-22 - Canary results\") that ticked boxes are checked against.\n"
         "# The first is the one a box means by \"the work log\".\n";
  out += survey.work_logs.empty() ? "#   none found: the default is kept\n" : candidates_comment(survey.work_logs, "record in");
  for (const auto& c : survey.dated_unnamed) {
    out += fmt::format("#   not proposed: {} has {} but no box names it (session notes look the same)\n", words(c.path),
                       plural(c.entries, "dated entry", "dated entries"));
  }
  out += role_setting("work_log", survey.work_logs, config.work_logs, same, true);

  out += "\n# Completion reports: documents whose figures back a rollout's boxes.\n";
  out += survey.completion_reports.empty() ? "#   none found: the default pattern is kept\n" : candidates_comment(survey.completion_reports, "record in");
  out += role_setting("completion_reports", survey.completion_reports, config.completion_reports, same, false);

  out += "\n# Evidence folders: files that boxes attach (any file type).\n";
  out += survey.evidence_folders.empty() ? "#   none found: the default pattern is kept\n" : candidates_comment(survey.evidence_folders, "attach to");
  out += role_setting("evidence", survey.evidence_folders, config.evidence, folder_glob, false);
  return out;
}

std::string rollouts(const Survey& survey)
{
  std::string out = "\n# Rollouts and plans found (name: checklist; its stages):\n";
  if (survey.rollouts.empty()) {
    out += fmt::format("#   none: no heading holding boxes reads as a rollout stage{}\n",
                       survey.stage_words.empty() ? " (`rollout-audit vocabulary` shows the words that make one)" : " (see the words below)");
  }
  for (size_t i = 0; i < survey.rollouts.size() && i < k_listed; ++i) {
    const RolloutFound& found = survey.rollouts[i];
    std::vector<std::string> stages;
    for (const auto& stage : found.stages) {
      stages.push_back(words(stage));
    }
    const std::string name = found.kind == Kind::plan ? (found.name.empty() ? "plan" : "plan for " + words(found.name))
                             : found.name.empty()     ? "(no name in its title)"
                                                      : words(found.name);
    out += fmt::format("#   {}: {}\n", name, words(found.path));
    if (!stages.empty()) {
      out += fmt::format("#     {}\n", fmt::join(stages, "; "));
    }
  }
  if (survey.rollouts.size() > k_listed) {
    out += fmt::format("#   ... and {} more\n", survey.rollouts.size() - k_listed);
  }
  return out;
}

std::string front_matter_usage(const Survey& survey, size_t rollouts)
{
  std::string out = fmt::format("\n# Front matter: {} of {} have it. Keys in use (rollouts that give a value / documents):\n",
                                survey.rollouts_with_front_matter, plural(rollouts, "rollout"));
  std::vector<std::string> others;
  for (const KeyUse& use : survey.front_matter) {
    if (use.rollouts > 0) {
      out += fmt::format("#   {}: {} / {}{}\n", words(use.key), use.rollouts, use.documents, use.dates ? ", dates" : "");
    } else if (others.size() < 6) {
      others.push_back(fmt::format("{} ({})", words(use.key), use.documents));
    }
  }
  if (!others.empty()) {
    out += fmt::format("#   other documents' keys: {}{}\n", fmt::join(others, ", "), others.size() == 6 ? ", ..." : "");
  }
  return out;
}

// The front-matter rule requires the keys every rollout with front matter has here, so it reports a
// rollout that lacks one of the team's keys rather than the built-in list.
std::string front_matter_rule(const Survey& survey, const Defaults& defaults)
{
  const auto found = survey.documents.find(Kind::rollout);
  const size_t rollouts = found == survey.documents.end() ? 0 : found->second.size();
  if (rollouts == 0) {
    return "";
  }
  std::string out = front_matter_usage(survey, rollouts);
  const std::string built_in = fmt::format("{}", fmt::join(defaults.required_front_matter, ", "));
  if (survey.rollouts_with_front_matter == 0) {
    return out + fmt::format("# The front-matter rule asks each rollout for front matter ({}); to not ask it:\n"
                             "# rules:\n#   front-matter: off\n", built_in);
  }
  if (survey.rollouts_with_front_matter < rollouts) {
    out += fmt::format("# The front-matter rule reports the {} without front matter.\n", plural(rollouts - survey.rollouts_with_front_matter, "rollout"));
  }
  std::vector<std::string> required;
  std::vector<std::string> dates;
  for (const auto& use : survey.front_matter) {
    if (use.rollouts == survey.rollouts_with_front_matter) {
      required.push_back(use.key);
      if (use.dates) {
        dates.push_back(use.key);
      }
    }
  }
  auto sorted = required;
  auto built_in_sorted = defaults.required_front_matter;
  std::sort(sorted.begin(), sorted.end());
  std::sort(built_in_sorted.begin(), built_in_sorted.end());
  if (sorted == built_in_sorted) {
    return out + "# The rollouts' front matter has the keys the front-matter rule requires.\n";
  }
  out += fmt::format("# The front-matter rule requires the keys every rollout with front matter has here (built in: {}).\n", built_in);
  out += fmt::format("rules:\n  front-matter:\n    params:\n      required: {}\n      date_keys: {}\n", quoted_list(required), quoted_list(dates));
  return out;
}

std::string vocabulary_hints(const Survey& survey)
{
  if (survey.stage_words.empty()) {
    return "";
  }
  std::string out = "\n# In documents that split traffic by stages, boxes under headings numbered with a word that is no\n# stage word yet:\n";
  std::vector<std::string> hinted;
  for (const auto& hint : survey.stage_words) {
    std::vector<std::string> headings;
    for (size_t i = 0; i < hint.headings.size() && i < 3; ++i) {
      headings.push_back(fmt::format("'{}'", words(hint.headings[i])));
    }
    out += fmt::format("#   {}: {}\n", words(hint.path), fmt::join(headings, ", "));
    const bool seen = std::any_of(hinted.begin(), hinted.end(), [&](const std::string& word) { return util::to_lower(word) == util::to_lower(hint.word); });
    if (!seen) {
      hinted.push_back(hint.word);
    }
  }
  out += fmt::format("# To read them as rollout stages (docs/vocabulary.md):\n# vocabulary:\n#   stage-words: {}\n", words(quoted_list(hinted)));
  return out;
}

} // namespace

std::string propose_config(const Survey& survey, const Defaults& defaults)
{
  std::string out = header(survey, defaults);
  out += roles(survey, defaults);
  out += rollouts(survey);
  out += front_matter_rule(survey, defaults);
  out += vocabulary_hints(survey);
  out += "\n# Kinds by path, over what the documents' words say (docs/kinds.md), and folders to leave out:\n"
         "# kinds:\n#   record: ['docs/retros/**']\n# exclude: ['archive/']\n";
  return out;
}

} // namespace init
