#include "history/departures.hpp"

#include "util/path.hpp"

#include <algorithm>
#include <optional>

namespace history {

namespace {

// The one addition that `matches` a deletion, when exactly one does and no other deletion matches it too.
template<typename Same>
std::optional<size_t> only_partner(const std::vector<const Change*>& deleted,
                                   const std::vector<const Change*>& added,
                                   const Change& deletion,
                                   Same same)
{
  std::optional<size_t> partner;
  for (size_t i = 0; i < added.size(); ++i) {
    if (added[i] && same(deletion, *added[i])) {
      if (partner) {
        return std::nullopt;
      }
      partner = i;
    }
  }
  if (!partner) {
    return std::nullopt;
  }
  const auto rivals = std::count_if(deleted.begin(), deleted.end(), [&](const Change* other) {
    return other && same(*other, *added[*partner]);
  });
  return rivals == 1 ? partner : std::nullopt;
}

bool same_bytes(const Change& deletion, const Change& addition)
{
  return git_oid_equal(&deletion.old_id, &addition.new_id) != 0;
}

bool same_name(const Change& deletion, const Change& addition)
{
  return util::basename(deletion.old_path) == util::basename(addition.new_path);
}

// Pairs deletions with additions, the same bytes first; a paired deletion and addition leave the lists.
void pair_moves(std::map<std::string, Departure>& departed,
                std::vector<const Change*>& deleted,
                std::vector<const Change*>& added,
                const CommitStamp& commit)
{
  for (const auto same : {same_bytes, same_name}) {
    for (auto& deletion : deleted) {
      if (!deletion) {
        continue;
      }
      if (const auto partner = only_partner(deleted, added, *deletion, same)) {
        departed[deletion->old_path] = Departure{added[*partner]->new_path, commit};
        deletion = nullptr;
        added[*partner] = nullptr;
      }
    }
  }
}

} // namespace

void record_departures(std::map<std::string, Departure>& departed, const std::vector<Change>& changes, const CommitStamp& commit)
{
  std::vector<const Change*> deleted;
  std::vector<const Change*> added;
  for (const auto& change : changes) {
    switch (change.status) {
    case GIT_DELTA_DELETED:
      deleted.push_back(&change);
      break;
    case GIT_DELTA_ADDED:
      added.push_back(&change);
      departed.erase(change.new_path);
      break;
    case GIT_DELTA_RENAMED:
      departed.erase(change.new_path);
      if (change.old_path != change.new_path) {
        departed[change.old_path] = Departure{change.new_path, commit};
      }
      break;
    default:
      departed.erase(change.new_path);
      break;
    }
  }
  pair_moves(departed, deleted, added, commit);
  for (const Change* deletion : deleted) {
    if (deletion) {
      departed[deletion->old_path] = Departure{"", commit};
    }
  }
}

} // namespace history
