#include "audit/timeline.hpp"

#include "history/file_state.hpp"
#include "history/snapshots.hpp"
#include "util/path.hpp"

#include <set>

namespace audit {

std::vector<std::optional<Stamp>> WorkingTreeTimeline::ticks(const std::string& /*path*/, const markdown::Document& document) const
{
  std::vector<std::optional<Stamp>> result;
  for (const auto& item : document.items) {
    result.push_back(item.ticked ? std::optional<Stamp>(uncommitted()) : std::nullopt);
  }
  return result;
}

std::optional<Stamp> WorkingTreeTimeline::file_added(const std::string& /*path*/) const
{
  return uncommitted();
}

std::optional<Stamp> WorkingTreeTimeline::entry_added(const std::string& /*path*/, const evidence::Entry& /*entry*/) const
{
  return uncommitted();
}

std::optional<Stamp> WorkingTreeTimeline::metrics_added(const std::string& /*path*/) const
{
  return uncommitted();
}

std::vector<RemovedEntry> WorkingTreeTimeline::removed_entries(const std::string& /*path*/) const
{
  return {};
}

FileAt WorkingTreeTimeline::file_at(std::string_view path, const Stamp& /*when*/) const
{
  FileAt file;
  if (!m_corpus) {
    return file;
  }
  file.exists = m_corpus->is_file(path);
  if (file.exists) {
    if (const std::string* text = m_corpus->text(path)) {
      file.text = *text;
    }
  }
  return file;
}

FileAt WorkingTreeTimeline::file_before(std::string_view /*path*/, const Stamp& /*when*/) const
{
  FileAt file;
  file.known = false;
  return file;
}

std::vector<std::string> WorkingTreeTimeline::earlier_paths(std::string_view /*path*/) const
{
  return {};
}

std::optional<LastEdit> WorkingTreeTimeline::last_edit(const std::string& /*path*/) const
{
  return std::nullopt;
}

std::optional<bool> WorkingTreeTimeline::existed_at(std::string_view path, const Stamp& /*when*/) const
{
  if (!m_corpus) {
    return false;
  }
  return m_corpus->is_file(path) || m_corpus->is_directory(path);
}

std::vector<Move> WorkingTreeTimeline::moves(std::string_view /*path*/) const
{
  return {};
}

std::vector<std::string> WorkingTreeTimeline::departed_named(std::string_view /*name*/) const
{
  return {};
}

bool WorkingTreeTimeline::is_ignored(std::string_view /*path*/) const
{
  return false;
}

Stamp to_stamp(const history::CommitStamp& commit)
{
  Stamp stamp;
  stamp.commit = commit.id;
  stamp.time = commit.time;
  stamp.author = commit.author;
  stamp.committed = true;
  stamp.truncated = commit.truncated;
  return stamp;
}

std::vector<std::optional<Stamp>> HistoryTimeline::ticks(const std::string& path, const markdown::Document& document) const
{
  const auto file = m_history.files.find(path);
  if (file == m_history.files.end()) {
    return WorkingTreeTimeline::ticks(path, document);
  }
  const auto matched = history::match_document(file->second, document);
  std::vector<std::optional<Stamp>> result;
  for (size_t i = 0; i < document.items.size(); ++i) {
    if (!document.items[i].ticked) {
      result.emplace_back();
      continue;
    }
    const history::ItemHistory* item = matched[i];
    if (item && item->ticked && item->tick) {
      Stamp stamp = to_stamp(*item->tick);
      if (item->original) {
        stamp.original_commit = item->original->id;
        stamp.original_time = item->original->time;
        stamp.original_author = item->original->author;
      }
      stamp.said_before = item->said_before;
      result.emplace_back(stamp);
    } else {
      result.emplace_back(uncommitted()); // ticked in the working tree or index, not yet at HEAD
    }
  }
  return result;
}

std::optional<Stamp> HistoryTimeline::file_added(const std::string& path) const
{
  const auto file = m_history.files.find(path);
  if (file == m_history.files.end() || !file->second.added) {
    return uncommitted();
  }
  return to_stamp(*file->second.added);
}

HistoryTimeline::HistoryTimeline(const history::History& history,
                                 util::Timestamp now,
                                 const corpus::Corpus* corpus,
                                 const history::Snapshots* snapshots)
  : WorkingTreeTimeline(now, corpus),
    m_history(history),
    m_snapshots(snapshots)
{
  for (const auto& [path, departure] : m_history.departed) {
    m_departed_names.emplace(util::basename(path), path);
    if (!departure.to.empty()) {
      m_arrived_from.emplace(departure.to, path); // of several gone to one path, the first in path order
    }
  }
  for (const auto& [path, file] : m_history.files) {
    if (file.entries.empty()) {
      continue;
    }
    auto& titles = m_entries[path];
    for (const auto& known : file.entries) {
      titles.emplace(known.title, &known); // the first of equal titles answers, as it did in order
    }
  }
}

std::optional<Stamp> HistoryTimeline::entry_added(const std::string& path, const evidence::Entry& entry) const
{
  if (const auto file = m_entries.find(path); file != m_entries.end()) {
    if (const auto known = file->second.find(entry.title); known != file->second.end()) {
      return to_stamp(known->second->appeared);
    }
  }
  return uncommitted();
}

std::optional<Stamp> HistoryTimeline::metrics_added(const std::string& path) const
{
  const auto file = m_history.files.find(path);
  if (file == m_history.files.end() || !file->second.metrics_since) {
    return uncommitted();
  }
  return to_stamp(*file->second.metrics_since);
}

std::vector<RemovedEntry> HistoryTimeline::removed_entries(const std::string& path) const
{
  std::vector<RemovedEntry> removed;
  if (const auto file = m_history.files.find(path); file != m_history.files.end()) {
    for (const auto& entry : file->second.entries) {
      if (entry.removed && !entry.text.empty()) {
        removed.push_back({entry.title, entry.text, to_stamp(entry.appeared), to_stamp(*entry.removed),
                           entry.removed_original ? std::optional<Stamp>(to_stamp(*entry.removed_original)) : std::nullopt});
      }
    }
  }
  return removed;
}

FileAt HistoryTimeline::file_at(std::string_view path, const Stamp& when) const
{
  if (!when.committed) {
    return WorkingTreeTimeline::file_at(path, when);
  }
  FileAt file;
  if (!m_snapshots) {
    file.known = false;
    return file;
  }
  const auto read = m_snapshots->read(when.commit, path);
  file.known = read.state != history::Snapshots::State::unknown;
  file.exists = read.state == history::Snapshots::State::file;
  file.text = read.text;
  return file;
}

FileAt HistoryTimeline::file_before(std::string_view path, const Stamp& when) const
{
  const auto parent = when.committed && m_snapshots ? m_snapshots->parent_of(when.commit) : std::nullopt;
  if (!parent) {
    return WorkingTreeTimeline::file_before(path, when);
  }
  Stamp before;
  before.commit = *parent;
  before.committed = true;
  return file_at(path, before);
}

std::vector<std::string> HistoryTimeline::earlier_paths(std::string_view path) const
{
  std::vector<std::string> paths;
  for (auto found = m_arrived_from.find(path); found != m_arrived_from.end() && paths.size() < 16;
       found = m_arrived_from.find(found->second)) {
    paths.emplace_back(found->second);
  }
  return paths;
}

std::optional<LastEdit> HistoryTimeline::last_edit(const std::string& path) const
{
  const auto file = m_history.files.find(path);
  if (file == m_history.files.end() || !file->second.edited) {
    return std::nullopt;
  }
  return LastEdit{to_stamp(*file->second.edited), file->second.edited_path};
}

std::optional<bool> HistoryTimeline::existed_at(std::string_view path, const Stamp& when) const
{
  if (!when.committed) {
    return WorkingTreeTimeline::existed_at(path, when);
  }
  if (!m_snapshots) {
    return std::nullopt;
  }
  return m_snapshots->exists(when.commit, path);
}

std::vector<Move> HistoryTimeline::moves(std::string_view path) const
{
  std::vector<Move> steps;
  std::set<std::string_view> seen{path};
  auto found = m_history.departed.find(std::string(path));
  while (found != m_history.departed.end()) {
    steps.push_back(Move{found->first, found->second.to, to_stamp(found->second.commit)});
    if (found->second.to.empty() || !seen.insert(found->second.to).second) {
      break; // deleted, or a loop a damaged cache could hold
    }
    found = m_history.departed.find(found->second.to);
  }
  return steps;
}

std::vector<std::string> HistoryTimeline::departed_named(std::string_view name) const
{
  std::vector<std::string> paths;
  const auto [first, last] = m_departed_names.equal_range(name);
  for (auto it = first; it != last; ++it) {
    paths.emplace_back(it->second);
  }
  return paths;
}

bool HistoryTimeline::is_ignored(std::string_view path) const
{
  return m_snapshots && m_snapshots->ignored(path);
}

} // namespace audit
