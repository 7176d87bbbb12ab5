#include "markdown/document.hpp"

#include "util/text.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <mutex>
#include <optional>

namespace markdown {

namespace {

constexpr std::array<const char*, 4> k_extensions = {"tasklist", "table", "strikethrough", "autolink"};

constexpr std::array<std::string_view, 17> k_document_extensions = {
  ".md", ".markdown", ".yaml", ".yml", ".json", ".txt", ".csv", ".log", ".png",
  ".jpg", ".jpeg", ".gif", ".pdf", ".html", ".xml", ".toml", ".mdx",
};


struct ParserDeleter
{
  void operator()(cmark_parser* parser) const
  {
    cmark_parser_free(parser);
  }
};

struct NodeDeleter
{
  void operator()(cmark_node* node) const
  {
    cmark_node_free(node);
  }
};

struct IterDeleter
{
  void operator()(cmark_iter* iter) const
  {
    cmark_iter_free(iter);
  }
};

using ParserPtr = std::unique_ptr<cmark_parser, ParserDeleter>;
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;
using IterPtr = std::unique_ptr<cmark_iter, IterDeleter>;

// The body's lines, split only when a reference needs its column: most blocks name no path.
class SourceLines
{
public:
  explicit SourceLines(const SplitDocument& split) : m_blank_lines(split.blank_lines), m_rest(split.rest) {}

  // 1-based; nullopt past the end.
  std::optional<std::string_view> line(int number) const
  {
    if (number <= 0) {
      return std::nullopt;
    }
    if (number <= m_blank_lines) {
      return std::string_view();
    }
    if (!m_split) {
      m_lines = util::split_lines(m_rest);
      m_split = true;
    }
    const auto index = static_cast<size_t>(number - m_blank_lines - 1);
    return index < m_lines.size() ? std::optional(m_lines[index]) : std::nullopt;
  }

private:
  int m_blank_lines = 0;
  std::string_view m_rest;
  mutable std::vector<std::string_view> m_lines;
  mutable bool m_split = false;
};

bool is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

bool is_letter(char c)
{
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

// cmark-gfm 0.29 keeps the table of special inline characters in a global that cmark_parser_finish fills
// with the extensions' characters and empties again when it is done (process_inlines in blocks.c): a
// parse finishing on another thread meanwhile would lose "~" and the autolink triggers. Only that step is
// taken one at a time; block parsing and reading the tree run in parallel.
std::mutex& inline_parse_mutex()
{
  static std::mutex k_mutex;
  return k_mutex;
}

NodePtr parse_markdown(const SplitDocument& split)
{
  // A function-local static makes the global registration safe when documents are parsed in parallel.
  static const bool registered = (cmark_gfm_core_extensions_ensure_registered(), true);
  (void)registered;
  ParserPtr parser(cmark_parser_new(CMARK_OPT_SOURCEPOS));
  for (const char* name : k_extensions) {
    if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), extension);
    }
  }
  static constexpr std::string_view k_newlines = "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n";
  for (size_t left = static_cast<size_t>(split.blank_lines); left > 0;) {
    const size_t chunk = std::min(left, k_newlines.size());
    cmark_parser_feed(parser.get(), k_newlines.data(), chunk);
    left -= chunk;
  }
  cmark_parser_feed(parser.get(), split.rest.data(), split.rest.size());
  const std::lock_guard lock(inline_parse_mutex());
  return NodePtr(cmark_parser_finish(parser.get()));
}

std::string_view type_name(cmark_node* node)
{
  const char* name = cmark_node_get_type_string(node);
  return name ? std::string_view(name) : std::string_view();
}

std::string_view literal_of(cmark_node* node)
{
  const char* literal = cmark_node_get_literal(node);
  return literal ? std::string_view(literal) : std::string_view();
}

int hex_value(char c)
{
  if (is_digit(c)) {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// cmark percent-encodes link destinations ("<my file.md>" becomes "my%20file.md"); references name files.
std::string percent_decode(std::string_view text)
{
  std::string result;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      result += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      result += text[i];
    }
  }
  return result;
}

