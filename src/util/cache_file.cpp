#include "util/cache_file.hpp"

#include "util/binary.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cstring>
#include <utility>
#include <fstream>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace util {

uint64_t fnv1a(std::string_view bytes)
{
  uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : bytes) {
    hash = (hash ^ c) * 1099511628211ULL;
  }
  return hash;
}

uint64_t checksum(std::string_view bytes)
{
  // Four independent lanes, so the multiplications of one step do not wait on each other's results.
  uint64_t lanes[4] = {14695981039346656037ULL ^ bytes.size(), 0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL, 0x165667B19E3779F9ULL};
  size_t at = 0;
  for (; at + 32 <= bytes.size(); at += 32) {
    for (size_t lane = 0; lane < 4; ++lane) {
      uint64_t word = 0;
      std::memcpy(&word, bytes.data() + at + 8 * lane, 8);
      lanes[lane] = (lanes[lane] ^ word) * 0x9E3779B97F4A7C15ULL;
      lanes[lane] ^= lanes[lane] >> 29;
    }
  }
  uint64_t hash = lanes[0];
  for (size_t lane = 1; lane < 4; ++lane) {
    hash = (hash ^ lanes[lane]) * 0x9E3779B97F4A7C15ULL;
    hash ^= hash >> 29;
  }
  for (; at < bytes.size(); ++at) {
    hash = (hash ^ static_cast<unsigned char>(bytes[at])) * 1099511628211ULL;
  }
  return hash;
}

std::string seal_cache(std::string_view magic, std::string_view payload)
{
  ByteWriter header;
  header.number(payload.size());
  header.number(checksum(payload));
  std::string bytes(magic);
  bytes += header.take();
  bytes += payload;
  return bytes;
}

std::optional<std::string_view> unseal_cache(std::string_view bytes, std::string_view magic)
{
  if (!bytes.starts_with(magic) || bytes.size() < magic.size() + 16) {
    return std::nullopt;
  }
  ByteReader header(bytes.substr(magic.size(), 16));
  const uint64_t size = header.number();
  const uint64_t expected = header.number();
  const std::string_view payload = bytes.substr(magic.size() + 16);
  if (payload.size() != size || util::checksum(payload) != expected) {
    return std::nullopt;
  }
  return payload;
}

CacheBytes::CacheBytes(void* mapping, size_t size, std::string_view payload)
  : m_mapping(mapping),
    m_size(size),
    m_payload(payload)
{
}

CacheBytes::CacheBytes(CacheBytes&& other) noexcept
  : m_mapping(std::exchange(other.m_mapping, nullptr)),
    m_size(std::exchange(other.m_size, 0)),
    m_payload(std::exchange(other.m_payload, {}))
{
}

CacheBytes& CacheBytes::operator=(CacheBytes&& other) noexcept
{
  if (this != &other) {
    this->~CacheBytes();
    m_mapping = std::exchange(other.m_mapping, nullptr);
    m_size = std::exchange(other.m_size, 0);
    m_payload = std::exchange(other.m_payload, {});
  }
  return *this;
}

CacheBytes::~CacheBytes()
{
  if (m_mapping) {
    munmap(m_mapping, m_size);
  }
}

std::optional<CacheBytes> read_cache_file(const std::filesystem::path& file, std::string_view magic)
{
  const int descriptor = open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) {
    return std::nullopt;
  }
  struct stat status {};
  void* mapping = MAP_FAILED;
  if (fstat(descriptor, &status) == 0 && S_ISREG(status.st_mode) && status.st_size > 0) {
    // The writer renames a new file over this one, never writes into it: the mapping stays whole.
    mapping = mmap(nullptr, static_cast<size_t>(status.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0);
  }
  close(descriptor);
  if (mapping == MAP_FAILED) {
    return std::nullopt;
  }
  const size_t size = static_cast<size_t>(status.st_size);
  const auto payload = unseal_cache(std::string_view(static_cast<const char*>(mapping), size), magic);
  if (!payload) {
    munmap(mapping, size);
    return std::nullopt;
  }
  return CacheBytes(mapping, size, *payload);
}

void write_cache_file(const std::filesystem::path& file, std::string_view magic, std::string_view payload)
{
  static std::atomic<unsigned> next_sequence{0}; // two threads of one process writing at once
  std::error_code error;
  std::filesystem::create_directories(file.parent_path(), error);
  const std::filesystem::path temporary
    = file.parent_path() / fmt::format(".{}.{}-{}", file.filename().string(), getpid(), next_sequence++);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out || !(out << seal_cache(magic, payload)) || !out.flush()) {
      out.close();
      std::filesystem::remove(temporary, error);
      return;
    }
  }
  std::filesystem::rename(temporary, file, error);
  if (error) {
    std::filesystem::remove(temporary, error);
  }
}

} // namespace util
