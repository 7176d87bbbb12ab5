#include "cli/documents_command.hpp"

#include "audit/facts.hpp"
#include "cli/setup.hpp"
#include "report/documents.hpp"

namespace cli {

int documents_command(const Options& options, Environment& environment)
{
  const Workspace workspace = open_workspace(options);
  const audit::WorkingTreeTimeline timeline(options.now.value_or(environment.now()));
  const audit::Facts facts =
    audit::build_facts(*workspace.corpus, workspace.config, workspace.vocabulary, timeline, workspace.audited_prefix);
  environment.write_out(options.format == "json" ? report::format_documents_json(facts) : report::format_documents_text(facts));
  return k_exit_clean;
}

} // namespace cli
