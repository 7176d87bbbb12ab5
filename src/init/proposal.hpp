#pragma once

#include "config/config.hpp"
#include "init/survey.hpp"

#include <string>
#include <vector>

namespace init {

// What the proposal is written against: the configuration a repository without one gets, and the keys
// the built-in front-matter rule requires.
struct Defaults
{
  config::Config config;
  std::vector<std::string> required_front_matter;
  bool existing_file = false; // the repository has a .rollout-audit.yaml, which the survey did not read
};

// A commented .rollout-audit.yaml: the roles the survey found (work logs, completion reports, evidence
// folders) as settings, the front-matter keys every rollout here uses as the rule's required keys, and the
// rest (documents by kind, rollouts and their stages, words the vocabulary may lack) as comments. Always a
// configuration config::parse_config accepts; deterministic for a given survey.
std::string propose_config(const Survey& survey, const Defaults& defaults);

} // namespace init
