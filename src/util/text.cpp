#include "util/text.hpp"

#include "util/utf8.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <fmt/format.h>

namespace util {

namespace {

bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char lower(char c)
{
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

} // namespace

std::string_view trim(std::string_view text)
{
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::string to_lower(std::string_view text)
{
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(), lower);
  return result;
}

bool contains_icase(std::string_view haystack, std::string_view needle)
{
  return to_lower(haystack).find(to_lower(needle)) != std::string::npos;
}

bool starts_with_icase(std::string_view text, std::string_view prefix)
{
  return text.size() >= prefix.size() && to_lower(text.substr(0, prefix.size())) == to_lower(prefix);
}

std::vector<std::string_view> split(std::string_view text, char separator)
{
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::vector<std::string_view> split_lines(std::string_view text)
{
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      lines.push_back(text.substr(start, i - start));
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      start = i + 1;
    }
  }
  if (start < text.size()) {
    lines.push_back(text.substr(start));
  }
  return lines;
}

std::string collapse_spaces(std::string_view text)
{
  std::string result(text);
  collapse_spaces_in_place(result);
  return result;
}

void collapse_spaces_in_place(std::string& text)
{
  // Runs of words are moved whole: this runs over every paragraph of every document.
  const size_t size = text.size();
  size_t read = 0;
  size_t write = 0;
  while (read < size && is_space(text[read])) {
    ++read;
  }
  while (read < size) {
    size_t end = read;
    while (end < size && !is_space(text[end])) {
      ++end;
    }
    if (write > 0) {
      text[write++] = ' ';
    }
    if (write != read) {
      std::char_traits<char>::move(text.data() + write, text.data() + read, end - read);
    }
    write += end - read;
    read = end;
    while (read < size && is_space(text[read])) {
      ++read;
    }
  }
  text.resize(write);
}

size_t append_collapsed(std::string& out, std::string_view text, bool& pending_space)
{
  // Words with single spaces between them are copied as one run: prose is mostly that, and this runs over
  // every text node of every document.
  size_t visible = 0;
  size_t i = 0;
  const size_t size = text.size();
  while (i < size) {
    if (is_space(text[i])) {
      pending_space = true;
      ++i;
      continue;
    }
    size_t end = i;
    while (end < size) {
      if (!is_space(text[end])) {
        ++visible;
        ++end;
      } else if (text[end] == ' ' && end + 1 < size && !is_space(text[end + 1])) {
        ++end;
      } else {
        break;
      }
    }
    if (pending_space && !out.empty()) {
      out += ' ';
    }
    pending_space = false;
    out.append(text.data() + i, end - i);
    i = end;
  }
  return visible;
}

std::string slugify(std::string_view text)
{
  // ASCII only and without the locale: this runs over every work-log entry, so it must be cheap.
  std::string result;
  result.reserve(text.size());
  bool pending_dash = false;
  for (char c : text) {
    const bool upper = c >= 'A' && c <= 'Z';
    if (upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (pending_dash && !result.empty()) {
        result += '-';
      }
      pending_dash = false;
      result += upper ? static_cast<char>(c - 'A' + 'a') : c;
    } else {
      pending_dash = true;
    }
  }
  return result;
}

std::optional<size_t> find_invalid_utf8(std::string_view text)
{
  size_t i = 0;
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  while (i < text.size()) {
    // ASCII eight bytes at a time: every file is checked once when it is read.
    while (i + 8 <= text.size()) {
      uint64_t word = 0;
      std::memcpy(&word, text.data() + i, sizeof word);
      if ((word & 0x8080808080808080ULL) != 0) {
        break;
      }
      i += 8;
    }
    if (i >= text.size()) {
      break;
    }
    const unsigned char c = byte(i);
    size_t length = 0;
    uint32_t code_point = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      length = 2;
      code_point = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      code_point = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      code_point = c & 0x07;
    } else {
      return i;
    }
    if (i + length > text.size()) {
      return i;
    }
    for (size_t k = 1; k < length; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) {
        return i;
      }
      code_point = (code_point << 6) | (byte(i + k) & 0x3F);
    }
    const bool overlong = (length == 2 && code_point < 0x80) || (length == 3 && code_point < 0x800)
                          || (length == 4 && code_point < 0x10000);
    const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
    if (overlong || surrogate || code_point > 0x10FFFF) {
      return i;
    }
    i += length;
  }
  return std::nullopt;
}

std::string shorten(std::string_view text, size_t max_characters)
{
  if (max_characters == 0) {
    return {};
  }
  size_t keep = 0; // bytes of the first max_characters - 1 characters: room is left for the "…"
  size_t count = 0;
  for (size_t at = 0; at < text.size(); at = next_grapheme(text, at), ++count) {
    if (count + 1 == max_characters) {
      keep = at;
    } else if (count == max_characters) {
      std::string_view kept = text.substr(0, keep);
      while (!kept.empty() && is_space(kept.back())) {
        kept.remove_suffix(1);
      }
      return std::string(kept) + "…";
    }
  }
  return std::string(text);
}

namespace {

// Appends one code point as printable() writes it, or returns false when it is written as it is.
bool escape_code_point(std::string& out, char32_t code, bool one_line)
{
  if (one_line) {
    switch (code) {
    case '\n':
      out += "\\n";
      return true;
    case '\r':
      out += "\\r";
      return true;
    case '\t':
      out += "\\t";
      return true;
    case 0x2028:
    case 0x2029:
      out += fmt::format("\\u{:04x}", static_cast<uint32_t>(code));
      return true;
    default:
      break;
    }
  }
  if ((code < 0x20 && code != '\n' && code != '\r' && code != '\t') || code == 0x7F) {
    out += fmt::format("\\x{:02x}", static_cast<uint32_t>(code));
    return true;
  }
  if (code >= 0x80 && code <= 0x9F) {
    out += fmt::format("\\u{:04x}", static_cast<uint32_t>(code));
    return true;
  }
  return false;
}

std::string escaped(std::string_view text, bool one_line)
{
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size();) {
    const auto code = decode_utf8(text, i);
    if (!code) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (!escape_code_point(out, code->value, one_line)) {
      out.append(text, i, code->length);
    }
    i += code->length;
  }
  return out;
}

bool needs_escape(std::string_view text, bool one_line)
{
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    // Anything outside printable ASCII takes the slow path: the common message is plain ASCII.
    if (byte < 0x20 || byte >= 0x7F) {
      if (byte >= 0x80 || one_line || (c != '\n' && c != '\r' && c != '\t')) {
        return true;
      }
    }
  }
  return false;
}

} // namespace

std::string printable(std::string_view text)
{
  return needs_escape(text, false) ? escaped(text, false) : std::string(text);
}

std::string one_line(std::string_view text)
{
  return needs_escape(text, true) ? escaped(text, true) : std::string(text);
}

int line_of_offset(std::string_view text, size_t offset)
{
  int line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
    }
  }
  return line;
}

size_t edit_distance(std::string_view a, std::string_view b)
{
  std::vector<size_t> previous(b.size() + 1);
  std::vector<size_t> current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    previous[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string> closest_match(std::string_view name, const std::vector<std::string>& candidates)
{
  std::optional<std::string> best;
  size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    const size_t distance = edit_distance(to_lower(name), to_lower(candidate));
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  // Like ninja's SpellcheckString: more than a third of the name wrong is not a typo.
  if (!best || best_distance > std::max<size_t>(2, name.size() / 3)) {
    return std::nullopt;
  }
  return best;
}

} // namespace util
