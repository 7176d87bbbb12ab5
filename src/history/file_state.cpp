#include "history/file_state.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <optional>
#include <unordered_set>

namespace history {

namespace {

constexpr double k_reworded_threshold = 0.6;

using Words = std::vector<std::string>; // sorted, without repeats

Words words_of(const std::string& text)
{
  Words words;
  const std::string slug = util::slugify(text);
  for (auto word : util::split(slug, '-')) {
    if (!word.empty()) {
      words.emplace_back(word);
    }
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

double similarity_of(const Words& left, const Words& right)
{
  if (left.empty() && right.empty()) {
    return 1.0;
  }
  size_t common = 0;
  for (auto l = left.begin(), r = right.begin(); l != left.end() && r != right.end();) {
    if (*l < *r) {
      ++l;
    } else if (*r < *l) {
      ++r;
    } else {
      ++common;
      ++l;
      ++r;
    }
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(left.size() + right.size());
}

// The words an open item had that its ticked version no longer has: its text where it was reworded, its
// status where the status changed.
std::string words_before(const ItemHistory& open, const VersionItem& ticked)
{
  std::string words = open.text != ticked.text ? open.text : std::string();
  if (open.status != ticked.status && !open.status.empty()) {
    words += words.empty() ? "" : " ";
    words += open.status;
  }
  return words;
}

// Entries this version no longer holds were removed by its commit; those it holds again are back.
void mark_removed(FileHistory& file, const std::unordered_set<std::string>& present, const CommitStamp& stamp)
{
  for (auto& entry : file.entries) {
    if (present.contains(entry.title)) {
      entry.removed.reset();
      entry.removed_original.reset();
      entry.text.clear();
    } else if (!entry.removed) {
      entry.removed = stamp;
    }
  }
}

} // namespace

std::string normalize_item_text(const std::string& text)
{
  return util::slugify(text);
}

double similarity(const std::string& a, const std::string& b)
{
  return similarity_of(words_of(a), words_of(b));
}

std::vector<int> match_items(const std::vector<std::string>& old_texts, const std::vector<std::string>& new_texts)
{
  std::vector<int> match(new_texts.size(), -1);
  // Most versions only tick boxes: the exact pass below would pair every item with itself, in order.
  if (old_texts == new_texts) {
    for (size_t n = 0; n < match.size(); ++n) {
      match[n] = static_cast<int>(n);
    }
    return match;
  }
  std::vector<bool> used(old_texts.size(), false);
  std::vector<std::string> old_keys;
  old_keys.reserve(old_texts.size());
  for (const auto& text : old_texts) {
    old_keys.push_back(normalize_item_text(text));
  }
  // Exact text first, in order, so duplicated items ("Redeploy worker/service.") pair up positionally.
  bool unmatched = false;
  for (size_t n = 0; n < new_texts.size(); ++n) {
    const std::string key = normalize_item_text(new_texts[n]);
    for (size_t o = 0; o < old_texts.size(); ++o) {
      if (!used[o] && old_keys[o] == key) {
        match[n] = static_cast<int>(o);
        used[o] = true;
        break;
      }
    }
    unmatched = unmatched || match[n] < 0;
  }
  if (!unmatched) {
    return match;
  }
  // Each text's words once, not once per pair.
  std::vector<std::optional<Words>> old_words(old_texts.size());
  for (size_t n = 0; n < new_texts.size(); ++n) {
    if (match[n] >= 0) {
      continue;
    }
    const Words new_words = words_of(new_texts[n]);
    double best = k_reworded_threshold;
    int best_index = -1;
    for (size_t o = 0; o < old_texts.size(); ++o) {
      if (used[o]) {
        continue;
      }
      if (!old_words[o]) {
        old_words[o] = words_of(old_texts[o]);
      }
      const double score = similarity_of(*old_words[o], new_words);
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

void apply_version(FileHistory& file, const Version& version, const CommitStamp& stamp)
{
  if (!file.added) {
    file.added = stamp;
  }
  std::vector<std::string> old_texts;
  old_texts.reserve(file.items.size());
  for (const auto& item : file.items) {
    old_texts.push_back(item.text);
  }
  std::vector<std::string> new_texts;
  new_texts.reserve(version.items.size());
  for (const auto& item : version.items) {
    new_texts.push_back(item.text);
  }
  const auto match = match_items(old_texts, new_texts);
  std::vector<ItemHistory> items;
  items.reserve(version.items.size());
  for (size_t n = 0; n < version.items.size(); ++n) {
    const auto& item = version.items[n];
    ItemHistory next;
    next.text = item.text;
    next.section = item.section;
    next.ticked = item.ticked;
    next.status = item.status;
    const ItemHistory* previous = match[n] >= 0 ? &file.items[static_cast<size_t>(match[n])] : nullptr;
    if (item.ticked) {
      if (previous && previous->ticked) {
        next.tick = previous->tick;
        next.original = previous->original;
        next.said_before = previous->said_before;
      } else {
        next.tick = stamp; // untick-then-retick counts from the re-tick
        if (previous) {
          next.said_before = words_before(*previous, item);
        }
      }
    }
    items.push_back(std::move(next));
  }
  file.items = std::move(items);

  if (version.roles.work_log) {
    const std::unordered_set<std::string> present(version.entry_titles.begin(), version.entry_titles.end());
    // A set rather than a scan of every entry for each entry of each version: the log grows. An edited
    // entry's old title stays in it: that title is not in this version, so no later title asks for it.
    std::unordered_set<std::string> known;
    for (const auto& seen : file.entries) {
      known.insert(seen.title);
    }
    for (const auto& title : version.entry_titles) {
      if (known.contains(title)) {
        continue;
      }
      // An edited heading ("(10% traffic)" -> "(10 percent traffic)") is the same entry, not a new one.
      const auto edited = std::find_if(file.entries.begin(), file.entries.end(), [&](const EntryHistory& seen) {
        return !present.contains(seen.title) && similarity(seen.title, title) >= k_reworded_threshold;
      });
      if (edited != file.entries.end()) {
        edited->title = title;
      } else {
        file.entries.push_back({title, stamp, std::nullopt, std::nullopt, {}});
      }
      known.insert(title);
    }
    mark_removed(file, present, stamp);
  }
  if (version.roles.metrics) {
    if (!version.has_metrics) {
      file.metrics_since.reset();
    } else if (!file.metrics_since) {
      file.metrics_since = stamp;
    }
  }
}

void apply_version(const vocabulary::Vocabulary& words,
                   FileHistory& file,
                   const markdown::Document& document,
                   const CommitStamp& stamp,
                   const VersionRoles& roles)
{
  apply_version(file, read_version(words, document, roles), stamp);
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