// "mailto:", "tel:", "https:" and the like; a path never has a colon before its first slash.
bool has_scheme(std::string_view url)
{
  const size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon < 2 || !is_letter(url.front())) {
    return false;
  }
  return std::all_of(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
    return is_letter(c) || is_digit(c) || c == '+' || c == '.' || c == '-';
  });
}

std::optional<std::string> link_target(std::string_view url)
{
  if (url.find("://") != std::string_view::npos || has_scheme(url)) {
    return std::nullopt;
  }
  const size_t hash = url.find('#');
  if (hash != std::string_view::npos) {
    url = url.substr(0, hash);
  }
  if (url.empty()) {
    return std::nullopt;
  }
  std::string target = percent_decode(url);
  if (!looks_like_path(target)) {
    return std::nullopt;
  }
  return target;
}

// Where the paragraph's text starts on a continuation line: after the block quote markers and indentation.
int content_column(std::string_view line)
{
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '>')) {
    ++i;
  }
  return static_cast<int>(i) + 1;
}

// cmark-gfm 0.29 places the inlines of a paragraph's continuation lines as if those lines had the first
// line's indentation ("- [ ] a\n  `b`" puts `b` four columns too far right), and puts code spans after their
// backticks. Both are re-derived from the source line so findings point at the backtick or bracket.
int inline_column(const SourceLines& lines, cmark_node* block, cmark_node* node, int line)
{
  int column = cmark_node_get_start_column(node);
  if (column <= 0) {
    return std::max(cmark_node_get_start_column(block), 1);
  }
  const std::optional<std::string_view> found = lines.line(line);
  if (!found) {
    return column;
  }
  const std::string_view source = *found;
  if (line != cmark_node_get_start_line(block)) {
    column = content_column(source) + (column - cmark_node_get_start_column(block));
  }
  if (cmark_node_get_type(node) == CMARK_NODE_CODE) {
    size_t position = static_cast<size_t>(std::max(column, 1)) - 1;
    if (position > 0 && position <= source.size() && source[position - 1] == ' ') {
      --position;
    }
    size_t backtick = position;
    while (backtick > 0 && backtick <= source.size() && source[backtick - 1] == '`') {
      --backtick;
    }
    if (backtick != position) {
      column = static_cast<int>(backtick) + 1;
    }
  }
  return std::max(column, 1);
}

struct InlineText
{
  bool keep_raw = true; // raw_text is wanted (task items' paragraphs) and built
  bool pending_space = false;
  std::string text;     // spaces collapsed as it is built
  std::string raw_text; // the same with inline code in backticks, for task items; collapsed by the caller
  std::vector<Reference> references;
  std::vector<HtmlComment> comments;
  std::vector<LineStart> later_lines;
  size_t plain_chars = 0; // non-blank characters outside strikethrough
  size_t struck_chars = 0;
};

void append_text(InlineText& result, std::string_view text, bool struck)
{
  const size_t visible = util::append_collapsed(result.text, text, result.pending_space);
  if (result.keep_raw) {
    result.raw_text += text;
  }
  (struck ? result.struck_chars : result.plain_chars) += visible;
}

void append_code(InlineText& result, std::string_view code, bool struck)
{
  const size_t raw_start = result.raw_text.size();
  append_text(result, code, struck);
  if (!result.keep_raw) {
    return;
  }
  const bool has_backtick = code.find('`') != std::string_view::npos;
  result.raw_text.insert(raw_start, has_backtick ? "`` " : "`");
  result.raw_text += has_backtick ? " ``" : "`";
}

// `words` is collapsed already; an empty paragraph adds nothing, as it added only spaces before.
void append_words(std::string& text, std::string_view words)
{
  if (words.empty()) {
    return;
  }
  if (!text.empty()) {
    text += ' ';
  }
  text += words;
}

void collect_comments(std::string_view html, int first_line, std::vector<HtmlComment>& comments)
{
  size_t start = html.find("<!--");
  while (start != std::string_view::npos) {
    const size_t inner = start + 4;
    const size_t end = html.find("-->", inner);
    HtmlComment comment;
    comment.line = first_line + util::line_of_offset(html, start) - 1;
    comment.text = std::string(util::trim(html.substr(inner, end == std::string_view::npos ? end : end - inner)));
    comments.push_back(std::move(comment));
    if (end == std::string_view::npos) {
      return;
    }
    start = html.find("<!--", end + 3);
  }
}

