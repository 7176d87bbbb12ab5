#include "audit/reference_history.hpp"

#include "util/path.hpp"

#include <algorithm>

namespace audit {

namespace {

std::string_view without_trailing_slash(std::string_view target)
{
  while (target.size() > 1 && target.ends_with('/')) {
    target.remove_suffix(1);
  }
  return target;
}

bool is_bare(std::string_view target)
{
  return target.find('/') == std::string_view::npos;
}

// The paths a target may name, in the order Facts::resolve tries them: beside the document, from the root.
std::vector<std::string> candidates(std::string_view document_path, std::string_view target)
{
  std::vector<std::string> paths;
  for (auto path : {util::normalize_relative(util::join_path(util::dirname(document_path), target)), util::normalize_relative(target)}) {
    if (path && std::find(paths.begin(), paths.end(), *path) == paths.end()) {
      paths.push_back(std::move(*path));
    }
  }
  return paths;
}

// The path history knows the target by: the first candidate that left the tree; for a bare name, the one
// departed path of that name.
std::string departed_path(const Facts& facts, const DocumentFacts& document, std::string_view target)
{
  for (const auto& path : candidates(document.path, target)) {
    if (!facts.timeline->moves(path).empty()) {
      return path;
    }
  }
  if (is_bare(target)) {
    if (auto named = facts.timeline->departed_named(target); named.size() == 1) {
      return std::move(named.front());
    }
  }
  return {};
}

// `destination` as the reference was written: a bare name stays bare while the name is the only one of its
// kind; a path beside the document stays relative to it; else from the root.
std::string written_like(const Facts& facts, const DocumentFacts& document, std::string_view target, const std::string& moved_from,
                         const std::string& destination)
{
  if (is_bare(target)) {
    const auto name = util::basename(destination);
    return facts.files_named(name).size() == 1 ? std::string(name) : destination;
  }
  const auto beside = util::normalize_relative(util::join_path(util::dirname(document.path), target));
  if (beside == moved_from && (target.starts_with("./") || target.starts_with("../") || beside != util::normalize_relative(target))) {
    return util::relative_path(util::dirname(document.path), destination);
  }
  return destination;
}

} // namespace

std::optional<bool> existed_as_of(const Facts& facts, const LastEdit& edit, std::string_view target)
{
  target = without_trailing_slash(target);
  std::vector<std::string> paths = candidates(edit.path, target);
  if (is_bare(target)) {
    const auto named = facts.timeline->departed_named(target);
    paths.insert(paths.end(), named.begin(), named.end());
  }
  std::optional<bool> answer = false;
  for (const auto& path : paths) {
    const auto existed = facts.timeline->existed_at(path, edit.stamp);
    if (existed == true) {
      return true;
    }
    if (!existed) {
      answer.reset();
    }
  }
  return answer;
}

bool kept_out_of_git(const Facts& facts, const DocumentFacts& document, std::string_view target)
{
  const auto paths = candidates(document.path, without_trailing_slash(target));
  return std::any_of(paths.begin(), paths.end(), [&](const std::string& path) { return facts.timeline->is_ignored(path); });
}

Whereabouts find_whereabouts(const Facts& facts, const DocumentFacts& document, std::string_view target)
{
  target = without_trailing_slash(target);
  Whereabouts found;
  if (const std::string from = departed_path(facts, document, target); !from.empty()) {
    found.moves = facts.timeline->moves(from);
    const Move& last = found.moves.back();
    if (!last.to.empty() && facts.corpus->is_file(last.to)) {
      found.now_at = last.to;
    } else if (auto named = facts.files_named(util::basename(last.from)); last.to.empty() && named.size() == 1) {
      found.now_at = std::move(named.front());
      if (const auto added = facts.timeline->file_added(found.now_at); added && added->committed) {
        found.copy_added = *added;
      }
    }
    if (!found.now_at.empty()) {
      found.replacement = written_like(facts, document, target, from, found.now_at);
    }
    return found;
  }
  if (!is_bare(target)) {
    if (auto named = facts.files_named(util::basename(target)); named.size() == 1) {
      found.did_you_mean = std::move(named.front());
    }
  }
  return found;
}

std::optional<Stamp> target_left(const Facts& facts, const std::vector<std::string>& document_paths, std::string_view target)
{
  for (const auto& document_path : document_paths) {
    for (const auto& path : candidates(document_path, target)) {
      if (const auto moves = facts.timeline->moves(path); !moves.empty()) {
        return moves.front().stamp;
      }
    }
  }
  return std::nullopt;
}

} // namespace audit
