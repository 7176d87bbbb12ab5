#include "util/binary.hpp"

namespace util {

void ByteWriter::number(uint64_t value)
{
  for (int i = 0; i < 8; ++i) {
    m_bytes.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  }
}

void ByteWriter::text(std::string_view value)
{
  number(value.size());
  m_bytes.append(value);
}

uint64_t ByteReader::number()
{
  if (!m_ok || m_bytes.size() - m_position < 8) {
    m_ok = false;
    return 0;
  }
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) {
    value |= static_cast<uint64_t>(static_cast<unsigned char>(m_bytes[m_position + static_cast<size_t>(i)])) << (8 * i);
  }
  m_position += 8;
  return value;
}

size_t ByteReader::count(size_t least)
{
  const uint64_t value = number();
  if (!m_ok || value > (m_bytes.size() - m_position) / (least == 0 ? 1 : least)) {
    m_ok = false;
    return 0;
  }
  return static_cast<size_t>(value);
}

std::string ByteReader::text()
{
  const size_t size = count(1);
  if (!m_ok) {
    return {};
  }
  std::string value(m_bytes.substr(m_position, size));
  m_position += size;
  return value;
}

void ByteReader::skip(size_t size)
{
  if (!m_ok || size > m_bytes.size() - m_position) {
    m_ok = false;
    return;
  }
  m_position += size;
}

} // namespace util
