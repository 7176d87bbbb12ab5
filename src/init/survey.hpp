#pragma once

#include "audit/facts.hpp"
#include "config/config.hpp"

#include <map>
#include <string>
#include <vector>

namespace init {

// A file or folder that may play a role (work log, completion report, evidence folder), with what was seen
// of it: how the checklists name it and what it holds.
struct RoleCandidate
{
  std::string path;     // a file, or a folder (no trailing '/')
  size_t named_by = 0;  // boxes of rollouts and plans that name it with the role's verb ("record in", "attach to")
  size_t entries = 0;   // dated work-log entries (work logs)
  size_t figures = 0;   // figures it holds (completion reports)
  size_t files = 0;     // files under it (evidence folders)
  bool by_default = false; // the default configuration already gives it the role
};

// A rollout or plan found, as `rollout-audit documents` would list it.
struct RolloutFound
{
  std::string path;
  std::string name; // the rollout's slug ("ai-broker"), empty when its title names none
  config::Kind kind = config::Kind::rollout;
  std::vector<std::string> stages; // its rollout stages' headings, in order
};

// A front-matter key and the documents that hold it.
struct KeyUse
{
  std::string key;
  size_t rollouts = 0;  // rollouts whose front matter has it with a value
  size_t documents = 0; // documents of any kind
  bool dates = true;    // every value given in a rollout is a date written YYYY-MM-DD
};

// A word heading numbered groups of boxes ("Wave 1", "Wave 2") that the vocabulary's stage-words lack.
struct StageWordHint
{
  std::string word; // as written in the first heading
  std::string path;
  std::vector<std::string> headings;
};

// What `rollout-audit init` found in a repository, from facts built with the default configuration.
struct Survey
{
  std::map<config::Kind, std::vector<std::string>> documents; // paths by kind
  std::vector<RoleCandidate> work_logs;          // shaped like a work log and named by boxes, or there by default
  std::vector<RoleCandidate> dated_unnamed;      // many dated entries, named by no box: shown, not proposed
  std::vector<RoleCandidate> completion_reports; // named by boxes to record in, holding figures; or by default
  std::vector<RoleCandidate> evidence_folders;   // named by boxes to attach to; or by default
  std::vector<RolloutFound> rollouts;            // rollouts, then plans, by path
  std::vector<KeyUse> front_matter;              // keys in order of first use
  size_t rollouts_with_front_matter = 0;
  std::vector<StageWordHint> stage_words;
};

// Looks at every document the facts hold (built over the whole repository with the default configuration,
// so the roles' defaults are what a repository without configuration gets) and at the files of the corpus.
Survey survey_repository(const audit::Facts& facts);

} // namespace init
