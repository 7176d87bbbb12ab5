#pragma once

#include "audit/audit.hpp"
#include "audit/facts.hpp"
#include "cli/options.hpp"
#include "cli/run.hpp"
#include "cli/setup.hpp"
#include "report/report.hpp"

#include <functional>

namespace cli {

// One audit as every command that reports on it runs it: the workspace, the facts (with their timeline),
// the findings after suppressions, the baseline and --changed-since, and what the reports say about the run.
// Valid only during the call to the consumer: the facts point into the workspace and the history.
struct AuditRun
{
  const Options& options;
  const Workspace& workspace;
  const audit::Facts& facts;
  const audit::AuditResult& result;
  const report::RunInfo& info;
};

// Runs the audit and hands it to `consume`, which writes its report; returns the exit status --fail-on
// gives the findings. Throws util::Fatal for what stops the run.
int with_audit(const Options& options, Environment& environment, const std::function<void(const AuditRun&)>& consume);

} // namespace cli
