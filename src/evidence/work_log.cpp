#include "evidence/work_log.hpp"

#include "util/text.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>

namespace evidence {

namespace {

struct HeadingDate
{
  util::Date date;
  std::optional<util::Timestamp> time;
  size_t begin = 0;
  size_t end = 0;
};

bool is_word_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// A date with an optional time: the zones after the time are the vocabulary's time-zones (all meaning UTC),
// an offset is written "+02:00".
struct HeadingDatePattern
{
  explicit HeadingDatePattern(const vocabulary::Vocabulary& words)
    : pattern(R"((\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:\s*)"
                + vocabulary::alternation(words.entries(vocabulary::Concept::time_zones)) + R"(\b|([+-]\d{2}:\d{2}))?)?)")
  {
  }
  RE2 pattern;
};

} // namespace

void warm_heading_dates(const vocabulary::Vocabulary& words)
{
  vocabulary::warm<HeadingDatePattern>(words);
}

namespace {

// The first real date in a heading that stands on its own: "2025-10-21-ai-broker-plan.md" names a file,
// not a day.
std::optional<HeadingDate> find_heading_date(const vocabulary::Vocabulary& words, std::string_view title)
{
  const RE2& k_date = words.derived<HeadingDatePattern>().pattern;
  re2::StringPiece groups[4];
  const re2::StringPiece input(title.data(), title.size());
  for (size_t start = 0;
       start < title.size() && k_date.Match(input, start, title.size(), RE2::UNANCHORED, groups, 4);) {
    const size_t begin = static_cast<size_t>(groups[0].data() - title.data());
    const size_t end = begin + groups[0].size();
    start = begin + 1;
    if (begin > 0 && (is_word_char(title[begin - 1]) || title[begin - 1] == '-' || title[begin - 1] == '.'
                      || title[begin - 1] == '/')) {
      continue;
    }
    if (end < title.size()) {
      const char after = title[end];
      const bool continues = end + 1 < title.size() && is_word_char(title[end + 1]);
      if (is_word_char(after) || ((after == '-' || after == '.' || after == '/') && continues)) {
        continue;
      }
    }
    const auto date = util::parse_date(std::string_view(groups[1].data(), groups[1].size()));
    if (!date) {
      continue;
    }
    HeadingDate found{*date, std::nullopt, begin, end};
    if (groups[2].data() != nullptr) {
      // The zone's words were recognised above; the time is read as UTC or with its offset.
      const std::string_view offset = groups[3].data() ? std::string_view(groups[3].data(), groups[3].size()) : "Z";
      found.time = util::parse_timestamp(fmt::format("{}T{}{}", std::string_view(groups[1].data(), groups[1].size()),
                                                     std::string_view(groups[2].data(), groups[2].size()), offset));
    }
    return found;
  }
  return std::nullopt;
}

bool is_separator(std::string_view text, size_t at, size_t& length)
{
  static const std::string_view k_wide[] = {"\xE2\x80\x93", "\xE2\x80\x94", "\xC2\xB7"}; // – — ·
  for (std::string_view wide : k_wide) {
    if (text.substr(at, wide.size()) == wide) {
      length = wide.size();
      return true;
    }
  }
  length = 1;
  return std::string_view(" \t-:|,/").find(text[at]) != std::string_view::npos;
}

std::string_view trim_separators(std::string_view text)
{
  size_t length = 0;
  bool changed = true;
  while (changed && !text.empty()) {
    changed = false;
    if (is_separator(text, 0, length)) {
      text.remove_prefix(length);
      changed = true;
    }
    for (size_t wide : {3, 2, 1}) {
      if (!text.empty() && text.size() >= wide && is_separator(text, text.size() - wide, length)
          && length == wide) {
        text.remove_suffix(wide);
        changed = true;
        break;
      }
    }
  }
  return text;
}

// "Phase 3 (2025-10-22)" -> "Phase 3", "[2025-10-22] Title" -> "Title", "A - 2025-10-22 - B" -> "A - B".
std::string topic_of(std::string_view title, const HeadingDate& date)
{
  size_t begin = date.begin;
  size_t end = date.end;
  if (begin > 0 && end < title.size()
      && ((title[begin - 1] == '(' && title[end] == ')') || (title[begin - 1] == '[' && title[end] == ']'))) {
    --begin;
    ++end;
  }
  const std::string left = util::collapse_spaces(trim_separators(title.substr(0, begin)));
  const std::string right = util::collapse_spaces(trim_separators(title.substr(end)));
  if (left.empty() || right.empty()) {
    return left + right;
  }
  return left + " - " + right;
}

util::Timestamp order_key(const Entry& entry)
{
  return entry.written_time ? *entry.written_time : util::to_timestamp(entry.date);
}

} // namespace

WorkLog parse_work_log(const vocabulary::Vocabulary& words, const markdown::Document& document, bool with_metrics)
{
  WorkLog log;
  log.path = document.path;
  const auto& sections = document.sections;

  std::vector<std::optional<HeadingDate>> dates;
  dates.reserve(sections.size());
  for (const auto& section : sections) {
    dates.push_back(find_heading_date(words, section.title));
  }

  // A dated title over the whole log ("# Work Log (updated 2025-10-22)") must not swallow the dated entries
  // under it: a lone "#" heading is the document's title when deeper headings carry dates.
  int level_one = 0;
  bool deeper_dates = false;
  for (size_t i = 0; i < sections.size(); ++i) {
    level_one += sections[i].level == 1;
    deeper_dates = deeper_dates || (sections[i].level > 1 && dates[i]);
  }
  int level = 0;
  for (size_t i = 0; i < sections.size(); ++i) {
    if (sections[i].level == 1 && level_one == 1 && deeper_dates) {
      dates[i].reset();
    }
    if (dates[i] && (level == 0 || sections[i].level < level)) {
      level = sections[i].level;
    }
  }
  if (level == 0) {
    return log;
  }

  // Each entry reads the blocks of its own sections only: scanning every block for every entry made a
  // 100,000-entry log take minutes.
  std::vector<std::vector<size_t>> blocks_of_section(sections.size());
  for (size_t b = 0; b < document.blocks.size(); ++b) {
    const int section = document.blocks[b].section;
    if (section >= 0 && static_cast<size_t>(section) < sections.size()) {
      blocks_of_section[static_cast<size_t>(section)].push_back(b);
    }
  }

  for (size_t i = 0; i < sections.size(); ++i) {
    if (sections[i].level != level || !dates[i]) {
      continue;
    }
    size_t next = i + 1;
    while (next < sections.size() && sections[next].level > level) {
      ++next;
    }
    Entry entry;
    entry.title = sections[i].title;
    entry.topic = topic_of(sections[i].title, *dates[i]);
    entry.line = sections[i].line;
    entry.last_line = entry.line;
    entry.section = static_cast<int>(i);
    entry.date = dates[i]->date;
    entry.written_time = dates[i]->time;
    const int first_section = static_cast<int>(i);
    const int end_section = static_cast<int>(next);
    for (int section = first_section; section < end_section; ++section) {
      for (const size_t b : blocks_of_section[static_cast<size_t>(section)]) {
        const auto& block = document.blocks[b];
        entry.last_line = std::max(entry.last_line, block.line);
        if (with_metrics) {
          auto metrics = extract_metrics(words, block.text, block.line);
          entry.metrics.insert(entry.metrics.end(), metrics.begin(), metrics.end());
        }
        if (block.section == first_section && block.line == entry.line) {
          continue; // the entry's own heading is its title, not its prose
        }
        if (!entry.body.empty()) {
          entry.body += '\n';
        }
        entry.body += block.text;
      }
    }
    if (next < sections.size()) {
      entry.last_line = std::max(entry.last_line, sections[next].line - 1);
    }
    log.entries.push_back(std::move(entry));
  }

  int increasing = 0;
  int decreasing = 0;
  for (size_t i = 1; i < log.entries.size(); ++i) {
    const auto previous = order_key(log.entries[i - 1]);
    const auto current = order_key(log.entries[i]);
    increasing += current > previous;
    decreasing += current < previous;
  }
  log.newest_first = decreasing > increasing;
  return log;
}

std::vector<Metric> document_metrics(const vocabulary::Vocabulary& words, const markdown::Document& document)
{
  std::vector<Metric> metrics;
  for (const auto& block : document.blocks) {
    auto found = extract_metrics(words, block.text, block.line);
    metrics.insert(metrics.end(), found.begin(), found.end());
  }
  return metrics;
}

} // namespace evidence
