#include "history/changes.hpp"

#include "history/libgit2.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>

namespace history {

namespace {

struct Collector
{
  std::string prefix; // the audit root inside the repository: "" or "sub/dir/"
  ChangedLines changes;

  std::optional<std::string> to_root(const char* repository_path) const
  {
    const std::string_view path = repository_path ? repository_path : "";
    if (path.empty() || !path.starts_with(prefix)) {
      return std::nullopt;
    }
    return std::string(path.substr(prefix.size()));
  }
};

int on_file(const git_diff_delta* delta, float /*progress*/, void* payload)
{
  auto& collector = *static_cast<Collector*>(payload);
  const auto path = collector.to_root(delta->new_file.path);
  if (!path) {
    return 0;
  }
  switch (delta->status) {
  case GIT_DELTA_ADDED:
  case GIT_DELTA_UNTRACKED:
  case GIT_DELTA_COPIED:
    collector.changes.added_files.insert(*path);
    break;
  case GIT_DELTA_MODIFIED:
  case GIT_DELTA_RENAMED:
  case GIT_DELTA_TYPECHANGE:
    collector.changes.changed_files[*path];
    break;
  default:
    break;
  }
  return 0;
}

int on_hunk(const git_diff_delta* delta, const git_diff_hunk* hunk, void* payload)
{
  auto& collector = *static_cast<Collector*>(payload);
  const auto path = collector.to_root(delta->new_file.path);
  if (!path || hunk->new_lines <= 0 || collector.changes.added_files.contains(*path)) {
    return 0;
  }
  collector.changes.changed_files[*path].emplace_back(hunk->new_start, hunk->new_start + hunk->new_lines - 1);
  return 0;
}

} // namespace

bool ChangedLines::file_changed(const std::string& path) const
{
  return added_files.contains(path) || changed_files.contains(path);
}

bool ChangedLines::covers(const std::string& path, int line) const
{
  if (added_files.contains(path)) {
    return true;
  }
  const auto found = changed_files.find(path);
  if (found == changed_files.end()) {
    return false;
  }
  if (line <= 1) {
    return true;
  }
  for (const auto& [first, last] : found->second) {
    if (first <= line && line <= last) {
      return true;
    }
  }
  return false;
}

util::Expected<ChangedLines> changed_since(const std::string& root, const std::string& revision, bool staged)
{
  const Libgit2 library;
  git_repository* raw_repository = nullptr;
  if (git_repository_open_ext(&raw_repository, root.c_str(), 0, nullptr) != 0) {
    return util::Failure{fmt::format("--changed-since {}: {} is not in a git repository", revision, root)};
  }
  RepositoryPtr repository(raw_repository);
  if (git_repository_is_bare(repository.get())) {
    return util::Failure{fmt::format("--changed-since {}: {} is in a bare repository, which has no working tree", revision, root)};
  }
  git_object* raw_object = nullptr;
  if (git_revparse_single(&raw_object, repository.get(), revision.c_str()) != 0) {
    return util::Failure{fmt::format("--changed-since: unknown revision '{}'", revision)};
  }
  ObjectPtr object(raw_object);
  git_object* raw_tree = nullptr;
  if (git_object_peel(&raw_tree, object.get(), GIT_OBJECT_TREE) != 0) {
    return util::Failure{fmt::format("--changed-since: '{}' names no commit", revision)};
  }
  ObjectPtr tree(raw_tree);

  Collector collector;
  std::error_code error;
  const auto workdir = std::filesystem::weakly_canonical(git_repository_workdir(repository.get()), error);
  const auto relative = std::filesystem::weakly_canonical(root, error).lexically_relative(workdir).generic_string();
  if (!relative.empty() && relative != ".") {
    collector.prefix = relative + "/";
  }

  git_diff_options options;
  git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
  options.context_lines = 0;
  options.interhunk_lines = 0;
  if (!staged) {
    // A new document not yet added is part of the working tree that is audited.
    options.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
  }
  std::string spec = collector.prefix.empty() ? "" : collector.prefix.substr(0, collector.prefix.size() - 1);
  char* spec_pointer = spec.data();
  if (!spec.empty()) {
    options.pathspec.strings = &spec_pointer;
    options.pathspec.count = 1;
  }
  git_diff* raw_diff = nullptr;
  int status = 0;
  if (staged) {
    git_index* raw_index = nullptr;
    if (git_repository_index(&raw_index, repository.get()) != 0) {
      return util::Failure{fmt::format("--changed-since {}: cannot read the git index ({})", revision, last_error())};
    }
    IndexPtr index(raw_index);
    status = git_diff_tree_to_index(&raw_diff, repository.get(), reinterpret_cast<git_tree*>(tree.get()), index.get(), &options);
  } else {
    status = git_diff_tree_to_workdir_with_index(&raw_diff, repository.get(), reinterpret_cast<git_tree*>(tree.get()), &options);
  }
  if (status != 0) {
    return util::Failure{fmt::format("--changed-since {}: cannot diff ({})", revision, last_error())};
  }
  DiffPtr diff(raw_diff);
  // A moved document keeps its unchanged lines unchanged.
  git_diff_find_options find;
  git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_FOR_UNTRACKED;
  git_diff_find_similar(diff.get(), &find);
  if (git_diff_foreach(diff.get(), on_file, nullptr, on_hunk, nullptr, &collector) != 0) {
    return util::Failure{fmt::format("--changed-since {}: cannot diff ({})", revision, last_error())};
  }
  return std::move(collector.changes);
}

} // namespace history
