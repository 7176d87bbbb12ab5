#include "util/cache_file.hpp"

#include "util/binary.hpp"

#include <fmt/format.h>

#include <atomic>
#include <fstream>

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

std::string seal_cache(std::string_view magic, std::string_view payload)
{
  ByteWriter header;
  header.number(payload.size());
  header.number(fnv1a(payload));
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
  const uint64_t checksum = header.number();
  const std::string_view payload = bytes.substr(magic.size() + 16);
  if (payload.size() != size || fnv1a(payload) != checksum) {
    return std::nullopt;
  }
  return payload;
}

std::optional<std::string> read_cache_file(const std::filesystem::path& file, std::string_view magic)
{
  std::ifstream stream(file, std::ios::binary | std::ios::ate);
  if (!stream) {
    return std::nullopt;
  }
  const std::streamoff size = stream.tellg();
  if (size <= 0) {
    return std::nullopt;
  }
  std::string bytes(static_cast<size_t>(size), '\0');
  stream.seekg(0);
  if (!stream.read(bytes.data(), size)) {
    return std::nullopt;
  }
  const auto payload = unseal_cache(bytes, magic);
  if (!payload) {
    return std::nullopt;
  }
  bytes.erase(0, bytes.size() - payload->size()); // the payload is the tail: no second copy of it
  return bytes;
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
