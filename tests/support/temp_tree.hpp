#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace test_support {

// A file's whole bytes; empty when it cannot be read.
inline std::string read_file(const std::filesystem::path& path)
{
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << stream.rdbuf();
  return bytes.str();
}

// A throw-away folder tree for tests that need real files; removed when it goes out of scope.
class TempTree
{
public:
  TempTree()
  {
    std::random_device random;
    m_root = std::filesystem::temp_directory_path() / ("rollout-audit-test-" + std::to_string(random()));
    std::filesystem::create_directories(m_root);
  }
  ~TempTree()
  {
    std::error_code error;
    std::filesystem::permissions(m_root, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, error);
    std::filesystem::remove_all(m_root, error);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  const std::filesystem::path& root() const
  {
    return m_root;
  }
  std::string path(const std::string& relative = "") const
  {
    return relative.empty() ? m_root.string() : (m_root / relative).string();
  }
  void write(const std::string& relative, const std::string& bytes) const
  {
    const auto full = m_root / relative;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << bytes;
  }

private:
  std::filesystem::path m_root;
};

} // namespace test_support
