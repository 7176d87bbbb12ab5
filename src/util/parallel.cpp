#include "util/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace util {

unsigned default_threads()
{
  return std::max(std::thread::hardware_concurrency(), 1u);
}

void for_each_index(size_t count, unsigned threads, const std::function<void(size_t)>& work)
{
  // Indices are handed out one at a time rather than in blocks: documents differ a hundredfold in size.
  std::atomic<size_t> next{0};
  std::vector<std::exception_ptr> failures(count);
  const auto worker = [&] {
    for (size_t i = next++; i < count; i = next++) {
      try {
        work(i);
      } catch (...) {
        failures[i] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> helpers;
  const size_t wanted = std::min<size_t>(std::max(threads, 1u), count);
  for (size_t t = 1; t < wanted; ++t) {
    helpers.emplace_back(worker);
  }
  worker();
  for (auto& helper : helpers) {
    helper.join();
  }
  for (const auto& failure : failures) {
    if (failure) {
      std::rethrow_exception(failure);
    }
  }
}

} // namespace util
