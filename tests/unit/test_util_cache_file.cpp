#include "util/cache_file.hpp"

#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

TEST_CASE("seal_cache")
{
  const std::string sealed = util::seal_cache("format 1\n", "payload");
  CHECK(sealed.starts_with("format 1\n"));
  CHECK(sealed.ends_with("payload"));
  CHECK(sealed.size() == 9 + 16 + 7);
}

TEST_CASE("unseal_cache")
{
  const std::string sealed = util::seal_cache("format 1\n", "payload");
  CHECK(util::unseal_cache(sealed, "format 1\n") == std::optional<std::string_view>("payload"));
  CHECK_FALSE(util::unseal_cache(sealed, "format 2\n"));
  CHECK_FALSE(util::unseal_cache(sealed.substr(0, sealed.size() - 1), "format 1\n"));
  CHECK_FALSE(util::unseal_cache(sealed + "!", "format 1\n"));
  std::string garbled = sealed;
  garbled.back() = 'X';
  CHECK_FALSE(util::unseal_cache(garbled, "format 1\n"));
  CHECK(util::unseal_cache(util::seal_cache("m\n", ""), "m\n") == std::optional<std::string_view>(""));
}

TEST_CASE("write_cache_file")
{
  test_support::TempTree tree;
  const auto file = tree.root() / "git" / "rollout-audit" / "x.bin";
  util::write_cache_file(file, "m\n", "one");
  util::write_cache_file(file, "m\n", "two");
  const auto bytes = util::read_cache_file(file, "m\n");
  REQUIRE(bytes);
  CHECK(bytes->payload() == "two");
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(file.parent_path())) {
    ++files;
  }
  CHECK(files == 1); // the temporary file was renamed, not left behind
}

TEST_CASE("read_cache_file")
{
  test_support::TempTree tree;
  CHECK_FALSE(util::read_cache_file(tree.root() / "missing.bin", "m\n"));
  tree.write("foreign.bin", "# not a cache\n");
  CHECK_FALSE(util::read_cache_file(tree.root() / "foreign.bin", "m\n"));
}

TEST_CASE("checksum")
{
  const std::string bytes(1000, 'a');
  CHECK(util::checksum(bytes) == util::checksum(std::string(1000, 'a')));
  for (size_t at : {0, 7, 8, 15, 16, 24, 31, 32, 999}) { // every lane, the step after, the tail
    std::string garbled = bytes;
    garbled[at] = 'b';
    CHECK(util::checksum(garbled) != util::checksum(bytes));
  }
  CHECK(util::checksum(bytes.substr(0, 999)) != util::checksum(bytes));
}

TEST_CASE("fnv1a")
{
  CHECK(util::fnv1a("") == 14695981039346656037ULL);
  CHECK(util::fnv1a("a") == 0xaf63dc4c8601ec8cULL); // the published FNV-1a test vector
}
