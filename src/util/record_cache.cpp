#include "util/record_cache.hpp"

#include "util/binary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

namespace util {

RecordCache::RecordCache(std::string_view magic, std::string key) : m_magic(magic), m_key(std::move(key))
{
}

void RecordCache::load(const std::filesystem::path& file)
{
  const std::lock_guard lock(m_mutex);
  m_stored.clear();
  m_found.clear();
  m_loaded = read_cache_file(file, m_magic);
  if (!m_loaded) {
    return;
  }
  const std::string_view payload = m_loaded->payload();
  ByteReader in(payload);
  if (in.text() != m_key) {
    return;
  }
  std::map<std::string, std::string_view, std::less<>> stored;
  for (size_t count = in.count(16); count > 0 && !in.failed(); --count) {
    std::string id = in.text();
    const size_t size = in.count(1);
    const size_t offset = payload.size() - in.remaining();
    in.skip(size);
    stored.emplace(std::move(id), payload.substr(offset, size));
  }
  if (in.ok()) {
    m_stored = std::move(stored);
  }
}

std::optional<std::string_view> RecordCache::find(const std::string& id)
{
  const std::lock_guard lock(m_mutex);
  const auto found = m_stored.find(id);
  if (found == m_stored.end()) {
    ++m_misses;
    return std::nullopt;
  }
  m_found.emplace(found->first, found->second);
  ++m_hits;
  return found->second;
}

void RecordCache::reject(const std::string& id)
{
  const std::lock_guard lock(m_mutex);
  if (const auto found = m_stored.find(id); found != m_stored.end()) {
    m_found.erase(found->first);
    m_stored.erase(found);
    --m_hits;
    ++m_misses;
  }
}

void RecordCache::insert(const std::string& id, std::string record)
{
  const std::lock_guard lock(m_mutex);
  m_inserted.insert_or_assign(id, std::move(record));
}

void RecordCache::store(const std::filesystem::path& file)
{
  const std::lock_guard lock(m_mutex);
  const bool added = std::any_of(m_inserted.begin(), m_inserted.end(), [&](const auto& entry) { return !m_stored.contains(entry.first); });
  // Records of files that changed or went are dropped only once they are a quarter of the file: a run that
  // found everything writes nothing, and one edit does not rewrite the file just to forget a version.
  const size_t unused = m_stored.size() - m_found.size();
  const bool stale = unused * 4 > m_stored.size();
  if (!added && !stale) {
    return;
  }
  std::map<std::string_view, std::string_view> kept(m_found.begin(), m_found.end());
  for (const auto& [id, record] : m_inserted) {
    kept.emplace(id, record);
  }
  if (!stale) {
    kept.insert(m_stored.begin(), m_stored.end());
  }
  ByteWriter out;
  out.text(m_key);
  out.number(kept.size());
  for (const auto& [id, record] : kept) {
    out.text(id);
    out.text(record);
  }
  write_cache_file(file, m_magic, out.take());
}

size_t RecordCache::hits() const
{
  const std::lock_guard lock(m_mutex);
  return m_hits;
}

size_t RecordCache::misses() const
{
  const std::lock_guard lock(m_mutex);
  return m_misses;
}

std::string content_id_of(std::string_view bytes)
{
  return fmt::format("{}-{:016x}", bytes.size(), std::hash<std::string_view>{}(bytes));
}

} // namespace util
