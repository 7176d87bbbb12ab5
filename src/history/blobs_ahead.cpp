#include "history/blobs_ahead.hpp"

#include <algorithm>

namespace history {

namespace {

bool before(const git_oid& a, const git_oid& b)
{
  return git_oid_cmp(&a, &b) < 0;
}

} // namespace

BlobsAhead::BlobsAhead(std::vector<git_oid> ids)
{
  std::sort(ids.begin(), ids.end(), before);
  ids.erase(std::unique(ids.begin(), ids.end(), [](const git_oid& a, const git_oid& b) { return git_oid_equal(&a, &b) != 0; }),
            ids.end());
  m_slots = std::make_unique<Slot[]>(ids.size());
  m_count = ids.size();
  for (size_t i = 0; i < m_count; ++i) {
    m_slots[i].id = ids[i];
  }
}

BlobsAhead::Slot* BlobsAhead::find(const git_oid& id) const
{
  Slot* const end = m_slots.get() + m_count;
  Slot* const found = std::lower_bound(m_slots.get(), end, id, [](const Slot& slot, const git_oid& key) { return before(slot.id, key); });
  return found != end && git_oid_equal(&found->id, &id) ? found : nullptr;
}

void BlobsAhead::read_unclaimed(const Read& read, const std::function<bool()>& keep_going)
{
  for (size_t i = 0; i < m_count && keep_going(); ++i) {
    Slot& slot = m_slots[i];
    uint8_t expected = k_free;
    if (!slot.state.compare_exchange_strong(expected, k_reading)) {
      continue;
    }
    // The walk may be waiting for this slot: it leaves k_reading whatever happens.
    uint8_t outcome = k_unread;
    try {
      if (auto bytes = read(slot.id)) {
        slot.bytes = std::move(*bytes);
        m_bytes_read += slot.bytes.size();
        outcome = k_read;
      }
    } catch (...) {
      // Left to the walk, which reads it itself.
    }
    slot.state.store(outcome);
    slot.state.notify_all();
  }
}

const std::string* BlobsAhead::take(const git_oid& id)
{
  Slot* slot = find(id);
  if (!slot) {
    return nullptr;
  }
  uint8_t state = k_free;
  if (slot->state.compare_exchange_strong(state, k_walks)) {
    return nullptr;
  }
  while (state == k_reading) {
    slot->state.wait(k_reading);
    state = slot->state.load();
  }
  return state == k_read ? &slot->bytes : nullptr;
}

bool BlobsAhead::all_claimed() const
{
  return std::all_of(m_slots.get(), m_slots.get() + m_count, [](const Slot& slot) { return slot.state.load() != k_free; });
}

} // namespace history
