#include "util/binary.hpp"

#include <doctest/doctest.h>

TEST_CASE("ByteWriter")
{
  util::ByteWriter out;
  out.number(0x0102030405060708ULL);
  out.text("ab");
  out.flag(true);
  const std::string bytes = out.take();
  CHECK(bytes.size() == 8 + 8 + 2 + 8);
  CHECK(bytes.substr(0, 2) == std::string("\x08\x07", 2)); // little-endian, whatever the machine
}

TEST_CASE("ByteReader")
{
  util::ByteWriter out;
  out.number(static_cast<uint64_t>(-7));
  out.text("two words");
  out.flag(false);
  out.real(-0.125);
  const std::string bytes = out.take();

  SUBCASE("reads back what was written")
  {
    util::ByteReader in(bytes);
    CHECK(in.integer() == -7);
    CHECK(in.text() == "two words");
    CHECK_FALSE(in.flag());
    CHECK(in.real() == -0.125);
    CHECK(in.ok());
  }
  SUBCASE("past the end: failed, zeros from then on")
  {
    util::ByteReader in(std::string_view(bytes).substr(0, 12));
    CHECK(in.integer() == -7);
    CHECK(in.text().empty());
    CHECK(in.failed());
    CHECK(in.number() == 0);
    CHECK_FALSE(in.ok());
  }
  SUBCASE("a count larger than the bytes left could hold fails at once")
  {
    util::ByteWriter huge;
    huge.number(1ULL << 60);
    const std::string counted = huge.take() + std::string(64, 'x');
    util::ByteReader in(counted);
    CHECK(in.count(8) == 0);
    CHECK(in.failed());
  }
  SUBCASE("bytes left over are not ok")
  {
    const std::string longer = bytes + "x";
    util::ByteReader in(longer);
    in.integer();
    in.text();
    in.flag();
    in.real();
    CHECK_FALSE(in.failed());
    CHECK_FALSE(in.ok());
  }
}
