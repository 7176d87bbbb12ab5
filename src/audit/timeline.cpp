#include "audit/timeline.hpp"

namespace audit {

std::optional<Stamp> WorkingTreeTimeline::tick_of(const std::string& /*path*/, const markdown::TaskItem& item) const
{
  if (!item.ticked) {
    return std::nullopt;
  }
  return Stamp{"", m_now, "", false};
}

std::optional<Stamp> WorkingTreeTimeline::file_added(const std::string& /*path*/) const
{
  return Stamp{"", m_now, "", false};
}

std::optional<Stamp> WorkingTreeTimeline::entry_added(const std::string& /*path*/, const evidence::Entry& /*entry*/) const
{
  return Stamp{"", m_now, "", false};
}

} // namespace audit
