#include "evidence/items.hpp"
#include "history/cache.hpp"
#include "history/departures.hpp"
#include "history/diff_ahead.hpp"
#include "history/file_state.hpp"
#include "history/removed_entries.hpp"
#include "history/history.hpp"
#include "history/libgit2.hpp"
#include "history/snapshots.hpp"
#include "history/tree_diff.hpp"
#include "history/version_cache.hpp"
#include "markdown/document.hpp"
#include "util/path.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

namespace history {

namespace {

std::string oid_string(const git_oid& oid)
{
  char buffer[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buffer, sizeof(buffer), &oid);
  return buffer;
}

std::vector<std::string> pathspecs(const std::string& prefix, const Roles& roles)
{
  std::vector<std::string> specs{prefix + "*.md", prefix + "*.markdown"};
  for (const auto& spec : roles.document_pathspecs) {
    specs.push_back(prefix + spec);
  }
  return specs;
}

// The repository may sit above the audit root (a docs tree inside a larger repository): paths in git are
// the audit root's prefix plus the corpus path.
struct PathMapping
{
  std::string prefix; // "" or "sub/dir/"
  std::optional<std::string> to_root(std::string_view repository_path) const
  {
    if (!repository_path.starts_with(prefix)) {
      return std::nullopt;
    }
    return std::string(repository_path.substr(prefix.size()));
  }
};

std::set<std::string> read_shallow_boundary(git_repository* repository)
{
  std::set<std::string> boundary;
  std::ifstream stream(std::filesystem::path(git_repository_path(repository)) / "shallow");
  for (std::string line; std::getline(stream, line);) {
    if (!util::trim(line).empty()) {
      boundary.insert(std::string(util::trim(line)));
    }
  }
  return boundary;
}

CommitStamp stamp_of(git_commit* commit, const std::set<std::string>& boundary)
{
  CommitStamp stamp;
  stamp.id = oid_string(*git_commit_id(commit));
  stamp.time = git_commit_time(commit);
  const git_signature* author = git_commit_author(commit);
  stamp.author = author && author->name ? author->name : "";
  stamp.truncated = boundary.contains(stamp.id);
  return stamp;
}

class Walker
{
public:
  Walker(git_repository* repository,
         std::string root,
         PathMapping mapping,
         const Roles& roles,
         std::set<std::string> boundary,
         bool shallow,
         const ReadOptions& options)
    : m_repository(repository),
      m_root(std::move(root)),
      m_mapping(std::move(mapping)),
      m_roles(roles),
      m_boundary(std::move(boundary)),
      m_shallow(shallow),
      // Only the audited kinds of paths are diffed: Markdown, what the checklist globs name, evidence folders.
      m_diff(repository, pathspecs(m_mapping.prefix, roles), options.shortcuts),
      m_shortcuts(options.shortcuts),
      m_parsed(options.shortcuts ? options.parsed : nullptr),
      m_versions(*roles.vocabulary, m_shortcuts, m_parsed)
  {
  }

