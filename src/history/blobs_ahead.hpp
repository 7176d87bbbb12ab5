#pragma once

#include <git2.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace history {

// The blobs one commit's changes bring that the walk will read, which another thread may read first: each
// is read once, by whichever thread claims it first. Reading and inflating blobs is half of a walk over long,
// often-edited documents, and the thread comparing trees ahead of the walk is idle most of that time.
class BlobsAhead
{
public:
  // The blob's bytes, or nothing when it cannot be read.
  using Read = std::function<std::optional<std::string>(const git_oid&)>;

  explicit BlobsAhead(std::vector<git_oid> ids); // duplicates are read once
  BlobsAhead(const BlobsAhead&) = delete;
  BlobsAhead& operator=(const BlobsAhead&) = delete;

  // For the thread ahead of the walk, while `keep_going` says so (its budget of bytes held, its stop).
  void read_unclaimed(const Read& read, const std::function<bool()>& keep_going = [] { return true; });
  // For the walk: the bytes of `id` when they were read ahead (waiting for a read under way), else nullptr,
  // and `id` is the walk's to read (also when it is not one of this commit's blobs).
  const std::string* take(const git_oid& id);
  bool all_claimed() const;
  size_t bytes_read() const
  {
    return m_bytes_read.load();
  }

private:
  // Each slot leaves k_free once: to k_reading by the thread ahead (then k_read, or k_unread when the read
  // failed), or to k_walks by the walk. Only the walk waits, on k_reading, which always ends.
  enum State : uint8_t { k_free, k_reading, k_read, k_unread, k_walks };
  struct Slot
  {
    git_oid id{};
    std::atomic<uint8_t> state{k_free};
    std::string bytes;
  };
  Slot* find(const git_oid& id) const;

  std::unique_ptr<Slot[]> m_slots; // sorted by id: the walk finds each of a large commit's blobs in log time
  size_t m_count = 0;
  std::atomic<size_t> m_bytes_read{0};
};

} // namespace history
