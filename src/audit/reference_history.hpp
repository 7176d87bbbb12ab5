#pragma once

#include "audit/facts.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace audit {

// What git history (through facts.timeline) says of a reference's target that is missing now.

// Whether it was there when the document was last edited (`edit`: the commit, and the document's path then):
// at the path it names beside the document or from the root, or, for a bare file name, at a path of that name
// that has since left the tree. nullopt when that cannot be told (the commit is not in this clone).
std::optional<bool> existed_as_of(const Facts& facts, const LastEdit& edit, std::string_view target);

// Whether the repository keeps it out of git on purpose (its ignore rules), at the path it names beside the
// document or from the root: a file that lives only in working copies is not missing from them.
bool kept_out_of_git(const Facts& facts, const DocumentFacts& document, std::string_view target);

// Where it went.
struct Whereabouts
{
  std::vector<Move> moves;  // how it left the tree, oldest first; empty when history does not know it left
  // Where it is now: where the last move put it, or, when it was deleted (copied, then deleted, as people
  // archive files by hand), the one file of its name in the repository; empty when neither.
  std::string now_at;
  std::optional<Stamp> copy_added; // when that file of its name was added, when it was found by name
  std::string did_you_mean; // without history's word: the one file of its name elsewhere in the repository
  std::string replacement;  // `now_at` written as the reference was (beside the document, from the root, bare)
};

// When the target left the tree, resolved from any of `document_paths` (a record's paths over time: a relative
// link is written from where the record stood then); nullopt when history saw no such path leave.
std::optional<Stamp> target_left(const Facts& facts, const std::vector<std::string>& document_paths, std::string_view target);

Whereabouts find_whereabouts(const Facts& facts, const DocumentFacts& document, std::string_view target);

} // namespace audit
