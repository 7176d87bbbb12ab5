#pragma once

#include "audit/finding.hpp"
#include "evidence/work_log.hpp"
#include "markdown/document.hpp"

#include <optional>
#include <string>

namespace audit {

// The one question checks ask about time: when did this box get ticked, when did this evidence appear.
// Git history answers it in the history layer; until then the working tree answers "as of now".
class Timeline
{
public:
  virtual ~Timeline() = default;
  virtual std::optional<Stamp> tick_of(const std::string& path, const markdown::TaskItem& item) const = 0;
  virtual std::optional<Stamp> file_added(const std::string& path) const = 0;
  virtual std::optional<Stamp> entry_added(const std::string& path, const evidence::Entry& entry) const = 0;
  virtual util::Timestamp now() const = 0;
  virtual bool has_history() const = 0;
};

class WorkingTreeTimeline : public Timeline
{
public:
  explicit WorkingTreeTimeline(util::Timestamp now) : m_now(now)
  {
  }
  std::optional<Stamp> tick_of(const std::string& path, const markdown::TaskItem& item) const override;
  std::optional<Stamp> file_added(const std::string& path) const override;
  std::optional<Stamp> entry_added(const std::string& path, const evidence::Entry& entry) const override;
  util::Timestamp now() const override
  {
    return m_now;
  }
  bool has_history() const override
  {
    return false;
  }

private:
  util::Timestamp m_now;
};

} // namespace audit
