#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace util {

// A cache file: a magic line naming its format, the payload's size and checksum, the payload. Caches are
// never needed for correctness, so whatever does not check out whole is no cache at all.

std::string seal_cache(std::string_view magic, std::string_view payload);
// The payload, or nullopt for another format, a torn file or a garbled byte.
std::optional<std::string_view> unseal_cache(std::string_view bytes, std::string_view magic);

// A cache file's bytes, mapped rather than copied (a warm run reads megabytes of them), and the payload
// within them.
class CacheBytes
{
public:
  CacheBytes(void* mapping, size_t size, std::string_view payload);
  CacheBytes(CacheBytes&& other) noexcept;
  CacheBytes& operator=(CacheBytes&& other) noexcept;
  CacheBytes(const CacheBytes&) = delete;
  CacheBytes& operator=(const CacheBytes&) = delete;
  ~CacheBytes();

  std::string_view payload() const
  {
    return m_payload;
  }

private:
  void* m_mapping = nullptr;
  size_t m_size = 0;
  std::string_view m_payload;
};

std::optional<CacheBytes> read_cache_file(const std::filesystem::path& file, std::string_view magic);

// Written to a file of its own, then renamed over the old one: runs storing at once each rename a whole
// file, and a reader sees the old or the new one, never a mix. Failing to write (read-only repository,
// full disk) is not an error: the next run does the work again.
void write_cache_file(const std::filesystem::path& file, std::string_view magic, std::string_view payload);

// 64-bit FNV-1a: names cache files after their keys; not a defence against anyone crafting collisions.
uint64_t fnv1a(std::string_view bytes);

// A checksum that catches torn and garbled cache files, 32 bytes at a step in four lanes (FNV-1a's byte
// steps were a tenth of a warm run); again no defence against crafted collisions.
uint64_t checksum(std::string_view bytes);

} // namespace util
