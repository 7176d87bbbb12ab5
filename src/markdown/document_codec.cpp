#include "markdown/document_codec.hpp"

namespace markdown {

namespace {

// The least bytes each record takes, so a corrupt count is caught before anything is allocated.
constexpr size_t k_least_record = 8;

void write_references(util::ByteWriter& out, const std::vector<Reference>& references)
{
  out.number(references.size());
  for (const auto& reference : references) {
    out.text(reference.target);
    out.number(static_cast<uint64_t>(reference.line));
    out.number(static_cast<uint64_t>(reference.column));
    out.flag(reference.from_link);
    out.flag(reference.enumerated);
  }
}

std::vector<Reference> read_references(util::ByteReader& in)
{
  std::vector<Reference> references(in.count(k_least_record));
  for (auto& reference : references) {
    reference.target = in.text();
    reference.line = in.integer();
    reference.column = in.integer();
    reference.from_link = in.flag();
    reference.enumerated = in.flag();
  }
  return references;
}

void write_texts(util::ByteWriter& out, const std::vector<std::string>& texts)
{
  out.number(texts.size());
  for (const auto& text : texts) {
    out.text(text);
  }
}

std::vector<std::string> read_texts(util::ByteReader& in)
{
  std::vector<std::string> texts(in.count(k_least_record));
  for (auto& text : texts) {
    text = in.text();
  }
  return texts;
}

void write_comments(util::ByteWriter& out, const std::vector<HtmlComment>& comments)
{
  out.number(comments.size());
  for (const auto& comment : comments) {
    out.number(static_cast<uint64_t>(comment.line));
    out.text(comment.text);
  }
}

std::vector<HtmlComment> read_comments(util::ByteReader& in)
{
  std::vector<HtmlComment> comments(in.count(k_least_record));
  for (auto& comment : comments) {
    comment.line = in.integer();
    comment.text = in.text();
  }
  return comments;
}

void write_front_matter(util::ByteWriter& out, const FrontMatter& front_matter)
{
  out.flag(front_matter.present);
  out.number(static_cast<uint64_t>(front_matter.first_line));
  out.number(static_cast<uint64_t>(front_matter.last_line));
  out.text(front_matter.yaml_text);
  out.number(front_matter.fields.size());
  for (const auto& field : front_matter.fields) {
    out.text(field.key);
    out.text(field.value);
    out.number(static_cast<uint64_t>(field.line));
    out.number(static_cast<uint64_t>(field.column));
  }
  out.flag(front_matter.error.has_value());
  if (front_matter.error) {
    out.number(static_cast<uint64_t>(front_matter.error->line));
    out.number(static_cast<uint64_t>(front_matter.error->column));
    out.text(front_matter.error->message);
  }
}

FrontMatter read_front_matter(util::ByteReader& in)
{
  FrontMatter front_matter;
  front_matter.present = in.flag();
  front_matter.first_line = in.integer();
  front_matter.last_line = in.integer();
  front_matter.yaml_text = in.text();
  front_matter.fields.resize(in.count(k_least_record));
  for (auto& field : front_matter.fields) {
    field.key = in.text();
    field.value = in.text();
    field.line = in.integer();
    field.column = in.integer();
  }
  if (in.flag()) {
    FrontMatterError error;
    error.line = in.integer();
    error.column = in.integer();
    error.message = in.text();
    front_matter.error = std::move(error);
  }
  front_matter.defer_root();
  return front_matter;
}

bool within(int index, size_t size)
{
  return index >= -1 && index < static_cast<int>(size);
}

// Later code indexes with these without checking: a cache file damaged past its checksum must not lead
// out of bounds.
bool indices_valid(const Document& document)
{
  for (size_t i = 0; i < document.sections.size(); ++i) {
    if (!within(document.sections[i].parent, i)) {
      return false;
    }
  }
  for (size_t i = 0; i < document.items.size(); ++i) {
    const auto& item = document.items[i];
    if (!within(item.section, document.sections.size()) || !within(item.parent_item, i)) {
      return false;
    }
  }
  for (const auto& block : document.blocks) {
    if (!within(block.section, document.sections.size()) || !within(block.item, document.items.size())
        || !within(block.enclosing_item, document.items.size()) || !within(block.list, document.lists.size())) {
      return false;
    }
    size_t offset = 0;
    for (const auto& later : block.later_lines) {
      if (later.offset < offset || later.offset > block.text.size()) {
        return false; // the lines are cut out of the text in order
      }
      offset = later.offset;
    }
  }
  for (const auto& table : document.tables) {
    if (!within(table.section, document.sections.size())) {
      return false;
    }
  }
  return true;
}

} // namespace

void encode_document(const Document& document, util::ByteWriter& out)
{
  out.text(document.path);
  write_front_matter(out, document.front_matter);
  out.number(document.sections.size());
  for (const auto& section : document.sections) {
    out.number(static_cast<uint64_t>(section.level));
    out.text(section.title);
    out.number(static_cast<uint64_t>(section.line));
    out.number(static_cast<uint64_t>(section.parent));
    out.number(static_cast<uint64_t>(section.number));
    out.flag(section.stage);
  }
  out.number(document.items.size());
  for (const auto& item : document.items) {
    out.number(static_cast<uint64_t>(item.line));
    out.number(static_cast<uint64_t>(item.column));
    out.flag(item.ticked);
    out.text(item.text);
    out.text(item.raw_text);
    out.number(static_cast<uint64_t>(item.section));
    out.number(static_cast<uint64_t>(item.parent_item));
    out.number(static_cast<uint64_t>(item.depth));
    out.flag(item.in_block_quote);
    out.flag(item.struck_through);
    out.number(static_cast<uint64_t>(item.kind));
    write_references(out, item.references);
    write_texts(out, item.code_blocks);
    write_comments(out, item.comments);
    out.number(static_cast<uint64_t>(item.form));
    out.text(item.status);
  }
  out.number(document.blocks.size());
  for (const auto& block : document.blocks) {
    out.number(static_cast<uint64_t>(block.line));
    out.number(static_cast<uint64_t>(block.section));
    out.number(static_cast<uint64_t>(block.item));
    out.text(block.text);
    out.number(static_cast<uint64_t>(block.kind));
    out.number(static_cast<uint64_t>(block.column));
    out.number(block.later_lines.size());
    for (const auto& later : block.later_lines) {
      out.number(static_cast<uint64_t>(later.line));
      out.number(later.offset);
    }
    out.number(static_cast<uint64_t>(block.list_item_column));
    out.number(static_cast<uint64_t>(block.list_depth));
    out.number(static_cast<uint64_t>(block.enclosing_item));
    out.number(static_cast<uint64_t>(block.list));
    out.flag(block.in_block_quote);
  }
  write_references(out, document.references);
  out.number(document.tables.size());
  for (const auto& table : document.tables) {
    out.number(static_cast<uint64_t>(table.line));
    out.number(static_cast<uint64_t>(table.section));
    write_texts(out, table.header);
    out.number(table.rows.size());
    for (const auto& row : table.rows) {
      write_texts(out, row);
    }
    out.number(table.row_lines.size());
    for (int line : table.row_lines) {
      out.number(static_cast<uint64_t>(line));
    }
  }
  out.number(document.lists.size());
  for (const auto& list : document.lists) {
    out.number(static_cast<uint64_t>(list.line));
    out.number(static_cast<uint64_t>(list.items));
    out.number(static_cast<uint64_t>(list.task_items));
  }
  write_comments(out, document.comments);
  out.number(document.notes.size());
  for (const auto& note : document.notes) {
    out.number(static_cast<uint64_t>(note.line));
    out.text(note.message);
  }
}

std::optional<Document> decode_document(util::ByteReader& in)
{
  Document document;
  document.path = in.text();
  document.front_matter = read_front_matter(in);
  document.sections.resize(in.count(k_least_record));
  for (auto& section : document.sections) {
    section.level = in.integer();
    section.title = in.text();
    section.line = in.integer();
    section.parent = in.integer();
    section.number = in.integer();
    section.stage = in.flag();
  }
  document.items.resize(in.count(k_least_record));
  for (auto& item : document.items) {
    item.line = in.integer();
    item.column = in.integer();
    item.ticked = in.flag();
    item.text = in.text();
    item.raw_text = in.text();
    item.section = in.integer();
    item.parent_item = in.integer();
    item.depth = in.integer();
    item.in_block_quote = in.flag();
    item.struck_through = in.flag();
    const int kind = in.integer();
    if (kind < static_cast<int>(ItemKind::step) || kind > static_cast<int>(ItemKind::not_applicable)) {
      return std::nullopt;
    }
    item.kind = static_cast<ItemKind>(kind);
    item.references = read_references(in);
    item.code_blocks = read_texts(in);
    item.comments = read_comments(in);
    const int form = in.integer();
    if (form < static_cast<int>(ItemForm::box) || form > static_cast<int>(ItemForm::table_row)) {
      return std::nullopt;
    }
    item.form = static_cast<ItemForm>(form);
    item.status = in.text();
  }
  document.blocks.resize(in.count(k_least_record));
  for (auto& block : document.blocks) {
    block.line = in.integer();
    block.section = in.integer();
    block.item = in.integer();
    block.text = in.text();
    const int kind = in.integer();
    if (kind < static_cast<int>(BlockKind::paragraph) || kind > static_cast<int>(BlockKind::table_row)) {
      return std::nullopt;
    }
    block.kind = static_cast<BlockKind>(kind);
    block.column = in.integer();
    block.later_lines.resize(in.count(k_least_record));
    for (auto& later : block.later_lines) {
      later.line = in.integer();
      later.offset = static_cast<size_t>(in.number());
    }
    block.list_item_column = in.integer();
    block.list_depth = in.integer();
    block.enclosing_item = in.integer();
    block.list = in.integer();
    block.in_block_quote = in.flag();
  }
  document.references = read_references(in);
  document.tables.resize(in.count(k_least_record));
  for (auto& table : document.tables) {
    table.line = in.integer();
    table.section = in.integer();
    table.header = read_texts(in);
    table.rows.resize(in.count(k_least_record));
    for (auto& row : table.rows) {
      row = read_texts(in);
    }
    table.row_lines.resize(in.count(k_least_record));
    for (int& line : table.row_lines) {
      line = in.integer();
    }
  }
  document.lists.resize(in.count(k_least_record));
  for (auto& list : document.lists) {
    list.line = in.integer();
    list.items = in.integer();
    list.task_items = in.integer();
  }
  document.comments = read_comments(in);
  document.notes.resize(in.count(k_least_record));
  for (auto& note : document.notes) {
    note.line = in.integer();
    note.message = in.text();
  }
  if (in.failed() || !indices_valid(document)) {
    return std::nullopt;
  }
  return document;
}

} // namespace markdown
