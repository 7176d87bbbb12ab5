#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

namespace util {

// Fixed-width little-endian numbers and size-prefixed strings, for the caches under .git/rollout-audit.
class ByteWriter
{
public:
  void number(uint64_t value);
  void text(std::string_view value);
  void flag(bool value)
  {
    number(value ? 1 : 0);
  }
  void real(double value)
  {
    number(std::bit_cast<uint64_t>(value));
  }
  std::string take()
  {
    return std::move(m_bytes);
  }

private:
  std::string m_bytes;
};

// Reads what ByteWriter wrote. A read past the end or an implausible count leaves it failed and every
// later read yields zeros and empty strings, so a decoder runs to its end and is judged once, by ok().
class ByteReader
{
public:
  explicit ByteReader(std::string_view bytes) : m_bytes(bytes)
  {
  }
  // Everything read, and nothing left over.
  bool ok() const
  {
    return m_ok && m_position == m_bytes.size();
  }
  bool failed() const
  {
    return !m_ok;
  }
  uint64_t number();
  int integer()
  {
    return static_cast<int>(static_cast<int64_t>(number()));
  }
  bool flag()
  {
    return number() != 0;
  }
  double real()
  {
    return std::bit_cast<double>(number());
  }
  // A count of things each taking at least `least` bytes: more than the bytes left can hold is corruption.
  size_t count(size_t least);
  std::string text();
  size_t remaining() const
  {
    return m_bytes.size() - m_position;
  }
  // Passes over `size` bytes (a record another reader decodes); past the end fails.
  void skip(size_t size);

private:
  std::string_view m_bytes;
  size_t m_position = 0;
  bool m_ok = true;
};

} // namespace util
