#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace util {

// Seconds since the Unix epoch, UTC. Every time in the audit is one of these.
using Timestamp = int64_t;

struct Date
{
  int year = 0;
  int month = 0;
  int day = 0;

  bool operator==(const Date&) const = default;
};

// A real calendar date written YYYY-MM-DD; 2025-02-30 is rejected.
std::optional<Date> parse_date(std::string_view text);

Timestamp to_timestamp(const Date& date);

// ISO 8601 as people write it in docs: "2025-10-22", "2025-10-22T17:05:56Z", "2025-10-22 17:05 UTC",
// "2025-10-22T17:05:56+02:00". Without a zone, UTC.
std::optional<Timestamp> parse_timestamp(std::string_view text);

std::string format_timestamp(Timestamp time);
std::string format_date(const Date& date);

// 93600 -> "26h", 5400 -> "1h 30m": for messages.
std::string format_duration(int64_t seconds);

} // namespace util
