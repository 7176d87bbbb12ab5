// Replays saved fuzz inputs through the fuzz targets' entry points without libFuzzer, as part of the
// normal test suite: `fuzz_replay TARGET DIR...` feeds every file under each DIR (missing ones are fine) to
// TARGET's LLVMFuzzerTestOneInput, compiled here as rollout_audit_fuzz_TARGET. A crash fails the test.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#define ROLLOUT_AUDIT_FUZZ_TARGETS(X) X(front_matter) X(document) X(work_log) X(rule_pack) X(config) X(suppression) X(cache) X(audit_formats)

#define DECLARE(name) extern "C" int rollout_audit_fuzz_##name(const uint8_t* data, size_t size);
ROLLOUT_AUDIT_FUZZ_TARGETS(DECLARE)
#undef DECLARE

namespace {

using Entry = int (*)(const uint8_t*, size_t);

struct Target
{
  std::string_view name;
  Entry entry;
};

#define ROW(name) Target{#name, rollout_audit_fuzz_##name},
const Target k_targets[] = {ROLLOUT_AUDIT_FUZZ_TARGETS(ROW)};
#undef ROW

} // namespace

int main(int argc, char** argv)
{
  namespace fs = std::filesystem;
  if (argc < 2) {
    std::fprintf(stderr, "usage: fuzz_replay TARGET [DIR...]\n");
    return 2;
  }
  const std::string_view wanted = argv[1];
  const auto target = std::find_if(std::begin(k_targets), std::end(k_targets), [&](const Target& t) { return t.name == wanted; });
  if (target == std::end(k_targets)) {
    std::fprintf(stderr, "fuzz_replay: unknown target '%s'\n", argv[1]);
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
    std::error_code error;
    if (!fs::is_directory(argv[i], error)) {
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(argv[i], error)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && name != "README.md" && !name.starts_with(".")) {
        files.push_back(entry.path());
      }
    }
  }
  if (files.empty()) {
    // A replay of nothing cannot fail: every target has seeds in fuzz/corpus/<target>/.
    std::fprintf(stderr, "fuzz_replay %s: no inputs found\n", argv[1]);
    return 1;
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream stream(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
    const auto start = std::chrono::steady_clock::now();
    target->entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("ok %s (%zu bytes, %.3f s)\n", file.string().c_str(), bytes.size(), seconds);
  }
  std::printf("fuzz_replay %s: %zu inputs replayed\n", argv[1], files.size());
  return 0;
}
