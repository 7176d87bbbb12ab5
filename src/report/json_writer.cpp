#include "report/json_writer.hpp"

#include "util/utf8.hpp"

#include <fmt/format.h>

namespace report {

std::string json_escape(std::string_view text)
{
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      // JSON is UTF-8: a byte that is not part of a valid sequence is shown as the text \xNN (the
      // JSON string "\\xNN"), never copied.
      if (const auto code = util::decode_utf8(text, i)) {
        out.append(text, i, code->length);
        i += code->length;
      } else {
        out += fmt::format("\\\\x{:02x}", static_cast<unsigned char>(c));
        ++i;
      }
      continue;
    }
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
      } else {
        out += c;
      }
    }
    ++i;
  }
  out += '"';
  return out;
}

void JsonWriter::newline()
{
  if (m_compact) {
    return;
  }
  m_out += '\n';
  m_out.append(static_cast<size_t>(m_depth) * 2, ' ');
}

void JsonWriter::separate()
{
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (m_depth > 0) {
    if (!m_first) {
      m_out += ',';
    }
    newline();
  }
  m_first = false;
}

JsonWriter& JsonWriter::begin_object()
{
  separate();
  m_out += '{';
  ++m_depth;
  m_first = true;
  return *this;
}

JsonWriter& JsonWriter::end_object()
{
  --m_depth;
  if (!m_first) {
    newline();
  }
  m_out += '}';
  m_first = false;
  return *this;
}

JsonWriter& JsonWriter::begin_array()
{
  separate();
  m_out += '[';
  ++m_depth;
  m_first = true;
  return *this;
}

JsonWriter& JsonWriter::end_array()
{
  --m_depth;
  if (!m_first) {
    newline();
  }
  m_out += ']';
  m_first = false;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name)
{
  separate();
  m_out += json_escape(name);
  m_out += m_compact ? ":" : ": ";
  m_after_key = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text)
{
  separate();
  m_out += json_escape(text);
  return *this;
}

JsonWriter& JsonWriter::value(long long number)
{
  separate();
  m_out += std::to_string(number);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag)
{
  separate();
  m_out += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null()
{
  separate();
  m_out += "null";
  return *this;
}

} // namespace report
