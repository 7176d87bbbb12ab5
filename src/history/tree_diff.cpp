#include "history/tree_diff.hpp"

#include <algorithm>

namespace history {

namespace {

bool is_tree(const git_tree_entry* entry)
{
  return git_tree_entry_type(entry) == GIT_OBJECT_TREE;
}

bool is_file(const git_tree_entry* entry)
{
  const git_filemode_t mode = git_tree_entry_filemode(entry);
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

Change change_of(git_delta_t status, const std::string& path, const git_tree_entry* before, const git_tree_entry* after)
{
  Change change;
  change.status = status;
  change.old_path = path;
  change.new_path = path;
  if (before) {
    change.old_id = *git_tree_entry_id(before);
  }
  if (after) {
    change.new_id = *git_tree_entry_id(after);
  }
  return change;
}

// The paths of changes found under the pathspec. Renames pair only a deletion with an addition (no copies,
// no rewrites), so libgit2 finds the same renames among these paths as in the whole pathspec.
std::vector<std::string> paths_of(const std::vector<Change>& changes)
{
  std::vector<std::string> paths;
  paths.reserve(changes.size());
  for (const Change& change : changes) {
    paths.push_back(change.status == GIT_DELTA_DELETED ? change.old_path : change.new_path);
  }
  return paths;
}

// Whether libgit2's deltas are all about the listed paths: a listed path that is a folder on the other side
// ("x.md" became "x.md/") brings in every file below it, in the pathspec or not.
bool only_listed(const std::vector<Change>& changes, std::vector<std::string> paths)
{
  std::sort(paths.begin(), paths.end());
  const auto listed = [&](const std::string& path) { return std::binary_search(paths.begin(), paths.end(), path); };
  return std::all_of(changes.begin(), changes.end(), [&](const Change& change) {
    return (change.status == GIT_DELTA_ADDED || listed(change.old_path)) && (change.status == GIT_DELTA_DELETED || listed(change.new_path));
  });
}

} // namespace

TreeDiff::TreeDiff(git_repository* repository, std::vector<std::string> pathspec, bool exact_renames)
  : m_repository(repository),
    m_specs(std::move(pathspec)),
    m_exact_renames(exact_renames)
{
  std::vector<char*> pointers;
  for (auto& spec : m_specs) {
    pointers.push_back(spec.data());
  }
  const git_strarray array{pointers.data(), pointers.size()};
  git_pathspec* raw_pathspec = nullptr;
  if (git_pathspec_new(&raw_pathspec, &array) == 0) {
    m_pathspec.reset(raw_pathspec);
  }
}

std::optional<std::vector<Change>> TreeDiff::changes(git_tree* old_tree, git_tree* new_tree)
{
  auto quick = quick_changes(old_tree, new_tree);
  if (quick) {
    const auto has = [&](git_delta_t status) {
      return std::any_of(quick->begin(), quick->end(), [&](const Change& change) {
        return change.status == status;
      });
    };
    if (!has(GIT_DELTA_DELETED) || !has(GIT_DELTA_ADDED)) {
      return quick;
    }
    if (m_exact_renames) {
      if (auto paired = exact_renames(*quick)) {
        return paired;
      }
    }
  }
  if (quick) {
    const std::vector<std::string> paths = paths_of(*quick);
    if (auto found = libgit2_changes(old_tree, new_tree, paths, true); found && only_listed(*found, paths)) {
      return found;
    }
  }
  return libgit2_changes(old_tree, new_tree);
}

std::optional<std::vector<Change>> TreeDiff::quick_changes(git_tree* old_tree, git_tree* new_tree)
{
  m_previous_trees = std::move(m_trees);
  m_trees.clear();
  m_others.clear();
  if (!m_pathspec) {
    return std::nullopt;
  }
  std::vector<Change> out;
  std::string prefix;
  if (!compare(old_tree, new_tree, prefix, out)) {
    m_others.clear();
    return std::nullopt;
  }
  return out;
}

std::optional<std::vector<Change>> TreeDiff::exact_renames(const std::vector<Change>& changes)
{
  if (changes.size() > k_rename_limit) {
    return std::nullopt;
  }
  git_oid empty;
  git_oid_fromstr(&empty, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  // For each blob id, the one deletion and the one addition holding it, else k_none or k_many.
  constexpr size_t k_many = static_cast<size_t>(-1);
  constexpr size_t k_none = k_many - 1;
  std::map<git_oid, std::pair<size_t, size_t>, OidLess> by_id;
  for (size_t i = 0; i < changes.size(); ++i) {
    const Change& change = changes[i];
    const bool deleted = change.status == GIT_DELTA_DELETED;
    if (!deleted && change.status != GIT_DELTA_ADDED) {
      continue;
    }
    auto& [from, to] = by_id.try_emplace(deleted ? change.old_id : change.new_id, k_none, k_none).first->second;
    size_t& side = deleted ? from : to;
    side = side == k_none ? i : k_many;
  }
  std::vector<Change> out;
  std::vector<char> taken(changes.size(), 0);
  bool deleted_left = false;
  bool added_left = false;
  for (const auto& [id, pair] : by_id) {
    const auto [from, to] = pair;
    const bool from_one = from < k_none;
    const bool to_one = to < k_none;
    if (from == k_many || to == k_many || (from_one && to_one && git_oid_equal(&id, &empty))) {
      return std::nullopt;
    }
    if (from_one && to_one) {
      Change renamed = changes[to];
      renamed.status = GIT_DELTA_RENAMED;
      renamed.old_path = changes[from].old_path;
      renamed.old_id = changes[from].old_id;
      taken[from] = taken[to] = 1;
      out.push_back(std::move(renamed));
    }
    deleted_left = deleted_left || (from_one && !to_one);
    added_left = added_left || (to_one && !from_one);
  }
  if (deleted_left && added_left) {
    return std::nullopt; // similarity could pair these: libgit2's to decide
  }
  for (size_t i = 0; i < changes.size(); ++i) {
    if (!taken[i]) {
      out.push_back(changes[i]);
    }
  }
  // libgit2 sorts its deltas by path (a rename's new path), then by status.
  std::stable_sort(out.begin(), out.end(), [](const Change& a, const Change& b) {
    const std::string& a_path = a.status == GIT_DELTA_DELETED ? a.old_path : a.new_path;
    const std::string& b_path = b.status == GIT_DELTA_DELETED ? b.old_path : b.new_path;
    const int order = a_path.compare(b_path);
    return order != 0 ? order < 0 : a.status < b.status;
  });
  return out;
}

std::optional<std::vector<Change>> TreeDiff::libgit2_changes(git_tree* old_tree, git_tree* new_tree)
{
  return libgit2_changes(old_tree, new_tree, m_specs, false);
}

std::optional<std::vector<Change>> TreeDiff::libgit2_changes(git_tree* old_tree, git_tree* new_tree,
                                                             std::vector<std::string> paths, bool literal)
{
  git_diff_options options;
  git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
  std::vector<char*> pointers;
  for (auto& path : paths) {
    pointers.push_back(path.data());
  }
  options.pathspec.strings = pointers.data();
  options.pathspec.count = pointers.size();
  if (literal) {
    // A list of paths, not patterns: libgit2 then opens only the folders on the way to them.
    options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
  }
  git_diff* raw_diff = nullptr;
  if (git_diff_tree_to_tree(&raw_diff, m_repository, old_tree, new_tree, &options) != 0) {
    return std::nullopt;
  }
  DiffPtr diff(raw_diff);
  git_diff_find_options find;
  git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  find.flags = GIT_DIFF_FIND_RENAMES;
  // Stated, not read from the user's git configuration (diff.renameLimit): the findings must not depend on it,
  // and exact_renames answers for libgit2 only under this limit.
  find.rename_limit = k_rename_limit;
  git_diff_find_similar(diff.get(), &find);
  std::vector<Change> out;
  const size_t deltas = git_diff_num_deltas(diff.get());
  for (size_t i = 0; i < deltas; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    Change change;
    change.status = delta->status;
    change.old_path = delta->old_file.path ? delta->old_file.path : "";
    change.new_path = delta->new_file.path ? delta->new_file.path : "";
    change.old_id = delta->old_file.id;
    change.new_id = delta->new_file.id;
    out.push_back(std::move(change));
  }
  return out;
}

// Entries in git's tree order, so both sides are merged in one pass; false when libgit2 must decide.
bool TreeDiff::compare(const git_tree* old_tree, const git_tree* new_tree, std::string& prefix, std::vector<Change>& out)
{
  const size_t old_count = old_tree ? git_tree_entrycount(old_tree) : 0;
  const size_t new_count = new_tree ? git_tree_entrycount(new_tree) : 0;
  size_t o = 0;
  size_t n = 0;
  while (o < old_count || n < new_count) {
    const git_tree_entry* before = o < old_count ? git_tree_entry_byindex(old_tree, o) : nullptr;
    const git_tree_entry* after = n < new_count ? git_tree_entry_byindex(new_tree, n) : nullptr;
    const int order = !before ? 1 : !after ? -1 : git_tree_entry_cmp(before, after);
    const git_tree_entry* entry = order < 0 ? before : after;
    o += order <= 0 ? 1 : 0;
    n += order >= 0 ? 1 : 0;
    if (order == 0 && git_oid_equal(git_tree_entry_id(before), git_tree_entry_id(after))
        && git_tree_entry_filemode_raw(before) == git_tree_entry_filemode_raw(after)) {
      continue;
    }
    if (order == 0 && is_tree(before) != is_tree(after)) {
      return false; // not in git's order: let libgit2 make sense of it
    }
    const size_t length = prefix.size();
    prefix += git_tree_entry_name(entry);
    bool ok = true;
    if (is_tree(entry)) {
      // Trees compare equal only to trees: git orders a folder as its name and "/".
      prefix += '/';
      const git_tree* old_subtree = order <= 0 ? subtree(before) : nullptr;
      const git_tree* new_subtree = order >= 0 ? subtree(after) : nullptr;
      ok = (order > 0 || old_subtree) && (order < 0 || new_subtree) && compare(old_subtree, new_subtree, prefix, out);
    } else if (git_pathspec_matches_path(m_pathspec.get(), 0, prefix.c_str()) == 1) {
      // Links and submodules, and a file that became one, are left to libgit2.
      ok = (order > 0 || is_file(before)) && (order < 0 || is_file(after));
      if (ok) {
        const git_delta_t status = order < 0 ? GIT_DELTA_DELETED : order > 0 ? GIT_DELTA_ADDED : GIT_DELTA_MODIFIED;
        out.push_back(change_of(status, prefix, order <= 0 ? before : nullptr, order >= 0 ? after : nullptr));
      }
    } else if (order != 0 && is_file(entry)) {
      m_others.push_back(change_of(order < 0 ? GIT_DELTA_DELETED : GIT_DELTA_ADDED, prefix, order < 0 ? before : nullptr,
                                   order > 0 ? after : nullptr));
    }
    prefix.resize(length);
    if (!ok) {
      return false;
    }
  }
  return true;
}

const git_tree* TreeDiff::subtree(const git_tree_entry* entry)
{
  const git_oid& id = *git_tree_entry_id(entry);
  if (const auto found = m_trees.find(id); found != m_trees.end()) {
    return found->second.get();
  }
  if (auto previous = m_previous_trees.extract(id); !previous.empty()) {
    return m_trees.insert(std::move(previous)).position->second.get();
  }
  git_tree* raw_tree = nullptr;
  if (git_tree_lookup(&raw_tree, m_repository, &id) != 0) {
    return nullptr;
  }
  return m_trees.emplace(id, TreePtr(raw_tree)).first->second.get();
}

} // namespace history