  // Returns false with a note when the walk could not be done. With a checkpoint on HEAD's first-parent
  // line, continues from it: only the commits after it are read.
  // Follows first parents from HEAD by hand rather than with a revwalk: libgit2 1.5's revwalk gives up
  // on a shallow clone's missing parent, while this stops there and marks the boundary.
  bool walk(History& history, std::optional<Checkpoint> checkpoint)
  {
    git_oid head;
    if (git_reference_name_to_id(&head, m_repository, "HEAD") != 0) {
      history.status.note = fmt::format("history not read: {}", last_error());
      return false;
    }
    history.head = oid_string(head);
    git_oid resume_at{};
    if (checkpoint && git_oid_fromstr(&resume_at, checkpoint->head.c_str()) != 0) {
      checkpoint.reset();
    }
    std::vector<git_oid> line;
    bool resumed = false;
    git_oid current = head;
    while (true) {
      if (checkpoint && git_oid_equal(&current, &resume_at)) {
        resumed = true;
        break;
      }
      git_commit* raw_commit = nullptr;
      if (git_commit_lookup(&raw_commit, m_repository, &current) != 0) {
        break;
      }
      CommitPtr commit(raw_commit);
      line.push_back(current);
      if (git_commit_parentcount(commit.get()) == 0) {
        break;
      }
      const git_oid* parent = git_commit_parent_id(commit.get(), 0);
      git_commit* raw_parent = nullptr;
      if (!parent || git_commit_lookup(&raw_parent, m_repository, parent) != 0) {
        m_boundary.insert(oid_string(current)); // the parent is not in this clone
        break;
      }
      git_commit_free(raw_parent);
      current = *parent;
    }
    std::string oldest = line.empty() ? "" : oid_string(line.back());
    if (resumed) {
      history.files = std::move(checkpoint->files);
      history.departed = std::move(checkpoint->departed);
      history.status.commits_read = checkpoint->commits;
      oldest = checkpoint->oldest;
    } else {
      history.status.cache_rebuilt = history.status.cache_rebuilt || checkpoint.has_value(); // rewritten history
      if (!line.empty() && m_shallow) {
        m_boundary.insert(oldest);
      }
    }
    std::reverse(line.begin(), line.end()); // oldest first
    std::optional<DiffAhead> ahead;
    if (m_shortcuts && line.size() > 1) {
      ahead.emplace(m_root, pathspecs(m_mapping.prefix, m_roles), m_shortcuts, line,
                    [this](const Change& change) { return worth_reading_ahead(change); });
    }
    for (size_t index = 0; index < line.size(); ++index) {
      git_commit* raw_commit = nullptr;
      if (git_commit_lookup(&raw_commit, m_repository, &line[index]) != 0) {
        continue;
      }
      CommitPtr commit(raw_commit);
      ++history.status.commits_read;
      ++history.status.commits_walked;
      apply_commit(commit.get(), history, m_versions, nullptr, ahead ? ahead->take(index) : DiffAhead::Diff{});
    }
    history.status.shallow_boundary = oldest;
    return true;
  }

private:
  // With `only`, the files whose history is wanted (a branch replayed for a merge's ticks): the changes to
  // any other file are not read, as what the walk would make of them is dropped.
  // `ahead`: the commit's diff found on another thread (DiffAhead), else the trees are compared here.
  void apply_commit(git_commit* commit, History& history, VersionCache& versions, const std::map<std::string, FileHistory>* only = nullptr,
                    DiffAhead::Diff ahead = {})
  {
    const DiffAhead::Diff diff = ahead.found ? std::move(ahead) : DiffAhead::compare(m_diff, commit);
    if (!diff.changes) {
      return;
    }
    const std::vector<Change>& changes = *diff.changes;
    const CommitStamp stamp = stamp_of(commit, m_boundary);
    for (const auto& change : changes) {
      if (!only || touches(*only, change)) {
        apply_delta(change, stamp, history, versions, diff.blobs.get());
      }
    }
    record_departures(history.departed, under_root(changes, diff.others), stamp);
    if (git_commit_parentcount(commit) > 1) {
      find_original_ticks(commit, stamp, history);
      find_original_removals(commit, stamp, history);
    }
  }

  bool touches(const std::map<std::string, FileHistory>& files, const Change& change) const
  {
    const auto old_path = m_mapping.to_root(change.old_path);
    const auto new_path = m_mapping.to_root(change.new_path);
    return (old_path && files.contains(*old_path)) || (new_path && files.contains(*new_path));
  }

  // A work-log entry that left the first-parent line through a merge: the branch commit that deleted it, the
  // first of the branch's commits (oldest first) whose version of the log no longer holds its heading.
  void find_original_removals(git_commit* merge, const CommitStamp& merge_stamp, History& history)
  {
    for (auto& [path, file] : history.files) {
      for (auto& entry : file.entries) {
        if (entry.removed && entry.removed->id == merge_stamp.id && !entry.removed_original) {
          entry.removed_original = branch_commit_without(merge, m_mapping.prefix + path, entry.title);
        }
      }
    }
  }

