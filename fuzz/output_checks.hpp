#pragma once
// What the audit_formats fuzz target asserts about each format, written against the formats' own grammars
// (no library of ours is trusted to check its own output): a strict JSON parser that keeps the document
// for the SARIF checks, an XML 1.0 well-formedness check for JUnit, a tag-balance check for the HTML
// report, and the cell count of Markdown table rows as cmark-gfm splits them. Each returns an empty string
// when the text is good, else what is wrong.

#include "util/text.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz_support {

// ---- JSON (RFC 8259) ----------------------------------------------------------------------------------

struct Json
{
  enum class Kind { null, boolean, number, string, array, object } kind = Kind::null;
  std::string text; // a string's value
  std::vector<Json> items;
  std::map<std::string, Json> members;

  const Json* get(const std::string& key) const
  {
    const auto found = members.find(key);
    return kind == Kind::object && found != members.end() ? &found->second : nullptr;
  }
};

class JsonParser
{
public:
  explicit JsonParser(std::string_view text) : m_text(text)
  {
  }

  // The document, or nullptr with error() saying where it broke.
  std::unique_ptr<Json> parse()
  {
    auto value = std::make_unique<Json>();
    space();
    if (!read_value(*value, 0)) {
      return nullptr;
    }
    space();
    if (m_at != m_text.size()) {
      return fail("text after the document");
    }
    return value;
  }
  const std::string& error() const
  {
    return m_error;
  }

private:
  std::nullptr_t fail(const std::string& what)
  {
    if (m_error.empty()) {
      m_error = what + " at byte " + std::to_string(m_at);
    }
    return nullptr;
  }
  void space()
  {
    while (m_at < m_text.size() && (m_text[m_at] == ' ' || m_text[m_at] == '\n' || m_text[m_at] == '\r' || m_text[m_at] == '\t')) {
      ++m_at;
    }
  }
  bool literal(std::string_view word)
  {
    if (m_text.substr(m_at, word.size()) != word) {
      return false;
    }
    m_at += word.size();
    return true;
  }
  bool read_value(Json& value, int depth)
  {
    if (depth > 200 || m_at >= m_text.size()) {
      return fail("a value expected"), false;
    }
    const char c = m_text[m_at];
    if (c == '{') {
      return read_object(value, depth);
    }
    if (c == '[') {
      return read_array(value, depth);
    }
    if (c == '"') {
      value.kind = Json::Kind::string;
      return read_string(value.text);
    }
    if (literal("true") || literal("false")) {
      value.kind = Json::Kind::boolean;
      return true;
    }
    if (literal("null")) {
      return true;
    }
    value.kind = Json::Kind::number;
    return read_number();
  }
  bool read_number()
  {
    const size_t start = m_at;
    const auto digits = [&] {
      const size_t from = m_at;
      while (m_at < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_at]))) {
        ++m_at;
      }
      return m_at > from;
    };
    literal("-");
    if (!literal("0") && !digits()) {
      return fail("a bad number"), false;
    }
    if (literal(".") && !digits()) {
      return fail("a bad fraction"), false;
    }
    if (m_at < m_text.size() && (m_text[m_at] == 'e' || m_text[m_at] == 'E')) {
      ++m_at;
      if (!literal("+")) {
        literal("-");
      }
      if (!digits()) {
        return fail("a bad exponent"), false;
      }
    }
    return m_at > start;
  }
  bool read_string(std::string& out)
  {
    ++m_at; // the opening quote
    while (m_at < m_text.size()) {
      const auto byte = static_cast<unsigned char>(m_text[m_at]);
      if (byte == '"') {
        ++m_at;
        return true;
      }
      if (byte < 0x20) {
        return fail("a raw control character in a string"), false;
      }
      if (byte == '\\') {
        if (!read_escape(out)) {
          return false;
        }
        continue;
      }
      const auto code = util::decode_utf8(m_text, m_at);
      if (!code) {
        return fail("a string that is not UTF-8"), false;
      }
      out.append(m_text, m_at, code->length);
      m_at += code->length;
    }
    return fail("an unterminated string"), false;
  }
  bool read_escape(std::string& out)
  {
    if (m_at + 1 >= m_text.size()) {
      return fail("a cut escape"), false;
    }
    const char e = m_text[m_at + 1];
    static const std::string_view k_simple = "\"\\/bfnrt";
    if (k_simple.find(e) != std::string_view::npos) {
      out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b' : e == 'f' ? '\f' : e;
      m_at += 2;
      return true;
    }
    if (e != 'u' || m_at + 6 > m_text.size()) {
      return fail("an invalid escape"), false;
    }
    for (size_t k = 2; k < 6; ++k) {
      if (!std::isxdigit(static_cast<unsigned char>(m_text[m_at + k]))) {
        return fail("an invalid \\u escape"), false;
      }
    }
    out += '?'; // the checks never look at escaped characters' values
    m_at += 6;
    return true;
  }
  bool read_array(Json& value, int depth)
  {
    value.kind = Json::Kind::array;
    ++m_at;
    space();
    if (literal("]")) {
      return true;
    }
    while (true) {
      value.items.emplace_back();
      space();
      if (!read_value(value.items.back(), depth + 1)) {
        return false;
      }
      space();
      if (literal("]")) {
        return true;
      }
      if (!literal(",")) {
        return fail("',' or ']' expected"), false;
      }
    }
  }
  bool read_object(Json& value, int depth)
  {
    value.kind = Json::Kind::object;
    ++m_at;
    space();
    if (literal("}")) {
      return true;
    }
    while (true) {
      space();
      std::string key;
      if (m_at >= m_text.size() || m_text[m_at] != '"' || !read_string(key)) {
        return fail("a key expected"), false;
      }
      space();
      if (!literal(":")) {
        return fail("':' expected"), false;
      }
      space();
      if (!read_value(value.members[key], depth + 1)) {
        return false;
      }
      space();
      if (literal("}")) {
        return true;
      }
      if (!literal(",")) {
        return fail("',' or '}' expected"), false;
      }
    }
  }

  std::string_view m_text;
  size_t m_at = 0;
  std::string m_error;
};

