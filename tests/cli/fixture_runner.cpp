// Runs rollout-audit on one fixture tree and compares its output, word for word, with the fixture's
// expected.txt (the exit status is its last line). With ROLLOUT_AUDIT_UPDATE=1 it rewrites expected.txt
// instead, for a human to review in the diff.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path)
{
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << stream.rdbuf();
  return bytes.str();
}

std::string quote(const std::string& text)
{
  std::string quoted = "'";
  for (char c : text) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

std::vector<std::string> lines_of(const std::string& text)
{
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    lines.push_back(line);
  }
  return lines;
}

struct TempRepository
{
  TempRepository()
  {
    path = fs::temp_directory_path() / ("rollout-audit-history-" + std::to_string(std::random_device()()));
    fs::create_directories(path);
  }
  ~TempRepository()
  {
    std::error_code error;
    fs::remove_all(path, error);
  }
  fs::path path;
};

// The command's output and exit status, as compared with expected.txt.
std::optional<std::string> run(const std::string& command)
{
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    std::cerr << "cannot run " << command << "\n";
    return std::nullopt;
  }
  std::string output;
  std::array<char, 4096> buffer{};
  for (size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    output.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  return output + "exit: " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + "\n";
}

} // namespace

int main(int argc, char** argv)
{
  if (argc != 3) {
    std::cerr << "usage: fixture_runner BINARY FIXTURE_DIR\n";
    return 2;
  }
  const std::string binary = argv[1];
  const fs::path fixture = argv[2];
  std::string extra;
  if (fs::exists(fixture / "args")) {
    extra = read_file(fixture / "args");
    while (!extra.empty() && (extra.back() == '\n' || extra.back() == ' ')) {
      extra.pop_back();
    }
  }
  fs::path tree = fs::exists(fixture / "tree") ? fixture / "tree" : fixture;
  // A tree inside the checkout would share the checkout's .git/rollout-audit/, whose facts cache is keyed by
  // the release version, not the build: what an older build of the same version left there would decide.
  std::string history_flag = " --no-history --no-cache";
  std::unique_ptr<TempRepository> repository;
  if (fs::exists(fixture / "history.sh")) {
    // A scripted history: the script builds a fresh repository with fixed dates in a temporary folder.
    repository = std::make_unique<TempRepository>();
    const std::string script = "bash " + quote((fixture / "history.sh").string()) + " " + quote(repository->path.string())
                               + " >/dev/null 2>&1";
    if (std::system(script.c_str()) != 0) {
      std::cerr << "history script failed: " << script << "\n";
      return 2;
    }
    tree = repository->path / "work";
    history_flag.clear();
  }
  // Relative paths in the output keep expected.txt independent of where the checkout lives.
  const std::string command = "cd " + quote(tree.string()) + " && " + quote(binary) + " --no-color --now 2025-11-01T00:00:00Z"
                              + history_flag + " " + extra + " 2>&1";
  const auto output = run(command);
  if (!output) {
    return 2;
  }
  if (repository) {
    // The first run filled the history cache under .git; the cache must never change a finding.
    for (const std::string variant : {"", " --no-cache"}) {
      const auto again = run(command + variant);
      if (again != output) {
        std::cout << "FAIL " << fixture << "\n$ " << command << variant << "\ndiffers from the first run (history cache):\n"
                  << again.value_or("<not run>") << "\nfirst run:\n" << *output;
        return 1;
      }
    }
  }
  const fs::path expected_path = fixture / "expected.txt";
  if (const char* update = std::getenv("ROLLOUT_AUDIT_UPDATE"); update && std::string(update) == "1") {
    std::ofstream(expected_path, std::ios::binary) << *output;
    std::cout << "updated " << expected_path << "\n";
    return 0;
  }
  const std::string expected = read_file(expected_path);
  if (*output == expected) {
    std::cout << "ok " << fixture << "\n";
    return 0;
  }
  const auto want = lines_of(expected);
  const auto got = lines_of(*output);
  std::cout << "FAIL " << fixture << "\n$ " << command << "\n";
  for (size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
    const std::string w = i < want.size() ? want[i] : "<none>";
    const std::string g = i < got.size() ? got[i] : "<none>";
    if (w != g) {
      std::cout << "line " << i + 1 << ":\n  expected: " << w << "\n  actual:   " << g << "\n";
    }
  }
  return 1;
}