Reference make_reference(
  const SourceLines& lines, cmark_node* block, cmark_node* node, std::string target, bool from_link)
{
  Reference reference;
  reference.target = std::move(target);
  reference.line = cmark_node_get_start_line(node);
  if (reference.line <= 0) {
    reference.line = cmark_node_get_start_line(block);
  }
  reference.column = inline_column(lines, block, node, reference.line);
  reference.from_link = from_link;
  return reference;
}

// Plain text, references and comments of one leaf block (paragraph, heading, table cell). `skip` drops the
// first characters of the first text: the "[ ]" of a task item cmark-gfm did not recognise itself.
InlineText extract_inline(const SourceLines& lines, cmark_node* block, size_t skip, bool keep_raw)
{
  InlineText result;
  result.keep_raw = keep_raw;
  IterPtr iter(cmark_iter_new(block));
  int struck = 0;
  int image = 0;
  int code_end_line = 0;
  cmark_event_type event;
  while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    if (node == block) {
      continue;
    }
    const bool enter = event == CMARK_EVENT_ENTER;
    if (type_name(node) == "strikethrough") {
      struck += enter ? 1 : -1;
      continue;
    }
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_TEXT:
      append_text(result, literal_of(node).substr(std::min(skip, literal_of(node).size())), struck > 0);
      break;
    case CMARK_NODE_CODE:
      append_code(result, literal_of(node), struck > 0);
      code_end_line = std::max(code_end_line, cmark_node_get_end_line(node));
      if (image == 0 && looks_like_path(literal_of(node))) {
        result.references.push_back(make_reference(lines, block, node, std::string(literal_of(node)), false));
      }
      break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK: {
      append_text(result, " ", struck > 0);
      // cmark-gfm 0.29 gives breaks no line: the next line follows the previous one, or a code span that ran
      // over lines before the break (a link whose destination runs over lines is not accounted for).
      const int previous = result.later_lines.empty() ? cmark_node_get_start_line(block) : result.later_lines.back().line;
      result.later_lines.push_back({std::max(previous, code_end_line) + 1, result.text.size()});
      break;
    }
    case CMARK_NODE_HTML_INLINE:
      collect_comments(literal_of(node), cmark_node_get_start_line(node), result.comments);
      break;
    case CMARK_NODE_IMAGE:
      image += enter ? 1 : -1;
      [[fallthrough]];
    case CMARK_NODE_LINK:
      if (enter) {
        const char* url = cmark_node_get_url(node);
        if (auto target = link_target(url ? url : "")) {
          result.references.push_back(make_reference(lines, block, node, std::move(*target), true));
        }
      }
      break;
    default:
      break;
    }
    skip = 0;
  }
  return result;
}