// ---- SARIF 2.1.0: what the schema requires of what the tool writes -------------------------------------

inline std::string check_sarif_message(const Json* message, const std::string& where)
{
  if (!message || message->kind != Json::Kind::object) {
    return where + ": no message object";
  }
  const Json* text = message->get("text");
  const Json* id = message->get("id");
  return (text && text->kind == Json::Kind::string) || (id && id->kind == Json::Kind::string) ? "" : where + ": message without text or id";
}

inline std::string check_sarif_result(const Json& result, size_t rules, const std::string& where)
{
  if (auto fault = check_sarif_message(result.get("message"), where); !fault.empty()) {
    return fault;
  }
  static const std::set<std::string> k_levels{"none", "note", "warning", "error"};
  if (const Json* level = result.get("level"); level && (level->kind != Json::Kind::string || !k_levels.contains(level->text))) {
    return where + ": level not in the schema's enum";
  }
  if (const Json* index = result.get("ruleIndex"); index && (index->kind != Json::Kind::number || rules == 0)) {
    return where + ": ruleIndex without rules";
  }
  if (const Json* locations = result.get("locations")) {
    for (const Json& location : locations->items) {
      const Json* physical = location.get("physicalLocation");
      const Json* artifact = physical ? physical->get("artifactLocation") : nullptr;
      const Json* uri = artifact ? artifact->get("uri") : nullptr;
      if (!uri || uri->kind != Json::Kind::string) {
        return where + ": a location without physicalLocation.artifactLocation.uri";
      }
    }
  }
  return "";
}

