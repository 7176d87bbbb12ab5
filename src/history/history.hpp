#pragma once

#include "markdown/document.hpp"
#include "util/time.hpp"
#include "vocabulary/vocabulary.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace history {

// A commit on the first-parent line of HEAD: when something entered what the main branch saw.
struct CommitStamp
{
  std::string id;
  util::Timestamp time = 0; // committer time, UTC
  std::string author;
  // At the boundary of a shallow clone: what it brought may be older, so it only bounds the real time
  // from above and no "ticked early" may rest on it.
  bool truncated = false;
};

struct ItemHistory
{
  std::string text;    // as of HEAD
  std::string section; // the item's heading as of HEAD
  bool ticked = false; // as of HEAD
  std::optional<CommitStamp> tick;     // last went from unticked (or absent) to ticked, on the first-parent line
  std::optional<CommitStamp> original; // for a tick merged from a branch: the branch commit that made it
  std::string status;  // a completion mark's words as of HEAD ("✅ DONE"), "" for a box
  // What the item said in the version before that tick, where the tick changed its words: a status line
  // that read "⏳ Pending phase 1 completion (24h)" until it read "✅ DONE". A check reads a window there.
  std::string said_before;
};

struct EntryHistory
{
  std::string title;
  CommitStamp appeared;
  // An entry a later commit took out of the log: that commit, and the entry's Markdown (its heading to its
  // last line) as the last version holding it had it. Evidence that existed and vanished still counts from
  // `appeared` until `removed`; an entry written again is no longer removed.
  std::optional<CommitStamp> removed;
  std::optional<CommitStamp> removed_original; // for a removal merged from a branch: the branch commit that made it
  std::string text;
};

// What the walk learnt about one file, as of HEAD. Shaped per file and per commit so a cache can store it.
struct FileHistory
{
  std::optional<CommitStamp> added;
  // The last commit that changed its bytes (a move alone does not), and its path then: what a record says is
  // as of that commit, and its relative references start from that path.
  std::optional<CommitStamp> edited;
  std::string edited_path;
  std::optional<CommitStamp> metrics_since; // first commit since which the file holds figures
  std::vector<ItemHistory> items;
  std::vector<EntryHistory> entries;        // work-log entries
};

// How a path left the tree on the first-parent line (history/departures.hpp): moved or renamed to `to`, or
// deleted (`to` empty), in `commit`. Kept while the path stays absent; a path added again is no longer gone.
struct Departure
{
  std::string to;
  CommitStamp commit;
};

struct Status
{
  bool available = false;       // a repository with at least one commit was read
  bool shallow = false;
  std::string shallow_boundary; // the oldest commit present in a shallow clone
  bool detached = false;
  bool worktree = false;
  bool submodules = false;
  size_t commits_read = 0;     // on the first-parent line, cached ones included
  size_t commits_walked = 0;   // read from git by this run: 0 when the cache held HEAD
  bool cache_rebuilt = false;  // a cache was there but could not be used (corrupt, or history rewritten)
  std::string note; // one sentence for the user when history is absent, partial, or a part was skipped
};

struct History
{
  Status status;
  std::string head; // the commit walked to: the cache's key
  std::map<std::string, FileHistory> files; // keyed by path relative to the audit root
  // Every file (of any kind) that left the tree under the audit root and is not back: where it went.
  std::map<std::string, Departure> departed;
};

// The functions are called from the walk's thread and the thread ahead of it (history/diff_ahead.hpp) at
// once: they must be safe to call concurrently.
struct Roles
{
  std::function<bool(const std::string&)> is_work_log;
  std::function<bool(const std::string&)> has_metrics_role; // completion reports
  std::function<bool(const std::string&)> is_evidence;
  // What the functions stand for (their globs): a cached walk made with other roles is not reused.
  std::string fingerprint;
  // Documents named by the checklist globs besides *.md and *.markdown (README.MD): read as Markdown too.
  // `document_pathspecs` are git pathspecs covering at least the paths it and is_evidence accept, so the walk
  // diffs them (besides *.md and *.markdown).
  std::function<bool(const std::string&)> is_document;
  std::vector<std::string> document_pathspecs;
  // The words that decide what an item is (its kind, completion marks beyond boxes): part of the cache's key.
  const vocabulary::Vocabulary* vocabulary = nullptr;
};

// What a walk knew as of one commit, so a later walk continues from there (history/cache.hpp stores it).
struct Checkpoint
{
  std::string head;
  size_t commits = 0;     // on the first-parent line up to and including head
  std::string oldest;     // the first commit of that line
  std::map<std::string, FileHistory> files;
  std::map<std::string, Departure> departed;
};

// The bytes of one blob, read when asked for; nothing when it cannot be read.
using BlobBytes = std::function<std::optional<std::string_view>()>;

// Documents the caller parses anyway, offered to the walk by their bytes' git blob id (blob_id_of): a
// version with those bytes is read from that parse instead of loaded and parsed again. Most documents of a
// repository are added once and never edited, so the walk would otherwise parse each a second time (the
// audit reads the working tree while the walk runs: audit::ReadDocuments).
class ParsedBlobs
{
public:
  virtual ~ParsedBlobs() = default;
  // The parse of blob `id` as evidence::read_document gives it (no limit hit), or nullptr; `bytes` reads the
  // blob, for an implementation that parses it now. Called from the walk's thread; the document lives as
  // long as this object.
  virtual const markdown::Document* find(const std::string& id, const BlobBytes& bytes) = 0;
  // Whether blob `id` is one find() knows (a document's bytes on disk), whatever its parse's state; any thread.
  virtual bool knows(const std::string& id) = 0;
};

// Parses made before the walk, by blob id (tests).
class ParsedMap final : public ParsedBlobs
{
public:
  std::unordered_map<std::string, const markdown::Document*> documents;
  const markdown::Document* find(const std::string& id, const BlobBytes& /*bytes*/) override
  {
    const auto found = documents.find(id);
    return found == documents.end() ? nullptr : found->second;
  }
  bool knows(const std::string& id) override
  {
    return documents.contains(id);
  }
};

// The git blob id of these bytes, as ParsedBlobs names them (its 20 raw bytes).
std::string blob_id_of(std::string_view bytes);
// The same id from its hex form (a staged file's content id names it); empty when the text is no blob id.
std::string blob_id_of_hex(std::string_view hex);

struct ReadOptions
{
  // Keep the walk's result under the repository's git folder and continue from it next time: a run with
  // nothing new in history reads no commit. Never needed for correctness (--no-cache).
  bool cache = true;
  // Read each version of a document as cheaply as gives the same result (history/version_cache.hpp): off,
  // every version is parsed whole, the reference the shortcuts' tests compare the walk with.
  bool shortcuts = true;
  // Parses to take instead of the walk's own; only with shortcuts (it is one).
  ParsedBlobs* parsed = nullptr;
};

// libgit2's start-up reads the system's certificate bundle (milliseconds, for TLS this tool never uses): a
// caller that knows git is coming starts it on another thread while it does other work. Safe to call from
// any thread, any number of times.
void start_libgit2();

// One first-parent walk from HEAD over the commits that touch Markdown and evidence paths under `root`,
// diffing only those paths, with renames followed. Never throws: problems land in status.note.
// `roles.vocabulary` must be set.
History read_history(const std::string& root, const Roles& roles, const ReadOptions& options = {});

} // namespace history