  std::optional<CommitStamp> branch_commit_without(git_commit* merge, const std::string& repository_path, const std::string& title)
  {
    git_revwalk* raw_walk = nullptr;
    if (git_revwalk_new(&raw_walk, m_repository) != 0) {
      return std::nullopt;
    }
    RevwalkPtr walk(raw_walk);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    git_revwalk_push(walk.get(), git_commit_parent_id(merge, 1));
    git_revwalk_hide(walk.get(), git_commit_parent_id(merge, 0));
    git_oid oid;
    while (git_revwalk_next(&oid, walk.get()) == 0) {
      git_commit* raw_commit = nullptr;
      if (git_commit_lookup(&raw_commit, m_repository, &oid) != 0) {
        continue;
      }
      CommitPtr commit(raw_commit);
      if (!holds_text(commit.get(), repository_path, title)) {
        return stamp_of(commit.get(), m_boundary);
      }
    }
    return std::nullopt;
  }

  // Whether the file at `path` in the commit's tree holds `text`; a missing file holds nothing.
  bool holds_text(git_commit* commit, const std::string& path, const std::string& text) const
  {
    git_tree* raw_tree = nullptr;
    if (git_commit_tree(&raw_tree, commit) != 0) {
      return true; // unreadable: not the commit to name
    }
    const TreePtr tree(raw_tree);
    git_tree_entry* raw_entry = nullptr;
    if (git_tree_entry_bypath(&raw_entry, tree.get(), path.c_str()) != 0) {
      return false;
    }
    git_blob* raw_blob = nullptr;
    const int found = git_blob_lookup(&raw_blob, m_repository, git_tree_entry_id(raw_entry));
    git_tree_entry_free(raw_entry);
    if (found != 0) {
      return true;
    }
    const BlobPtr blob(raw_blob);
    const std::string_view bytes(static_cast<const char*>(git_blob_rawcontent(raw_blob)), static_cast<size_t>(git_blob_rawsize(raw_blob)));
    return bytes.find(text) != std::string_view::npos;
  }

  // The changes with paths relative to the audit root; a file moved out of it has left, as if deleted.
  std::vector<Change> under_root(const std::vector<Change>& audited, const std::vector<Change>& others) const
  {
    std::vector<Change> result;
    for (const auto* list : {&audited, &others}) {
      for (Change change : *list) {
        const auto old_path = m_mapping.to_root(change.old_path);
        const auto new_path = m_mapping.to_root(change.new_path);
        if (change.status == GIT_DELTA_RENAMED && old_path && !new_path) {
          change.status = GIT_DELTA_DELETED;
        } else if (change.status == GIT_DELTA_RENAMED && !old_path) {
          change.status = GIT_DELTA_ADDED; // moved in from outside the audit root
        }
        if ((change.status == GIT_DELTA_DELETED && !old_path) || (change.status != GIT_DELTA_DELETED && !new_path)) {
          continue;
        }
        change.old_path = old_path.value_or("");
        change.new_path = new_path.value_or("");
        result.push_back(std::move(change));
      }
    }
    return result;
  }

  // Whether the change's new blob is worth reading ahead of the walk: one apply_delta reads unless its version
  // is known by id. Not the working tree's bytes: the walk takes their parse without them (ParsedBlobs), and a
  // commit adding a tree of documents still there would have them all inflated for nothing.
  bool worth_reading_ahead(const Change& change) const
  {
    if (change.status == GIT_DELTA_DELETED || (change.status == GIT_DELTA_RENAMED && git_oid_equal(&change.old_id, &change.new_id))) {
      return false;
    }
    const auto path = m_mapping.to_root(change.new_path);
    return path && (util::is_markdown_path(*path) || (m_roles.is_document && m_roles.is_document(*path)))
           && !(m_parsed && m_parsed->knows(raw_id(change.new_id)));
  }

