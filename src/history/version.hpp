#pragma once

#include "markdown/document.hpp"
#include "vocabulary/vocabulary.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace history {

struct VersionRoles
{
  bool work_log = false;
  bool metrics = false;
  bool operator==(const VersionRoles&) const = default;
};

struct VersionItem
{
  std::string text;
  std::string section; // the enclosing heading's title, "" before any heading
  bool ticked = false;
  int line = 0;   // of the list marker, as in markdown::TaskItem
  int column = 0;
  std::string status; // a completion mark's words (markdown::TaskItem::status), "" for a box
};

// The part of one version of a file that the walk's state machine reads: a document is parsed once per
// version and then dropped, so the walk keeps only this.
struct Version
{
  VersionRoles roles;
  std::vector<VersionItem> items;
  std::vector<std::string> entry_titles; // work logs: the entries' headings, in document order
  bool has_metrics = false;              // completion reports: whether any figure is written
};

Version read_version(const vocabulary::Vocabulary& words, const markdown::Document& document, const VersionRoles& roles);

// Whether a parse of the bytes might find a GFM box: false only without "[" before a box's character and
// without an entity that could stand for a bracket or a box's character.
bool may_hold_box(std::string_view bytes);

// The version of a file that has no task item and no role, without parsing it: every box needs a "[" in
// the text, written or as an entity (may_hold_box), and every other completion mark a stage heading
// (evidence::may_hold_stage_heading) and a state's words (evidence::may_hold_marks). Nothing when the
// bytes might hold one.
std::optional<Version> version_without_items(const vocabulary::Vocabulary& words, std::string_view bytes, const VersionRoles& roles);

// A checklist edit that only ticks or unticks boxes ("- [ ]" <-> "- [x]"), read from the previous version
// instead of parsing the whole file again. Nothing when the edit does anything else, or when a box's line
// is one where the character might not be the item's only marker (several "[" on the line, tabs, block
// quotes, "\r"): the caller parses then.
std::optional<Version> retick(const Version& before, std::string_view before_bytes, std::string_view after_bytes);

} // namespace history
