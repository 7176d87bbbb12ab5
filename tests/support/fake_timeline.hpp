#pragma once
// An in-memory timeline with history: ticks and the files of each commit are set by the test, so checks
// that judge files as of a tick are tested without git.

#include "audit/timeline.hpp"

#include <map>
#include <string>
#include <utility>

namespace test_support {

class FakeTimeline : public audit::WorkingTreeTimeline
{
public:
  FakeTimeline(util::Timestamp now, const corpus::Corpus* corpus) : WorkingTreeTimeline(now, corpus)
  {
  }

  // The box of `path` at `line` was ticked in `commit` at `time`.
  void tick(const std::string& path, int line, const std::string& commit, util::Timestamp time)
  {
    audit::Stamp stamp;
    stamp.commit = commit;
    stamp.time = time;
    stamp.committed = true;
    stamp.author = "Dana Reviewer";
    m_ticks[{path, line}] = stamp;
  }
  // `commit`'s tree holds these files (path -> text); a commit never given is unknown.
  void commit(const std::string& commit, std::map<std::string, std::string> files)
  {
    m_commits[commit] = std::move(files);
  }

  std::vector<std::optional<audit::Stamp>> ticks(const std::string& path, const markdown::Document& document) const override
  {
    auto stamps = WorkingTreeTimeline::ticks(path, document);
    for (size_t i = 0; i < document.items.size(); ++i) {
      const auto found = m_ticks.find({path, document.items[i].line});
      if (stamps[i] && found != m_ticks.end()) {
        stamps[i] = found->second;
      }
    }
    return stamps;
  }
  audit::FileAt file_at(std::string_view path, const audit::Stamp& when) const override
  {
    if (!when.committed) {
      return WorkingTreeTimeline::file_at(path, when);
    }
    audit::FileAt file;
    const auto tree = m_commits.find(when.commit);
    if (tree == m_commits.end()) {
      file.known = false;
      return file;
    }
    if (const auto found = tree->second.find(std::string(path)); found != tree->second.end()) {
      file.exists = true;
      file.text = found->second;
    }
    return file;
  }
  bool has_history() const override
  {
    return true;
  }

private:
  std::map<std::pair<std::string, int>, audit::Stamp> m_ticks;
  std::map<std::string, std::map<std::string, std::string>> m_commits;
};

} // namespace test_support
