#pragma once

#include "history/history.hpp"

#include <string_view>

namespace history {

// Keeps the Markdown of the work-log entries the commit `removed_by` took out of the log (those apply_version
// marked removed by it), cut from the version before that commit: what they said stays evidence after the
// log forgot it. Entries the earlier version does not hold keep an empty text.
void keep_removed_texts(const vocabulary::Vocabulary& words,
                        FileHistory& file,
                        const CommitStamp& removed_by,
                        std::string_view path,
                        std::string_view before);

// Whether `removed_by` took any entry out of the log whose text is not kept yet.
bool removes_entries(const FileHistory& file, const CommitStamp& removed_by);

} // namespace history
