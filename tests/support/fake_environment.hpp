#pragma once

#include "cli/run.hpp"

#include <map>
#include <string>
#include <string_view>

namespace test_support {

// cli::Environment for in-process runs of the whole command: output kept in strings, a fixed clock.
class FakeEnvironment : public cli::Environment
{
public:
  void write_out(std::string_view text) override
  {
    out += text;
  }
  void write_err(std::string_view text) override
  {
    err += text;
  }
  util::Timestamp now() const override
  {
    return 1761955200; // 2025-11-01T00:00:00Z: tests never depend on today
  }
  bool out_is_terminal() const override
  {
    return terminal;
  }
  std::string current_folder() const override
  {
    return cwd;
  }
  std::string variable(const char* name) const override
  {
    const auto found = variables.find(name);
    return found == variables.end() ? "" : found->second;
  }
  void append_to_file(const std::string& path, std::string_view text) override
  {
    files[path] += text;
  }
  std::string out;
  std::string err;
  std::map<std::string, std::string> variables;
  bool terminal = false;
  std::string cwd; // empty: paths shown relative to the repository root
  std::map<std::string, std::string> files; // what append_to_file wrote, by path
};

} // namespace test_support
