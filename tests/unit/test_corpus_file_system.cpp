#include "corpus/file_system.hpp"

#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

namespace {

// name, kind (d, f, l) and size, sorted: folders are listed in the file system's order.
std::vector<std::string> listed(const corpus::FileSystem& file_system, const std::string& folder)
{
  auto entries = file_system.list(folder);
  REQUIRE(entries.has_value());
  std::vector<std::string> result;
  for (const auto& entry : *entries) {
    const char kind = entry.is_directory ? 'd' : entry.is_symlink ? 'l' : 'f';
    result.push_back(entry.name + " " + kind + " " + std::to_string(entry.size) + (entry.skipped.empty() ? "" : " " + entry.skipped));
  }
  std::sort(result.begin(), result.end());
  return result;
}

} // namespace

TEST_CASE("RealFileSystem::list")
{
  test_support::TempTree tree;
  tree.write("docs/a.md", "# A\n");
  tree.write("docs/empty.md", "");
  tree.write("docs/plans/b.md", "# B, longer\n");
  const corpus::RealFileSystem file_system(tree.path());

  SUBCASE("each name once, with its kind and a regular file's size; no '.' or '..'")
  {
    CHECK(listed(file_system, "docs") == std::vector<std::string>{"a.md f 4", "empty.md f 0", "plans d 0"});
    CHECK(listed(file_system, "") == std::vector<std::string>{"docs d 0"});
    CHECK(listed(file_system, "docs/plans") == std::vector<std::string>{"b.md f 12"});
  }
  SUBCASE("a fifo is never listed: reading one could block")
  {
    REQUIRE(::mkfifo(tree.path("docs/pipe.md").c_str(), 0600) == 0);
    CHECK(listed(file_system, "docs") == std::vector<std::string>{"a.md f 4", "empty.md f 0", "plans d 0"});
  }
  SUBCASE("a link is listed as a link, with the size of the file it names inside the root, or why it is not read")
  {
    std::filesystem::create_symlink("a.md", tree.root() / "docs/link.md");
    std::filesystem::create_directory_symlink("plans", tree.root() / "docs/folder");
    CHECK(listed(file_system, "docs") == std::vector<std::string>{
                                           "a.md f 4", "empty.md f 0", "folder l 0 symbolic link to a folder; not followed",
                                           "link.md l 4", "plans d 0"});
  }
  SUBCASE("a folder that can be read but not searched lists nothing inside it, not even its folders")
  {
    if (::geteuid() == 0) {
      MESSAGE("skipped: permissions do not bind root");
      return;
    }
    tree.write("docs/locked/sub/c.md", "# C\n");
    std::filesystem::permissions(tree.root() / "docs/locked", std::filesystem::perms::owner_read);
    CHECK(listed(file_system, "docs/locked").empty());
    std::filesystem::permissions(tree.root() / "docs/locked", std::filesystem::perms::owner_all);
  }
  SUBCASE("a folder that is not there is named in the message")
  {
    const auto entries = file_system.list("docs/gone");
    REQUIRE_FALSE(entries.has_value());
    CHECK(entries.error() == "docs/gone: cannot list folder: No such file or directory");
    const auto file = file_system.list("docs/a.md");
    REQUIRE_FALSE(file.has_value());
    CHECK(file.error() == "docs/a.md: cannot list folder: Not a directory");
  }
}

TEST_CASE("RealFileSystem::read")
{
  test_support::TempTree outside;
  outside.write("secret.md", "# Outside\n");
  test_support::TempTree tree;
  tree.write("docs/a.md", "# A\n");
  tree.write("docs/plans/b.md", "# B\n");
  const corpus::RealFileSystem file_system(tree.path());
  const auto read = [&](const std::string& path) {
    auto bytes = file_system.read(path, 1024);
    return bytes ? "read: " + *bytes : bytes.error();
  };

  SUBCASE("a file beneath the root, directly or through a link that stays beneath it")
  {
    std::filesystem::create_symlink("plans/../plans/b.md", tree.root() / "docs/plans-b.md");
    std::filesystem::create_directory_symlink("plans", tree.root() / "docs/folder");
    CHECK(read("docs/a.md") == "read: # A\n");
    CHECK(read("docs/plans-b.md") == "read: # B\n");
    CHECK(read("docs/folder/b.md") == "read: # B\n");
    CHECK(read("docs/plans/../a.md") == "read: # A\n");
  }
  SUBCASE("an absolute link to a file inside the root is read too, as the checks resolve it")
  {
    std::filesystem::create_symlink(tree.root() / "docs/a.md", tree.root() / "docs/absolute.md");
    CHECK(read("docs/absolute.md") == "read: # A\n");
  }
  SUBCASE("what is not a regular file beneath the root is named, and never opened")
  {
    std::filesystem::create_symlink(outside.root() / "secret.md", tree.root() / "docs/away.md");
    std::filesystem::create_symlink("../../" + outside.root().filename().string() + "/secret.md", tree.root() / "docs/up.md");
    REQUIRE(::mkfifo(tree.path("docs/pipe.md").c_str(), 0600) == 0);
    CHECK(read("docs/away.md") == "docs/away.md: resolves outside the repository; not read");
    CHECK(read("docs/up.md") == "docs/up.md: resolves outside the repository; not read");
    CHECK(read("docs/plans") == "docs/plans: not a regular file");
    CHECK(read("docs/pipe.md") == "docs/pipe.md: not a regular file");
    CHECK(read("docs/missing.md") == "docs/missing.md: cannot read: No such file or directory");
    CHECK(read("../outside.md") == "../outside.md: path is outside the repository");
  }
  SUBCASE("a file over the limit is named with its size")
  {
    tree.write("docs/big.md", std::string(2000, 'x'));
    CHECK(read("docs/big.md") == "docs/big.md: 2000 bytes, over the limit of 1024 (limits.max_file_bytes); not read");
  }
}

TEST_CASE("RealFileSystem::read opens files beneath the root it opened at the start")
{
  // One call per file through the root's descriptor, not the root's path walked again: a root renamed since
  // still reads (the path-based checks, the way taken when openat2 cannot be, would find nothing there).
  test_support::TempTree tree;
  tree.write("docs/a.md", "# A\n");
  const corpus::RealFileSystem file_system(tree.path());
  const std::filesystem::path moved = tree.root().string() + "-moved";
  std::filesystem::rename(tree.root(), moved);
  const auto bytes = file_system.read("docs/a.md", 1024);
  std::filesystem::rename(moved, tree.root());
  REQUIRE_MESSAGE(bytes, (bytes ? "" : bytes.error()));
  CHECK(*bytes == "# A\n");
}
