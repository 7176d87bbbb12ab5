#pragma once

#include "history/history.hpp"
#include "history/version.hpp"
#include "markdown/document.hpp"

#include <string>
#include <vector>

namespace history {

// Folds one version of a file into what is known of it: a pure step of the walk, so the walk's logic is
// tested without git.
void apply_version(FileHistory& file, const Version& version, const CommitStamp& stamp);

void apply_version(const vocabulary::Vocabulary& words,
                   FileHistory& file,
                   const markdown::Document& document,
                   const CommitStamp& stamp,
                   const VersionRoles& roles);

// Items are matched across versions by their text, tolerant of small edits: first exact (normalised)
// text, then the most similar remaining item above a threshold. Returns, for each new item, the index of
// its old counterpart or -1.
std::vector<int> match_items(const std::vector<std::string>& old_texts, const std::vector<std::string>& new_texts);

// Word-set similarity in [0, 1].
double similarity(const std::string& a, const std::string& b);

std::string normalize_item_text(const std::string& text);

// For each item of the audited version of a file, its history as of HEAD, found by the same matching;
// nullptr for an item HEAD does not have.
std::vector<const ItemHistory*> match_document(const FileHistory& file, const markdown::Document& document);

} // namespace history