  // `ahead`: the commit's blobs another thread may have read already.
  void apply_delta(const Change& delta, const CommitStamp& stamp, History& history, VersionCache& versions, BlobsAhead* ahead = nullptr)
  {
    const auto new_path = m_mapping.to_root(delta.new_path);
    const auto old_path = m_mapping.to_root(delta.old_path);
    if (delta.status == GIT_DELTA_DELETED) {
      if (old_path) {
        history.files.erase(*old_path);
        versions.erase(*old_path);
      }
      return;
    }
    if (!new_path) {
      return;
    }
    if (delta.status == GIT_DELTA_RENAMED && old_path && *old_path != *new_path) {
      // A moved checklist keeps its history.
      auto node = history.files.extract(*old_path);
      if (!node.empty()) {
        node.key() = *new_path;
        history.files.insert(std::move(node));
      }
      versions.move(*old_path, *new_path);
    }
    FileHistory& file = history.files[*new_path];
    if (delta.status != GIT_DELTA_RENAMED || !git_oid_equal(&delta.old_id, &delta.new_id)) {
      file.edited = stamp;
      file.edited_path = *new_path;
    }
    if (!util::is_markdown_path(*new_path) && !(m_roles.is_document && m_roles.is_document(*new_path))) {
      if (!file.added) {
        file.added = stamp;
      }
      return;
    }
    const VersionRoles roles{m_roles.is_work_log && m_roles.is_work_log(*new_path),
                             m_roles.has_metrics_role && m_roles.has_metrics_role(*new_path)};
    BlobPtr blob;
    const auto read = [&]() -> std::optional<std::string_view> {
      std::string_view bytes;
      if (const std::string* read_ahead = ahead ? ahead->take(delta.new_id) : nullptr) {
        bytes = *read_ahead;
      } else {
        git_blob* raw_blob = nullptr;
        if (git_blob_lookup(&raw_blob, m_repository, &delta.new_id) != 0) {
          return std::nullopt;
        }
        blob.reset(raw_blob);
        bytes = std::string_view(static_cast<const char*>(git_blob_rawcontent(raw_blob)), static_cast<size_t>(git_blob_rawsize(raw_blob)));
      }
      if (bytes.find('\0') != std::string_view::npos) {
        return std::nullopt;
      }
      return bytes;
    };
    if (const Version* version = versions.version_of(*new_path, delta.old_id, delta.new_id, roles, read)) {
      apply_version(file, *version, stamp);
      if (roles.work_log && removes_entries(file, stamp)) {
        keep_removed_texts(file, stamp, *new_path, delta.old_id);
      }
    }
  }

  // Entries a version of a work log took out are cut from the version before it (history/removed_entries.hpp).
  void keep_removed_texts(FileHistory& file, const CommitStamp& stamp, const std::string& path, const git_oid& before_id)
  {
    git_blob* raw_blob = nullptr;
    if (git_oid_is_zero(&before_id) || git_blob_lookup(&raw_blob, m_repository, &before_id) != 0) {
      return;
    }
    const BlobPtr blob(raw_blob);
    const std::string_view bytes(static_cast<const char*>(git_blob_rawcontent(raw_blob)),
                                 static_cast<size_t>(git_blob_rawsize(raw_blob)));
    if (bytes.find('\0') == std::string_view::npos) {
      history::keep_removed_texts(*m_roles.vocabulary, file, stamp, path, bytes);
    }
  }

  // A tick that entered the first-parent line through a merge: report the branch commit that made it too.
  void find_original_ticks(git_commit* merge, const CommitStamp& merge_stamp, History& history)
  {
    git_revwalk* raw_walk = nullptr;
    if (git_revwalk_new(&raw_walk, m_repository) != 0) {
      return;
    }
    RevwalkPtr walk(raw_walk);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    git_revwalk_push(walk.get(), git_commit_parent_id(merge, 1));
    git_revwalk_hide(walk.get(), git_commit_parent_id(merge, 0));
    // Replay the branch on a copy of the files as they were before the merge.
    std::map<std::string, FileHistory> branch_files;
    for (const auto& [path, file] : history.files) {
      for (const auto& item : file.items) {
        if (item.tick && item.tick->id == merge_stamp.id) {
          branch_files[path]; // the files with ticks the merge brought
          break;
        }
      }
    }
    if (branch_files.empty()) {
      return;
    }
    History branch;
    VersionCache branch_versions(*m_roles.vocabulary, m_shortcuts, m_parsed);
    for (const auto& [path, unused] : branch_files) {
      branch_versions.share_pieces(m_versions, path); // the branch's versions are mostly the merge's pieces
    }
    git_oid oid;
    bool first = true;
    while (git_revwalk_next(&oid, walk.get()) == 0) {
      git_commit* raw_commit = nullptr;
      if (git_commit_lookup(&raw_commit, m_repository, &oid) != 0) {
        continue;
      }
      CommitPtr commit(raw_commit);
      if (first) {
        // Start from the branch point's versions so only the branch's own ticks count.
        seed_from_parent(commit.get(), branch_files, branch, branch_versions);
        first = false;
      }
      apply_commit_to(commit.get(), branch_files, branch, branch_versions);
    }
    for (auto& [path, file] : history.files) {
      const auto found = branch.files.find(path);
      if (found == branch.files.end()) {
        continue;
      }
      for (auto& item : file.items) {
        if (!item.tick || item.tick->id != merge_stamp.id) {
          continue;
        }
        for (const auto& branch_item : found->second.items) {
          if (branch_item.ticked && branch_item.tick && normalize_item_text(branch_item.text) == normalize_item_text(item.text)) {
            item.original = branch_item.tick;
          }
        }
      }
    }
  }

