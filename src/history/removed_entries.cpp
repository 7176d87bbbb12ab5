#include "history/removed_entries.hpp"

#include "evidence/items.hpp"
#include "evidence/work_log.hpp"

#include <algorithm>

namespace history {

namespace {

// Lines [first, last] (1-based) of `text`, each with its newline.
std::string lines_of(std::string_view text, int first, int last)
{
  size_t begin = 0;
  for (int line = 1; line < first && begin != std::string_view::npos; ++line) {
    begin = text.find('\n', begin);
    begin = begin == std::string_view::npos ? begin : begin + 1;
  }
  if (begin == std::string_view::npos) {
    return {};
  }
  size_t end = begin;
  for (int line = first; line <= last && end < text.size(); ++line) {
    const size_t newline = text.find('\n', end);
    end = newline == std::string_view::npos ? text.size() : newline + 1;
  }
  return std::string(text.substr(begin, end - begin));
}

bool removed_now(const EntryHistory& entry, const CommitStamp& removed_by)
{
  return entry.removed && entry.removed->id == removed_by.id && entry.text.empty();
}

} // namespace

bool removes_entries(const FileHistory& file, const CommitStamp& removed_by)
{
  return std::any_of(file.entries.begin(), file.entries.end(), [&](const EntryHistory& entry) {
    return removed_now(entry, removed_by);
  });
}

void keep_removed_texts(const vocabulary::Vocabulary& words,
                        FileHistory& file,
                        const CommitStamp& removed_by,
                        std::string_view path,
                        std::string_view before)
{
  if (!removes_entries(file, removed_by)) {
    return;
  }
  // Rare (a log loses entries in a handful of commits), so the earlier version is parsed whole.
  const auto log = evidence::parse_work_log(words, evidence::read_document(words, path, before), false);
  for (auto& entry : file.entries) {
    if (!removed_now(entry, removed_by)) {
      continue;
    }
    const auto found = std::find_if(log.entries.begin(), log.entries.end(), [&](const evidence::Entry& candidate) {
      return candidate.title == entry.title;
    });
    if (found != log.entries.end()) {
      entry.text = lines_of(before, found->line, std::max(found->line, found->last_line));
    }
  }
}

} // namespace history
