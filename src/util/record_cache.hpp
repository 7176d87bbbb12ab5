#pragma once

#include "util/cache_file.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace util {

// Records kept between runs (under .git/rollout-audit/), each under an id naming everything it was computed
// from (the identity of a file's bytes, and whatever else shapes it): what is found need not be computed
// again. Records are opaque bytes; the caller encodes and decodes them, and rejects one that does not decode
// whole. find, reject and insert may be called from several threads at once; load and store alone.
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
  // A record in the loaded file, its id a view into it too. Found without a lock: a warm run asks for
  // thousands of records from every core, and the file read by load() does not change after.
  struct Stored
  {
    std::string_view id;
    std::string_view record;
  };
  enum State : uint8_t { k_unused, k_used, k_rejected };

  const Stored* stored(std::string_view id) const;

  std::string m_magic;
  std::string m_key;
  std::optional<CacheBytes> m_loaded;                         // the file read by load()
  std::vector<Stored> m_stored;                               // sorted by id
  std::unique_ptr<std::atomic<uint8_t>[]> m_states;           // a State per m_stored
  std::map<std::string, std::string, std::less<>> m_inserted; // id -> record, new
  std::atomic<size_t> m_hits = 0;
  std::atomic<size_t> m_misses = 0;
  mutable std::mutex m_mutex; // guards m_inserted
};

// Identity of bytes read from a file (when git has no blob id for them): their size and a 64-bit digest.
std::string content_id_of(std::string_view bytes);

} // namespace util
