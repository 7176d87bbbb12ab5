#include "util/parallel.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

TEST_CASE("for_each_index")
{
  SUBCASE("every index once, on more than one thread")
  {
    std::vector<int> runs(1000, 0);
    std::vector<std::thread::id> ran_on(runs.size());
    std::atomic<bool> others_ran{false};
    util::for_each_index(runs.size(), 4, [&](size_t i) {
      ++runs[i];
      ran_on[i] = std::this_thread::get_id();
      if (i == 0) {
        // Index 0 waits for another index: on one thread it would wait out the deadline.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!others_ran && std::chrono::steady_clock::now() < deadline) {
          std::this_thread::yield();
        }
      } else {
        others_ran = true;
      }
    });
    CHECK(std::count(runs.begin(), runs.end(), 1) == 1000);
    CHECK(std::set<std::thread::id>(ran_on.begin(), ran_on.end()).size() > 1);
  }
  SUBCASE("no work, or fewer items than threads")
  {
    util::for_each_index(0, 4, [](size_t) { FAIL("no index to run"); });
    std::vector<int> runs(2, 0);
    util::for_each_index(runs.size(), 0, [&](size_t i) { ++runs[i]; });
    CHECK(runs == std::vector<int>{1, 1});
  }
  SUBCASE("the lowest index's exception, after every index ran")
  {
    std::vector<int> runs(100, 0);
    const auto run = [&] {
      util::for_each_index(runs.size(), 3, [&](size_t i) {
        ++runs[i];
        if (i == 40 || i == 70) {
          throw std::runtime_error("index " + std::to_string(i));
        }
      });
    };
    CHECK_THROWS_WITH(run(), "index 40");
    CHECK(std::count(runs.begin(), runs.end(), 1) == 100);
  }
}
