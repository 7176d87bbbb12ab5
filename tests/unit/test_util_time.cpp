#include "util/time.hpp"

#include <doctest/doctest.h>

TEST_CASE("parse_date")
{
  CHECK(util::parse_date("2025-10-21") == util::Date{2025, 10, 21});
  CHECK(util::parse_date("2024-02-29"));
  CHECK_FALSE(util::parse_date("2025-02-29"));
  CHECK_FALSE(util::parse_date("2025-13-01"));
  CHECK_FALSE(util::parse_date("2025-1-01"));
  CHECK_FALSE(util::parse_date("21/10/2025"));
}

TEST_CASE("parse_timestamp")
{
  CHECK(util::parse_timestamp("1970-01-02") == 86400);
  CHECK(util::parse_timestamp("2025-10-22T17:05:56Z") == 1761152756);
  CHECK(util::parse_timestamp("2025-10-22 17:05 UTC") == 1761152700);
  CHECK(util::parse_timestamp("2025-10-22T19:05:56+02:00") == 1761152756);
  CHECK(util::parse_timestamp("2025-10-22T17:05:56.250Z") == 1761152756);
  CHECK_FALSE(util::parse_timestamp("2025-10-22T25:00"));
  CHECK_FALSE(util::parse_timestamp("yesterday"));
}

TEST_CASE("format_timestamp")
{
  CHECK(util::format_timestamp(1761152756) == "2025-10-22T17:05:56Z");
  CHECK(util::format_timestamp(0) == "1970-01-01T00:00:00Z");
}

TEST_CASE("format_duration")
{
  CHECK(util::format_duration(93600) == "26h");
  CHECK(util::format_duration(5400) == "1h 30m");
  CHECK(util::format_duration(4 * 86400 + 3600) == "4d 1h");
  CHECK(util::format_duration(-7200) == "-2h");
}
