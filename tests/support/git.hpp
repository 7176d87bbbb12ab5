#pragma once
// git in a test's temporary tree, with fixed names and dates, so nothing depends on the machine or today.

#include "temp_tree.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

namespace test_support {

inline void git(const TempTree& tree, const std::string& arguments, const std::string& date = "2025-10-20T09:00:00Z")
{
  const std::string command = "cd '" + tree.path() + "' && GIT_CONFIG_NOSYSTEM=1 HOME='" + tree.path() + "' GIT_AUTHOR_DATE=" + date
                              + " GIT_COMMITTER_DATE=" + date
                              + " git -c user.name=Dana -c user.email=dana@example.com -c commit.gpgsign=false " + arguments
                              + " >/dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
}

} // namespace test_support
