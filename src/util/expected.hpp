#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace util {

// An error the caller is expected to handle: a message that already names file and line where there is one.
struct Failure
{
  std::string message;
};

// Expected-style result for the lower layers, which never throw for bad input (C++20 has no std::expected).
template<typename T> class Expected
{
public:
  Expected(T value) : m_value(std::move(value))
  {
  }
  Expected(Failure failure) : m_value(std::move(failure))
  {
  }

  bool has_value() const
  {
    return std::holds_alternative<T>(m_value);
  }
  explicit operator bool() const
  {
    return has_value();
  }
  const T& value() const&
  {
    assert(has_value());
    return std::get<T>(m_value);
  }
  T& value() &
  {
    assert(has_value());
    return std::get<T>(m_value);
  }
  T&& value() &&
  {
    assert(has_value());
    return std::get<T>(std::move(m_value));
  }
  const T& operator*() const&
  {
    return value();
  }
  const T* operator->() const
  {
    return &value();
  }
  const std::string& error() const
  {
    assert(!has_value());
    return std::get<Failure>(m_value).message;
  }

private:
  std::variant<T, Failure> m_value;
};

} // namespace util
