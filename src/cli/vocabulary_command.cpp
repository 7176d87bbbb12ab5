#include "cli/vocabulary_command.hpp"

#include "cli/setup.hpp"
#include "vocabulary/vocabulary.hpp"

namespace cli {

int vocabulary_command(const Options& options, Environment& environment)
{
  const Workspace workspace = open_workspace(options, ConfigFile::read, ReadAhead::none);
  environment.write_out(vocabulary::describe(workspace.vocabulary));
  return k_exit_clean;
}

} // namespace cli
