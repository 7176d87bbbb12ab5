// evidence::read_document: cmark-gfm, the document model (sections, items, references, tables) and what the
// default vocabulary makes of its items.
#include "fuzz_common.hpp"

#include "audit/rule.hpp"
#include "evidence/items.hpp"
#include "markdown/document.hpp"
#include "util/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string_view text = fuzz_support::bytes(data, size);
  const auto document = evidence::read_document(audit::default_vocabulary(), "docs/fuzz.md", text);
  // Lines count "\r\n", "\n" and a lone "\r" as cmark does; one more for a last line without a terminator.
  const int lines = static_cast<int>(util::split_lines(text).size()) + 1;
  for (size_t i = 0; i < document.items.size(); ++i) {
    const auto& item = document.items[i];
    fuzz_support::require(item.line >= 1 && item.line <= lines, "item line outside the file");
    fuzz_support::require(item.parent_item < static_cast<int>(i), "item's parent does not precede it");
    fuzz_support::require(item.section < static_cast<int>(document.sections.size()), "item's section out of range");
    (void)document.section_path(item.section);
    for (const auto& reference : item.references) {
      fuzz_support::require(reference.line >= 1 && reference.column >= 1, "reference without a position");
      (void)markdown::looks_like_path(reference.target);
    }
  }
  for (size_t i = 0; i < document.sections.size(); ++i) {
    fuzz_support::require(document.sections[i].parent < static_cast<int>(i), "section's parent does not precede it");
  }
  for (const auto& block : document.blocks) {
    fuzz_support::require(block.item < static_cast<int>(document.items.size()), "block's item out of range");
  }
  return 0;
}