  void seed_from_parent(git_commit* commit, const std::map<std::string, FileHistory>& wanted, History& branch, VersionCache& versions)
  {
    if (git_commit_parentcount(commit) == 0) {
      return;
    }
    git_commit* raw_parent = nullptr;
    if (git_commit_parent(&raw_parent, commit, 0) != 0) {
      return;
    }
    CommitPtr parent(raw_parent);
    git_tree* raw_tree = nullptr;
    if (git_commit_tree(&raw_tree, parent.get()) != 0) {
      return;
    }
    TreePtr tree(raw_tree);
    for (const auto& [path, unused] : wanted) {
      git_tree_entry* raw_entry = nullptr;
      if (git_tree_entry_bypath(&raw_entry, tree.get(), (m_mapping.prefix + path).c_str()) != 0) {
        continue;
      }
      BlobPtr blob;
      const git_oid id = *git_tree_entry_id(raw_entry);
      const auto read = [&]() -> std::optional<std::string_view> {
        git_blob* raw_blob = nullptr;
        if (git_blob_lookup(&raw_blob, m_repository, &id) != 0) {
          return std::nullopt;
        }
        blob.reset(raw_blob);
        return std::string_view(static_cast<const char*>(git_blob_rawcontent(raw_blob)), static_cast<size_t>(git_blob_rawsize(raw_blob)));
      };
      const git_oid none{};
      if (const Version* version = versions.version_of(path, none, id, VersionRoles{}, read)) {
        apply_version(branch.files[path], *version, stamp_of(parent.get(), m_boundary));
      }
      git_tree_entry_free(raw_entry);
    }
  }

  void apply_commit_to(git_commit* commit, const std::map<std::string, FileHistory>& wanted, History& branch, VersionCache& versions)
  {
    History scratch;
    scratch.files = branch.files;
    for (const auto& [path, unused] : wanted) {
      scratch.files.try_emplace(path);
    }
    apply_commit(commit, scratch, versions, &wanted);
    for (const auto& [path, unused] : wanted) {
      branch.files[path] = scratch.files[path];
    }
  }

  git_repository* m_repository;
  std::string m_root; // to open the repository again on another thread
  PathMapping m_mapping;
  const Roles& m_roles;
  std::set<std::string> m_boundary;
  bool m_shallow = false;
  TreeDiff m_diff;
  bool m_shortcuts = true;
  ParsedBlobs* m_parsed = nullptr;
  VersionCache m_versions;
};

// Submodules are declared in .gitmodules, in the working tree and in HEAD's tree: looking for the file is
// two lookups, where listing the submodules (git_submodule_foreach) reads HEAD's whole tree and the index,
// a twentieth of a warm pre-commit run.
bool has_submodules(git_repository* repository)
{
  std::error_code error;
  if (const char* workdir = git_repository_workdir(repository);
      workdir && std::filesystem::exists(std::filesystem::path(workdir) / ".gitmodules", error)) {
    return true;
  }
  // Step by step rather than git_revparse_single("HEAD^{tree}"), which leaks a reference in libgit2 1.5
  // when the commit cannot be read (a corrupt object database; tests/hostile).
  git_oid head;
  git_commit* raw_commit = nullptr;
  if (git_reference_name_to_id(&head, repository, "HEAD") != 0 || git_commit_lookup(&raw_commit, repository, &head) != 0) {
    return false;
  }
  const CommitPtr commit(raw_commit);
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit.get()) != 0) {
    return false;
  }
  const TreePtr tree(raw_tree);
  return git_tree_entry_byname(tree.get(), ".gitmodules") != nullptr;
}

