#include "history/blobs_ahead.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

namespace {

git_oid oid(char digit)
{
  git_oid id;
  git_oid_fromstr(&id, std::string(40, digit).c_str());
  return id;
}

// Reads a blob as its id's first hex digit repeated, counting the reads.
struct CountingRead
{
  int reads = 0;
  std::optional<std::string> operator()(const git_oid& id)
  {
    ++reads;
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof(hex), &id);
    return std::string(3, hex[0]);
  }
};

} // namespace

TEST_CASE("BlobsAhead")
{
  SUBCASE("what the reader read is the walk's to take; each blob is read once")
  {
    history::BlobsAhead blobs({oid('1'), oid('2'), oid('1')});
    CountingRead read;
    CHECK_FALSE(blobs.all_claimed());
    blobs.read_unclaimed(std::ref(read));
    CHECK(read.reads == 2);
    CHECK(blobs.all_claimed());
    const std::string* one = blobs.take(oid('1'));
    REQUIRE(one);
    CHECK(*one == "111");
    REQUIRE(blobs.take(oid('2')));
    CHECK(*blobs.take(oid('2')) == "222");
    blobs.read_unclaimed(std::ref(read));
    CHECK(read.reads == 2);
  }
  SUBCASE("a blob the walk asks for first is the walk's to read: the reader passes it over")
  {
    history::BlobsAhead blobs({oid('1'), oid('2')});
    CHECK(blobs.take(oid('1')) == nullptr);
    CountingRead read;
    blobs.read_unclaimed(std::ref(read));
    CHECK(read.reads == 1);
    CHECK(blobs.take(oid('1')) == nullptr);
    REQUIRE(blobs.take(oid('2')));
  }
  SUBCASE("not one of the commit's blobs, a read that failed or threw: the walk reads it")
  {
    history::BlobsAhead blobs({oid('1'), oid('2')});
    CHECK(blobs.take(oid('3')) == nullptr);
    const git_oid unreadable = oid('1');
    blobs.read_unclaimed([&](const git_oid& id) -> std::optional<std::string> {
      if (git_oid_equal(&id, &unreadable) != 0) {
        return std::nullopt;
      }
      throw std::runtime_error("unreadable");
    });
    CHECK(blobs.all_claimed());
    CHECK(blobs.take(oid('1')) == nullptr);
    CHECK(blobs.take(oid('2')) == nullptr);
  }
  SUBCASE("the reader stops when told, leaving the rest to the walk")
  {
    history::BlobsAhead blobs({oid('3'), oid('1'), oid('2')});
    CountingRead read;
    blobs.read_unclaimed(std::ref(read), [&] { return read.reads < 1; });
    CHECK(read.reads == 1);
    CHECK(blobs.bytes_read() == 3);
    CHECK_FALSE(blobs.all_claimed());
    CHECK(blobs.take(oid('1')) != nullptr); // ids are read in order
    CHECK(blobs.take(oid('2')) == nullptr);
  }
  SUBCASE("the walk waits for a read under way rather than reading the blob again")
  {
    history::BlobsAhead blobs({oid('1')});
    std::promise<void> started;
    std::jthread reader([&] {
      blobs.read_unclaimed([&](const git_oid&) -> std::optional<std::string> {
        started.set_value();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return std::string("read ahead");
      });
    });
    started.get_future().wait();
    const std::string* bytes = blobs.take(oid('1'));
    REQUIRE(bytes);
    CHECK(*bytes == "read ahead");
  }
}
