#include "evidence/marks.hpp"

#include "evidence/items.hpp"
#include "util/text.hpp"
#include "vocabulary/letter_pattern.hpp"
#include "vocabulary/opening_bytes.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <optional>

namespace evidence {

namespace {

using markdown::Document;
using markdown::ItemForm;
using markdown::ItemKind;
using markdown::TaskItem;
using vocabulary::Concept;
using vocabulary::Entry;

// The order of the capturing groups in the state patterns below: where two states' marks could match at
// the same place, the earlier wins ("Skipped" before a done mark that happens to match it too).
enum class State { skipped, not_applicable, done, open };
constexpr size_t k_states = 4;

RE2::Options quiet_options()
{
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(false);
  return options;
}

bool has_letter(std::string_view text)
{
  return std::any_of(text.begin(), text.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

bool has_lowercase(std::string_view text)
{
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Whether a text goes on with a word ("Complete Single Source of Truth") rather than a date or a reason
// after a separator ("done 2025-05-02", "SKIPPED: no EU traffic").
bool is_word_start(std::string_view rest)
{
  const size_t at = rest.find_first_not_of(" \t");
  return at != std::string_view::npos && ((rest[at] >= 'a' && rest[at] <= 'z') || (rest[at] >= 'A' && rest[at] <= 'Z'));
}

// Marks without letters ("✅", "☐") may stand where a word would be ambiguous: at the start of a list item.
std::vector<Entry> symbols_of(const std::vector<Entry>& entries)
{
  std::vector<Entry> symbols;
  std::copy_if(entries.begin(), entries.end(), std::back_inserter(symbols), [](const Entry& entry) {
    return !has_letter(entry.text);
  });
  return symbols;
}

const std::vector<Entry>& group_of(const vocabulary::Vocabulary& words, Concept which, std::string_view name)
{
  for (const auto& group : words.groups(which)) {
    if (group.name == name) {
      return group.entries;
    }
  }
  static const std::vector<Entry> k_none;
  return k_none;
}

// "(S)|(N)|(D)|(O)": one capturing group per state, in State's order.
std::string state_groups(const std::array<std::vector<Entry>, k_states>& lists)
{
  std::string result;
  for (size_t i = 0; i < lists.size(); ++i) {
    result += (i == 0 ? "(" : "|(") + vocabulary::alternation(lists[i]) + ")";
  }
  return result;
}

// The vocabulary's marks compiled once per run.
struct MarkWords
{
  explicit MarkWords(const vocabulary::Vocabulary& words)
  {
    const std::array<std::vector<Entry>, k_states> all{
      words.entries(Concept::skipped), words.entries(Concept::not_applicable),
      group_of(words, Concept::completion_marks, "done"), group_of(words, Concept::completion_marks, "open")};
    std::array<std::vector<Entry>, k_states> symbols;
    std::vector<Entry> every_symbol;
    for (size_t i = 0; i < k_states; ++i) {
      symbols[i] = symbols_of(all[i]);
      every_symbol.insert(every_symbol.end(), symbols[i].begin(), symbols[i].end());
    }
    const std::string labels = vocabulary::alternation(words.entries(Concept::status_labels));
    const std::string any_symbol = vocabulary::alternation(every_symbol);
    std::vector<Entry> traffic_shares;
    for (const auto& group : words.groups(Concept::traffic_share_words)) {
      traffic_shares.insert(traffic_shares.end(), group.entries.begin(), group.entries.end());
    }
    const auto compile = [](const std::string& pattern) { return std::make_unique<RE2>(pattern, quiet_options()); };
    stage = compile(R"(\b)" + vocabulary::alternation(words.entries(Concept::stage_words)) + R"(\s*#?\s*\d{1,6}|\b)"
                    + vocabulary::alternation(words.entries(Concept::rollout_stages)) + R"(\b|\b\d{1,3}(?:\.\d+)?\s*)"
                    + vocabulary::alternation(words.entries(Concept::percent_units)) + R"(|\b)"
                    + vocabulary::alternation(traffic_shares) + R"(\b)");
    // After any run of characters that are neither letters nor digits ("✅ ", "("), the first state named.
    value_state = std::make_unique<vocabulary::LetterPattern>(
      R"(^[^\pL\pN]*?(?:)" + state_groups(all) + R"()(?:[^\pL\pN_]|$))", quiet_options());
    status_line = compile(R"(^\s*)" + labels + R"(\s*:\s*(.*?)\s*$)");
    status_header = compile(R"(^\s*)" + labels + R"(\s*[:?]?\s*$)");
    leading_symbol = compile(R"(^\s*(?:)" + state_groups(symbols) + R"()\s*(.*?)\s*$)");
    symbol_opening = std::make_unique<vocabulary::OpeningBytes>(*compile(any_symbol));
    leading_bracket = compile(R"(^\s*[\[(]([^\[\]()]+)[\])]\s*(.*?)\s*$)");
    bracket_suffix = compile(R"(^(.*?)\s*[\[(]([^\[\]()]*)[\])]\s*$)");
    symbol_suffix = compile(R"(^(.*?\S)\s+()" + any_symbol + R"(.*?)\s*$)");
    separator_suffix = compile(R"(^(.*?\S)\s*(?:-|–|—|:|\|)\s*([^-–—:|]+?)\s*$)");
    box = compile(R"(^\s*\[([ xX])\](?:\s|$))");
    std::vector<Entry> every_mark;
    for (const auto& list : all) {
      every_mark.insert(every_mark.end(), list.begin(), list.end());
    }
    any_mark = compile(vocabulary::alternation(every_mark));
    any_label = compile(labels);
    verdict = compile(vocabulary::alternation(words.entries(Concept::verdict_marks)));
    for (size_t i = 0; i < k_states; ++i) {
      state_symbols[i] = compile(vocabulary::alternation(symbols[i]));
    }
  }

  std::unique_ptr<RE2> stage;            // a heading that names a rollout stage
  std::unique_ptr<vocabulary::LetterPattern> value_state; // the state a value states first: four groups, one per State
  std::unique_ptr<RE2> status_line;      // "Status: ✅ DONE" -> the value
  std::unique_ptr<RE2> status_header;    // a table column of states
  std::unique_ptr<RE2> leading_symbol;   // "✅ Enable the flag": four groups, then the rest
  std::unique_ptr<vocabulary::OpeningBytes> symbol_opening; // what a line must open with for leading_symbol
  std::unique_ptr<RE2> leading_bracket;  // "[DONE] Enable the flag": the brackets' words, then the rest
  std::unique_ptr<RE2> bracket_suffix;   // "Phase 2 (COMPLETED)": the name, the brackets' words
  std::unique_ptr<RE2> symbol_suffix;    // "Phase 2 ✅ DONE": the name, the mark and what follows
  std::unique_ptr<RE2> separator_suffix; // "Phase 2 — SKIPPED": the name, the last part
  std::unique_ptr<RE2> box;              // "[x]" opening a table cell
  std::unique_ptr<RE2> any_mark;         // any state's words anywhere, for may_hold_marks
  std::unique_ptr<RE2> any_label;        // any status label anywhere
  std::unique_ptr<RE2> verdict;          // a mark that alone says a check passed or failed
  std::array<std::unique_ptr<RE2>, k_states> state_symbols; // each state's marks without letters, anywhere
};

// Up to `count` capturing groups of a match of `pattern` in `text`; nullptr-data groups took no part.
bool match(const RE2& pattern, std::string_view text, re2::StringPiece* groups, int count)
{
  return pattern.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED, groups, count);
}

std::string_view view(const re2::StringPiece& piece)
{
  return piece.data() ? std::string_view(piece.data(), piece.size()) : std::string_view();
}

struct StateMatch
{
  State state = State::open;
  std::string_view mark;     // the words or symbol that said it
  bool verdict_only = false; // a verdict mark ("✅") with no state's word or other mark after it
  std::string_view last;     // the mark that ended the statement: the word after a verdict ("✅ DONE"), else `mark`
};

// The state among `groups[first .. first + k_states)` that took part in a match.
std::optional<StateMatch> matched_state(const re2::StringPiece* groups, int first)
{
  for (size_t i = 0; i < k_states; ++i) {
    if (groups[first + static_cast<int>(i)].data()) {
      return StateMatch{static_cast<State>(i), view(groups[first + static_cast<int>(i)])};
    }
  }
  return std::nullopt;
}

std::optional<StateMatch> first_state(const MarkWords& words, std::string_view value)
{
  std::array<re2::StringPiece, 1 + k_states> groups;
  if (!match(words.value_state->for_text(value), value, groups.data(), static_cast<int>(groups.size()))) {
    return std::nullopt;
  }
  auto state = matched_state(groups.data(), 1);
  if (state) {
    state->last = state->mark;
  }
  return state;
}

bool is_verdict(const MarkWords& words, std::string_view mark)
{
  return RE2::FullMatch(mark, *words.verdict);
}

// The state a value opens with: "✅ DONE (May 2)", "Pending phase 1 completion (24h)", "N/A". A value whose
// marks name two states ("✅/❌" in a template's cell, a legend) states none.
std::optional<StateMatch> state_of(const MarkWords& words, std::string_view value)
{
  auto found = first_state(words, value);
  if (!found) {
    return std::nullopt;
  }
  for (size_t i = 0; i < k_states; ++i) {
    if (static_cast<State>(i) != found->state && RE2::PartialMatch(value, *words.state_symbols[i])) {
      return std::nullopt;
    }
  }
  if (is_verdict(words, found->mark)) {
    const auto after = static_cast<size_t>(found->mark.data() + found->mark.size() - value.data());
    const auto next = first_state(words, value.substr(after));
    found->verdict_only = !next || is_verdict(words, next->mark);
    if (!found->verdict_only) {
      found->last = next->mark;
    }
  }
  return found;
}

// A table cell's state: a box, an empty cell (open), or a value.
std::optional<StateMatch> cell_state(const MarkWords& words, std::string_view cell)
{
  std::string box;
  if (RE2::PartialMatch(cell, *words.box, &box)) {
    return StateMatch{box == " " ? State::open : State::done, cell.substr(0, cell.find(']') + 1), false};
  }
  if (util::trim(cell).empty()) {
    return StateMatch{State::open, "", false};
  }
  return state_of(words, cell);
}

struct HeadingMark
{
  std::string name;   // the heading without its mark
  std::string status; // the mark as written
  State state = State::open;
};

std::string name_before(std::string_view name)
{
  const size_t end = name.find_last_not_of(" \t-:|");
  return std::string(util::trim(end == std::string_view::npos ? std::string_view() : name.substr(0, end + 1)));
}

// A heading's state, where it states one in so many words: a verdict mark alone ("Unit tests ✅", a
// report's heading) says a check passed, not that a stage is done.
std::optional<HeadingMark> heading_mark(const MarkWords& words, std::string_view title)
{
  const auto plain = [&](std::string_view value) {
    auto state = state_of(words, value);
    return state && !state->verdict_only ? state : std::nullopt;
  };
  std::array<re2::StringPiece, 3> parts;
  if (match(*words.bracket_suffix, title, parts.data(), 3)) {
    // "(COMPLETED)", "(done 2025-05-02)", "(SKIPPED: no EU traffic)"; not "(Complete Single Source of Truth)".
    auto state = plain(view(parts[2]));
    const std::string_view rest = state ? view(parts[2]).substr(static_cast<size_t>(state->last.data() + state->last.size() - parts[2].data()))
                                        : std::string_view();
    if (state && (rest.empty() || !is_word_start(rest))) {
      return HeadingMark{name_before(view(parts[1])), std::string(util::trim(title.substr(view(parts[1]).size()))), state->state};
    }
  }
  if (match(*words.symbol_suffix, title, parts.data(), 3)) {
    if (auto state = plain(view(parts[2]))) {
      return HeadingMark{name_before(view(parts[1])), std::string(view(parts[2])), state->state};
    }
  }
  // A heading opening with a mark: a box's mark ("⬜ Canary"); "✅ Completed: ..." heads a list of what was done.
  std::array<re2::StringPiece, 2 + k_states> leading;
  if (match(*words.leading_symbol, title, leading.data(), static_cast<int>(leading.size())) && !view(leading[1 + k_states]).empty()) {
    if (auto state = plain(title); state && !is_verdict(words, state->mark)) {
      return HeadingMark{std::string(view(leading[1 + k_states])), std::string(state->mark), state->state};
    }
  }
  // A word after a dash counts in capitals only, and only where the name is not in capitals itself:
  // "Stage 4 - Live" names the stage, "Stage 4 - LIVE" states it.
  if (match(*words.separator_suffix, title, parts.data(), 3) && has_lowercase(view(parts[1]))) {
    const auto state = plain(view(parts[2]));
    if (state && !has_lowercase(state->mark)) {
      return HeadingMark{name_before(view(parts[1])), std::string(view(parts[2])), state->state};
    }
  }
  return std::nullopt;
}

// A mark found, before it joins the document's items.
struct Found
{
  TaskItem item;
  int last_line = 0;
  int block = -1; // the paragraph opening the list item the mark opens, -1 for none
};

Found make_found(const vocabulary::Vocabulary& vocabulary, ItemForm form, State state, std::string text, std::string status)
{
  Found found;
  TaskItem& item = found.item;
  item.form = form;
  item.text = util::collapse_spaces(text);
  item.raw_text = item.text;
  item.status = std::string(util::trim(status));
  item.ticked = state == State::done;
  item.kind = state == State::skipped || state == State::not_applicable ? ItemKind::not_applicable
                                                                        : classify_item(vocabulary, item.text, false);
  return found;
}

// Headings of stages below the title: a mark in the heading is the stage's item.
void heading_marks(const vocabulary::Vocabulary& vocabulary,
                   const MarkWords& words,
                   Document& document,
                   std::vector<std::string>& names,
                   std::vector<Found>& found)
{
  for (size_t s = 0; s < document.sections.size(); ++s) {
    auto& section = document.sections[s];
    section.stage = RE2::PartialMatch(section.title, *words.stage);
    names.push_back(section.title);
    if (!section.stage || section.level < 2) {
      continue;
    }
    if (auto mark = heading_mark(words, section.title)) {
      names.back() = mark->name.empty() ? section.title : mark->name;
      Found heading = make_found(vocabulary, ItemForm::heading, mark->state, names.back(), mark->status);
      heading.item.line = section.line;
      heading.item.column = 1;
      heading.item.section = static_cast<int>(s);
      heading.last_line = section.line;
      found.push_back(std::move(heading));
    }
  }
}

struct Line
{
  int number = 0;
  std::string_view text;
};

std::vector<Line> lines_of(const markdown::TextBlock& block)
{
  std::vector<Line> lines;
  const std::string_view text = block.text;
  size_t start = 0;
  int number = block.line;
  for (const auto& later : block.later_lines) {
    lines.push_back({number, util::trim(text.substr(start, later.offset - start))});
    start = later.offset;
    number = later.line;
  }
  lines.push_back({number, util::trim(text.substr(start))});
  return lines;
}

// A line's leading mark: the state and the rest of the line; nullopt when the line opens with none.
std::optional<std::pair<StateMatch, std::string_view>> leading_mark(const MarkWords& words, std::string_view line)
{
  // Both patterns open with white space (RE2's \s): a line whose first other byte cannot open what follows
  // is passed over without asking RE2.
  const size_t first = line.find_first_not_of(" \t\n\f\r");
  const std::string_view rest = first == std::string_view::npos ? std::string_view() : line.substr(first);
  std::array<re2::StringPiece, 2 + k_states> groups;
  if (words.symbol_opening->may_open(rest) && match(*words.leading_symbol, line, groups.data(), static_cast<int>(groups.size()))) {
    if (const auto state = state_of(words, line)) {
      return std::pair{*state, view(groups[1 + k_states])};
    }
    return std::nullopt;
  }
  if (first == std::string_view::npos || (line[first] != '[' && line[first] != '(')) {
    return std::nullopt;
  }
  std::array<re2::StringPiece, 3> bracket;
  if (match(*words.leading_bracket, line, bracket.data(), 3)) {
    if (const auto state = state_of(words, view(bracket[1]))) {
      return std::pair{*state, view(bracket[2])};
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> status_value(const MarkWords& words, std::string_view line)
{
  if (line.find(':') == std::string_view::npos) {
    return std::nullopt; // the pattern needs the colon after the label: most lines are passed over here
  }
  std::array<re2::StringPiece, 2> groups;
  if (match(*words.status_line, line, groups.data(), 2)) {
    return view(groups[1]);
  }
  return std::nullopt;
}

bool opens_list_item(const markdown::TextBlock& block)
{
  return block.kind == markdown::BlockKind::paragraph && block.item < 0 && block.list >= 0 && block.list_item_column > 0;
}

// Marks count where they are a checklist's, not a report's: in a list whose every item opens with a mark
// (or a box), or a paragraph whose every line does, where some mark states a state plainly. A report's
// "✅ tests pass" bullets are verdicts, and "✅ Metrics green → proceed / ⚠️ ... / ❌ ..." a legend.
std::vector<char> checklist_lists(const MarkWords& words, const Document& document)
{
  std::vector<int> marked(document.lists.size(), 0);
  std::vector<char> plain(document.lists.size(), 0);
  for (const auto& block : document.blocks) {
    if (!opens_list_item(block) || static_cast<size_t>(block.list) >= document.lists.size()) {
      continue;
    }
    const std::string_view first = lines_of(block).front().text;
    const auto list = static_cast<size_t>(block.list);
    if (status_value(words, first)) {
      ++marked[list]; // states its stage's state: part of a checklist, not a plain bullet
    } else if (const auto mark = leading_mark(words, first)) {
      ++marked[list];
      plain[list] = plain[list] || !mark->first.verdict_only;
    }
  }
  std::vector<char> result(document.lists.size(), 0);
  for (size_t l = 0; l < document.lists.size(); ++l) {
    const auto& list = document.lists[l];
    result[l] = list.items > 0 && marked[l] + list.task_items == list.items && (plain[l] || list.task_items > 0);
  }
  return result;
}

bool checklist_paragraph(const MarkWords& words, const std::vector<Line>& lines)
{
  bool plain = false;
  for (const auto& line : lines) {
    if (status_value(words, line.text)) {
      continue;
    }
    const auto mark = leading_mark(words, line.text);
    if (!mark) {
      return false;
    }
    plain = plain || !mark->first.verdict_only;
  }
  return plain;
}


// Status lines and marks opening list items or lines, in paragraphs that are not a box's own.
void paragraph_marks(const vocabulary::Vocabulary& vocabulary,
                     const MarkWords& words,
                     const Document& document,
                     const std::vector<std::string>& names,
                     std::vector<Found>& found)
{
  const std::vector<char> lists = checklist_lists(words, document);
  for (size_t b = 0; b < document.blocks.size(); ++b) {
    const auto& block = document.blocks[b];
    if (block.kind != markdown::BlockKind::paragraph || block.item >= 0 || block.section < 0) {
      continue;
    }
    const auto& section = document.sections[static_cast<size_t>(block.section)];
    const std::vector<Line> lines = lines_of(block);
    const bool list_item = opens_list_item(block);
    const bool marks_count = list_item ? lists[static_cast<size_t>(block.list)] != 0 : checklist_paragraph(words, lines);
    for (size_t k = 0; k < lines.size(); ++k) {
      const bool opens_item = k == 0 && list_item;
      const int column = opens_item ? block.list_item_column : block.column;
      if (const auto value = status_value(words, lines[k].text)) {
        // The stage's own state: only directly under a stage's heading, never the document's title.
        const auto state = state_of(words, *value);
        if (state && section.stage && section.level >= 2) {
          Found status = make_found(vocabulary, ItemForm::status_line, state->state, names[static_cast<size_t>(block.section)], std::string(*value));
          status.item.line = lines[k].number;
          status.item.column = column;
          status.item.section = block.section;
          status.item.in_block_quote = block.in_block_quote;
          status.last_line = lines[k].number;
          found.push_back(std::move(status));
        }
        continue;
      }
      const auto mark = marks_count && (opens_item || !list_item) ? leading_mark(words, lines[k].text) : std::nullopt;
      if (!mark || mark->second.empty()) {
        continue;
      }
      // A list item's words run on over its wrapped lines, up to a line that states a state of its own.
      std::string text(mark->second);
      int last_line = lines[k].number;
      for (size_t next = k + 1; opens_item && next < lines.size() && !status_value(words, lines[next].text); ++next) {
        text += " ";
        text += lines[next].text;
        last_line = lines[next].number;
      }
      Found item = make_found(vocabulary, ItemForm::mark, mark->first.state, std::move(text), std::string(mark->first.mark));
      item.item.line = lines[k].number;
      item.item.column = column;
      item.item.section = block.section;
      item.item.parent_item = opens_item ? block.enclosing_item : -1;
      item.item.depth = opens_item ? block.list_depth : 0;
      item.item.in_block_quote = block.in_block_quote;
      item.last_line = last_line;
      item.block = opens_item ? static_cast<int>(b) : -1;
      found.push_back(std::move(item));
    }
  }
}

std::string_view cell_at(const std::vector<std::string>& row, size_t column)
{
  return column < row.size() ? std::string_view(row[column]) : std::string_view();
}

// The column whose cells state each row's state: a status column whose every filled cell states one and
// some cell plainly (a test report's column of ✅ and ❌ is verdicts), else a column whose filled cells are
// all boxes; -1 for none. A "Status" column of feature names is neither.
int state_column(const MarkWords& words, const markdown::Table& table)
{
  for (size_t c = 0; c < table.header.size(); ++c) {
    if (!RE2::FullMatch(table.header[c], *words.status_header)) {
      continue;
    }
    bool all = true;
    bool plain = false;
    for (const auto& row : table.rows) {
      const auto state = cell_state(words, cell_at(row, c));
      all = all && state.has_value();
      plain = plain || (state && !state->verdict_only);
    }
    if (all && plain) {
      return static_cast<int>(c);
    }
  }
  for (size_t c = 0; c < table.header.size(); ++c) {
    bool boxes = false;
    bool only_boxes = true;
    for (const auto& row : table.rows) {
      const std::string_view cell = cell_at(row, c);
      const bool box = RE2::PartialMatch(cell, *words.box);
      boxes = boxes || box;
      only_boxes = only_boxes && (box || util::trim(cell).empty());
    }
    if (boxes && only_boxes) {
      return static_cast<int>(c);
    }
  }
  return -1;
}

// Rows of tables with a state column: checkpoints ("| T+1h | error rate below 0.5% | ✅ |").
void table_marks(const vocabulary::Vocabulary& vocabulary, const MarkWords& words, const Document& document, std::vector<Found>& found)
{
  for (const auto& table : document.tables) {
    const int column = state_column(words, table);
    if (column < 0) {
      continue;
    }
    for (size_t r = 0; r < table.rows.size() && r < table.row_lines.size(); ++r) {
      const auto& row = table.rows[r];
      std::string text;
      for (size_t c = 0; c < row.size(); ++c) {
        if (static_cast<int>(c) != column && !util::trim(row[c]).empty()) {
          text += text.empty() ? "" : " | ";
          text += row[c];
        }
      }
      const std::string_view cell = cell_at(row, static_cast<size_t>(column));
      const auto state = cell_state(words, cell);
      if (text.empty() || !state) {
        continue;
      }
      Found item = make_found(vocabulary, ItemForm::table_row, state->state, std::move(text), std::string(cell));
      item.item.line = table.row_lines[r];
      item.item.column = 1;
      item.item.section = table.section;
      item.last_line = table.row_lines[r];
      found.push_back(std::move(item));
    }
  }
}

bool precedes(const TaskItem& a, const TaskItem& b)
{
  return a.line < b.line || (a.line == b.line && a.column < b.column);
}

// The references named on each mark's lines, as boxes get those of their own text.
void attach_references(const Document& document, std::vector<Found>& found)
{
  std::vector<const markdown::Reference*> references;
  for (const auto& reference : document.references) {
    references.push_back(&reference);
  }
  std::stable_sort(references.begin(), references.end(), [](const auto* a, const auto* b) { return a->line < b->line; });
  for (auto& mark : found) {
    auto at = std::lower_bound(references.begin(), references.end(), mark.item.line, [](const auto* reference, int line) {
      return reference->line < line;
    });
    for (; at != references.end() && (*at)->line <= mark.last_line; ++at) {
      mark.item.references.push_back(**at);
    }
  }
}

// Puts the marks among the boxes in document order; indices into the items follow.
void merge_items(Document& document, std::vector<Found> found)
{
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return precedes(a.item, b.item); });
  const size_t boxes = document.items.size();
  std::vector<int> box_index(boxes, -1);
  std::vector<TaskItem> merged;
  merged.reserve(boxes + found.size());
  std::vector<std::pair<int, int>> opened; // a list item's paragraph and the mark item it became
  size_t next = 0;
  for (size_t b = 0; b <= boxes; ++b) {
    while (next < found.size() && (b == boxes || precedes(found[next].item, document.items[b]))) {
      if (found[next].block >= 0) {
        opened.emplace_back(found[next].block, static_cast<int>(merged.size()));
      }
      merged.push_back(std::move(found[next].item));
      ++next;
    }
    if (b < boxes) {
      box_index[b] = static_cast<int>(merged.size());
      merged.push_back(std::move(document.items[b]));
    }
  }
  // Every index so far is a box's: the marks' parents are the boxes their list items are nested in.
  const auto remap = [&](int index) { return index >= 0 && static_cast<size_t>(index) < boxes ? box_index[static_cast<size_t>(index)] : -1; };
  for (auto& item : merged) {
    item.parent_item = remap(item.parent_item);
  }
  for (auto& block : document.blocks) {
    block.item = remap(block.item);
    block.enclosing_item = remap(block.enclosing_item);
  }
  for (const auto& [block, index] : opened) {
    document.blocks[static_cast<size_t>(block)].item = index;
  }
  document.items = std::move(merged);
}

} // namespace

void warm_mark_words(const vocabulary::Vocabulary& words)
{
  vocabulary::warm<MarkWords>(words);
}

bool is_stage_heading(const vocabulary::Vocabulary& words, std::string_view title)
{
  return RE2::PartialMatch(title, *words.derived<MarkWords>().stage);
}

namespace {

// The bytes without what a parse drops from inside words: emphasis, strikethrough and code markers and
// escapes ("DO**NE**" reads "DONE"), and, with `tags`, inline HTML tags ("DO<b>NE</b>").
std::string without_markup(std::string_view bytes, bool tags)
{
  std::string text;
  text.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (tags && c == '<') {
      const size_t close = bytes.find_first_of("<>", i + 1);
      if (close != std::string_view::npos && bytes[close] == '>') {
        i = close;
        continue;
      }
    }
    if (c != '*' && c != '_' && c != '~' && c != '`' && c != '\\') {
      text += c;
    }
  }
  return text;
}

// A text read as written, and as the parse may join its words: what may_hold_marks and
// may_hold_marks_anywhere search with the vocabulary's patterns.
class MarkTexts
{
public:
  explicit MarkTexts(std::string_view bytes) : m_texts{std::string(bytes), without_markup(bytes, false)}
  {
    if (bytes.find('<') != std::string_view::npos) {
      m_texts.push_back(without_markup(bytes, true));
    }
  }
  bool any(const RE2& pattern) const
  {
    return std::any_of(m_texts.begin(), m_texts.end(), [&](const std::string& text) { return RE2::PartialMatch(text, pattern); });
  }

private:
  std::vector<std::string> m_texts;
};

// A state's words, or a status label where a table stands.
bool states_a_state(const MarkWords& words, const MarkTexts& texts, std::string_view bytes)
{
  return texts.any(*words.any_mark) || (bytes.find('|') != std::string_view::npos && texts.any(*words.any_label));
}

} // namespace

bool may_hold_marks(const vocabulary::Vocabulary& vocabulary, std::string_view bytes)
{
  const MarkWords& words = vocabulary.derived<MarkWords>();
  // Every mark stands under a stage heading and states its state in the vocabulary's words, or in an empty
  // cell under a status label.
  const MarkTexts texts(bytes);
  return texts.any(*words.stage) && (bytes.find('[') != std::string_view::npos || states_a_state(words, texts, bytes));
}

bool may_hold_marks_anywhere(const vocabulary::Vocabulary& vocabulary, std::string_view bytes)
{
  const MarkWords& words = vocabulary.derived<MarkWords>();
  return states_a_state(words, MarkTexts(bytes), bytes);
}

namespace {

// A setext heading's underline: a run of "=" or of "-" after the indentation and quote marks, spaces. A thematic break or a
// front matter's fence reads the same, which only makes the lines above one more candidate.
bool is_underline(std::string_view line)
{
  const size_t start = line.find_first_not_of(" \t>"); // in a block quote too
  const std::string_view rest = util::trim(line.substr(std::min(start, line.size())));
  return !rest.empty() && (rest[0] == '=' || rest[0] == '-') && rest.find_first_not_of(rest[0]) == std::string_view::npos;
}

// A line whose first character after what containers and list markers put before it is a "#": every ATX
// heading's line, in a list or a quote too, and not a link's "#anchor" in prose.
bool is_atx_line(std::string_view line)
{
  const size_t start = line.find_first_not_of(" \t>-+*0123456789.)");
  return start != std::string_view::npos && line[start] == '#';
}

// The title a candidate line or lines could give, without what a container puts before a line (">", the
// indentation of a list item's continuation), so "Phase" and "2" over two lines read "Phase 2".
void add_title_line(std::string& title, std::string_view line)
{
  const size_t start = line.find_first_not_of(" \t>");
  if (start == std::string_view::npos) {
    return;
  }
  title += title.empty() ? "" : " ";
  title += util::trim(line.substr(start));
}

bool title_may_name_stage(const MarkWords& words, std::string_view title)
{
  if (title.find_first_of("&[") != std::string_view::npos) {
    return true; // an entity or a link: the parse's title is not these bytes
  }
  return RE2::PartialMatch(title, *words.stage) || RE2::PartialMatch(without_markup(title, false), *words.stage)
         || RE2::PartialMatch(without_markup(title, true), *words.stage);
}

} // namespace

bool may_hold_stage_heading(const vocabulary::Vocabulary& vocabulary, std::string_view bytes)
{
  if (bytes.find('\r') != std::string_view::npos) {
    return true;
  }
  const MarkWords& words = vocabulary.derived<MarkWords>();
  std::string paragraph; // the lines since the last blank one: the title a setext underline would make
  for (size_t start = 0; start < bytes.size();) {
    const size_t newline = std::min(bytes.find('\n', start), bytes.size());
    const std::string_view line = bytes.substr(start, newline - start);
    start = newline + 1;
    if (util::trim(line).empty()) {
      paragraph.clear();
      continue;
    }
    if ((is_underline(line) && title_may_name_stage(words, paragraph)) || (is_atx_line(line) && title_may_name_stage(words, line))) {
      return true;
    }
    add_title_line(paragraph, line);
  }
  return false;
}

void find_marks(const vocabulary::Vocabulary& vocabulary, Document& document)
{
  const MarkWords& words = vocabulary.derived<MarkWords>();
  std::vector<std::string> names; // each heading without its mark: the name of a stage's status line
  std::vector<Found> found;
  heading_marks(vocabulary, words, document, names, found);
  paragraph_marks(vocabulary, words, document, names, found);
  table_marks(vocabulary, words, document, found);
  if (found.empty()) {
    return;
  }
  attach_references(document, found);
  merge_items(document, std::move(found));
}

void settle_marks(Document& document)
{
  const size_t sections = document.sections.size();
  const auto valid = [&](int section) { return section >= 0 && static_cast<size_t>(section) < sections; };
  // Parents precede their children, so one pass hands each section what its parents have.
  std::vector<char> in_stage(sections, 0);
  std::vector<char> not_required(sections, 0);
  // Marks opening list items and lines count in a document that tracks state otherwise too (boxes, a
  // stage's status line or heading): a status report's "Missing: ⬜ ..." bullets alone make no checklist.
  const bool tracks_state = std::any_of(document.items.begin(), document.items.end(), [](const TaskItem& item) {
    return item.form == ItemForm::box || item.form == ItemForm::heading || item.form == ItemForm::status_line;
  });
  for (const auto& item : document.items) {
    const bool states_stage = item.form == ItemForm::heading || item.form == ItemForm::status_line;
    if (states_stage && item.kind == ItemKind::not_applicable && valid(item.section)) {
      not_required[static_cast<size_t>(item.section)] = 1;
    }
  }
  for (size_t s = 0; s < sections; ++s) {
    const auto& section = document.sections[s];
    const bool inherits = section.parent >= 0 && static_cast<size_t>(section.parent) < s;
    in_stage[s] = (section.stage && section.level >= 2) || (inherits && in_stage[static_cast<size_t>(section.parent)]);
    not_required[s] = not_required[s] || (inherits && not_required[static_cast<size_t>(section.parent)]);
  }
  std::vector<int> index(document.items.size(), -1);
  std::vector<TaskItem> kept;
  kept.reserve(document.items.size());
  for (size_t i = 0; i < document.items.size(); ++i) {
    TaskItem& item = document.items[i];
    const bool placed = valid(item.section) && in_stage[static_cast<size_t>(item.section)];
    if ((item.form == ItemForm::mark || item.form == ItemForm::table_row) && !placed) {
      continue;
    }
    if (item.form == ItemForm::mark && !tracks_state) {
      continue;
    }
    if (valid(item.section) && not_required[static_cast<size_t>(item.section)] && !item.ticked && item.kind == ItemKind::step) {
      item.kind = ItemKind::not_applicable; // a skipped stage's steps are not required
    }
    index[i] = static_cast<int>(kept.size());
    kept.push_back(std::move(item));
  }
  const auto remap = [&](int old) { return old >= 0 && static_cast<size_t>(old) < index.size() ? index[static_cast<size_t>(old)] : -1; };
  for (auto& item : kept) {
    item.parent_item = remap(item.parent_item);
  }
  for (auto& block : document.blocks) {
    block.item = remap(block.item);
    block.enclosing_item = remap(block.enclosing_item);
  }
  document.items = std::move(kept);
}

} // namespace evidence
