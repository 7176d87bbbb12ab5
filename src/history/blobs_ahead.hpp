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

  explicit BlobsAhead(const std::vector<git_oid>& ids); // duplicates are read once
  BlobsAhead(const BlobsAhead&) = delete;
  BlobsAhead& operator=(const BlobsAhead&) = delete;

  // The reading thread's side: reads each blob nobody has claimed yet.
  void read_unclaimed(const Read& read);
  // The walk's side: the bytes of `id` when they were read ahead (waiting for a read under way), else
  // nullptr, and `id` is the walk's to read (also when it is not one of this commit's blobs).
  const std::string* take(const git_oid& id);
  bool all_claimed() const;

private:
  enum State : uint8_t { k_free, k_reading, k_read, k_unread, k_walks };
  struct Slot
  {
    git_oid id{};
    std::atomic<uint8_t> state{k_free};
    std::string bytes;
  };
  std::unique_ptr<Slot[]> m_slots;
  size_t m_count = 0;
};

} // namespace history
