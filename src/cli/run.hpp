#pragma once

#include "util/time.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cli {

// Output and the clock, so the whole command runs in tests without a terminal or today's date.
class Environment
{
public:
  virtual ~Environment() = default;
  virtual void write_out(std::string_view text) = 0;
  virtual void write_err(std::string_view text) = 0;
  virtual util::Timestamp now() const = 0;
  virtual bool out_is_terminal() const = 0;
  // The folder the command was started in (absolute), which text output shows paths relative to, so that
  // file:line opens from there; empty: paths are shown relative to the repository root.
  virtual std::string current_folder() const
  {
    return {};
  }
  // An environment variable, empty when unset (GITHUB_STEP_SUMMARY, NO_COLOR).
  virtual std::string variable(const char* name) const = 0;
  // Appends to a file the user's environment names (the step summary); throws util::Fatal on failure.
  virtual void append_to_file(const std::string& path, std::string_view text) = 0;
  // State a finished run no longer needs. Freeing a large tree's documents, facts and findings one
  // allocation at a time costs more than a warm pre-commit run's audit, so a process about to exit keeps
  // them and leaves them to the kernel; by default they are freed here (once no one else holds them).
  virtual void keep_until_exit(std::vector<std::shared_ptr<const void>> state)
  {
    state.clear();
  }
};

class ProcessEnvironment : public Environment
{
public:
  void write_out(std::string_view text) override;
  void write_err(std::string_view text) override;
  util::Timestamp now() const override;
  bool out_is_terminal() const override;
  std::string current_folder() const override;
  std::string variable(const char* name) const override;
  void append_to_file(const std::string& path, std::string_view text) override;
  void keep_until_exit(std::vector<std::shared_ptr<const void>> state) override;
};

constexpr int k_exit_clean = 0;
constexpr int k_exit_findings = 1;
constexpr int k_exit_usage = 2;

// The whole command: the one place util::Fatal is caught and turned into "rollout-audit: error: ..." and
// exit status 2.
int run(const std::vector<std::string>& arguments, Environment& environment);
int run(int argc, char** argv);

} // namespace cli
