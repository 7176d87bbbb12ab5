#pragma once

#include "history/history.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace history {

// The walk's result kept between runs, under the repository's git folder (never in the audited tree).
// A file holds one checkpoint and the key it was made under; the key names everything besides the
// commits that shapes the result (format, tool version, roles, audit root, shallow boundary), so a
// checkpoint made under another key is not reused. Bytes that do not decode whole, or whose checksum
// does not match, are no checkpoint: the walk starts over and replaces them.

std::string encode_checkpoint(const Checkpoint& checkpoint, std::string_view key);
std::optional<Checkpoint> decode_checkpoint(std::string_view bytes, std::string_view key);
// The same past the seal (format line and checksum): what a damaged file that still checks out would
// reach; for the fuzz target.
std::optional<Checkpoint> decode_checkpoint_payload(std::string_view payload, std::string_view key);

// Where rollout-audit keeps its caches for the repository holding `root`: <git dir>/rollout-audit (per
// worktree); nullopt outside a repository and in a bare one.
std::optional<std::filesystem::path> cache_folder(const std::string& root);

// The one place that names the caches' folder in a git folder.
std::filesystem::path cache_folder_in(const std::filesystem::path& git_directory);

// The cache file for a key in the caches' folder: history-<digest of key>.bin.
std::filesystem::path checkpoint_path(const std::filesystem::path& cache_folder, std::string_view key);

std::optional<Checkpoint> load_checkpoint(const std::filesystem::path& file, std::string_view key);

// Written to a file of its own, then renamed over the old one: two runs storing at once each rename a
// whole file, and a reader sees the old or the new checkpoint, never a mix. Failing to store (read-only
// repository, full disk) is not an error: the next run walks again.
void store_checkpoint(const std::filesystem::path& file, std::string_view key, const Checkpoint& checkpoint);

} // namespace history
