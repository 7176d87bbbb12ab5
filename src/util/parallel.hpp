#pragma once

#include <cstddef>
#include <functional>

namespace util {

// One thread per core the machine reports, at least one.
unsigned default_threads();

// Runs work(i) for every i below `count` on up to `threads` threads, the calling one among them, and
// returns when all are done. Each i should write only its own slot of a result, so the result does not
// depend on which thread took which i. An exception from work(i) is rethrown here, the lowest i's first.
void for_each_index(size_t count, unsigned threads, const std::function<void(size_t)>& work);

} // namespace util