// Everything besides the commits that shapes the walk's result.
std::string cache_key(const Roles& roles, const PathMapping& mapping, const std::set<std::string>& boundary)
{
  std::string key = fmt::format("rollout-audit {}\nroles {}\nvocabulary {}\nroot {}\nshallow", ROLLOUT_AUDIT_VERSION, roles.fingerprint,
                                roles.vocabulary->digest(), mapping.prefix);
  for (const auto& commit : boundary) {
    key += " " + commit;
  }
  return key;
}

} // namespace

void start_libgit2()
{
  libgit2();
}

std::string blob_id_of(std::string_view bytes)
{
  libgit2();
  git_oid id;
  if (git_odb_hash(&id, bytes.data(), bytes.size(), GIT_OBJECT_BLOB) != 0) {
    return {};
  }
  return raw_id(id);
}

std::string blob_id_of_hex(std::string_view hex)
{
  git_oid id;
  if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstrn(&id, hex.data(), hex.size()) != 0) {
    return {};
  }
  return raw_id(id);
}

History read_history(const std::string& root, const Roles& roles, const ReadOptions& options)
{
  libgit2();
  History history;
  git_repository* raw_repository = nullptr;
  if (git_repository_open_ext(&raw_repository, root.c_str(), 0, nullptr) != 0) {
    history.status.note = "no git repository here: ticks are dated as of now and the history checks were skipped";
    return history;
  }
  RepositoryPtr repository(raw_repository);
  if (git_repository_is_bare(repository.get())) {
    history.status.note = "a bare repository has no working tree to audit: the history checks were skipped";
    return history;
  }
  if (git_repository_head_unborn(repository.get()) == 1) {
    history.status.note = "the repository has no commits yet: ticks are dated as of now and the history checks were skipped";
    return history;
  }
  PathMapping mapping;
  mapping.prefix = audit_root_prefix(repository.get(), root);
  std::error_code error;
  history.status.detached = git_repository_head_detached(repository.get()) == 1;
  history.status.worktree = git_repository_is_worktree(repository.get()) == 1;
  history.status.submodules = has_submodules(repository.get());
  std::set<std::string> boundary;
  if (git_repository_is_shallow(repository.get()) == 1) {
    history.status.shallow = true;
    boundary = read_shallow_boundary(repository.get());
  }
  const std::string key = cache_key(roles, mapping, boundary);
  const std::filesystem::path cache_file = checkpoint_path(cache_folder_in(git_repository_path(repository.get())), key);
  std::optional<Checkpoint> checkpoint;
  if (options.cache) {
    checkpoint = load_checkpoint(cache_file, key);
    history.status.cache_rebuilt = !checkpoint && std::filesystem::exists(cache_file, error);
  }
  Walker walker(repository.get(), root, mapping, roles, boundary, history.status.shallow, options);
  if (!walker.walk(history, std::move(checkpoint))) {
    return history;
  }
  if (options.cache && (history.status.commits_walked > 0 || history.status.cache_rebuilt)) {
    store_checkpoint(cache_file, key,
                     Checkpoint{history.head, history.status.commits_read, history.status.shallow_boundary, history.files, history.departed});
  }
  history.status.available = true;
  if (!history.status.shallow) {
    history.status.shallow_boundary.clear();
  }
  if (history.status.shallow) {
    history.status.note = fmt::format(
      "history is truncated at commit {} (a shallow clone): what that commit brought may be older, so no "
      "'ticked early' rests on it; fetch the whole history with 'git fetch --unshallow' (on GitHub Actions: "
      "actions/checkout with fetch-depth: 0)",
      history.status.shallow_boundary.substr(0, 12));
  } else if (history.status.submodules) {
    history.status.note = "submodules are not audited: their documents and history were skipped";
  }
  return history;
}

} // namespace history
