#pragma once

#include "markdown/document.hpp"
#include "util/cache_file.hpp"

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace markdown {

// Parsed documents kept between runs (under .git/rollout-audit/), keyed by the identity of the bytes they
// were parsed from (a git blob id, or a digest of the bytes): a file that did not change is not parsed
// again. A parse is a pure function of the bytes and the options, so the cache cannot change a result;
// a file that does not decode whole is no cache. Safe to use from several threads.
class DocumentCache
{
public:
  // `key` names everything besides the bytes that shapes a parse (tool version, parse options): a file
  // written under another key is not used.
  explicit DocumentCache(std::string key);

  void load(const std::filesystem::path& file);
  // The document parsed from those bytes, its path set to `path`; nullopt when not cached.
  std::optional<Document> find(const std::string& content_id, std::string_view path);
  void insert(const std::string& content_id, const Document& document);
  // Writes the cache when documents were inserted since load. Documents nobody asked for (of files that
  // changed or went) are kept until they are a quarter of the cache, then dropped.
  void store(const std::filesystem::path& file);

  size_t hits() const;
  size_t misses() const;

private:
  std::string m_key;
  std::optional<util::CacheBytes> m_loaded;                      // the file read by load()
  std::map<std::string, std::string_view, std::less<>> m_stored; // content id -> encoded document in m_loaded
  std::map<std::string_view, std::string_view> m_found;          // ids and documents of m_stored asked for
  std::map<std::string, std::string, std::less<>> m_inserted;    // content id -> encoded document, new
  size_t m_hits = 0;
  size_t m_misses = 0;
  mutable std::mutex m_mutex;
};

// Identity of bytes read from a file (when git has no blob id for them): their size and a 64-bit digest.
std::string content_id_of(std::string_view bytes);

} // namespace markdown
