#include "history/file_state.hpp"

#include "evidence/work_log.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <set>

namespace history {

namespace {

constexpr double k_reworded_threshold = 0.6;

std::set<std::string> words_of(const std::string& text)
{
  std::set<std::string> words;
  const std::string slug = util::slugify(text);
  for (auto word : util::split(slug, '-')) {
    if (!word.empty()) {
      words.emplace(word);
    }
  }
  return words;
}

} // namespace

std::string normalize_item_text(const std::string& text)
{
  return util::slugify(text);
}

double similarity(const std::string& a, const std::string& b)
{
  const auto left = words_of(a);
  const auto right = words_of(b);
  if (left.empty() && right.empty()) {
    return 1.0;
  }
  size_t common = 0;
  for (const auto& word : left) {
    common += right.count(word);
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(left.size() + right.size());
}

std::vector<int> match_items(const std::vector<std::string>& old_texts, const std::vector<std::string>& new_texts)
{
  std::vector<int> match(new_texts.size(), -1);
  std::vector<bool> used(old_texts.size(), false);
  std::vector<std::string> old_keys;
  for (const auto& text : old_texts) {
    old_keys.push_back(normalize_item_text(text));
  }
  // Exact text first, in order, so duplicated items ("Redeploy worker/service.") pair up positionally.
  for (size_t n = 0; n < new_texts.size(); ++n) {
    const std::string key = normalize_item_text(new_texts[n]);
    for (size_t o = 0; o < old_texts.size(); ++o) {
      if (!used[o] && old_keys[o] == key) {
        match[n] = static_cast<int>(o);
        used[o] = true;
        break;
      }
    }
  }
  for (size_t n = 0; n < new_texts.size(); ++n) {
    if (match[n] >= 0) {
      continue;
    }
    double best = k_reworded_threshold;
    int best_index = -1;
    for (size_t o = 0; o < old_texts.size(); ++o) {
      if (used[o]) {
        continue;
      }
      const double score = similarity(old_texts[o], new_texts[n]);
      if (score >= best) {
        best = score;
        best_index = static_cast<int>(o);
      }
    }
    if (best_index >= 0) {
      match[n] = best_index;
      used[static_cast<size_t>(best_index)] = true;
    }
  }
  return match;
}

void apply_version(FileHistory& file, const markdown::Document& document, const CommitStamp& stamp, const VersionRoles& roles)
{
  if (!file.added) {
    file.added = stamp;
  }
  std::vector<std::string> old_texts;
  for (const auto& item : file.items) {
    old_texts.push_back(item.text);
  }
  std::vector<std::string> new_texts;
  for (const auto& item : document.items) {
    new_texts.push_back(item.text);
  }
  const auto match = match_items(old_texts, new_texts);
  std::vector<ItemHistory> items;
  for (size_t n = 0; n < document.items.size(); ++n) {
    const auto& item = document.items[n];
    ItemHistory next;
    next.text = item.text;
    next.section = item.section >= 0 ? document.sections[static_cast<size_t>(item.section)].title : "";
    next.ticked = item.ticked;
    const ItemHistory* previous = match[n] >= 0 ? &file.items[static_cast<size_t>(match[n])] : nullptr;
    if (item.ticked) {
      if (previous && previous->ticked) {
        next.tick = previous->tick;
        next.original = previous->original;
      } else {
        next.tick = stamp; // untick-then-retick counts from the re-tick
      }
    }
    items.push_back(std::move(next));
  }
  file.items = std::move(items);

  if (roles.work_log) {
    const auto log = evidence::parse_work_log(document, false);
    std::set<std::string> present;
    for (const auto& entry : log.entries) {
      present.insert(entry.title);
    }
    for (const auto& entry : log.entries) {
      const bool known = std::any_of(file.entries.begin(), file.entries.end(), [&](const EntryHistory& seen) {
        return seen.title == entry.title;
      });
      if (known) {
        continue;
      }
      // An edited heading ("(10% traffic)" -> "(10 percent traffic)") is the same entry, not a new one.
      const auto edited = std::find_if(file.entries.begin(), file.entries.end(), [&](const EntryHistory& seen) {
        return !present.contains(seen.title) && similarity(seen.title, entry.title) >= k_reworded_threshold;
      });
      if (edited != file.entries.end()) {
        edited->title = entry.title;
      } else {
        file.entries.push_back({entry.title, stamp});
      }
    }
  }
  if (roles.metrics) {
    if (evidence::document_metrics(document).empty()) {
      file.metrics_since.reset();
    } else if (!file.metrics_since) {
      file.metrics_since = stamp;
    }
  }
}

std::vector<const ItemHistory*> match_document(const FileHistory& file, const markdown::Document& document)
{
  std::vector<std::string> old_texts;
  for (const auto& item : file.items) {
    old_texts.push_back(item.text);
  }
  std::vector<std::string> new_texts;
  for (const auto& item : document.items) {
    new_texts.push_back(item.text);
  }
  std::vector<const ItemHistory*> result;
  for (int index : match_items(old_texts, new_texts)) {
    result.push_back(index >= 0 ? &file.items[static_cast<size_t>(index)] : nullptr);
  }
  return result;
}

} // namespace history
