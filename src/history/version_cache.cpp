#include "history/version_cache.hpp"

#include "evidence/items.hpp"
#include "history/libgit2.hpp"

namespace history {

// What a version reads without a parse of the whole where it can: no item possible, a box flipped, else a
// parse of only the pieces (cut at headings) whose bytes are new, which parses the whole when it cannot
// be cut. Long documents are edited a section at a time: the walk's cost follows the edit, not the length.
Version VersionCache::read_shortcut(const std::string& path, Last& last, const git_oid& before, std::string_view bytes, const VersionRoles& roles)
{
  if (auto version = version_without_items(m_words, bytes, roles)) {
    return std::move(*version);
  }
  if (last.version.roles == roles && !last.bytes.empty() && git_oid_equal(&last.id, &before)) {
    if (auto version = retick(last.version, last.bytes, bytes)) {
      return std::move(*version);
    }
  }
  if (roles.metrics) {
    ++m_parses; // figures are read from the prose, which the pieces do not keep
    return read_version(m_words, evidence::read_document(m_words, path, bytes), roles);
  }
  const size_t pieces_before = last.pieces.pieces_parsed();
  Version version = last.pieces.read(m_words, path, bytes, roles);
  m_parses += last.pieces.pieces_parsed() - pieces_before;
  return version;
}

// Only a plain document's version is read from another parse: a work log's entries and a report's figures
// are read from the prose, which the audit's parse drops once it has derived its facts.
const markdown::Document* VersionCache::parsed_before(const git_oid& id, const VersionRoles& roles, const Reader& read) const
{
  if (!m_parsed || roles != VersionRoles{}) {
    return nullptr;
  }
  return m_parsed->find(raw_id(id), read);
}

const Version* VersionCache::version_of(const std::string& path,
                                        const git_oid& before,
                                        const git_oid& id,
                                        const VersionRoles& roles,
                                        const Reader& read)
{
  auto seen = m_last.find(path);
  const bool known = seen != m_last.end() && seen->second.version.roles == roles;
  if (m_shortcuts && known && git_oid_equal(&seen->second.id, &id)) {
    return &seen->second.version;
  }
  // The blob is loaded once, whether the parses' owner or this cache reads it.
  std::optional<std::optional<std::string_view>> loaded;
  const Reader read_once = [&]() {
    if (!loaded) {
      loaded = read();
    }
    return *loaded;
  };
  if (const markdown::Document* parsed = parsed_before(id, roles, read_once)) {
    Last& last = seen != m_last.end() ? seen->second : m_last.try_emplace(path).first->second;
    last.id = id;
    last.bytes.clear(); // the next version of the file is parsed in pieces, not reticked from bytes
    last.version = read_version(m_words, *parsed, roles);
    return &last.version;
  }
  const std::optional<std::string_view> bytes = read_once();
  if (!bytes) {
    return nullptr;
  }
  if (seen == m_last.end()) {
    seen = m_last.try_emplace(path).first;
  }
  Last& last = seen->second;
  std::optional<Version> version;
  if (m_shortcuts) {
    version = read_shortcut(path, last, before, *bytes, roles);
  } else {
    ++m_parses;
    version = read_version(m_words, evidence::read_document(m_words, path, *bytes), roles);
  }
  last.id = id;
  // The bytes are kept for retick only where a tick would otherwise cost a parse of the whole: a document
  // read in pieces parses only the ticked one.
  if (m_shortcuts && !version->items.empty() && roles == VersionRoles{} && !last.pieces.cut()) {
    last.bytes.assign(*bytes);
  } else {
    last.bytes.clear();
  }
  last.version = std::move(*version);
  return &last.version;
}

void VersionCache::share_pieces(const VersionCache& from, const std::string& path)
{
  if (const auto found = from.m_last.find(path); found != from.m_last.end() && m_shortcuts) {
    m_last[path].pieces = found->second.pieces;
  }
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
