#include "cli/documents_command.hpp"

#include "audit/facts.hpp"
#include "cli/setup.hpp"
#include "report/documents.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <fstream>

namespace cli {

int documents_command(const Options& options, Environment& environment)
{
  const Workspace workspace = open_workspace(options);
  const audit::WorkingTreeTimeline timeline(options.now.value_or(environment.now()));
  const audit::Facts facts =
    audit::build_facts(*workspace.corpus, workspace.config, workspace.vocabulary, timeline, workspace.audited);
  const std::string text = options.format == "json" ? report::format_documents_json(facts) : report::format_documents_text(facts);
  if (!options.output) {
    environment.write_out(text);
    return k_exit_clean;
  }
  // The file the user named, like the audit's --output: outside the audited tree, written whole.
  std::ofstream out(*options.output, std::ios::binary | std::ios::trunc);
  if (!out || !(out << text)) {
    throw util::Fatal(fmt::format("cannot write {}", *options.output));
  }
  return k_exit_clean;
}

} // namespace cli