// cmark-gfm's "spacechar", which its tasklist scanner allows between the marker and the box.
bool is_space_char(char c)
{
  return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

// The character in the box of an item cmark-gfm's tasklist extension recognised, read from the item's line
// at its list marker: cmark-gfm 0.29 ticks an item when "[x]" or "[X]" stands anywhere on that line, so
// "- [ ] call me [x] later" would be ticked. The extension only accepts lines reading "<blanks><marker>
// <blanks>[?]", so the box is the first thing after the marker; nullopt if the line says otherwise.
std::optional<char> box_character(const SourceLines& lines, int line_number, int marker_column)
{
  const std::optional<std::string_view> found = lines.line(line_number);
  if (!found || marker_column <= 0) {
    return std::nullopt;
  }
  const std::string_view line = *found;
  size_t at = static_cast<size_t>(marker_column) - 1;
  if (at < line.size() && (line[at] == '-' || line[at] == '+' || line[at] == '*')) {
    ++at;
  } else {
    const size_t digits = at;
    while (at < line.size() && is_digit(line[at])) {
      ++at;
    }
    if (at == digits || at >= line.size() || (line[at] != '.' && line[at] != ')')) {
      return std::nullopt;
    }
    ++at;
  }
  const size_t marker_end = at;
  while (at < line.size() && is_space_char(line[at])) {
    ++at;
  }
  if (at == marker_end || at + 2 >= line.size() || line[at] != '[' || line[at + 2] != ']') {
    return std::nullopt;
  }
  const char box = line[at + 1];
  if (box != ' ' && box != 'x' && box != 'X') {
    return std::nullopt;
  }
  return box;
}

// cmark-gfm 0.29.0.gfm.6 does not recognise "- [ ]" inside block quotes, so an ordinary item whose text
// opens with a box is read as a task item here; nullopt when it is not one.
std::optional<bool> unrecognised_task_marker(cmark_node* item)
{
  cmark_node* paragraph = cmark_node_first_child(item);
  if (!paragraph || cmark_node_get_type(paragraph) != CMARK_NODE_PARAGRAPH) {
    return std::nullopt;
  }
  cmark_node* text = cmark_node_first_child(paragraph);
  if (!text || cmark_node_get_type(text) != CMARK_NODE_TEXT) {
    return std::nullopt;
  }
  const std::string_view literal = literal_of(text);
  if (literal.size() < 3 || literal[0] != '[' || literal[2] != ']') {
    return std::nullopt;
  }
  const char box = literal[1];
  if (box != ' ' && box != 'x' && box != 'X') {
    return std::nullopt;
  }
  const bool followed_by_text = literal.size() > 3 && (literal[3] == ' ' || literal[3] == '\t');
  cmark_node* next = cmark_node_next(text);
  const bool followed_by_break = literal.size() == 3 && next
                                 && (cmark_node_get_type(next) == CMARK_NODE_SOFTBREAK
                                     || cmark_node_get_type(next) == CMARK_NODE_LINEBREAK);
  if (!followed_by_text && !followed_by_break) {
    return std::nullopt;
  }
  return box != ' ';
}

} // namespace

int parse_section_number(std::string_view title)
{
  const std::string_view rest = util::trim(title);
  size_t digits = 0;
  while (digits < rest.size() && is_digit(rest[digits])) {
    ++digits;
  }
  if (digits == 0 || digits > 6) {
    return -1;
  }
  const std::string_view after = rest.substr(digits);
  const bool separated = after.empty() || after.front() == ' ' || after.front() == '\t'
                         || ((after.front() == '.' || after.front() == ')' || after.front() == ':')
                             && (after.size() == 1 || is_blank(after[1])));
  return separated ? std::stoi(std::string(rest.substr(0, digits))) : -1;
}

namespace {

bool is_path_char(char c)
{
  return is_letter(c) || is_digit(c) || c == '.' || c == '_' || c == '-' || static_cast<unsigned char>(c) >= 0x80;
}

bool has_document_extension(std::string_view text)
{
  const std::string lower = util::to_lower(text);
  return std::any_of(k_document_extensions.begin(), k_document_extensions.end(), [&](std::string_view extension) {
    return lower.size() > extension.size() && lower.ends_with(extension);
  });
}

class DocumentBuilder
{
public:
  DocumentBuilder(Document& document, const SplitDocument& split, const ParseOptions& options);

  void build(cmark_node* root);

private:
  struct OpenItem
  {
    cmark_node* node = nullptr;
    int task = -1;         // index in m_document.items, -1 for a plain list item
    int nearest_task = -1; // the innermost task item at or above this one
    bool unrecognised_marker = false;
    size_t plain_chars = 0;
    size_t struck_chars = 0;
  };

  bool enter(cmark_node* node);
  void leave(cmark_node* node);
  void enter_heading(cmark_node* node);
  void enter_item(cmark_node* node);
  void leave_item();
  void enter_paragraph(cmark_node* node);
  void enter_code_block(cmark_node* node);
  void enter_html_block(cmark_node* node);
  void enter_table(cmark_node* node);
  void enter_table_row(cmark_node* node);
  OpenItem* owning_task(cmark_node* node);
  InlineText take_inline(cmark_node* block, size_t skip = 0, bool keep_raw = false);
  void add_block(TextBlock block);

