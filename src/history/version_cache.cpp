#include "history/version_cache.hpp"

#include "evidence/items.hpp"

namespace history {

const Version* VersionCache::version_of(const std::string& path,
                                        const git_oid& before,
                                        const git_oid& id,
                                        const VersionRoles& roles,
                                        const Reader& read)
{
  auto seen = m_last.find(path);
  const bool known = seen != m_last.end() && seen->second.version.roles == roles;
  if (known && git_oid_equal(&seen->second.id, &id)) {
    return &seen->second.version;
  }
  const std::optional<std::string_view> bytes = read();
  if (!bytes) {
    return nullptr;
  }
  std::optional<Version> version = version_without_items(m_words, *bytes, roles);
  if (!version && known && !seen->second.bytes.empty() && git_oid_equal(&seen->second.id, &before)) {
    version = retick(seen->second.version, seen->second.bytes, *bytes);
  }
  if (seen == m_last.end()) {
    seen = m_last.try_emplace(path).first;
  }
  Last& last = seen->second;
  if (!version && roles.work_log) {
    const size_t pieces_before = last.work_log.pieces_parsed();
    version = last.work_log.read(m_words, path, *bytes, roles);
    m_parses += last.work_log.pieces_parsed() - pieces_before;
  }
  if (!version) {
    ++m_parses;
    version = read_version(m_words, evidence::read_document(m_words, path, *bytes), roles);
  }
  last.id = id;
  if (!version->items.empty() && roles == VersionRoles{}) {
    last.bytes.assign(*bytes);
  } else {
    last.bytes.clear();
  }
  last.version = std::move(*version);
  return &last.version;
}

void VersionCache::move(const std::string& from, const std::string& to)
{
  auto node = m_last.extract(from);
  m_last.erase(to);
  if (!node.empty()) {
    node.key() = to;
    m_last.insert(std::move(node));
  }
}

void VersionCache::erase(const std::string& path)
{
  m_last.erase(path);
}

} // namespace history
