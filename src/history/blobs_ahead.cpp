#include "history/blobs_ahead.hpp"

#include <algorithm>

namespace history {

BlobsAhead::BlobsAhead(const std::vector<git_oid>& ids) : m_slots(std::make_unique<Slot[]>(ids.size()))
{
  for (const git_oid& id : ids) {
    const auto end = m_slots.get() + m_count;
    if (std::none_of(m_slots.get(), end, [&](const Slot& slot) { return git_oid_equal(&slot.id, &id); })) {
      m_slots[m_count++].id = id;
    }
  }
}

void BlobsAhead::read_unclaimed(const Read& read)
{
  for (size_t i = 0; i < m_count; ++i) {
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
  for (size_t i = 0; i < m_count; ++i) {
    Slot& slot = m_slots[i];
    if (!git_oid_equal(&slot.id, &id)) {
      continue;
    }
    uint8_t state = k_free;
    if (slot.state.compare_exchange_strong(state, k_walks)) {
      return nullptr;
    }
    while (state == k_reading) {
      slot.state.wait(k_reading);
      state = slot.state.load();
    }
    return state == k_read ? &slot.bytes : nullptr;
  }
  return nullptr;
}

bool BlobsAhead::all_claimed() const
{
  return std::all_of(m_slots.get(), m_slots.get() + m_count, [](const Slot& slot) { return slot.state.load() != k_free; });
}

} // namespace history
