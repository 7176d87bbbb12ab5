#pragma once

#include <string>
#include <string_view>

namespace report {

// A minimal streaming JSON writer: the reports only ever write, never read, JSON.
class JsonWriter
{
public:
  JsonWriter() = default;
  // Compact: everything on one line, as JSON Lines (rdjsonl) needs one value per line.
  explicit JsonWriter(bool compact) : m_compact(compact) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text)
  {
    return value(std::string_view(text));
  }
  JsonWriter& value(long long number);
  JsonWriter& value(int number)
  {
    return value(static_cast<long long>(number));
  }
  JsonWriter& value(size_t number)
  {
    return value(static_cast<long long>(number));
  }
  JsonWriter& value(bool flag);
  JsonWriter& null();

  const std::string& str() const
  {
    return m_out;
  }

private:
  void separate();
  void newline();

  std::string m_out;
  bool m_compact = false;
  int m_depth = 0;
  bool m_first = true;
  bool m_after_key = false;
};

// `text` as a quoted JSON string: control characters escaped, valid UTF-8 copied, and a byte that is not
// part of a valid UTF-8 sequence written as the text \xNN, so the document always parses.
std::string json_escape(std::string_view text);

} // namespace report
