#pragma once

#include "cli/run.hpp"

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
    return false;
  }
  std::string out;
  std::string err;
};

} // namespace test_support
