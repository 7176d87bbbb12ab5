#pragma once

#include "history/history.hpp"
#include "history/version.hpp"
#include "history/work_log_version.hpp"

#include <git2.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace history {

// What the walk last read of each file, by path: the same blob again (a move, a revert, a mode change)
// is not read again, and an edit that only ticks boxes is read from the bytes before it. Only a cache:
// every use is keyed by the blobs' ids, so it answers what a parse of the blob would.
class VersionCache
{
public:
  // `shortcuts` off parses every version whole, as the shortcuts' tests' reference.
  // `parsed`: documents parsed before the walk, taken for versions with their bytes (history.hpp).
  explicit VersionCache(const vocabulary::Vocabulary& words, bool shortcuts = true, ParsedBlobs* parsed = nullptr)
    : m_words(words),
      m_shortcuts(shortcuts),
      m_parsed(shortcuts ? parsed : nullptr)
  {
  }

  // The blob's bytes, or nothing when it cannot be read or is not text.
  using Reader = BlobBytes;

  // The version of `path` whose blob is `id`, replacing blob `before` (zero for an added file); nullptr
  // when `read` gives nothing. Valid until the next call.
  const Version* version_of(const std::string& path, const git_oid& before, const git_oid& id, const VersionRoles& roles, const Reader& read);
  // Lets this cache's reading of `path` reuse what `from` parsed of its pieces: a branch replayed from a
  // merge reads versions close to the merge's.
  void share_pieces(const VersionCache& from, const std::string& path);
  void move(const std::string& from, const std::string& to);
  void erase(const std::string& path);

  size_t parses() const
  {
    return m_parses;
  }

private:
  struct Last
  {
    git_oid id{};
    std::string bytes; // kept only for versions a later edit could retick
    Version version;
    WorkLogVersions pieces; // its pieces' parses, so a new entry or an edited section is all that is parsed
  };
  const markdown::Document* parsed_before(const git_oid& id, const VersionRoles& roles, const Reader& read) const;
  Version read_shortcut(const std::string& path, Last& last, const git_oid& before, std::string_view bytes, const VersionRoles& roles);

  const vocabulary::Vocabulary& m_words;
  bool m_shortcuts = true;
  ParsedBlobs* m_parsed = nullptr;
  std::map<std::string, Last> m_last;
  size_t m_parses = 0; // documents (and work-log pieces) parsed, for tests
};

} // namespace history
