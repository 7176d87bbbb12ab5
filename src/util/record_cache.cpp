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
  m_stored.clear();
  m_states.reset();
  m_loaded = read_cache_file(file, m_magic);
  if (!m_loaded) {
    return;
  }
  const std::string_view payload = m_loaded->payload();
  ByteReader in(payload);
  if (in.text() != m_key) {
    return;
  }
  const auto view = [&](size_t size) {
    const size_t offset = payload.size() - in.remaining();
    in.skip(size);
    return in.failed() ? std::string_view() : payload.substr(offset, size);
  };
  std::vector<Stored> stored;
  for (size_t count = in.count(16); count > 0 && !in.failed(); --count) {
    const std::string_view id = view(in.count(1));
    const std::string_view record = view(in.count(1));
    stored.push_back({id, record});
  }
  if (!in.ok()) {
    return;
  }
  std::sort(stored.begin(), stored.end(), [](const Stored& a, const Stored& b) { return a.id < b.id; });
  m_stored = std::move(stored);
  m_states = std::make_unique<std::atomic<uint8_t>[]>(m_stored.size());
}

const RecordCache::Stored* RecordCache::stored(std::string_view id) const
{
  const auto found = std::lower_bound(m_stored.begin(), m_stored.end(), id, [](const Stored& stored, std::string_view wanted) {
    return stored.id < wanted;
  });
  return found != m_stored.end() && found->id == id ? &*found : nullptr;
}

std::optional<std::string_view> RecordCache::find(const std::string& id)
{
  const Stored* found = stored(id);
  if (!found || m_states[static_cast<size_t>(found - m_stored.data())] == k_rejected) {
    ++m_misses;
    return std::nullopt;
  }
  m_states[static_cast<size_t>(found - m_stored.data())] = k_used;
  ++m_hits;
  return found->record;
}

void RecordCache::reject(const std::string& id)
{
  if (const Stored* found = stored(id)) {
    m_states[static_cast<size_t>(found - m_stored.data())] = k_rejected;
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
  const bool added = std::any_of(m_inserted.begin(), m_inserted.end(), [&](const auto& entry) { return !stored(entry.first); });
  // Records of files that changed or went are dropped only once they are a quarter of the file: a run that
  // found everything writes nothing, and one edit does not rewrite the file just to forget a version.
  size_t unused = 0;
  for (size_t i = 0; i < m_stored.size(); ++i) {
    unused += m_states[i] == k_used ? 0 : 1;
  }
  const bool stale = unused * 4 > m_stored.size();
  if (!added && !stale) {
    return;
  }
  std::map<std::string_view, std::string_view> kept;
  for (const auto& [id, record] : m_inserted) {
    kept.emplace(id, record);
  }
  for (size_t i = 0; i < m_stored.size(); ++i) {
    if (m_states[i] == k_used || (!stale && m_states[i] == k_unused)) {
      kept.emplace(m_stored[i].id, m_stored[i].record);
    }
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
  return m_hits;
}

size_t RecordCache::misses() const
{
  return m_misses;
}

std::string content_id_of(std::string_view bytes)
{
  return fmt::format("{}-{:016x}", bytes.size(), std::hash<std::string_view>{}(bytes));
}

} // namespace util
