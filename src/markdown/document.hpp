#pragma once

#include "markdown/front_matter.hpp"

#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace markdown {

struct Reference
{
  std::string target; // as written, "#anchor" removed; e.g. "docs/work-log.md", "../plan.md", "docs/validation-reports/"
  int line = 0;
  int column = 0;
  bool from_link = false; // [text](target) rather than `inline code`
  // In a list item, a table cell or a heading: an entry of an enumeration (a deliverable, a file to touch)
  // rather than a sentence of prose.
  bool enumerated = false;
};

struct Section
{
  int level = 0;        // 1 for "#"
  std::string title;    // heading text as plain text, e.g. "2. Validation Stage (10 Percent Traffic)"
  int line = 0;
  int parent = -1;      // index of the enclosing section, -1 at top level
  int number = -1;      // the leading number of "2. Validation Stage", -1 when there is none
  bool stage = false;   // the heading names a rollout stage ("Phase 2", "Canary", "50%"): set by evidence::recognise_items
};

enum class ItemKind {
  step,           // a box that claims something was done
  guard,          // "If failure rate >= 2 percent ..., rollback immediately": a condition, not a step
  optional,       // "(optional)", "Optional:", "if needed"
  not_applicable, // "N/A", or the whole text struck through
};

struct HtmlComment
{
  int line = 0;
  std::string text; // inside "<!--" and "-->", trimmed
};

// How an item shows its state. Boxes are found here; the other forms are completion marks that
// evidence::recognise_items reads from the structure below, with the vocabulary's words.
enum class ItemForm {
  box,         // "- [x] Enable the flag"
  status_line, // "**Status:** ✅ DONE" under a stage's heading: the stage's own state
  heading,     // "## Phase 2: Beta (COMPLETED)"
  mark,        // "- ✅ Enable the flag", "☐ Tell support": a mark opening a list item or a line
  table_row,   // a row of a table with a status column or a column of boxes
};

struct TaskItem
{
  int line = 0;   // line of the "- [ ]" marker in the original file
  int column = 0; // column of the list marker
  bool ticked = false;
  std::string text;         // the item's own text, plain, spaces collapsed; without nested items and code blocks
  std::string raw_text;     // the same with inline code kept in backticks, for messages
  int section = -1;         // innermost enclosing section (the item's stage), -1 before any heading
  int parent_item = -1;     // index of the enclosing task item for nested items
  int depth = 0;            // list nesting depth, 0 for top level
  bool in_block_quote = false;
  ItemKind kind = ItemKind::step; // decided from its words by evidence::recognise_items
  bool struck_through = false;    // every word of its text is struck through
  std::vector<Reference> references; // paths and links named by the item's own text
  std::vector<std::string> code_blocks; // fenced code nested in the item, for the commands it runs
  std::vector<HtmlComment> comments;    // in its own paragraphs and blocks: where explicit evidence links stand
  ItemForm form = ItemForm::box;
  // The words that state a mark's state, as written: "✅ DONE", "⏳ Pending phase 1 completion (24h)", "" for
  // an empty status cell or a box. Kept apart from `text`, which names the step and stays when the state
  // changes, so the history walk matches the item across versions by its text.
  std::string status;
};

enum class BlockKind {
  paragraph, // a paragraph, in a list item or not
  heading,
  table_row,
};

// Where a later source line of a paragraph starts in its text.
struct LineStart
{
  int line = 0;
  size_t offset = 0; // into TextBlock::text, at the space before the line's first word
};

struct TextBlock
{
  int line = 0;
  int section = -1;
  int item = -1;       // the task item the text belongs to, or -1
  std::string text;    // plain text of one paragraph, heading, list item paragraph or table row
  BlockKind kind = BlockKind::paragraph;
  int column = 0;                     // of the block's first line
  std::vector<LineStart> later_lines; // a paragraph's lines after its first
  // The first paragraph of a list item without a box: the list marker's column (0 otherwise), its list
  // (an index into Document::lists), the list's depth, and the task item the list item is nested in.
  int list_item_column = 0;
  int list = -1;
  int list_depth = 0;
  int enclosing_item = -1;
  bool in_block_quote = false;
};

// A list, for what holds of all its items: a list whose every item opens with a completion mark is a
// checklist written without boxes.
struct List
{
  int line = 0;
  int items = 0;      // its own items, not those of lists nested in them
  int task_items = 0; // of which open with a box
};

struct Table
{
  int line = 0;
  int section = -1;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> row_lines;
};

// A limit the document hit while it was read: reported next to the findings as an input problem.
struct InputNote
{
  int line = 0;
  std::string message;
};

struct Document
{
  std::string path;
  FrontMatter front_matter;
  std::vector<Section> sections;
  std::vector<TaskItem> items;
  std::vector<TextBlock> blocks;      // every piece of prose in document order
  std::vector<Reference> references;  // every reference in the document, items' included
  std::vector<Table> tables;
  std::vector<List> lists;
  std::vector<HtmlComment> comments;
  std::vector<InputNote> notes;

  // Headings from the outermost to the item's own section: {"AI Broker ...", "2. Validation Stage ..."}.
  std::vector<std::string> section_path(int section) const;
};

struct ParseOptions
{
  // Task items inside more lists and block quotes than this are not read; the document gets a note. No
  // limit by default; the audit passes config::Limits::max_nesting.
  int max_nesting = std::numeric_limits<int>::max();
};

// Pure function of the bytes: no file system. `path` is kept for messages only. Any bytes are accepted
// (cmark reads invalid UTF-8 and NUL as U+FFFD); the walk over cmark's tree is iterative, so nesting a
// hundred thousand deep costs time linear in the file, not stack.
Document parse_document(std::string_view path, std::string_view bytes, const ParseOptions& options = {});

// The leading number of a heading ("2. Validation Stage" -> 2), -1 when there is none. Numbers after a
// word ("Stage 2") are the vocabulary's: evidence::recognise_items reads them.
int parse_section_number(std::string_view title);

// Whether inline code or a link destination names a repository path rather than a URL, an API route
// ("/api/admin/migration-status"), a chat channel ("#ai-broker"), an environment assignment or a shell
// command ("railway logs --service x").
bool looks_like_path(std::string_view text);

} // namespace markdown