inline std::string check_sarif(const Json& log)
{
  const Json* version = log.get("version");
  const Json* runs = log.get("runs");
  if (!version || version->text != "2.1.0" || !runs || runs->kind != Json::Kind::array || runs->items.size() != 1) {
    return "sarif: version 2.1.0 and one run required";
  }
  const Json& run = runs->items[0];
  const Json* tool = run.get("tool");
  const Json* driver = tool ? tool->get("driver") : nullptr;
  const Json* name = driver ? driver->get("name") : nullptr;
  if (!name || name->kind != Json::Kind::string) {
    return "sarif: run.tool.driver.name required";
  }
  size_t rules = 0;
  if (const Json* list = driver->get("rules")) {
    for (const Json& rule : list->items) {
      if (!rule.get("id") || rule.get("id")->kind != Json::Kind::string) {
        return "sarif: a rule without id";
      }
      ++rules;
    }
  }
  if (const Json* invocations = run.get("invocations")) {
    for (const Json& invocation : invocations->items) {
      if (!invocation.get("executionSuccessful") || invocation.get("executionSuccessful")->kind != Json::Kind::boolean) {
        return "sarif: invocation without executionSuccessful";
      }
      if (const Json* notes = invocation.get("toolExecutionNotifications")) {
        for (const Json& note : notes->items) {
          if (auto fault = check_sarif_message(note.get("message"), "sarif: notification"); !fault.empty()) {
            return fault;
          }
        }
      }
    }
  }
  if (const Json* results = run.get("results")) {
    for (const Json& result : results->items) {
      if (auto fault = check_sarif_result(result, rules, "sarif: result"); !fault.empty()) {
        return fault;
      }
    }
  }
  return "";
}

// ---- XML 1.0 well-formedness (JUnit) ------------------------------------------------------------------

inline bool xml_char(char32_t c)
{
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

inline bool xml_name_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.';
}

// An entity or character reference at `at` (which holds '&'); returns its length, 0 when malformed.
inline size_t markup_reference(std::string_view text, size_t at, bool html)
{
  const size_t end = text.find(';', at);
  if (end == std::string_view::npos || end - at > 12) {
    return 0;
  }
  const std::string_view name = text.substr(at + 1, end - at - 1);
  static const std::set<std::string_view> k_xml{"amp", "lt", "gt", "quot", "apos"};
  if (name.size() > 1 && name[0] == '#') {
    const bool hex = name[1] == 'x';
    const std::string_view digits = name.substr(hex ? 2 : 1);
    for (char c : digits) {
      if (!(hex ? std::isxdigit(static_cast<unsigned char>(c)) : std::isdigit(static_cast<unsigned char>(c)))) {
        return 0;
      }
    }
    return digits.empty() ? 0 : end - at + 1;
  }
  const bool known = k_xml.contains(name) || (html && !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
                                               return std::isalnum(static_cast<unsigned char>(c));
                                             }));
  return known ? end - at + 1 : 0;
}

// One tag at `at` ('<'): its name (with a leading '/' for an end tag) and whether it closes itself;
// the tag's length is 0 when it is malformed.
struct Tag
{
  std::string name;
  bool self_closing = false;
  size_t length = 0;
};

inline Tag read_tag(std::string_view text, size_t at, bool html)
{
  Tag tag;
  size_t i = at + 1;
  if (i < text.size() && text[i] == '/') {
    tag.name = "/";
    ++i;
  }
  const size_t name_start = i;
  while (i < text.size() && xml_name_char(text[i])) {
    ++i;
  }
  if (i == name_start) {
    return tag;
  }
  tag.name += std::string(text.substr(name_start, i - name_start));
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r')) {
      ++i;
    }
    if (i < text.size() && text[i] == '>') {
      tag.length = i + 1 - at;
      return tag;
    }
    if (text.substr(i, 2) == "/>") {
      tag.self_closing = true;
      tag.length = i + 2 - at;
      return tag;
    }
    const size_t attribute = i;
    while (i < text.size() && xml_name_char(text[i])) {
      ++i;
    }
    if (i == attribute || tag.name[0] == '/') {
      return tag;
    }
    if (html && (i >= text.size() || text[i] != '=')) {
      continue; // a boolean attribute
    }
    if (text.substr(i, 2) != "=\"") {
      return tag;
    }
    const size_t close = text.find('"', i + 2);
    if (close == std::string_view::npos) {
      return tag;
    }
    const std::string_view value = text.substr(i + 2, close - i - 2);
    for (size_t k = 0; k < value.size(); ++k) {
      if (value[k] == '<' || (value[k] == '&' && markup_reference(value, k, html) == 0)) {
        return tag;
      }
    }
    i = close + 1;
  }
  return tag;
}