  Document& m_document;
  SourceLines m_lines;
  std::vector<int> m_section_stack;
  std::vector<OpenItem> m_open_items;
  int m_section = -1;
  int m_table = -1;
  int m_list_depth = 0;
  std::vector<int> m_lists; // the open lists, innermost last: indices into m_document.lists
  int m_quote_depth = 0;
  int m_max_nesting = 0;
  bool m_nesting_noted = false;
};

DocumentBuilder::DocumentBuilder(Document& document, const SplitDocument& split, const ParseOptions& options)
  : m_document(document),
    m_lines(split),
    m_max_nesting(options.max_nesting)
{
}

// Iterative on purpose: a hostile file nests block quotes or lists a hundred thousand deep.
void DocumentBuilder::build(cmark_node* root)
{
  IterPtr iter(cmark_iter_new(root));
  cmark_event_type event;
  while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    if (event == CMARK_EVENT_EXIT) {
      leave(node);
    } else if (enter(node)) {
      cmark_iter_reset(iter.get(), node, CMARK_EVENT_EXIT);
    }
  }
}

// Returns whether the node's subtree has been read already and must be skipped.
bool DocumentBuilder::enter(cmark_node* node)
{
  switch (cmark_node_get_type(node)) {
  case CMARK_NODE_HEADING:
    enter_heading(node);
    return true;
  case CMARK_NODE_PARAGRAPH:
    enter_paragraph(node);
    return true;
  case CMARK_NODE_BLOCK_QUOTE:
    ++m_quote_depth;
    return false;
  case CMARK_NODE_LIST:
    ++m_list_depth;
    m_lists.push_back(static_cast<int>(m_document.lists.size()));
    m_document.lists.push_back({cmark_node_get_start_line(node), 0, 0});
    return false;
  case CMARK_NODE_ITEM:
    enter_item(node);
    return false;
  case CMARK_NODE_CODE_BLOCK:
    enter_code_block(node);
    return false;
  case CMARK_NODE_HTML_BLOCK:
    enter_html_block(node);
    return false;
  default:
    break;
  }
  const std::string_view type = type_name(node);
  if (type == "table") {
    enter_table(node);
  } else if (type == "table_header" || type == "table_row") {
    enter_table_row(node);
    return true;
  }
  return false;
}

void DocumentBuilder::leave(cmark_node* node)
{
  switch (cmark_node_get_type(node)) {
  case CMARK_NODE_BLOCK_QUOTE:
    --m_quote_depth;
    break;
  case CMARK_NODE_LIST:
    --m_list_depth;
    if (!m_lists.empty()) {
      m_lists.pop_back();
    }
    break;
  case CMARK_NODE_ITEM:
    leave_item();
    break;
  default:
    break;
  }
}

void DocumentBuilder::enter_heading(cmark_node* node)
{
  Section section;
  section.level = cmark_node_get_heading_level(node);
  section.title = take_inline(node).text;
  section.line = cmark_node_get_start_line(node);
  section.number = parse_section_number(section.title);
  while (!m_section_stack.empty() && m_document.sections[m_section_stack.back()].level >= section.level) {
    m_section_stack.pop_back();
  }
  section.parent = m_section_stack.empty() ? -1 : m_section_stack.back();
  m_section = static_cast<int>(m_document.sections.size());
  m_section_stack.push_back(m_section);
  TextBlock block;
  block.line = section.line;
  block.section = m_section;
  block.text = section.title;
  block.kind = BlockKind::heading;
  block.column = cmark_node_get_start_column(node);
  add_block(std::move(block));
  m_document.sections.push_back(std::move(section));
}

