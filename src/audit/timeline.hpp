#pragma once

#include "audit/finding.hpp"
#include "corpus/corpus.hpp"
#include "evidence/work_log.hpp"
#include "history/history.hpp"
#include "markdown/document.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace history {
class Snapshots;
}

namespace audit {

// A file as it was at one moment (Timeline::file_at).
struct FileAt
{
  bool known = true;  // false when that moment's files could not be read (a commit missing from the clone)
  bool exists = false;
  std::optional<std::string> text; // nullopt for a binary or unreadable file
};

// One step of a path leaving the tree (history::Departure): moved or renamed to `to`, or deleted (`to` empty).
struct Move
{
  std::string from;
  std::string to;
  Stamp stamp;
};

// A document's words as last written: the commit that last changed its bytes (a move alone does not), and the
// path it had then.
struct LastEdit
{
  Stamp stamp;
  std::string path;
};

// A work-log entry a later commit took out of the log (history::EntryHistory): its Markdown as the log last held
// it, the commit it appeared in and the one that removed it.
struct RemovedEntry
{
  std::string title;
  std::string text;
  Stamp appeared;
  Stamp removed;                         // on the first-parent line
  std::optional<Stamp> removed_original; // for a removal merged from a branch: the branch commit that made it
};

// The one question checks ask about time: when did this box get ticked, when did this evidence appear.
// Git history answers it (HistoryTimeline); without history everything is "as of now" (WorkingTreeTimeline).
// Asked from several threads at once (documents are placed, and rules run, on every core).
class Timeline
{
public:
  virtual ~Timeline() = default;
  // For each item of the audited version of a document, when it was ticked; nullopt for unticked items.
  virtual std::vector<std::optional<Stamp>> ticks(const std::string& path, const markdown::Document& document) const = 0;
  virtual std::optional<Stamp> file_added(const std::string& path) const = 0;
  virtual std::optional<Stamp> entry_added(const std::string& path, const evidence::Entry& entry) const = 0;
  // Since when a completion report holds figures.
  virtual std::optional<Stamp> metrics_added(const std::string& path) const = 0;
  // The entries history saw in a work log that it no longer holds, in the order they first appeared; none
  // without history.
  virtual std::vector<RemovedEntry> removed_entries(const std::string& path) const = 0;
  // A file as of `when`: in the tree of its commit when it is committed, else as audited now (the working
  // tree, or the index with --staged). Checks that ask for a file judge it as of the tick through this,
  // never through git.
  virtual FileAt file_at(std::string_view path, const Stamp& when) const = 0;
  // A file as it was just before a commit (in its first parent's tree); unknown without history or for a
  // root commit.
  virtual FileAt file_before(std::string_view path, const Stamp& when) const = 0;
  // When a file's bytes last changed, and its path then; nullopt without history or for a file HEAD does not
  // hold (new, not committed yet).
  virtual std::optional<LastEdit> last_edit(const std::string& path) const = 0;
  // Whether a file or a folder stood at `path` as of `when` (the audited files for "now"); nullopt when that
  // cannot be told (the commit is not in this clone).
  virtual std::optional<bool> existed_at(std::string_view path, const Stamp& when) const = 0;
  // How a path that is not in the tree left it, one step per move, oldest first, to where it is now or to its
  // deletion; empty when history does not know it (never there, or no history).
  virtual std::vector<Move> moves(std::string_view path) const = 0;
  // The paths a file now at `path` had before its moves, the latest first; empty without history.
  virtual std::vector<std::string> earlier_paths(std::string_view path) const = 0;
  // The paths that left the tree with this file name ("plan.md"), for a reference by bare name.
  virtual std::vector<std::string> departed_named(std::string_view name) const = 0;
  // Whether the repository keeps a path out of git on purpose (its ignore rules): a file that lives only in
  // working copies. Known with history only.
  virtual bool is_ignored(std::string_view path) const = 0;
  virtual util::Timestamp now() const = 0;
  virtual bool has_history() const = 0;
};

class WorkingTreeTimeline : public Timeline
{
public:
  // Without a corpus no file exists; every caller outside tests hands it the audited files.
  explicit WorkingTreeTimeline(util::Timestamp now, const corpus::Corpus* corpus = nullptr) : m_now(now), m_corpus(corpus)
  {
  }
  std::vector<std::optional<Stamp>> ticks(const std::string& path, const markdown::Document& document) const override;
  std::optional<Stamp> file_added(const std::string& path) const override;
  std::optional<Stamp> entry_added(const std::string& path, const evidence::Entry& entry) const override;
  std::optional<Stamp> metrics_added(const std::string& path) const override;
  std::vector<RemovedEntry> removed_entries(const std::string& path) const override;
  FileAt file_at(std::string_view path, const Stamp& when) const override;
  FileAt file_before(std::string_view path, const Stamp& when) const override;
  std::optional<LastEdit> last_edit(const std::string& path) const override;
  std::optional<bool> existed_at(std::string_view path, const Stamp& when) const override;
  std::vector<Move> moves(std::string_view path) const override;
  std::vector<std::string> earlier_paths(std::string_view path) const override;
  std::vector<std::string> departed_named(std::string_view name) const override;
  bool is_ignored(std::string_view path) const override;
  util::Timestamp now() const override
  {
    return m_now;
  }
  bool has_history() const override
  {
    return false;
  }

protected:
  Stamp uncommitted() const
  {
    Stamp stamp;
    stamp.time = m_now;
    return stamp;
  }

private:
  util::Timestamp m_now;
  const corpus::Corpus* m_corpus;
};

// Answers from the first-parent walk; what HEAD does not have yet (uncommitted or staged) is "now".
class HistoryTimeline : public WorkingTreeTimeline
{
public:
  // `snapshots` reads files as of a commit; without it (no repository) every file is judged as of now.
  HistoryTimeline(const history::History& history,
                  util::Timestamp now,
                  const corpus::Corpus* corpus = nullptr,
                  const history::Snapshots* snapshots = nullptr);
  std::vector<std::optional<Stamp>> ticks(const std::string& path, const markdown::Document& document) const override;
  std::optional<Stamp> file_added(const std::string& path) const override;
  std::optional<Stamp> entry_added(const std::string& path, const evidence::Entry& entry) const override;
  std::optional<Stamp> metrics_added(const std::string& path) const override;
  std::vector<RemovedEntry> removed_entries(const std::string& path) const override;
  FileAt file_at(std::string_view path, const Stamp& when) const override;
  FileAt file_before(std::string_view path, const Stamp& when) const override;
  std::optional<LastEdit> last_edit(const std::string& path) const override;
  std::optional<bool> existed_at(std::string_view path, const Stamp& when) const override;
  std::vector<Move> moves(std::string_view path) const override;
  std::vector<std::string> earlier_paths(std::string_view path) const override;
  std::vector<std::string> departed_named(std::string_view name) const override;
  bool is_ignored(std::string_view path) const override;
  bool has_history() const override
  {
    return m_history.status.available;
  }

private:
  const history::History& m_history;
  const history::Snapshots* m_snapshots;
  // Work-log entries by file and title: asked once per entry, and a work log holds thousands.
  std::map<std::string, std::unordered_map<std::string_view, const history::EntryHistory*>, std::less<>> m_entries;
  // Departed paths by file name.
  std::multimap<std::string_view, std::string_view> m_departed_names;
  // Moved paths by where they went.
  std::map<std::string_view, std::string_view, std::less<>> m_arrived_from;
};

Stamp to_stamp(const history::CommitStamp& commit);

} // namespace audit