// Elements nest and close, every '<' starts markup, every '&' a reference, every character is one XML
// allows (HTML: the same, with its void elements and raw-text <style>).
inline std::string check_markup(std::string_view text, bool html)
{
  if (const auto invalid = util::find_invalid_utf8(text)) {
    return "not UTF-8 at byte " + std::to_string(*invalid);
  }
  static const std::set<std::string> k_void{"meta", "br", "link", "hr", "img", "input", "wbr"};
  std::vector<std::string> open;
  bool root_closed = false;
  for (size_t i = 0; i < text.size();) {
    const auto code = util::decode_utf8(text, i);
    if (!xml_char(code->value) || (html && code->value != '\n' && code->value != '\t' && code->value != '\r' && (code->value < 0x20 || code->value == 0x7F))) {
      return "a character markup does not allow at byte " + std::to_string(i);
    }
    if (text[i] == '&') {
      const size_t length = markup_reference(text, i, html);
      if (length == 0) {
        return "a bare '&' at byte " + std::to_string(i);
      }
      i += length;
      continue;
    }
    if (text[i] != '<') {
      i += code->length;
      continue;
    }
    for (const auto& [start, end] : {std::pair<std::string_view, std::string_view>{"<?", "?>"}, {"<!--", "-->"}, {"<!DOCTYPE", ">"}}) {
      if (text.substr(i, start.size()) == start) {
        const size_t close = text.find(end, i + start.size());
        if (close == std::string_view::npos) {
          return "unclosed markup declaration";
        }
        i = close + end.size();
        goto next;
      }
    }
    {
      const Tag tag = read_tag(text, i, html);
      if (tag.length == 0) {
        return "a malformed tag at byte " + std::to_string(i);
      }
      i += tag.length;
      if (tag.name[0] == '/') {
        if (open.empty() || open.back() != tag.name.substr(1)) {
          return "</" + tag.name.substr(1) + "> closes " + (open.empty() ? std::string("nothing") : "<" + open.back() + ">");
        }
        open.pop_back();
        root_closed = open.empty();
      } else if (root_closed && !html) {
        return "a second root element";
      } else if (html && tag.name == "style") {
        const size_t close = text.find("</style>", i);
        if (close == std::string_view::npos) {
          return "unclosed <style>";
        }
        i = close + 8;
      } else if (!tag.self_closing && !(html && k_void.contains(tag.name))) {
        open.push_back(tag.name);
      }
    }
  next:;
  }
  return open.empty() ? "" : "<" + open.back() + "> is never closed";
}

// ---- Markdown tables as cmark-gfm splits them ---------------------------------------------------------

// The cell separators of a table row: '|' not escaped by a backslash (cmark-gfm's scanner reads a
// backslash and any ASCII punctuation as one escaped character).
inline size_t table_pipes(std::string_view line)
{
  size_t pipes = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && std::ispunct(static_cast<unsigned char>(line[i + 1]))) {
      ++i;
    } else if (line[i] == '|') {
      ++pipes;
    }
  }
  return pipes;
}

// Every row of a table has its header's cells, and nothing but an empty line or another row follows a row.
inline std::string check_markdown_tables(std::string_view text)
{
  if (const auto invalid = util::find_invalid_utf8(text)) {
    return "not UTF-8 at byte " + std::to_string(*invalid);
  }
  size_t header = 0;
  for (std::string_view line : util::split_lines(text)) {
    const bool row = line.starts_with("| ");
    if (header > 0 && !row && !line.empty()) {
      return "a line breaks into a table: " + std::string(line.substr(0, 80));
    }
    if (!row) {
      header = 0;
      continue;
    }
    if (header == 0) {
      header = table_pipes(line);
    } else if (table_pipes(line) != header) {
      return "a row with other cells than its header: " + std::string(line.substr(0, 120));
    }
  }
  return "";
}

} // namespace fuzz_support
