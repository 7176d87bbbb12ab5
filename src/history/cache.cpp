#include "history/cache.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cstdint>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace history {

namespace {

// Bumped whenever the layout below or the meaning of what the walk records changes.
constexpr std::string_view k_magic = "rollout-audit history cache 1\n";

uint64_t digest(std::string_view bytes)
{
  uint64_t hash = 1469598103934665603ULL; // FNV-1a: catches torn and garbled files, not adversaries
  for (unsigned char c : bytes) {
    hash = (hash ^ c) * 1099511628211ULL;
  }
  return hash;
}

class Writer
{
public:
  void number(uint64_t value)
  {
    for (int i = 0; i < 8; ++i) {
      m_bytes.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
    }
  }
  void text(std::string_view value)
  {
    number(value.size());
    m_bytes.append(value);
  }
  void stamp(const CommitStamp& value)
  {
    text(value.id);
    number(static_cast<uint64_t>(value.time));
    text(value.author);
    number(value.truncated ? 1 : 0);
  }
  void optional_stamp(const std::optional<CommitStamp>& value)
  {
    number(value ? 1 : 0);
    if (value) {
      stamp(*value);
    }
  }
  std::string take()
  {
    return std::move(m_bytes);
  }

private:
  std::string m_bytes;
};

// Reads what Writer wrote; any read past the end or implausible count leaves it failed, and every later
// read yields zeros, so decoding runs to the end and is judged once.
class Reader
{
public:
  explicit Reader(std::string_view bytes) : m_bytes(bytes)
  {
  }
  bool ok() const
  {
    return m_ok && m_position == m_bytes.size();
  }
  uint64_t number()
  {
    if (!m_ok || m_bytes.size() - m_position < 8) {
      m_ok = false;
      return 0;
    }
    uint64_t value = 0;
    for (int i = 0; i < 8; ++i) {
      value |= static_cast<uint64_t>(static_cast<unsigned char>(m_bytes[m_position + static_cast<size_t>(i)])) << (8 * i);
    }
    m_position += 8;
    return value;
  }
  // A count of things each taking at least `least` bytes: more than the bytes left can hold is corruption.
  size_t count(size_t least)
  {
    const uint64_t value = number();
    if (value > (m_bytes.size() - m_position) / least) {
      m_ok = false;
      return 0;
    }
    return static_cast<size_t>(value);
  }
  std::string text()
  {
    const size_t size = count(1);
    if (!m_ok) {
      return {};
    }
    std::string value(m_bytes.substr(m_position, size));
    m_position += size;
    return value;
  }
  CommitStamp stamp()
  {
    CommitStamp value;
    value.id = text();
    value.time = static_cast<util::Timestamp>(number());
    value.author = text();
    value.truncated = number() != 0;
    return value;
  }
  std::optional<CommitStamp> optional_stamp()
  {
    if (number() == 0) {
      return std::nullopt;
    }
    return stamp();
  }

private:
  std::string_view m_bytes;
  size_t m_position = 0;
  bool m_ok = true;
};

constexpr size_t k_least_item = 8 * 4;  // two texts' sizes and two flags
constexpr size_t k_least_entry = 8 * 5; // a title's size and a stamp
constexpr size_t k_least_file = 8 * 5;  // a path's size, two flags and two counts

std::string encode_payload(const Checkpoint& checkpoint, std::string_view key)
{
  Writer out;
  out.text(key);
  out.text(checkpoint.head);
  out.number(checkpoint.commits);
  out.text(checkpoint.oldest);
  out.number(checkpoint.files.size());
  for (const auto& [path, file] : checkpoint.files) {
    out.text(path);
    out.optional_stamp(file.added);
    out.optional_stamp(file.metrics_since);
    out.number(file.items.size());
    for (const auto& item : file.items) {
      out.text(item.text);
      out.text(item.section);
      out.number(item.ticked ? 1 : 0);
      out.optional_stamp(item.tick);
      out.optional_stamp(item.original);
    }
    out.number(file.entries.size());
    for (const auto& entry : file.entries) {
      out.text(entry.title);
      out.stamp(entry.appeared);
    }
  }
  return out.take();
}

} // namespace

std::string encode_checkpoint(const Checkpoint& checkpoint, std::string_view key)
{
  const std::string payload = encode_payload(checkpoint, key);
  Writer header;
  header.number(payload.size());
  header.number(digest(payload));
  return std::string(k_magic) + header.take() + payload;
}

std::optional<Checkpoint> decode_checkpoint(std::string_view bytes, std::string_view key)
{
  if (!bytes.starts_with(k_magic) || bytes.size() < k_magic.size() + 16) {
    return std::nullopt;
  }
  Reader header(bytes.substr(k_magic.size(), 16));
  const uint64_t size = header.number();
  const uint64_t expected = header.number();
  const std::string_view payload = bytes.substr(k_magic.size() + 16);
  if (payload.size() != size || digest(payload) != expected) {
    return std::nullopt;
  }
  Reader in(payload);
  if (in.text() != key) {
    return std::nullopt;
  }
  Checkpoint checkpoint;
  checkpoint.head = in.text();
  checkpoint.commits = static_cast<size_t>(in.number());
  checkpoint.oldest = in.text();
  for (size_t files = in.count(k_least_file); files > 0; --files) {
    const std::string path = in.text();
    FileHistory file;
    file.added = in.optional_stamp();
    file.metrics_since = in.optional_stamp();
    for (size_t items = in.count(k_least_item); items > 0; --items) {
      ItemHistory item;
      item.text = in.text();
      item.section = in.text();
      item.ticked = in.number() != 0;
      item.tick = in.optional_stamp();
      item.original = in.optional_stamp();
      file.items.push_back(std::move(item));
    }
    for (size_t entries = in.count(k_least_entry); entries > 0; --entries) {
      EntryHistory entry;
      entry.title = in.text();
      entry.appeared = in.stamp();
      file.entries.push_back(std::move(entry));
    }
    checkpoint.files.emplace(path, std::move(file));
  }
  if (!in.ok() || checkpoint.head.empty()) {
    return std::nullopt;
  }
  return checkpoint;
}

std::filesystem::path checkpoint_path(const std::filesystem::path& git_directory, std::string_view key)
{
  return git_directory / "rollout-audit" / fmt::format("history-{:016x}.bin", digest(key));
}

std::optional<Checkpoint> load_checkpoint(const std::filesystem::path& file, std::string_view key)
{
  std::ifstream stream(file, std::ios::binary);
  if (!stream) {
    return std::nullopt;
  }
  std::ostringstream bytes;
  bytes << stream.rdbuf();
  return decode_checkpoint(bytes.str(), key);
}

void store_checkpoint(const std::filesystem::path& file, std::string_view key, const Checkpoint& checkpoint)
{
  static std::atomic<unsigned> next_sequence{0}; // two threads of one process storing at once
  std::error_code error;
  std::filesystem::create_directories(file.parent_path(), error);
  const std::filesystem::path temporary
    = file.parent_path() / fmt::format(".{}.{}-{}", file.filename().string(), getpid(), next_sequence++);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out || !(out << encode_checkpoint(checkpoint, key)) || !out.flush()) {
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

} // namespace history
