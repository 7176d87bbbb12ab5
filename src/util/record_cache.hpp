#pragma once

#include "util/cache_file.hpp"

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace util {

// Records kept between runs (under .git/rollout-audit/), each under an id naming everything it was computed
// from (the identity of a file's bytes, and whatever else shapes it): what is found need not be computed
// again. Records are opaque bytes; the caller encodes and decodes them, and rejects one that does not decode
// whole. Safe to use from several threads.
class RecordCache
{
public:
  // `magic` names the file's format; `key` names everything besides the ids that shapes the records (tool
  // version, options): a file written under another key is not used.
  RecordCache(std::string_view magic, std::string key);

  void load(const std::filesystem::path& file);
  // The record stored under `id`, valid while this cache lives; nullopt when none is.
  std::optional<std::string_view> find(const std::string& id);
  // A found record that did not decode: counted a miss, and not kept.
  void reject(const std::string& id);
  void insert(const std::string& id, std::string record);
  // Writes the file when records were inserted since load. Records nobody asked for (of files that changed
  // or went) are kept until they are a quarter of the file, then dropped.
  void store(const std::filesystem::path& file);

  size_t hits() const;
  size_t misses() const;

private:
  std::string m_magic;
  std::string m_key;
  std::optional<CacheBytes> m_loaded;                            // the file read by load()
  std::map<std::string, std::string_view, std::less<>> m_stored; // id -> record in m_loaded
  std::map<std::string_view, std::string_view> m_found;          // ids and records of m_stored asked for
  std::map<std::string, std::string, std::less<>> m_inserted;    // id -> record, new
  size_t m_hits = 0;
  size_t m_misses = 0;
  mutable std::mutex m_mutex;
};

// Identity of bytes read from a file (when git has no blob id for them): their size and a 64-bit digest.
std::string content_id_of(std::string_view bytes);

} // namespace util