void DocumentBuilder::enter_item(cmark_node* node)
{
  OpenItem open;
  open.node = node;
  open.nearest_task = m_open_items.empty() ? -1 : m_open_items.back().nearest_task;
  List* list = m_lists.empty() ? nullptr : &m_document.lists[static_cast<size_t>(m_lists.back())];
  if (list) {
    ++list->items;
  }
  if (m_list_depth + m_quote_depth > m_max_nesting) {
    if (!m_nesting_noted) {
      m_nesting_noted = true;
      m_document.notes.push_back(
        {cmark_node_get_start_line(node),
         fmt::format("lists and block quotes nested deeper than {} levels (limits.max_nesting); the task items inside "
                     "are not audited",
                     m_max_nesting)});
    }
    m_open_items.push_back(open); // a plain item, so leave_item pops what it pushed
    return;
  }
  std::optional<bool> ticked;
  if (type_name(node) == "tasklist") {
    const std::optional<char> box =
      box_character(m_lines, cmark_node_get_start_line(node), cmark_node_get_start_column(node));
    // cmark-gfm's own answer only if the line shows no box where its scanner found one, which should not
    // happen: that answer is the line search.
    ticked = box ? *box != ' ' : cmark_gfm_extensions_get_tasklist_item_checked(node);
  } else {
    ticked = unrecognised_task_marker(node);
    open.unrecognised_marker = ticked.has_value();
  }
  if (ticked) {
    if (list) {
      ++list->task_items;
    }
    TaskItem item;
    item.line = cmark_node_get_start_line(node);
    item.column = cmark_node_get_start_column(node);
    item.ticked = *ticked;
    item.section = m_section;
    item.parent_item = open.nearest_task;
    item.depth = std::max(m_list_depth - 1, 0);
    item.in_block_quote = m_quote_depth > 0;
    open.task = static_cast<int>(m_document.items.size());
    open.nearest_task = open.task;
    m_document.items.push_back(std::move(item));
  }
  m_open_items.push_back(open);
}

void DocumentBuilder::leave_item()
{
  if (m_open_items.empty()) {
    return;
  }
  const OpenItem open = m_open_items.back();
  m_open_items.pop_back();
  if (open.task < 0) {
    return;
  }
  TaskItem& item = m_document.items[static_cast<size_t>(open.task)];
  item.struck_through = open.struck_chars > 0 && open.plain_chars == 0;
}

void DocumentBuilder::enter_paragraph(cmark_node* node)
{
  OpenItem* owner = owning_task(node);
  TextBlock block;
  block.line = cmark_node_get_start_line(node);
  block.section = m_section;
  block.item = owner ? owner->task : -1;
  block.column = cmark_node_get_start_column(node);
  block.in_block_quote = m_quote_depth > 0;
  if (!owner && !m_open_items.empty() && cmark_node_parent(node) == m_open_items.back().node && !cmark_node_previous(node)) {
    // A list item without a box: a completion mark may open it ("- ✅ Enable the flag").
    const OpenItem& list_item = m_open_items.back();
    block.list_item_column = cmark_node_get_start_column(list_item.node);
    block.list_depth = std::max(m_list_depth - 1, 0);
    block.enclosing_item = list_item.nearest_task;
    block.list = m_lists.empty() ? -1 : m_lists.back();
  }
  const bool strip_marker = owner && owner->unrecognised_marker && !cmark_node_previous(node);
  InlineText inline_text = take_inline(node, strip_marker ? 3 : 0, owner != nullptr);
  if (owner) {
    // Each paragraph collapsed and joined by one space is the whole text collapsed: no second pass.
    TaskItem& item = m_document.items[static_cast<size_t>(owner->task)];
    util::collapse_spaces_in_place(inline_text.raw_text);
    append_words(item.text, inline_text.text);
    append_words(item.raw_text, inline_text.raw_text);
    item.references.insert(item.references.end(), inline_text.references.begin(), inline_text.references.end());
    item.comments.insert(item.comments.end(), inline_text.comments.begin(), inline_text.comments.end());
    owner->plain_chars += inline_text.plain_chars;
    owner->struck_chars += inline_text.struck_chars;
  }
  block.text = std::move(inline_text.text);
  block.later_lines = std::move(inline_text.later_lines);
  add_block(std::move(block));
}

void DocumentBuilder::enter_code_block(cmark_node* node)
{
  if (OpenItem* owner = owning_task(node)) {
    m_document.items[static_cast<size_t>(owner->task)].code_blocks.emplace_back(literal_of(node));
  }
}

void DocumentBuilder::enter_html_block(cmark_node* node)
{
  const size_t first = m_document.comments.size();
  collect_comments(literal_of(node), cmark_node_get_start_line(node), m_document.comments);
  if (OpenItem* owner = owning_task(node)) {
    auto& comments = m_document.items[static_cast<size_t>(owner->task)].comments;
    comments.insert(comments.end(), m_document.comments.begin() + static_cast<std::ptrdiff_t>(first), m_document.comments.end());
  }
}

void DocumentBuilder::enter_table(cmark_node* node)
{
  Table table;
  table.line = cmark_node_get_start_line(node);
  table.section = m_section;
  m_table = static_cast<int>(m_document.tables.size());
  m_document.tables.push_back(std::move(table));
}

