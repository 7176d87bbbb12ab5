#include "markdown/document_cache.hpp"

#include "markdown/document_codec.hpp"
#include "util/binary.hpp"
#include "util/cache_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

namespace markdown {

namespace {

// Bumped whenever the layout of the file or of an encoded document changes.
constexpr std::string_view k_magic = "rollout-audit document cache 1\n";

} // namespace

DocumentCache::DocumentCache(std::string key) : m_key(std::move(key))
{
}

void DocumentCache::load(const std::filesystem::path& file)
{
  const std::lock_guard lock(m_mutex);
  m_stored.clear();
  m_found.clear();
  m_loaded = util::read_cache_file(file, k_magic);
  if (!m_loaded) {
    return;
  }
  const std::string_view payload = m_loaded->payload();
  util::ByteReader in(payload);
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

std::optional<Document> DocumentCache::find(const std::string& content_id, std::string_view path)
{
  std::string_view encoded;
  {
    const std::lock_guard lock(m_mutex);
    const auto found = m_stored.find(content_id);
    if (found == m_stored.end()) {
      ++m_misses;
      return std::nullopt;
    }
    encoded = found->second;
    m_found.emplace(found->first, encoded);
    ++m_hits;
  }
  util::ByteReader in(encoded);
  auto document = decode_document(in);
  if (!document || !in.ok()) {
    const std::lock_guard lock(m_mutex);
    m_found.erase(content_id);
    --m_hits;
    ++m_misses;
    return std::nullopt;
  }
  document->path = std::string(path);
  return document;
}

void DocumentCache::insert(const std::string& content_id, const Document& document)
{
  util::ByteWriter out;
  encode_document(document, out);
  const std::lock_guard lock(m_mutex);
  m_inserted.insert_or_assign(content_id, out.take());
}

void DocumentCache::store(const std::filesystem::path& file)
{
  const std::lock_guard lock(m_mutex);
  const bool added = std::any_of(m_inserted.begin(), m_inserted.end(), [&](const auto& entry) { return !m_stored.contains(entry.first); });
  // Documents of files that changed or went are dropped only once they are a quarter of the cache: a run
  // that found everything writes nothing, and one edit does not rewrite the file just to forget a version.
  const size_t unused = m_stored.size() - m_found.size();
  const bool stale = unused * 4 > m_stored.size();
  if (!added && !stale) {
    return;
  }
  std::map<std::string_view, std::string_view> kept(m_found.begin(), m_found.end());
  for (const auto& [id, encoded] : m_inserted) {
    kept.emplace(id, encoded);
  }
  if (!stale) {
    kept.insert(m_stored.begin(), m_stored.end());
  }
  util::ByteWriter out;
  out.text(m_key);
  out.number(kept.size());
  for (const auto& [id, encoded] : kept) {
    out.text(id);
    out.text(encoded);
  }
  util::write_cache_file(file, k_magic, out.take());
}

size_t DocumentCache::hits() const
{
  const std::lock_guard lock(m_mutex);
  return m_hits;
}

size_t DocumentCache::misses() const
{
  const std::lock_guard lock(m_mutex);
  return m_misses;
}

std::string content_id_of(std::string_view bytes)
{
  return fmt::format("{}-{:016x}", bytes.size(), std::hash<std::string_view>{}(bytes));
}

} // namespace markdown
