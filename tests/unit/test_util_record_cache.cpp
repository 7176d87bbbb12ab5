#include "util/record_cache.hpp"

#include "../support/temp_tree.hpp"

#include <doctest/doctest.h>

#include <fstream>

namespace {

constexpr std::string_view k_magic = "test records 1\n";

} // namespace

TEST_CASE("RecordCache")
{
  test_support::TempTree tree;
  const auto file = tree.root() / "rollout-audit" / "records.bin";
  const std::string id = util::content_id_of("# Widget\n");
  {
    util::RecordCache cold(k_magic, "key");
    cold.load(file);
    CHECK_FALSE(cold.find(id));
    cold.insert(id, "widget record");
    cold.store(file);
    CHECK(cold.misses() == 1);
  }
  REQUIRE(std::filesystem::exists(file));

  SUBCASE("found again by its id")
  {
    util::RecordCache warm(k_magic, "key");
    warm.load(file);
    const auto found = warm.find(id);
    REQUIRE(found);
    CHECK(*found == "widget record");
    CHECK(warm.hits() == 1);
  }
  SUBCASE("a run that found everything it needed writes nothing")
  {
    const auto before = std::filesystem::last_write_time(file);
    std::filesystem::last_write_time(file, before - std::chrono::hours(1));
    util::RecordCache warm(k_magic, "key");
    warm.load(file);
    REQUIRE(warm.find(id));
    warm.store(file);
    CHECK(std::filesystem::last_write_time(file) == before - std::chrono::hours(1));
  }
  SUBCASE("records no run asked for are dropped once they are a quarter of the file")
  {
    const auto add = [&](const std::vector<std::string>& ids, const std::vector<std::string>& asked) {
      util::RecordCache next(k_magic, "key");
      next.load(file);
      for (const auto& wanted : asked) {
        CHECK(next.find(wanted));
      }
      for (const auto& added : ids) {
        next.insert(added, "record of " + added);
      }
      next.store(file);
    };
    const auto cached = [&](const std::string& wanted) {
      util::RecordCache after(k_magic, "key");
      after.load(file);
      return after.find(wanted).has_value();
    };
    add({"b", "c", "d"}, {id});
    add({"e"}, {id, "b", "c"}); // one of four unused: kept
    CHECK(cached("d"));
    CHECK(cached("e"));
    add({"f"}, {"e"}); // four of five unused: dropped
    CHECK_FALSE(cached(id));
    CHECK_FALSE(cached("b"));
    CHECK(cached("e"));
    CHECK(cached("f"));
  }
  SUBCASE("a rejected record (it did not decode) is a miss and is not written again")
  {
    util::RecordCache warm(k_magic, "key");
    warm.load(file);
    REQUIRE(warm.find(id));
    warm.reject(id);
    CHECK(warm.hits() == 0);
    CHECK(warm.misses() == 1);
    CHECK_FALSE(warm.find(id));
    warm.insert("other", "other record");
    warm.store(file);
    CHECK_FALSE([&] {
      util::RecordCache after(k_magic, "key");
      after.load(file);
      return after.find(id).has_value();
    }());
  }
  SUBCASE("another key (tool version, options) or another format: nothing found")
  {
    util::RecordCache other(k_magic, "other key");
    other.load(file);
    CHECK_FALSE(other.find(id));
    util::RecordCache format("other records 1\n", "key");
    format.load(file);
    CHECK_FALSE(format.find(id));
  }
  SUBCASE("a damaged file: nothing found, and it is replaced")
  {
    std::ofstream(file, std::ios::binary | std::ios::app) << "garbage";
    util::RecordCache damaged(k_magic, "key");
    damaged.load(file);
    CHECK_FALSE(damaged.find(id));
    damaged.insert(id, "widget record");
    damaged.store(file);
    util::RecordCache after(k_magic, "key");
    after.load(file);
    CHECK(after.find(id));
  }
}

TEST_CASE("content_id_of")
{
  CHECK(util::content_id_of("abc") == util::content_id_of("abc"));
  CHECK(util::content_id_of("abc") != util::content_id_of("abd"));
  CHECK(util::content_id_of("abc").starts_with("3-"));
}