void DocumentBuilder::enter_table_row(cmark_node* node)
{
  if (m_table < 0) {
    return;
  }
  std::vector<std::string> cells;
  for (cmark_node* cell = cmark_node_first_child(node); cell; cell = cmark_node_next(cell)) {
    cells.push_back(take_inline(cell).text);
  }
  Table& table = m_document.tables[static_cast<size_t>(m_table)];
  if (type_name(node) == "table_header") {
    table.header = std::move(cells);
    return;
  }
  // "Header: cell" keeps a row readable on its own; empty cells say nothing and are left out.
  std::string text;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].empty()) {
      continue;
    }
    if (!text.empty()) {
      text += " | ";
    }
    if (i < table.header.size() && !table.header[i].empty()) {
      text += table.header[i] + ": ";
    }
    text += cells[i];
  }
  const int line = cmark_node_get_start_line(node);
  table.rows.push_back(std::move(cells));
  table.row_lines.push_back(line);
  TextBlock block;
  block.line = line;
  block.section = m_section;
  block.text = std::move(text);
  block.kind = BlockKind::table_row;
  block.column = cmark_node_get_start_column(node);
  add_block(std::move(block));
}

// The open task item whose direct child `node` is, or null.
DocumentBuilder::OpenItem* DocumentBuilder::owning_task(cmark_node* node)
{
  if (m_open_items.empty()) {
    return nullptr;
  }
  OpenItem& innermost = m_open_items.back();
  return innermost.task >= 0 && cmark_node_parent(node) == innermost.node ? &innermost : nullptr;
}

// Reads a leaf block's inlines and files its references and comments with the document.
InlineText DocumentBuilder::take_inline(cmark_node* block, size_t skip, bool keep_raw)
{
  InlineText inline_text = extract_inline(m_lines, block, skip, keep_raw);
  const bool enumerated = cmark_node_get_type(block) != CMARK_NODE_PARAGRAPH || m_list_depth > 0;
  for (auto& reference : inline_text.references) {
    reference.enumerated = enumerated;
  }
  m_document.references.insert(
    m_document.references.end(), inline_text.references.begin(), inline_text.references.end());
  m_document.comments.insert(m_document.comments.end(), inline_text.comments.begin(), inline_text.comments.end());
  return inline_text;
}

void DocumentBuilder::add_block(TextBlock block)
{
  if (block.text.empty()) {
    return;
  }
  m_document.blocks.push_back(std::move(block));
}

} // namespace

std::vector<std::string> Document::section_path(int section) const
{
  std::vector<std::string> titles;
  // Parents always precede their children, so the walk ends even on a malformed model.
  int previous = static_cast<int>(sections.size());
  while (section >= 0 && section < previous) {
    titles.push_back(sections[static_cast<size_t>(section)].title);
    previous = section;
    section = sections[static_cast<size_t>(section)].parent;
  }
  std::reverse(titles.begin(), titles.end());
  return titles;
}

Document parse_document(std::string_view path, std::string_view bytes, const ParseOptions& options)
{
  Document document;
  document.path = std::string(path);
  SplitDocument split = split_front_matter(bytes);
  document.front_matter = std::move(split.front_matter);
  const NodePtr root = parse_markdown(split);
  if (root) {
    DocumentBuilder(document, split, options).build(root.get());
  }
  return document;
}

bool looks_like_path(std::string_view text)
{
  if (text.empty() || text.front() == '/' || !std::all_of(text.begin(), text.end(), [](char c) {
        return is_path_char(c) || c == '/';
      })) {
    return false;
  }
  // Flags ("--service"), and what is left of "~/x" or "$HOME" after the character check.
  if (text.front() == '-') {
    return false;
  }
  if (text.find('/') == std::string_view::npos) {
    return has_document_extension(text);
  }
  const std::vector<std::string_view> parts = util::split(text, '/');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i].empty()) {
      return false; // "a//b"; a trailing "/" leaves only the last part empty
    }
  }
  // "10/20" is a ratio, "1.2/1.3" a pair of versions.
  return std::any_of(text.begin(), text.end(), is_letter);
}

} // namespace markdown
