#include "util/time.hpp"

#include "util/text.hpp"

#include <charconv>
#include <fmt/format.h>

namespace util {

namespace {

bool parse_int(std::string_view text, int& out)
{
  if (text.empty()) {
    return false;
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

bool is_leap(int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month)
{
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : k_days[month - 1];
}

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
int64_t days_from_civil(int y, int m, int d)
{
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(int64_t z)
{
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Date{static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

} // namespace

std::optional<Date> parse_date(std::string_view text)
{
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  Date date;
  if (!parse_int(text.substr(0, 4), date.year) || !parse_int(text.substr(5, 2), date.month)
      || !parse_int(text.substr(8, 2), date.day)) {
    return std::nullopt;
  }
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > days_in_month(date.year, date.month)) {
    return std::nullopt;
  }
  return date;
}

Timestamp to_timestamp(const Date& date)
{
  return days_from_civil(date.year, date.month, date.day) * 86400;
}

std::optional<Timestamp> parse_timestamp(std::string_view text)
{
  text = trim(text);
  const auto date = parse_date(text.substr(0, std::min<size_t>(10, text.size())));
  if (!date) {
    return std::nullopt;
  }
  Timestamp result = to_timestamp(*date);
  std::string_view rest = text.substr(10);
  if (rest.empty()) {
    return result;
  }
  if (rest[0] != 'T' && rest[0] != ' ') {
    return std::nullopt;
  }
  rest.remove_prefix(1);
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (rest.size() < 5 || rest[2] != ':' || !parse_int(rest.substr(0, 2), hour)
      || !parse_int(rest.substr(3, 2), minute)) {
    return std::nullopt;
  }
  rest.remove_prefix(5);
  if (rest.size() >= 3 && rest[0] == ':') {
    if (!parse_int(rest.substr(1, 2), second)) {
      return std::nullopt;
    }
    rest.remove_prefix(3);
    if (!rest.empty() && rest[0] == '.') { // fractions of a second do not matter here
      rest.remove_prefix(1);
      while (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') {
        rest.remove_prefix(1);
      }
    }
  }
  if (hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  result += hour * 3600 + minute * 60 + second;
  rest = trim(rest);
  if (rest.empty() || rest == "Z" || rest == "UTC" || rest == "GMT") {
    return result;
  }
  if ((rest[0] == '+' || rest[0] == '-') && rest.size() == 6 && rest[3] == ':') {
    int offset_hours = 0;
    int offset_minutes = 0;
    if (!parse_int(rest.substr(1, 2), offset_hours) || !parse_int(rest.substr(4, 2), offset_minutes)) {
      return std::nullopt;
    }
    const int offset = offset_hours * 3600 + offset_minutes * 60;
    return rest[0] == '+' ? result - offset : result + offset;
  }
  return std::nullopt;
}

std::string format_timestamp(Timestamp time)
{
  const int64_t days = time >= 0 ? time / 86400 : (time - 86399) / 86400;
  const int64_t seconds = time - days * 86400;
  const Date date = civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                     date.year,
                     date.month,
                     date.day,
                     seconds / 3600,
                     (seconds / 60) % 60,
                     seconds % 60);
}

std::string format_date(const Date& date)
{
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

std::string format_duration(int64_t seconds)
{
  const bool negative = seconds < 0;
  if (negative) {
    seconds = -seconds;
  }
  const int64_t days = seconds / 86400;
  const int64_t hours = (seconds % 86400) / 3600;
  const int64_t minutes = (seconds % 3600) / 60;
  std::string result;
  if (days >= 3) {
    result = hours ? fmt::format("{}d {}h", days, hours) : fmt::format("{}d", days);
  } else if (days * 24 + hours > 0) {
    const int64_t total_hours = days * 24 + hours;
    result = minutes ? fmt::format("{}h {}m", total_hours, minutes) : fmt::format("{}h", total_hours);
  } else {
    result = fmt::format("{}m", minutes);
  }
  return negative ? "-" + result : result;
}

} // namespace util
